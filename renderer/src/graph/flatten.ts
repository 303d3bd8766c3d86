// Sigma programs drawn without instancing (render.ts): a program definition's per-instance constants
// become ordinary per-vertex attributes, and each item's vertices are written out in the buffer. Pure
// (types only from sigma), so it is unit-tested without WebGL.
import type { InstancedProgramDefinition, ProgramDefinition } from 'sigma/rendering';

/** A program definition with its per-instance constants turned into ordinary per-vertex attributes. */
export function flattened<D extends ProgramDefinition | InstancedProgramDefinition>(
  def: D,
): ProgramDefinition {
  if (!('CONSTANT_ATTRIBUTES' in def)) return def;
  const { CONSTANT_ATTRIBUTES, CONSTANT_DATA: _, ...rest } = def;
  return { ...rest, ATTRIBUTES: [...def.ATTRIBUTES, ...CONSTANT_ATTRIBUTES] };
}

/**
 * After the base program wrote one item's attributes at `start` (its first vertex), copies them into
 * the item's other vertices and writes each vertex's constants after them.
 */
export function spreadVertices(
  program: { array: Float32Array; VERTICES: number; ATTRIBUTES_ITEMS_COUNT: number },
  constants: readonly (readonly number[])[],
  start: number,
): void {
  const { array, VERTICES, ATTRIBUTES_ITEMS_COUNT: stride } = program;
  const width = constants[0]?.length ?? 0;
  const own = stride - width;
  for (let v = 0; v < VERTICES; v++) {
    const at = start + v * stride;
    if (v > 0) array.copyWithin(at, start, start + own);
    const c = constants[v] ?? [];
    for (let k = 0; k < width; k++) array[at + own + k] = c[k] as number;
  }
}

export function constantsOf(def: ProgramDefinition | InstancedProgramDefinition): number[][] {
  return 'CONSTANT_DATA' in def ? def.CONSTANT_DATA : [];
}
