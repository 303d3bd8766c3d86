// The map's discs and wide links drawn without instancing (renderer/src/graph/flatten.ts, render.ts):
// with sigma's own program definitions and item writers, the flattened buffer holds, vertex for vertex,
// exactly what the GPU reads in sigma's instanced draw (the item's attributes, then that vertex's
// constants), so the same shaders draw the same pixels.
import { beforeAll, describe, expect, it } from 'vitest';
import { constantsOf, flattened, spreadVertices } from '../../renderer/src/graph/flatten';

// sigma/rendering reads WebGL enums when it loads; Node has no WebGL, so the enums it uses are given.
const GL = {
  BOOL: 35670,
  BYTE: 5120,
  UNSIGNED_BYTE: 5121,
  SHORT: 5122,
  UNSIGNED_SHORT: 5123,
  INT: 5124,
  UNSIGNED_INT: 5125,
  FLOAT: 5126,
  POINTS: 0,
  LINES: 1,
  TRIANGLES: 4,
};

interface Attr {
  name: string;
  size: number;
  type: number;
  normalized?: boolean;
}
interface Def {
  VERTICES: number;
  VERTEX_SHADER_SOURCE: string;
  FRAGMENT_SHADER_SOURCE: string;
  ATTRIBUTES: Attr[];
  CONSTANT_ATTRIBUTES?: Attr[];
  CONSTANT_DATA?: number[][];
}
type Writer = (this: { array: Float32Array }, ...args: unknown[]) => void;
interface ProgramClass {
  prototype: { getDefinition: () => Def; processVisibleItem: Writer };
}

let circle: ProgramClass;
let rectangle: ProgramClass;

beforeAll(async () => {
  const g = globalThis as Record<string, unknown>;
  g.WebGLRenderingContext ??= Object.assign(class {}, GL);
  g.WebGL2RenderingContext ??= Object.assign(class {}, GL);
  const rendering = (await import('sigma/rendering')) as unknown as Record<string, ProgramClass>;
  circle = rendering.NodeCircleProgram!;
  rectangle = rendering.EdgeRectangleProgram!;
});

/** Floats per vertex as sigma counts them: a normalized 4-byte colour or id packs into one float. */
function floats(attrs: Attr[]): number {
  return attrs.reduce((n, a) => n + (a.type === GL.UNSIGNED_BYTE && a.normalized ? 1 : a.size), 0);
}

/** What an instanced draw feeds vertex v of item i: the item's attributes, then the vertex's constants. */
function instancedStream(
  def: Def,
  write: (array: Float32Array, item: number, at: number) => void,
  items: number,
) {
  const own = floats(def.ATTRIBUTES);
  const perItem = new Float32Array(items * own);
  for (let i = 0; i < items; i++) write(perItem, i, i * own);
  const out: number[] = [];
  for (let i = 0; i < items; i++)
    for (let v = 0; v < def.VERTICES; v++)
      out.push(...perItem.subarray(i * own, (i + 1) * own), ...(def.CONSTANT_DATA?.[v] ?? []));
  return new Float32Array(out);
}

function flatStream(def: Def, write: (array: Float32Array, item: number, at: number) => void, items: number) {
  const flat = flattened(def as never) as unknown as Def;
  const stride = floats(flat.ATTRIBUTES);
  const program = {
    array: new Float32Array(items * def.VERTICES * stride),
    VERTICES: def.VERTICES,
    ATTRIBUTES_ITEMS_COUNT: stride,
  };
  for (let i = 0; i < items; i++) {
    const at = i * def.VERTICES * stride;
    write(program.array, i, at);
    spreadVertices(program, constantsOf(def as never), at);
  }
  return program.array;
}

describe('programs drawn without instancing', () => {
  it("turns a definition's constants into per-vertex attributes and keeps the rest", () => {
    for (const program of [circle, rectangle]) {
      const def = program.prototype.getDefinition();
      expect(def.CONSTANT_ATTRIBUTES?.length).toBeGreaterThan(0);
      const flat = flattened(def as never) as unknown as Def;
      expect('CONSTANT_ATTRIBUTES' in flat).toBe(false);
      expect('CONSTANT_DATA' in flat).toBe(false);
      expect(flat.ATTRIBUTES).toEqual([...def.ATTRIBUTES, ...(def.CONSTANT_ATTRIBUTES ?? [])]);
      expect(flat.VERTICES).toBe(def.VERTICES);
      expect(flat.VERTEX_SHADER_SOURCE).toBe(def.VERTEX_SHADER_SOURCE);
      expect(flat.FRAGMENT_SHADER_SOURCE).toBe(def.FRAGMENT_SHADER_SOURCE);
    }
  });

  it('writes every disc vertex as the instanced draw reads it', () => {
    const def = circle.prototype.getDefinition();
    const colors = ['#4e79a7', 'rgba(10, 20, 30, 0.5)', '#e15759'];
    const write = (array: Float32Array, i: number, at: number) =>
      circle.prototype.processVisibleItem.call({ array }, i + 1, at, {
        x: 0.25 * i - 0.3,
        y: 0.1 - 0.2 * i,
        size: 3 + i,
        color: colors[i],
      });
    const expected = instancedStream(def, write, 3);
    expect(expected.length).toBe(
      3 * def.VERTICES * floats([...def.ATTRIBUTES, ...(def.CONSTANT_ATTRIBUTES ?? [])]),
    );
    expect(flatStream(def, write, 3)).toEqual(expected);
  });

  it('writes every link vertex as the instanced draw reads it', () => {
    const def = rectangle.prototype.getDefinition();
    const write = (array: Float32Array, i: number, at: number) =>
      rectangle.prototype.processVisibleItem.call(
        { array },
        i + 7,
        at,
        { x: -0.4 + i * 0.1, y: 0.2 },
        { x: 0.5, y: -0.3 * i },
        { size: 1 + i * 0.8, color: i % 2 ? '#59a14f' : 'rgba(120, 130, 150, 0.4)' },
      );
    const expected = instancedStream(def, write, 4);
    const flat = flatStream(def, write, 4);
    expect(flat.length).toBe(4 * def.VERTICES * 10);
    expect(flat).toEqual(expected);
  });
});
