// Identity review in the renderer (issue 4): a small store of its own (the queue of "possibly the
// same person" candidates, the decisions, whether the review drawer is open, which person is being
// split), pure updates, and the actions that call the API. A decision moves authorships between
// people, so after one the project and the analysis are refreshed as after an import.
import type { IdentityDecisionArgs, IdentityDecisionInfo, IdentityQueue } from '../../../shared/api';
import { client } from '../api';
import { ownDataChange, refreshProject, scheduleAnalysis } from './actions';
import { createStore } from './store';

/** How many candidates the drawer shows (the header counts all of them). */
export const QUEUE_LIMIT = 100;

export interface IdentityState {
  open: boolean;
  loaded: boolean;
  error: string | null;
  queue: IdentityQueue | null;
  decisions: IdentityDecisionInfo[];
  /** Key of the candidate (or "undo:<id>") whose decision is on its way. */
  busy: string | null;
  /** The person whose publications are being split (the split dialog is open). */
  splitting: number | null;
}

export const initialIdentityState: IdentityState = {
  open: false,
  loaded: false,
  error: null,
  queue: null,
  decisions: [],
  busy: null,
  splitting: null,
};

export const identityStore = createStore<IdentityState>(initialIdentityState);

// ---- pure updates ----

export function identityLoaded(
  s: IdentityState,
  queue: IdentityQueue,
  decisions: IdentityDecisionInfo[],
): IdentityState {
  return { ...s, loaded: true, error: null, queue, decisions };
}

export function identityFailed(s: IdentityState, error: string): IdentityState {
  return { ...s, loaded: true, error, busy: null };
}

export function reviewOpened(s: IdentityState, open: boolean): IdentityState {
  return s.open === open ? s : { ...s, open };
}

export function identityBusy(s: IdentityState, busy: string | null): IdentityState {
  return s.busy === busy ? s : { ...s, busy };
}

export function splitOpened(s: IdentityState, person: number | null): IdentityState {
  return s.splitting === person ? s : { ...s, splitting: person };
}

/** A candidate decided: it leaves the queue at once (the reload that follows confirms it). */
export function candidateDecided(s: IdentityState, key: string): IdentityState {
  if (!s.queue) return s;
  const items = s.queue.items.filter((i) => i.key !== key);
  if (items.length === s.queue.items.length) return s;
  return { ...s, queue: { open: Math.max(0, s.queue.open - 1), items } };
}

// ---- actions ----

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let loadSeq = 0;

/** Reloads the queue and the decisions (after an import, a decision or an undo). */
export async function refreshIdentity(): Promise<void> {
  const seq = ++loadSeq;
  try {
    const [queue, decisions] = await Promise.all([
      client.api.getIdentityQueue({ limit: QUEUE_LIMIT }),
      client.api.getIdentityDecisions({}),
    ]);
    if (seq === loadSeq) identityStore.set((s) => identityLoaded(s, queue, decisions));
  } catch (err) {
    if (seq === loadSeq) identityStore.set((s) => identityFailed(s, message(err)));
  }
}

export function openReview(open: boolean): void {
  identityStore.set((s) => reviewOpened(s, open));
  if (open) void refreshIdentity();
}

export function openSplit(person: number | null): void {
  identityStore.set((s) => splitOpened(s, person));
}

/** After a decision: one analysis run (see ownDataChange, released once the project is refreshed). */
async function afterChange(release: () => void): Promise<void> {
  await refreshProject();
  release();
  scheduleAnalysis(0);
  await refreshIdentity();
}

/** Records a decision; the analysis re-runs. Returns the error message, or null when it was applied. */
export async function decideIdentity(args: IdentityDecisionArgs, key: string): Promise<string | null> {
  if (identityStore.get().busy) return 'Another decision is still being applied.';
  identityStore.set((s) => identityBusy(s, key));
  const release = ownDataChange();
  try {
    await client.api.decideIdentity(args);
    identityStore.set((s) => candidateDecided(s, key));
    await afterChange(release);
    return null;
  } catch (err) {
    return message(err);
  } finally {
    release();
    identityStore.set((s) => identityBusy(s, null));
  }
}

export async function undoIdentityDecision(id: number): Promise<string | null> {
  if (identityStore.get().busy) return 'Another decision is still being applied.';
  identityStore.set((s) => identityBusy(s, `undo:${id}`));
  const release = ownDataChange();
  try {
    await client.api.undoIdentityDecision({ id });
    await afterChange(release);
    return null;
  } catch (err) {
    return message(err);
  } finally {
    release();
    identityStore.set((s) => identityBusy(s, null));
  }
}
