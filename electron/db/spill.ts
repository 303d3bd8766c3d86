// Per-row text an import holds until commit (the affiliation text of every authorship) kept out of
// memory: records (row index, UTF-8 text) are appended to a temporary file while the file streams and
// read back once, in row order, when the authorships are written. The first megabyte stays in memory, so
// small imports never touch the disk. On POSIX the file is unlinked as soon as it is created (a killed
// import leaves nothing behind); elsewhere it is deleted on close.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const BUFFER = 1 << 20;
const HEADER = 8; // u32 row index, u32 byte length

export class TextSpill {
  private buf = Buffer.allocUnsafe(BUFFER);
  private used = 0;
  private fd: number | null = null;
  private file: string | null = null;
  private unlinked = false;
  /** Bytes written to the file so far. */
  private written = 0;
  private last = -1;
  private reading = false;
  count = 0;

  /** Appends the text of row `index`; rows must come in increasing order. */
  add(index: number, text: string): void {
    if (this.reading) throw new Error('internal: TextSpill written after reading began');
    if (index <= this.last)
      throw new Error(`internal: TextSpill rows out of order (${index} after ${this.last})`);
    this.last = index;
    this.count++;
    const max = Buffer.byteLength(text, 'utf8');
    if (this.used + HEADER + max > this.buf.length) {
      this.flush();
      if (HEADER + max > this.buf.length) {
        // A record larger than the buffer is written on its own.
        const big = Buffer.allocUnsafe(HEADER + max);
        big.writeUInt32LE(index, 0);
        big.writeUInt32LE(big.write(text, HEADER, 'utf8'), 4);
        this.writeOut(big, big.length);
        return;
      }
    }
    const at = this.used;
    this.buf.writeUInt32LE(index, at);
    const n = this.buf.write(text, at + HEADER, 'utf8');
    this.buf.writeUInt32LE(n, at + 4);
    this.used = at + HEADER + n;
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    const file = path.join(os.tmpdir(), `kolmap-import-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      this.fd = openSync(file, 'wx+', 0o600);
    } catch (e) {
      throw new Error(
        `Cannot create a temporary file in ${os.tmpdir()} for the import (${(e as Error).message}); check that the folder exists and is writable.`,
        { cause: e },
      );
    }
    this.file = file;
    try {
      unlinkSync(file);
      this.unlinked = true;
    } catch {
      // Windows cannot unlink an open file: it is deleted on close.
    }
    return this.fd;
  }

  private writeOut(data: Buffer, length: number): void {
    const fd = this.open();
    let done = 0;
    while (done < length) {
      try {
        done += writeSync(fd, data, done, length - done, this.written + done);
      } catch (e) {
        throw new Error(
          `Cannot write the import's temporary file in ${os.tmpdir()} (${(e as Error).message}); free some disk space and try again.`,
          { cause: e },
        );
      }
    }
    this.written += length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.buf, this.used);
    this.used = 0;
  }

  /**
   * A cursor over the records in row order: `at(i)` gives row i's text or null; calls must ask for
   * increasing rows. Reads the file in 1 MB pieces, then the records still in memory.
   */
  reader(): { at(index: number): string | null } {
    this.reading = true;
    const fileBytes = this.written;
    let filePos = 0;
    // Records still in memory when reading begins are read after the file.
    const tail = this.used > 0 ? Buffer.from(this.buf.subarray(0, this.used)) : Buffer.alloc(0);
    let tailDone = fileBytes === 0;
    let chunk: Buffer = fileBytes === 0 ? tail : Buffer.alloc(0);
    let start = 0;
    let end = fileBytes === 0 ? tail.length : 0;
    const fill = (need: number): boolean => {
      // Makes `need` bytes available from `start`; false at the end of all records.
      while (end - start < need) {
        if (filePos >= fileBytes) {
          if (tailDone) return false;
          tailDone = true;
          const rest = chunk.subarray(start, end);
          chunk = Buffer.concat([rest, tail]);
          start = 0;
          end = chunk.length;
          continue;
        }
        const keep = end - start;
        const size = Math.max(BUFFER, need);
        const next = chunk.length >= size ? chunk : Buffer.allocUnsafe(size);
        chunk.copy(next, 0, start, end);
        chunk = next;
        start = 0;
        end = keep;
        const want = Math.min(chunk.length - end, fileBytes - filePos);
        const got = readSync(this.fd as number, chunk, end, want, filePos);
        if (got <= 0) throw new Error(`internal: the import's temporary file ended early at byte ${filePos}`);
        filePos += got;
        end += got;
      }
      return true;
    };
    let nextIndex = -1;
    let nextLength = 0;
    const peek = (): void => {
      if (nextIndex >= 0 || !fill(HEADER)) return;
      nextIndex = chunk.readUInt32LE(start);
      nextLength = chunk.readUInt32LE(start + 4);
    };
    return {
      at: (index: number): string | null => {
        peek();
        while (nextIndex >= 0 && nextIndex < index) {
          // A row nobody asked for: skipped.
          if (!fill(HEADER + nextLength)) throw new Error('internal: the import temporary file is truncated');
          start += HEADER + nextLength;
          nextIndex = -1;
          peek();
        }
        if (nextIndex !== index) return null;
        if (!fill(HEADER + nextLength)) throw new Error('internal: the import temporary file is truncated');
        const text = chunk.toString('utf8', start + HEADER, start + HEADER + nextLength);
        start += HEADER + nextLength;
        nextIndex = -1;
        return text;
      },
    };
  }

  /** Closes and removes the temporary file; the spill is empty afterwards. */
  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      if (!this.unlinked && this.file !== null) {
        try {
          unlinkSync(this.file);
        } catch {
          // nothing left to remove
        }
      }
    }
    this.fd = null;
    this.file = null;
    this.buf = Buffer.alloc(0);
    this.used = 0;
  }
}
