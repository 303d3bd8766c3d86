// The duplicate look-ups of an import into a project without publications (writer.ts): instead of the
// publications' secondary indexes, which such an import drops and builds again at commit, the writer
// finds a publication by identifier or normalised title through this in-memory table. It keeps only a
// 32-bit hash and the publication id per key (8 bytes a slot), so what it returns are candidates: the
// writer reads each candidate's row and compares the real values.

/** What a key is: one of the identifiers, or the normalised title. */
export const KEY = { pmid: 0, doi: 1, eid: 2, wos: 3, title: 4 } as const;
export type KeyKind = (typeof KEY)[keyof typeof KEY];

function hashOf(kind: KeyKind, s: string): number {
  let h = Math.imul(0x811c9dc5 ^ kind, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * A multimap from (kind, text) to publication ids, by hash: open addressing, at most 3/4 full, the
 * id (always above 0) and the hash of each key in two integer arrays. Two keys with one hash share
 * it; the caller tells them apart.
 */
export class PublicationKeys {
  private hashes = new Int32Array(1 << 12);
  private ids = new Int32Array(1 << 12);
  private size = 0;

  add(kind: KeyKind, text: string, id: number): void {
    if (!(id > 0 && id <= 0x7fffffff)) {
      throw new Error(`internal: publication id ${id} does not fit the import's look-up table`);
    }
    if ((this.size + 1) * 4 > this.ids.length * 3) this.grow();
    this.place(hashOf(kind, text), id);
    this.size++;
  }

  /** Ids of the publications that may have this key (every one that has it), in ascending order. */
  candidates(kind: KeyKind, text: string): number[] {
    const h = hashOf(kind, text);
    const mask = this.ids.length - 1;
    const found: number[] = [];
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const id = this.ids[at] as number;
      if (id === 0) break;
      if (this.hashes[at] === h) found.push(id);
    }
    if (found.length > 1) found.sort((a, b) => a - b);
    return found;
  }

  private place(h: number, id: number): void {
    const mask = this.ids.length - 1;
    let at = h & mask;
    while (this.ids[at] !== 0) at = (at + 1) & mask;
    this.hashes[at] = h;
    this.ids[at] = id;
  }

  private grow(): void {
    const hashes = this.hashes;
    const ids = this.ids;
    this.hashes = new Int32Array(ids.length * 2);
    this.ids = new Int32Array(ids.length * 2);
    for (let at = 0; at < ids.length; at++) {
      const id = ids[at] as number;
      if (id !== 0) this.place(hashes[at] as number, id);
    }
  }
}
