// The project's therapeutic areas in the renderer: one small store read by the scope control (the
// area picker and the button's label), the areas editor and the snapshots tab (area labels). Fetched
// once for the project and data on screen (the publication counts change with imports) and refreshed
// when the areas editor saves, deletes or resets an area.
import { useEffect } from 'react';
import type { AreaInfo } from '../../../shared/api';
import { client } from '../api';
import { store } from './actions';
import type { AppState } from './app';
import { createStore, useStore } from './store';

export interface AreaState {
  /** Null until the first answer. */
  areas: AreaInfo[] | null;
  /** Why the last load failed; null when it did not. */
  error: string | null;
  /** The project and data the areas were loaded for (dataKey). */
  key: string | null;
}

export const areaStore = createStore<AreaState>({ areas: null, error: null, key: null });

/** The open project and its publication count: the areas' counts follow imports. */
function dataKey(s: AppState): string {
  return s.project ? `${s.project.path}\n${s.project.totals.publications}` : '';
}

let latest: { key: string; promise: Promise<void> } | null = null;

/** Fetches the areas; the last call started wins. Never rejects: a failure is kept in `error`. */
export function reloadAreas(): Promise<void> {
  const key = dataKey(store.get());
  const promise: Promise<void> = client.api.getAreas({}).then(
    (areas) => {
      if (latest?.promise === promise) areaStore.set(() => ({ areas, error: null, key }));
    },
    (err: unknown) => {
      const error = err instanceof Error ? err.message : String(err);
      if (latest?.promise === promise) areaStore.set((s) => ({ ...s, error, key }));
    },
  );
  latest = { key, promise };
  return promise;
}

/** Loads the areas unless they are loaded, or loading, for the data on screen. */
export function ensureAreas(): Promise<void> {
  const key = dataKey(store.get());
  const s = areaStore.get();
  if (latest?.key === key && (s.key !== key || s.error === null)) return latest.promise;
  return reloadAreas();
}

/** The areas store, loaded while `needed` (again when the project or its data change). */
export function useAreas(needed: boolean): AreaState {
  const state = useStore(areaStore, (s) => s);
  const key = useStore(store, dataKey);
  useEffect(() => {
    if (needed) void ensureAreas();
  }, [needed, key]);
  return state;
}
