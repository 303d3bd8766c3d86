// The identity review part of the API contract (issue 4): the queue of "possibly the same person"
// candidates with their evidence side by side, and the analyst's decisions (merge, split, dismiss),
// which are stored, re-applied when the resolver re-runs and can be undone. Re-exported by ./index.
import { z } from 'zod';

/** One side of a candidate: what the analyst needs to tell two people apart. */
export interface IdentityProfile {
  id: number;
  name: string;
  /** Raw name spellings, most frequent first. */
  variants: string[];
  papers: number;
  /** First and last publication year (null when unknown). */
  years: [number | null, number | null];
  /** Institutions, most frequent first (at most 4). */
  institutions: string[];
  /** Co-authors (resolved people), most joint papers first (at most 6). */
  coauthors: { id: number; name: string; papers: number }[];
  /** Journals, most frequent first (at most 3). */
  journals: string[];
  /** Most recent publications (at most 4). */
  titles: { id: number; title: string; year: number | null; journal: string | null }[];
}

export interface IdentityCandidate {
  /** "a:b" for a pair, "thin:a" for a merge made on thin evidence. */
  key: string;
  /**
   * pair: two people of one block (same family name and first initial) with compatible given names
   * that the resolver kept apart. thin: one person the resolver joined on little evidence (the
   * name alone or a score near the threshold); settle it with a split or confirm it with a merge of
   * the person with itself.
   */
  kind: 'pair' | 'thin';
  block: string;
  /** How likely the two are one person, 0..1 (ordering of the queue, highest first). */
  confidence: number;
  a: IdentityProfile;
  b: IdentityProfile | null;
  shared: { coauthors: string[]; institutions: string[]; journals: string[] };
  /** One line saying why it is in the queue. */
  reason: string;
}

export interface IdentityQueue {
  /** Open candidates in the whole project (items holds the first `limit` of them). */
  open: number;
  items: IdentityCandidate[];
}

export type IdentityDecisionKind = 'merge' | 'split' | 'dismiss';

export interface IdentityDecisionInfo {
  id: number;
  kind: IdentityDecisionKind;
  /** e.g. "Merged Doe J (#12) with Doe J (#15)". */
  summary: string;
  /** The people the decision was about, as they were named when it was made. */
  people: { id: number; name: string }[];
  /** Who holds the decision's authorships now (a merge's survivor, a split's two people, or whoever a
   *  later import or decision gave them to), in order of their first authorship; empty when none is left. */
  current: { id: number; name: string }[];
  /** Authorships the decision covers. */
  authorships: number;
  createdAt: string;
  undoneAt: string | null;
}

export interface IdentityDecisionResult {
  decision: IdentityDecisionInfo;
  /** The people the decided authorships belong to now (merge: one id; split: the rest, the new person). */
  people: number[];
}

export interface IdentityUndoResult {
  decision: IdentityDecisionInfo;
  /**
   * exact: nothing touched those authorships since, so their previous people were restored as they
   * were; resolved: they changed since (an import, a later decision), so the block was resolved again
   * with the remaining decisions.
   */
  restored: 'exact' | 'resolved';
}

const personId = z.number().int().positive();

export const identityQueueSchema = z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict();

export const identityDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('merge'), a: personId, b: personId }).strict(),
  z.object({ kind: z.literal('dismiss'), a: personId, b: personId }).strict(),
  z
    .object({
      kind: z.literal('split'),
      author: personId,
      /** Publication ids to move to a new person. */
      publications: z.array(personId).min(1).max(100_000),
    })
    .strict(),
]);
export type IdentityDecisionArgs = z.infer<typeof identityDecisionSchema>;
