// Reads one input (a file on disk, streamed, or text handed over by the renderer) as text: a first
// chunk of about 1 MB, then pieces of at most 64 KB (read 1 MB at a time); detects the encoding
// (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252; a first chunk of plain ASCII leaves
// the choice to the first other byte, as Excel's ANSI copies of big exports need), refuses binary
// files (Excel workbooks, ZIP, PDF...), strips the BOM (and any inside, from joined files), turns
// CRLF, CR CR LF and lone CR into LF (so line numbers count physical lines whatever the line
// endings), hashes the bytes (sha256) and counts bytes read for progress.
import { isAscii } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { TextDecoder } from 'node:util';
import { ImportError } from './errors';

export interface InputFile {
  /** The name as given (reported back, used in messages). */
  name: string;
  /** A file to stream from disk... */
  path?: string;
  /** ...or its whole content as text... */
  content?: string;
  /**
   * ...or as the bytes of the file (decoded here as a file on disk is: BOM, UTF-16, Windows-1252). Read
   * once: the reading takes them (takeBytes), and a buffer of their own is empty afterwards.
   */
  bytes?: Uint8Array;
}

const DEFAULT_CHUNK = 1 << 20;
/**
 * After the first chunk (the sample detection and the wizard read), text goes out in pieces of at most
 * this many bytes: V8 keeps strings under 128 KB in its young generation, collected cheaply and at
 * once, while each 1 MB string would sit in the large-object space until a full collection, so memory
 * would swing with the file instead of staying flat.
 */
const PIECE = 64 * 1024;

const SIGNATURES: { bytes: number[]; what: string; fix: string }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'an Excel workbook or ZIP archive, not a text export',
    fix: 'Save it as "CSV UTF-8" from Excel, or unzip it, and import the CSV/TXT file',
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an old Excel (.xls) workbook, not a text export',
    fix: 'Save it as "CSV UTF-8" from Excel and import the CSV file',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', fix: 'Import the CSV or TXT export instead' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive', fix: 'Decompress it and import the file inside' },
  {
    bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65],
    what: 'an SQLite database',
    fix: 'Import the CSV or TXT export instead',
  },
];

function startsWith(buf: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/**
 * A line end: LF, CRLF, a lone CR (old Mac), or CR CR LF, which a CRLF file gets when it goes through
 * an LF-to-CRLF conversion once more (a text-mode copy or transfer): read as two line ends it would put
 * a blank line after every line, and a MEDLINE file would fall apart into one record per line.
 */
const LINE_END = /\r?\r\n|\r|\n/g;

/**
 * Drops U+FEFF inside the text: exports joined into one file (`cat part1.csv part2.csv`) carry each
 * part's BOM, which would otherwise stick to the next header, FN or PMID line.
 */
function noBom(text: string): string {
  return text.includes('\uFEFF') ? text.replace(/\uFEFF/g, '') : text;
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Index of the first byte above 0x7F, or -1 when all are ASCII. */
function firstNonAscii(bytes: Uint8Array): number {
  if (isAscii(bytes)) return -1;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) > 0x7f) return i;
  return -1;
}

/** Whether decoded text has no control characters but TAB, LF, VT, FF, CR and ESC (as sniff() allows). */
function cleanText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) return false;
  }
  return true;
}

/** Chooses the encoding from the first bytes and returns how many BOM bytes to skip. */
function sniff(name: string, head: Uint8Array): { encoding: Encoding; skip: number } {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', skip: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', skip: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', skip: 2 };
  for (const sig of SIGNATURES) {
    if (startsWith(head, sig.bytes))
      throw new ImportError({ file: name, problem: `this is ${sig.what}`, fix: sig.fix });
  }
  const probe = head.subarray(0, 8192);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  probe.forEach((b, i) => {
    if (b === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  });
  const nul = nulEven + nulOdd;
  // UTF-16 text without a BOM (mostly ASCII): nearly every other byte, and nearly only those, is zero.
  // The other bytes are judged once decoded: a character such as ’ (U+2019, bytes 19 20) has a byte
  // that would count as a control character, and Ā or 一 (U+0100, U+4E00) a zero in the wrong place.
  const half = Math.floor(probe.length / 2);
  if (probe.length >= 4) {
    for (const [encoding, zeros, others] of [
      ['utf-16le', nulOdd, nulEven],
      ['utf-16be', nulEven, nulOdd],
    ] as const) {
      if (
        zeros >= half * 0.9 &&
        others <= Math.max(2, half * 0.05) &&
        cleanText(new TextDecoder(encoding).decode(probe))
      )
        return { encoding, skip: 0 };
    }
  }
  if (nul > 0 || control > probe.length / 100) {
    throw new ImportError({
      file: name,
      problem: 'this is a binary file, not a text export (CSV, TSV or TXT)',
      fix: 'Export the data again as text (CSV UTF-8, tab-delimited or plain text) and import that file',
    });
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', skip: 0 };
  } catch {
    // Not UTF-8: spreadsheet programs on Windows save "CSV" in the ANSI code page.
    return { encoding: 'windows-1252', skip: 0 };
  }
}

/**
 * The bytes of a file for its one read, owned by the reader. Bytes with a buffer of their own (what
 * Electron's IPC delivered for the desktop app's wizard; browser mode's server writes files to disk
 * instead) are moved out of it (the buffer is transferred, and every other view of it, such as the
 * call's arguments, becomes empty), so they are freed once read instead of living as long as the call:
 * up to 400 MB for a large export, during an import that needs its memory for the people. Bytes in Node's shared pool of
 * small buffers (or any buffer that cannot be transferred) are read where they are.
 */
export function takeBytes(bytes: Uint8Array): Uint8Array {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength <= Buffer.poolSize) return bytes;
  // Read before the transfer: a view of a transferred buffer has offset and length 0.
  const { byteOffset, byteLength } = bytes;
  try {
    const own = structuredClone(buffer, { transfer: [buffer] });
    return new Uint8Array(own, byteOffset, byteLength);
  } catch {
    return bytes;
  }
}

async function* byteChunks(file: InputFile, size: number): AsyncGenerator<Uint8Array> {
  const whole = file.bytes
    ? takeBytes(file.bytes)
    : file.content !== undefined
      ? Buffer.from(file.content, 'utf8')
      : undefined;
  if (whole) {
    const buf = whole;
    for (let i = 0; i < buf.length; i += size) {
      yield buf.subarray(i, i + size);
      // Let progress events and other work through between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return;
  }
  for await (const chunk of createReadStream(file.path as string, { highWaterMark: size })) {
    yield chunk as Buffer;
  }
}

function readError(file: InputFile, err: unknown): ImportError {
  const code = (err as NodeJS.ErrnoException).code;
  const problem =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'this is a folder, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
  return new ImportError({ file: file.name, problem, fix: 'Check the path and the file permissions' });
}

export class TextSource {
  /** Bytes read so far and in all. */
  done = 0;
  readonly total: number;
  readonly file: InputFile;
  encoding: Encoding = 'utf-8';
  /** Whether the text began with a byte order mark. */
  bom = false;
  /** The line ends of the first text decoded (null until a line end is seen). */
  lineEnding: 'LF' | 'CRLF' | 'CR' | null = null;
  private readonly hash: Hash = createHash('sha256');

  private constructor(
    file: InputFile,
    total: number,
    private readonly chunkSize: number,
  ) {
    this.file = file;
    this.total = total;
  }

  /** `chunkSize` (bytes per read, default 1 MB) is for tests of chunk boundaries. */
  static async open(file: InputFile, chunkSize = DEFAULT_CHUNK): Promise<TextSource> {
    if (file.bytes) return new TextSource(file, file.bytes.length, chunkSize);
    if (file.content !== undefined)
      return new TextSource(file, Buffer.byteLength(file.content, 'utf8'), chunkSize);
    if (!file.path)
      throw new ImportError({ file: file.name, problem: 'neither a path nor content was given' });
    try {
      const st = await fsp.stat(file.path);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      return new TextSource(file, st.size, chunkSize);
    } catch (err) {
      throw readError(file, err);
    }
  }

  /** The sha256 of all bytes; complete once chunks() has been read to the end. */
  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Decoded text with LF line ends and no BOM. */
  async *chunks(): AsyncGenerator<string> {
    let decoder: TextDecoder | null = null;
    // CRs held back from a piece's end: they may start a CRLF (or CR CR LF) completed by the next piece.
    let pendingCR = '';
    let head: Uint8Array[] = [];
    let headBytes = 0;
    // UTF-8 chosen for a first chunk of plain ASCII: the first non-ASCII byte decides between UTF-8
    // and Windows-1252 (both read ASCII alike), so an ANSI file whose accented names start after the
    // first chunk is not read as UTF-8 with replacement characters. `carry` holds a non-ASCII byte
    // too close to a piece's end to judge, for the next piece.
    let tentative = false;
    let carry: Uint8Array | null = null;
    const iter = byteChunks(this.file, this.chunkSize);
    const decode = (input: Uint8Array, final = false): string => {
      let bytes = input;
      if (!decoder) {
        // The encoding is chosen from the first chunk (the whole file when smaller).
        const { encoding, skip } = sniff(this.file.name, bytes);
        this.encoding = encoding;
        this.bom = skip > 0;
        decoder = new TextDecoder(encoding);
        bytes = bytes.subarray(skip);
        tentative = encoding === 'utf-8' && skip === 0 && firstNonAscii(bytes) === -1;
      }
      if (tentative) {
        if (carry) {
          bytes = Buffer.concat([carry, bytes]);
          carry = null;
        }
        const at = firstNonAscii(bytes);
        if (at >= 0 && !final && bytes.length - at < 4) {
          carry = bytes.slice(at);
          bytes = bytes.subarray(0, at);
        } else if (at >= 0) {
          tentative = false;
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at), { stream: !final });
          } catch {
            this.encoding = 'windows-1252';
            decoder = new TextDecoder('windows-1252');
          }
        }
      }
      let text = (decoder as TextDecoder).decode(bytes, { stream: true });
      if (this.lineEnding === null) {
        const m = /\r?\r\n|\r(?!\r?$)|\n/.exec(text);
        if (m) this.lineEnding = m[0].endsWith('\r\n') ? 'CRLF' : m[0] === '\n' ? 'LF' : 'CR';
      }
      text = pendingCR + text;
      pendingCR = /\r{0,2}$/.exec(text)?.[0] ?? '';
      if (pendingCR) text = text.slice(0, -pendingCR.length);
      return noBom(text.replace(LINE_END, '\n'));
    };
    while (true) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iter.next();
      } catch (err) {
        throw readError(this.file, err);
      }
      if (next.done) break;
      const bytes = next.value;
      this.hash.update(bytes);
      this.done += bytes.length;
      if (!decoder) {
        head.push(bytes);
        headBytes += bytes.length;
        if (headBytes < 8192) continue;
        const text = decode(Buffer.concat(head));
        head = [];
        if (text) yield text;
        continue;
      }
      for (let i = 0; i < bytes.length; i += PIECE) {
        const text = decode(bytes.subarray(i, i + PIECE));
        if (text) yield text;
      }
    }
    let rest = head.length ? decode(Buffer.concat(head)) : '';
    if (carry) rest += decode(new Uint8Array(0), true);
    const tail = decoder as TextDecoder | null;
    // A CR held back at the very end goes before whatever the decoder still holds.
    rest += noBom((pendingCR + (tail ? tail.decode() : '')).replace(LINE_END, '\n'));
    if (rest) yield rest;
  }
}

/**
 * A copy of a string that does not keep the text it was cut from alive. V8 represents a slice of 13+
 * characters as a view into its parent, so a name or title kept for the whole import (identity
 * statistics, duplicate keys) would otherwise pin the whole read chunk it came from, and memory would
 * grow with the file instead of with what is kept. Concatenating and slicing again makes V8 copy the
 * characters into a fresh string of the value's own size.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}
