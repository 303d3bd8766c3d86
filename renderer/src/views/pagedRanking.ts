// The ranking of a result too big to load into the page (issue 8): the page holds the cached head (the
// top people, which the map and the other views use) and the ranking table reads the rows it shows past
// the head from the back end (getCachedRanking), PAGE_ROWS at a time, two requests at most in flight,
// skipping pages scrolled past before their turn. Rows read are kept for the current result (and a
// person read here can be opened in the profile panel: pagedPerson).
import { useEffect, useReducer } from 'react';
import type { RankedPerson } from '../../../shared/analytics/types';
import { client } from '../api';

/** Rows one request reads. */
export const PAGE_ROWS = 200;
/** Rows the table scrolls through at once; it moves through the whole ranking a window at a time. */
export const WINDOW_ROWS = 100_000;

export interface PagedRanking {
  key: string;
  total: number;
}

let current: PagedRanking | null = null;
const pages = new Map<number, RankedPerson[]>();
const people = new Map<number, RankedPerson>();
const failed = new Map<number, string>();
const inFlight = new Set<number>();
let wanted: [number, number] = [0, -1];
const listeners = new Set<() => void>();
let createdAt: string | null = null;

function reset(paged: PagedRanking): void {
  if (current === paged) return;
  current = paged;
  pages.clear();
  people.clear();
  failed.clear();
  inFlight.clear();
  createdAt = null;
}

function changed(): void {
  for (const l of listeners) l();
}

function pump(): void {
  const paged = current;
  if (!paged) return;
  for (let page = Math.floor(wanted[0] / PAGE_ROWS); page <= Math.floor(wanted[1] / PAGE_ROWS); page++) {
    if (inFlight.size >= 2) return;
    if (pages.has(page) || inFlight.has(page) || failed.has(page)) continue;
    inFlight.add(page);
    client.api.getCachedRanking({ key: paged.key, start: page * PAGE_ROWS, count: PAGE_ROWS }).then(
      (res) => {
        if (current !== paged) return;
        inFlight.delete(page);
        if (!res) failed.set(page, 'The stored ranking is gone (the analysis is being recomputed).');
        else if (createdAt !== null && res.createdAt !== createdAt)
          failed.set(page, 'The stored ranking changed; reopen the project to read the new one.');
        else {
          createdAt = res.createdAt;
          pages.set(page, res.people);
          for (const p of res.people) people.set(p.id, p);
        }
        changed();
        pump();
      },
      (err: unknown) => {
        if (current !== paged) return;
        inFlight.delete(page);
        failed.set(page, err instanceof Error ? err.message : String(err));
        changed();
        pump();
      },
    );
  }
}

/** A person of the paged ranking read so far (the profile panel's fallback past the head). */
export function pagedPerson(id: number): RankedPerson | undefined {
  return people.get(id);
}

/**
 * The rows at ranking positions [first, last] of a paged result, read as they are needed: the row at a
 * position, undefined while it is being read, or the error when it could not be.
 */
export function usePagedRows(
  paged: PagedRanking | null,
  first: number,
  last: number,
): (index: number) => RankedPerson | string | undefined {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    listeners.add(bump);
    return () => {
      listeners.delete(bump);
    };
  }, []);
  useEffect(() => {
    if (!paged) return;
    reset(paged);
    wanted = [first, last];
    pump();
  }, [paged, first, last]);
  return (index) => {
    if (!paged || current !== paged) return undefined;
    const page = Math.floor(index / PAGE_ROWS);
    return pages.get(page)?.[index - page * PAGE_ROWS] ?? failed.get(page);
  };
}
