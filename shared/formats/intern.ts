// Compact interning for the import's per-name data (issue 8/9: memory per distinct name, not per
// object): a StringPool numbers distinct strings 0, 1, 2, ... and keeps their UTF-16 code units packed in
// one byte array (one byte each below 0xFF) with an open-addressing hash index, so a million distinct
// names cost a few tens of bytes each instead of a JS string, an object and a Map entry each. A PairSet remembers distinct pairs
// of such numbers the same way. Pure: no node:*, no DOM.

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

function grown<T extends Int32Array | Uint16Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  // By half again (not double): less unused room at the end of a big column.
  let size = a.length;
  while (size < need) size = Math.ceil(size * 1.5);
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

function sealedError(): Error {
  return new Error('internal: a sealed StringPool is read-only (seal() dropped its index)');
}

/**
 * Distinct strings, numbered in the order they were first added. Stored as bytes: a UTF-16 code unit
 * below 0xFF is one byte (names are mostly Latin), any other is 0xFF and its two bytes.
 */
export class StringPool {
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  /** Start of string id in `bytes`; the string ends where id + 1 starts. */
  private starts = new Int32Array(256);
  private hashes = new Int32Array(256);
  /** Open addressing (at most 3/4 full): id + 1, 0 for an empty slot. */
  private slots = new Int32Array(512);
  size = 0;

  /** The id of `s`, added when new. */
  id(s: string): number {
    if (this.slots.length === 0) throw sealedError();
    const h = hashOf(s);
    const mask = this.slots.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = this.slots[at] as number;
      if (v === 0) break;
      if (this.hashes[v - 1] === h && this.equals(v - 1, s)) return v - 1;
    }
    const id = this.size++;
    this.starts = grown(this.starts, id + 2);
    this.hashes = grown(this.hashes, id + 1);
    this.bytes = grown(this.bytes, this.used + 3 * s.length);
    let at = this.used;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0xff) this.bytes[at++] = c;
      else {
        this.bytes[at] = 0xff;
        this.bytes[at + 1] = c >>> 8;
        this.bytes[at + 2] = c & 0xff;
        at += 3;
      }
    }
    this.starts[id] = this.used;
    this.used = at;
    this.starts[id + 1] = at;
    this.hashes[id] = h;
    if (this.size * 4 > this.slots.length * 3) this.rehash();
    else this.place(id, h);
    return id;
  }

  /** The id of `s`, or -1 when it was never added. */
  find(s: string): number {
    if (this.slots.length === 0) throw sealedError();
    const h = hashOf(s);
    const mask = this.slots.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = this.slots[at] as number;
      if (v === 0) return -1;
      if (this.hashes[v - 1] === h && this.equals(v - 1, s)) return v - 1;
    }
  }

  /**
   * Drops the hash index (about 12–20 bytes per string): the strings stay readable by id (get,
   * compare, equals); id and find throw from now on.
   */
  seal(): void {
    this.slots = new Int32Array(0);
    this.hashes = new Int32Array(0);
    this.trim();
  }

  /**
   * Gives back the room grown for strings not added (adding stays possible unless sealed), if it is at
   * least `minRoom` bytes.
   */
  trim(minRoom = 0): void {
    const room =
      Math.max(0, this.bytes.length - this.used - 1) + Math.max(0, this.starts.length - this.size - 2) * 4;
    if (room <= 0 || room < minRoom) return;
    if (this.bytes.length > this.used + 1) this.bytes = this.bytes.slice(0, this.used + 1);
    if (this.starts.length > this.size + 2) this.starts = this.starts.slice(0, this.size + 2);
  }

  /** The string of id. */
  get(id: number): string {
    const end = this.starts[id + 1] as number;
    const b = this.bytes;
    // Long strings in pieces (apply's argument count is limited); code units kept as they are.
    const parts: string[] = [];
    const units: number[] = [];
    for (let at = this.starts[id] as number; at < end;) {
      const c = b[at] as number;
      if (c < 0xff) {
        units.push(c);
        at++;
      } else {
        units.push(((b[at + 1] as number) << 8) | (b[at + 2] as number));
        at += 3;
      }
      if (units.length === 8192) {
        parts.push(String.fromCharCode(...units));
        units.length = 0;
      }
    }
    const s = String.fromCharCode(...units);
    return parts.length === 0 ? s : parts.join('') + s;
  }

  /** Compares two ids' strings in JS string order (UTF-16 code units, as Array.prototype.sort). */
  compare(x: number, y: number): number {
    const b = this.bytes;
    let i = this.starts[x] as number;
    const iEnd = this.starts[x + 1] as number;
    let j = this.starts[y] as number;
    const jEnd = this.starts[y + 1] as number;
    while (i < iEnd && j < jEnd) {
      let p = b[i] as number;
      let q = b[j] as number;
      if (p === 0xff) {
        p = ((b[i + 1] as number) << 8) | (b[i + 2] as number);
        i += 3;
      } else i++;
      if (q === 0xff) {
        q = ((b[j + 1] as number) << 8) | (b[j + 2] as number);
        j += 3;
      } else j++;
      if (p !== q) return p - q;
    }
    return (i < iEnd ? 1 : 0) - (j < jEnd ? 1 : 0);
  }

  /** Whether id's string is `s`. */
  equals(id: number, s: string): boolean {
    const b = this.bytes;
    let at = this.starts[id] as number;
    const end = this.starts[id + 1] as number;
    for (let i = 0; i < s.length; i++) {
      if (at >= end) return false;
      const c = s.charCodeAt(i);
      if (c < 0xff) {
        if (b[at] !== c) return false;
        at++;
      } else {
        if (b[at] !== 0xff || b[at + 1] !== c >>> 8 || b[at + 2] !== (c & 0xff)) return false;
        at += 3;
      }
    }
    return at === end;
  }

  private place(id: number, h: number): void {
    const mask = this.slots.length - 1;
    let at = h & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = id + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.size; id++) this.place(id, this.hashes[id] as number);
  }
}

function pairHash(x: number, y: number): number {
  const h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca6b);
  return h ^ (h >>> 16);
}

/**
 * A map from distinct pairs of non-negative 32-bit integers to 32-bit numbers (open addressing, at most
 * 3/4 full): 12 bytes a slot instead of a Map entry and a boxed key each.
 */
export class PairIndex {
  private a = new Int32Array(1024).fill(-1);
  private b = new Int32Array(1024);
  private ids = new Int32Array(1024);
  size = 0;

  /** The number of the pair (x, y); a pair not seen before gets `fresh`, which is returned. */
  id(x: number, y: number, fresh: number): number {
    if ((this.size + 1) * 4 > this.a.length * 3) this.grow();
    const mask = this.a.length - 1;
    for (let at = pairHash(x, y) & mask; ; at = (at + 1) & mask) {
      const v = this.a[at] as number;
      if (v === -1) {
        this.a[at] = x;
        this.b[at] = y;
        this.ids[at] = fresh;
        this.size++;
        return fresh;
      }
      if (v === x && this.b[at] === y) return this.ids[at] as number;
    }
  }

  /** Forgets every pair and keeps the room grown for them (a bounded index used again and again). */
  clear(): void {
    if (this.size === 0) return;
    this.a.fill(-1);
    this.size = 0;
  }

  private grow(): void {
    const { a, b, ids } = this;
    this.a = new Int32Array(a.length * 2).fill(-1);
    this.b = new Int32Array(a.length * 2);
    this.ids = new Int32Array(a.length * 2);
    const mask = this.a.length - 1;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      if (x === -1) continue;
      let at = pairHash(x, b[i] as number) & mask;
      while (this.a[at] !== -1) at = (at + 1) & mask;
      this.a[at] = x;
      this.b[at] = b[i] as number;
      this.ids[at] = ids[i] as number;
    }
  }
}

/** Distinct pairs of non-negative 32-bit integers (open addressing, at most 3/4 full). */
export class PairSet {
  private a = new Int32Array(1024).fill(-1);
  private b = new Int32Array(1024);
  size = 0;

  /** Adds the pair; true when it was new. */
  add(x: number, y: number): boolean {
    if ((this.size + 1) * 4 > this.a.length * 3) this.grow();
    const mask = this.a.length - 1;
    for (let at = PairSet.hash(x, y) & mask; ; at = (at + 1) & mask) {
      const v = this.a[at] as number;
      if (v === -1) {
        this.a[at] = x;
        this.b[at] = y;
        this.size++;
        return true;
      }
      if (v === x && this.b[at] === y) return false;
    }
  }

  private static hash(x: number, y: number): number {
    return pairHash(x, y);
  }

  private grow(): void {
    const oldA = this.a;
    const oldB = this.b;
    this.a = new Int32Array(oldA.length * 2).fill(-1);
    this.b = new Int32Array(oldA.length * 2);
    this.size = 0;
    for (let i = 0; i < oldA.length; i++) if (oldA[i] !== -1) this.add(oldA[i] as number, oldB[i] as number);
  }
}

/**
 * The least room a column gives back when an import's reading ends (IntColumn.trim). Trimming copies the
 * column; copying the small ones too made about one 100k-publication bench import in four peak at
 * 410–430 MB instead of about 300 (the garbage collector then let the heap grow by some 100 MB; without
 * the copies about one in forty did, on a loaded machine), while at 1M publications the big columns give
 * back tens of MB.
 */
export const TRIM_MIN_ROOM = 1 << 20;

/**
 * A growable column of 32-bit integers (compact per-row storage, no object per row). Two bytes a row
 * while every value is in 0..65535 (ids of a few distinct title words, small counts), four from the
 * first value outside it.
 */
export class IntColumn {
  private data: Int32Array | Uint16Array = new Uint16Array(1024);
  private wide = false;
  length = 0;

  push(v: number): void {
    if (!this.wide && (v < 0 || v > 0xffff)) this.widen();
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, v: number): void {
    if (!this.wide && (v < 0 || v > 0xffff)) this.widen();
    this.data[i] = v;
  }

  /** Empties the column and keeps its room (a bounded column filled again and again). */
  clear(): void {
    this.length = 0;
  }

  /**
   * Gives back the room grown for rows not pushed (pushing stays possible), if it is at least `minRoom`
   * bytes: the column is copied.
   */
  trim(minRoom = 0): void {
    const room = (this.data.length - this.length - 1) * this.data.BYTES_PER_ELEMENT;
    if (room > 0 && room >= minRoom) this.data = this.data.slice(0, this.length + 1);
  }

  private widen(): void {
    const wide = new Int32Array(this.data.length);
    wide.set(this.data);
    this.data = wide;
    this.wide = true;
  }
}
