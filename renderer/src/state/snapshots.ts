// Analysis snapshots in the renderer (issue 7): the saved list, the two picked for comparison and
// their diff; pure updates, and the actions that call the API. A snapshot is saved from the analysis
// on screen (the worker's result), so it holds exactly what the user sees.
import type { SnapshotInfo } from '../../../shared/api';
import { settingsUsed } from '../../../shared/analytics/settings';
import { snapshotPeople, type SnapshotDiff } from '../../../shared/analytics/snapshot';
import { client } from '../api';
import { optionsOf, store } from './actions';
import { createStore } from './store';

export interface SnapshotState {
  list: SnapshotInfo[];
  error: string | null;
  /** Names picked for comparison: A (before) and B (after). */
  a: string | null;
  b: string | null;
  diff: SnapshotDiff | null;
  busy: boolean;
}

export const initialSnapshotState: SnapshotState = {
  list: [],
  error: null,
  a: null,
  b: null,
  diff: null,
  busy: false,
};

export const snapshotStore = createStore<SnapshotState>(initialSnapshotState);

// ---- pure updates ----

/** A new list; picks that no longer exist are dropped, and with none picked the last two are. */
export function listLoaded(s: SnapshotState, list: SnapshotInfo[]): SnapshotState {
  const has = (n: string | null): n is string => n !== null && list.some((x) => x.name === n);
  const b = has(s.b) ? s.b : (list[list.length - 1]?.name ?? null);
  // A defaults to the latest snapshot other than B.
  const a = has(s.a) && s.a !== b ? s.a : ([...list].reverse().find((x) => x.name !== b)?.name ?? null);
  const diff = s.diff && s.diff.a.name === a && s.diff.b.name === b ? s.diff : null;
  return { ...s, list, a, b, diff, error: null };
}

export function picked(s: SnapshotState, which: 'a' | 'b', name: string | null): SnapshotState {
  return s[which] === name ? s : { ...s, [which]: name, diff: null };
}

export function failed(s: SnapshotState, error: string): SnapshotState {
  return { ...s, error, busy: false };
}

// ---- actions ----

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function loadSnapshots(): Promise<void> {
  try {
    const list = await client.api.getSnapshots({});
    snapshotStore.set((s) => listLoaded(s, list));
  } catch (err) {
    snapshotStore.set((s) => failed(s, message(err)));
  }
}

/** Saves the analysis on screen under `name`; the new snapshot becomes B, the previous B becomes A. */
export async function saveCurrentSnapshot(name: string): Promise<SnapshotInfo> {
  const { analysis, scope } = store.get();
  const result = analysis.result;
  if (!result || result.people.length === 0) throw new Error('There is no analysis to save yet.');
  snapshotStore.set((s) => ({ ...s, busy: true, error: null }));
  try {
    const saved = await client.api.saveSnapshot({
      name,
      scope: { ta: scope.ta, since: scope.since, until: scope.until },
      weights: result.weights,
      // The tier cut-offs and resolution this result was computed with (not the ones being edited).
      settings: settingsUsed(optionsOf(result) ?? {}),
      people: snapshotPeople(result),
    });
    const list = await client.api.getSnapshots({});
    snapshotStore.set((s) => ({ ...listLoaded({ ...s, a: s.b, b: saved.name }, list), busy: false }));
    return saved;
  } catch (err) {
    snapshotStore.set((s) => ({ ...s, busy: false }));
    throw err;
  }
}

export function pickSnapshot(which: 'a' | 'b', name: string | null): void {
  snapshotStore.set((s) => picked(s, which, name));
}

export async function compareSnapshots(): Promise<void> {
  const { a, b } = snapshotStore.get();
  if (!a || !b) return;
  snapshotStore.set((s) => ({ ...s, busy: true, error: null }));
  try {
    const diff = await client.api.diffSnapshots({ a, b, top: 10 });
    snapshotStore.set((s) => (s.a === a && s.b === b ? { ...s, diff, busy: false } : { ...s, busy: false }));
  } catch (err) {
    snapshotStore.set((s) => failed(s, message(err)));
  }
}

export async function deleteSnapshot(name: string): Promise<void> {
  await client.api.deleteSnapshot({ name });
  await loadSnapshots();
}
