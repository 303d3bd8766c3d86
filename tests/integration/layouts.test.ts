// Stored map layouts (issue 6, migration 8) through the API contract (dispatch): saved positions come
// back exactly, by person id, survive reopening the file, replace the previous ones for the same key,
// and malformed or oversized calls are refused.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Envelope } from '../../electron/api';
import { Project } from '../../electron/db';
import { MAX_LAYOUTS } from '../../electron/db/layouts';
import { MAX_LAYOUT_POSITIONS, type LayoutPosition, type Results } from '../../shared/api';
import { tempDir } from '../helpers/tmp';

function api(project: Project) {
  const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {} });
  return async <T>(method: string, args: unknown): Promise<T> => {
    const r = (await dispatch(handlers, method, args)) as Envelope<T>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result;
  };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as Error,
  );
}

describe('map layouts', () => {
  const file = path.join(tempDir(), 'layouts.kolmap');
  const KEY = 'scope:{"ta":null,"since":null,"until":null}|n:3|h:abc123';
  const positions: LayoutPosition[] = [
    [7, 0.1 + 0.2, -1e-9],
    [3, 123456.789012345, Math.PI],
    [12, -2.5e-300, 1 / 3],
  ];

  it('round-trips positions exactly and keeps them in the file', async () => {
    let project = Project.open(file);
    let call = api(project);
    expect(await call('getLayout', { key: KEY })).toBeNull();
    const saved = await call<Results['saveLayout']>('saveLayout', { key: KEY, positions });
    expect(saved).toMatchObject({ key: KEY, nodes: 3 });
    project.close();

    project = Project.open(file);
    call = api(project);
    const got = await call<Results['getLayout']>('getLayout', { key: KEY });
    expect(got?.key).toBe(KEY);
    // By person id, bit for bit (SQLite REAL is a double).
    expect(got?.positions).toEqual([positions[1], positions[0], positions[2]]);
    expect(await call('getLayout', { key: `${KEY}x` })).toBeNull();

    // Saving the same key replaces its positions (people no longer drawn are dropped).
    await call('saveLayout', { key: KEY, positions: [[3, 1, 2]] });
    expect((await call<Results['getLayout']>('getLayout', { key: KEY }))?.positions).toEqual([[3, 1, 2]]);
    project.close();
  });

  it('keeps only the most recent layouts', async () => {
    const project = Project.open(path.join(tempDir(), 'many.kolmap'));
    const call = api(project);
    for (let i = 0; i < MAX_LAYOUTS + 3; i++) {
      await call('saveLayout', { key: `k${i}`, positions: [[1, i, i]] });
    }
    expect(await call('getLayout', { key: 'k0' })).toBeNull();
    expect(await call('getLayout', { key: 'k2' })).toBeNull();
    expect(await call('getLayout', { key: 'k3' })).not.toBeNull();
    expect(await call('getLayout', { key: `k${MAX_LAYOUTS + 2}` })).not.toBeNull();
    project.close();
  });

  it('refuses malformed and oversized calls', async () => {
    const project = Project.open(path.join(tempDir(), 'bad.kolmap'));
    const call = api(project);
    const bad = async (args: unknown) => (await failure(call('saveLayout', args))).message;
    expect(await bad({ key: '', positions: [[1, 0, 0]] })).toMatch(/BAD_INPUT/);
    expect(await bad({ key: 'k', positions: [] })).toMatch(/BAD_INPUT/);
    expect(await bad({ key: 'k', positions: [[0, 0, 0]] })).toMatch(/BAD_INPUT/);
    expect(await bad({ key: 'k', positions: [[1, Number.NaN, 0]] })).toMatch(/BAD_INPUT/);
    expect(await bad({ key: 'k', positions: [[1, 0]] })).toMatch(/BAD_INPUT/);
    expect(await bad({ key: 'x'.repeat(1001), positions: [[1, 0, 0]] })).toMatch(/BAD_INPUT/);
    const tooMany = Array.from({ length: MAX_LAYOUT_POSITIONS + 1 }, (_, i) => [i + 1, 0, 0]);
    expect(await bad({ key: 'k', positions: tooMany })).toMatch(/BAD_INPUT/);
    expect(await call('getLayout', { key: 'k' })).toBeNull();
    project.close();
  });
});
