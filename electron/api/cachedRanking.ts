// Pages of a stored result's ranking (issue 8, getCachedRanking): for a result too big to load into the
// page whole (a 1M-publication project resolves millions of people), the ranking table reads the rows it
// shows from the cached parts here. The head part holds the first people; the later people parts hold
// the rest in rank order, PEOPLE_PER_PART each (shared/analytics/cache.ts), so the part of a position is
// known from the head's size and the first later part's size, and only the rows asked for are decoded.
// The decoded head and the bytes of the last part read are kept per project, so scrolling through one
// part does not read it again.
import { decodeCachedHead, decodeCachedPeople, type CachedHead } from '../../shared/analytics/cache';
import { ApiError, type CachedRankingPage } from '../../shared/api';
import type { RankedPerson } from '../../shared/analytics/types';
import type { Project } from '../db';

interface Known {
  key: string;
  createdAt: string;
  head: CachedHead;
  /** People per later part, learned from part 1 (null until a row past the head is asked for). */
  perPart: number | null;
  /** The last later part read: its number and bytes. */
  last: { part: number; bytes: Uint8Array } | null;
}

const known = new WeakMap<Project, Known>();

/** Rows [start, start + count) of the ranking stored under the key; null when none is stored. */
export function cachedRanking(
  project: Project,
  key: string,
  start: number,
  count: number,
): CachedRankingPage | null {
  const cache = project.analysisCache();
  const entry = cache?.get(key, 0);
  if (!cache || !entry) return null;
  let k = known.get(project);
  if (!k || k.key !== key || k.createdAt !== entry.createdAt) {
    const head = decodeCachedHead(entry.payload);
    if (!head)
      throw new ApiError('INTERNAL', 'The stored analysis could not be read; it will be recomputed.');
    k = { key, createdAt: entry.createdAt, head, perPart: null, last: null };
    known.set(project, k);
  }
  const { head } = k;
  const total = head.totalPeople;
  const headCount = head.result.people.length;
  const end = Math.min(total, start + count);
  const people: RankedPerson[] = head.result.people.slice(
    Math.min(start, headCount),
    Math.min(end, headCount),
  );
  let pos = Math.max(start, headCount);
  const bytesOf = (part: number): Uint8Array => {
    if (k.last?.part === part) return k.last.bytes;
    const next = cache.get(key, part);
    // Another result replaced the entry meanwhile: its parts do not continue this head.
    if (!next || next.createdAt !== k.createdAt || next.parts !== head.parts) {
      throw new ApiError('NOT_FOUND', 'The stored analysis changed while it was read; try again.');
    }
    k.last = { part, bytes: next.payload };
    return next.payload;
  };
  while (pos < end) {
    if (k.perPart === null) {
      const first = decodeCachedPeople(bytesOf(1), head, 0, 0);
      if (!first || first.start !== headCount || first.count < 1) {
        throw new ApiError('INTERNAL', 'The stored analysis has no people part where one was expected.');
      }
      k.perPart = first.count;
    }
    const part = 1 + Math.floor((pos - headCount) / k.perPart);
    const offset = headCount + (part - 1) * k.perPart;
    const page = decodeCachedPeople(bytesOf(part), head, pos - offset, end - offset);
    if (!page || page.start !== offset || page.people.length === 0) {
      throw new ApiError('INTERNAL', `The stored analysis's part ${part} is not the people expected there.`);
    }
    for (const p of page.people) people.push(p);
    pos += page.people.length;
  }
  return { total, start, people, current: entry.current, createdAt: entry.createdAt };
}
