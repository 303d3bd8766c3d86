// Advisory board / speaker programme shortlists in the renderer (issue 7): the options the analyst
// set and the swaps made by hand; the list itself is derived from the analysis on screen
// (views/ShortlistPanel useShortlist), never stored. Pure updates plus the export action.
import {
  balanceSummary,
  shortlistCsv,
  type BalanceSummary,
  type Shortlist,
} from '../../../shared/analytics/shortlist';
import { client } from '../api';
import { fileSlug } from '../lib/format';
import { store } from './actions';
import { createStore } from './store';

export interface ShortlistSettings {
  size: number;
  maxPerInstitution: number;
  risingStars: number;
  /** Diminishing returns per community and country; off: plain top N under the institution cap. */
  balance: boolean;
}

export interface SwapNote {
  out: string;
  in: string;
  before: BalanceSummary;
  after: BalanceSummary;
}

export interface ShortlistState {
  settings: ShortlistSettings;
  /** [out id, in id], applied in order to the built list. */
  swaps: [number, number][];
  /** The balance before and after the latest swap. */
  lastSwap: SwapNote | null;
}

export const shortlistStore = createStore<ShortlistState>({
  settings: { size: 12, maxPerInstitution: 2, risingStars: 2, balance: true },
  swaps: [],
  lastSwap: null,
});

// ---- pure updates ----

/** New settings rebuild the list: swaps made for the old one are dropped. */
export function settingsChanged(s: ShortlistState, patch: Partial<ShortlistSettings>): ShortlistState {
  const settings = { ...s.settings, ...patch };
  return { settings, swaps: [], lastSwap: null };
}

export function swapped(
  s: ShortlistState,
  before: Shortlist,
  after: Shortlist,
  outId: number,
  inId: number,
): ShortlistState {
  const name = (l: Shortlist, id: number): string => l.picks.find((p) => p.id === id)?.name ?? String(id);
  return {
    ...s,
    swaps: [...s.swaps, [outId, inId]],
    lastSwap: {
      out: name(before, outId),
      in: name(after, inId),
      before: balanceSummary(before.balance),
      after: balanceSummary(after.balance),
    },
  };
}

// ---- actions ----

export function setShortlistSettings(patch: Partial<ShortlistSettings>): void {
  shortlistStore.set((s) => settingsChanged(s, patch));
}

export function recordSwap(before: Shortlist, after: Shortlist, outId: number, inId: number): void {
  shortlistStore.set((s) => swapped(s, before, after, outId, inId));
}

export async function exportShortlist(list: Shortlist): Promise<{ saved: boolean; name: string }> {
  const name = `${fileSlug(store.get().project?.name ?? 'kolmap')}-shortlist.csv`;
  const saved = await client.saveFile(name, shortlistCsv(list, { bom: true }));
  return { saved: saved.saved, name };
}
