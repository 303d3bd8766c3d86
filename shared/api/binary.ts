// Binary bodies for browser mode's HTTP transport (issue 8): a call's arguments or result whose top-level
// fields include bytes (Uint8Array, e.g. a cached analysis part) travel as one frame instead of JSON, so
// the bytes are neither base64-inflated nor parsed. IPC needs none of this: Electron's structured clone
// carries Uint8Array as it is.
//
// Frame: 'KOLB', the byte length of a JSON header, the header, then each binary field's bytes at an
// 8-byte boundary (offsets count from the first boundary after the header) (so a reader can view them as typed arrays without copying). The header is
// { value: the object without its binary fields, binary: [[field, offset, length], …] }.

export const BINARY_CONTENT_TYPE = 'application/x-kolmap-frame';

const MAGIC = 0x424c4f4b; // 'KOLB' little-endian
const PREFIX = 8;

/** Whether any top-level field of the value is bytes (then it goes as a frame). */
export function hasBinaryField(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).some((v) => v instanceof Uint8Array);
}

const align = (x: number) => (x + 7) & ~7;

/**
 * The start of a frame: prefix, header and padding up to the first 8-byte boundary, for `value`'s plain
 * fields and binary fields of these byte lengths (in this order, each at an 8-byte boundary). The frame is
 * this head followed by each field's bytes and the padding after them; `offsets` says where each goes.
 */
export function frameHead(
  plain: Record<string, unknown>,
  sizes: readonly (readonly [string, number])[],
): { head: Uint8Array<ArrayBuffer>; offsets: number[]; length: number } {
  // Offsets count from the first 8-byte boundary after the header.
  let at = 0;
  const places = sizes.map(([k, size]): [string, number, number] => {
    const place: [string, number, number] = [k, at, size];
    at = align(at + size);
    return place;
  });
  const header = new TextEncoder().encode(JSON.stringify({ value: plain, binary: places }));
  const head = new Uint8Array(align(PREFIX + header.length));
  const view = new DataView(head.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  head.set(header, PREFIX);
  return { head, offsets: places.map((p) => p[1]), length: head.length + at };
}

/** Packs an object whose top-level fields may be Uint8Array into one frame. */
export function packFrame(value: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const plain: Record<string, unknown> = {};
  const blobs: [string, Uint8Array][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v instanceof Uint8Array) blobs.push([k, v]);
    else plain[k] = v;
  }
  const { head, offsets, length } = frameHead(
    plain,
    blobs.map(([k, b]) => [k, b.byteLength]),
  );
  const out = new Uint8Array(length);
  out.set(head);
  blobs.forEach(([, b], i) => out.set(b, head.length + (offsets[i] as number)));
  return out;
}

/** A frame's header, as readFrameHead finds it. */
export interface FrameHead {
  /** The plain fields. */
  value: Record<string, unknown>;
  /** Each binary field: name, offset from `base`, byte length. */
  binary: [string, number, number][];
  /** Where the binary fields' offsets count from (the first 8-byte boundary after the header). */
  base: number;
}

/**
 * The header of the frame that `bytes` begins with; null when `bytes` does not hold all of it yet (a
 * body read as it arrives). Throws on a malformed header.
 */
export function readFrameHead(bytes: Uint8Array): FrameHead | null {
  if (bytes.byteLength < PREFIX) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('binary body: not a kolmap frame');
  const length = view.getUint32(4, true);
  if (PREFIX + length > bytes.byteLength) return null;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + length))) as {
    value?: unknown;
    binary?: unknown;
  };
  if (!header.value || typeof header.value !== 'object' || !Array.isArray(header.binary)) {
    throw new Error('binary body: malformed header');
  }
  const binary = (header.binary as unknown[]).map((place): [string, number, number] => {
    if (!Array.isArray(place) || place.length !== 3) throw new Error('binary body: malformed field');
    const [k, offset, len] = place as [unknown, unknown, unknown];
    if (
      typeof k !== 'string' ||
      !Number.isInteger(offset) ||
      !Number.isInteger(len) ||
      (offset as number) < 0 ||
      (len as number) < 0
    ) {
      throw new Error(`binary body: malformed field ${String(k)}`);
    }
    return [k, offset as number, len as number];
  });
  return { value: header.value as Record<string, unknown>, binary, base: align(PREFIX + length) };
}

/** Unpacks a frame; the binary fields are views of `bytes` (no copy). Throws on a malformed frame. */
export function unpackFrame(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.byteLength < PREFIX) throw new Error('binary body: shorter than its header');
  const head = readFrameHead(bytes);
  if (!head) throw new Error('binary body: header runs past the end');
  const out: Record<string, unknown> = { ...head.value };
  for (const [k, offset, len] of head.binary) {
    if (head.base + offset + len > bytes.byteLength) {
      throw new Error(`binary body: field ${k} lies outside the body`);
    }
    out[k] = bytes.subarray(head.base + offset, head.base + offset + len);
  }
  return out;
}
