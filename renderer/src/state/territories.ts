// Territories and engagement plans in the renderer (issue 7): a small store of its own (the
// territories, every person's current engagement, which inspector tab is open), pure updates, and the
// actions that call the API. Coverage is derived, never stored: see useCoverage in views/TerritoriesPanel.
import type { Engagement, EngagementDetail, TerritoryInfo } from '../../../shared/api';
import type { ArgsOf } from '../../../shared/api';
import { client } from '../api';
import { scheduleAnalysis } from './actions';
import { createStore } from './store';

export type InspectorTab = 'overview' | 'territories' | 'snapshots' | 'shortlist' | 'imports';

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
  const saved = await client.api.saveTerritory(args);
  territoryStore.set((s) => territorySaved(s, saved));
  scheduleAnalysis(0);
  return saved;
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

export function setInspectorTab(tab: InspectorTab): void {
  territoryStore.set((s) => tabChanged(s, tab));
}
