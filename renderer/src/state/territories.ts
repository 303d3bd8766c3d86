// Territories and engagement plans in the renderer (issue 7): a small store of its own (the
// territories, every person's current engagement, which inspector tab is open), pure updates, and the
// actions that call the API. Coverage is derived, never stored: see useCoverage in views/TerritoriesPanel.
import type { Engagement, EngagementDetail, TerritoryInfo } from '../../../shared/api';
import type { ArgsOf } from '../../../shared/api';
import { client } from '../api';
import { scheduleAnalysis, setFilters, store } from './actions';
import { createStore } from './store';

export type InspectorTab = 'overview' | 'territories' | 'places' | 'snapshots' | 'shortlist' | 'imports';

export interface TerritoryState {
  loaded: boolean;
  error: string | null;
  territories: TerritoryInfo[];
  /** Current engagement per person id. */
  engagements: ReadonlyMap<number, Engagement>;
  tab: InspectorTab;
}

export const initialTerritoryState: TerritoryState = {
  loaded: false,
  error: null,
  territories: [],
  engagements: new Map(),
  tab: 'overview',
};

export const territoryStore = createStore<TerritoryState>(initialTerritoryState);

// ---- pure updates ----

export function territoriesLoaded(
  s: TerritoryState,
  territories: TerritoryInfo[],
  engagements: Engagement[],
): TerritoryState {
  return {
    ...s,
    loaded: true,
    error: null,
    territories,
    engagements: new Map(engagements.map((e) => [e.authorId, e])),
  };
}

export function territoriesFailed(s: TerritoryState, error: string): TerritoryState {
  return { ...s, loaded: true, error };
}

/** Inserts or replaces one territory, keeping the list ordered by name (as the back end lists it). */
export function territorySaved(s: TerritoryState, t: TerritoryInfo): TerritoryState {
  const territories = [...s.territories.filter((x) => x.id !== t.id), t].sort(
    (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id,
  );
  return { ...s, territories };
}

export function territoryDeleted(s: TerritoryState, id: number): TerritoryState {
  return { ...s, territories: s.territories.filter((t) => t.id !== id) };
}

export function engagementSaved(s: TerritoryState, e: Engagement): TerritoryState {
  const engagements = new Map(s.engagements);
  engagements.set(e.authorId, e);
  return { ...s, engagements };
}

export function tabChanged(s: TerritoryState, tab: InspectorTab): TerritoryState {
  return s.tab === tab ? s : { ...s, tab };
}

// ---- actions ----

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function loadTerritories(): Promise<void> {
  try {
    const [territories, engagements] = await Promise.all([
      client.api.getTerritories({}),
      client.api.getEngagements({}),
    ]);
    territoryStore.set((s) => territoriesLoaded(s, territories, engagements));
  } catch (err) {
    territoryStore.set((s) => territoriesFailed(s, message(err)));
  }
}

/** Saves a territory; the analysis re-runs so the territory column of the table follows. */
export async function saveTerritory(args: ArgsOf<'saveTerritory'>): Promise<TerritoryInfo> {
  const before =
    args.id !== undefined ? territoryStore.get().territories.find((t) => t.id === args.id) : undefined;
  const saved = await client.api.saveTerritory(args);
  territoryStore.set((s) => territorySaved(s, saved));
  // A renamed territory keeps its place in the territory filter (the filter holds names).
  const filtered = store.get().view.filters.territories;
  if (before && before.name !== saved.name && filtered.includes(before.name))
    setFilters({ territories: filtered.map((n) => (n === before.name ? saved.name : n)) });
  scheduleAnalysis(0);
  return saved;
}

/** Puts territories in a region group (creates or renames it), or out of any group (null). */
export async function setRegionGroup(territoryIds: number[], regionGroup: string | null): Promise<void> {
  const territories = await client.api.setRegionGroup({ territoryIds, regionGroup });
  territoryStore.set((s) => ({ ...s, territories }));
}

export async function deleteTerritory(id: number): Promise<void> {
  await client.api.deleteTerritory({ id });
  territoryStore.set((s) => territoryDeleted(s, id));
  scheduleAnalysis(0);
}

export async function setEngagement(args: ArgsOf<'setEngagement'>): Promise<EngagementDetail> {
  const detail = await client.api.setEngagement(args);
  const current = detail.engagement;
  if (current) territoryStore.set((s) => engagementSaved(s, current));
  return detail;
}

/**
 * Changes part of a person's engagement (status or priority, from the ranking table), keeping the rest
 * of their plan; the back end appends the change to their history.
 */
export function updateEngagement(
  authorId: number,
  patch: Partial<Pick<Engagement, 'status' | 'priority'>>,
): Promise<EngagementDetail> {
  // One save at a time per person: a second change made before the first is stored builds on it
  // instead of on the older plan (status, then priority at once must keep both).
  const previous = pendingEngagements.get(authorId) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(() => {
      const current = territoryStore.get().engagements.get(authorId);
      return setEngagement({
        authorId,
        priority: current?.priority ?? null,
        status: current?.status ?? 'not-contacted',
        nextAction: current?.nextAction ?? null,
        nextDate: current?.nextDate ?? null,
        notes: current?.notes ?? null,
        ...patch,
      });
    });
  pendingEngagements.set(authorId, next);
  void next
    .catch(() => undefined)
    .finally(() => {
      if (pendingEngagements.get(authorId) === next) pendingEngagements.delete(authorId);
    });
  return next;
}

const pendingEngagements = new Map<number, Promise<unknown>>();

export function setInspectorTab(tab: InspectorTab): void {
  territoryStore.set((s) => tabChanged(s, tab));
}
