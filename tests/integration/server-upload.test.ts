// A file sent to browser mode's server for importFile / previewImport (the import wizard's upload, a
// frame whose one binary field is the file) is written to a temporary file as it arrives and read from
// there, as kolmap import reads a file from disk: the server never holds it, so the wizard takes files
// of any size. The temporary file is removed when the call ends, or when the upload stops half-way
// (then nothing is called). In process against a real project on a temp file, with raw HTTP.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import type { ImportPreview, ImportResult, ProjectInfo } from '../../shared/api';
import { BINARY_CONTENT_TYPE, frameHead } from '../../shared/api/binary';
import { tempDir } from '../helpers/cli';
import { pubmedCsv } from '../helpers/pubmedCsv';
import { cohortRecords, request, servedInProcess } from '../helpers/server';

/** A call's body as the wizard sends it: the frame's head, then the file (no padding after it). */
function fileFrame(args: Record<string, unknown>, file: Uint8Array): Buffer {
  const { head } = frameHead(args, [['content', file.byteLength]]);
  return Buffer.concat([head, file]);
}

describe('files sent to the server for an import or its dry run', () => {
  // os.tmpdir() follows TMPDIR: the server's temporary files go to a folder of this test's own.
  const spool = path.join(tempDir('kolmap-upload-test-'), 'tmp');
  let before: string | undefined;
  beforeAll(() => {
    mkdirSync(spool);
    before = process.env.TMPDIR;
    process.env.TMPDIR = spool;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  });
  const api = servedInProcess(async (dir) => Project.open(path.join(dir, 'u.kolmap')), {
    contentType: BINARY_CONTENT_TYPE,
  });
  const uploads = () => readdirSync(spool).filter((n) => n.startsWith('kolmap-upload-'));

  // About 1.4 MB in Windows-1252, with accented names: 6,000 papers.
  const records = cohortRecords(7_000_000, 10_000).map((r, i) => ({
    ...r,
    authors:
      i % 2 ? r.authors : [{ raw: 'Müller Ã', family: 'Müller', given: 'Ã', initials: 'Ã' }, ...r.authors],
  }));
  const bytes = Buffer.from(pubmedCsv(records).replace(/^\uFEFF/, ''), 'latin1');

  it('reads the file from a temporary file, which is gone once the call has answered', async () => {
    expect(bytes.byteLength).toBeGreaterThan(1_000_000);
    let seen = 0;
    const watch = setInterval(() => (seen = Math.max(seen, uploads().length)), 2);
    let preview: Awaited<ReturnType<typeof request>>;
    try {
      preview = await request(api.server.port, {
        path: '/api/previewImport',
        headers: api.headers(),
        body: fileFrame({ name: 'müller.csv', ticket: 'p1' }, bytes),
      });
    } finally {
      clearInterval(watch);
    }
    expect(preview.status, preview.body).toBe(200);
    const p = JSON.parse(preview.body) as ImportPreview;
    expect(p).toMatchObject({ file: 'müller.csv', format: 'pubmed-csv', encoding: 'windows-1252' });
    expect(p.report).toMatchObject({ records: 10_000, imported: 10_000, rejected: 0 });
    expect(seen).toBe(1);
    expect(uploads()).toEqual([]);

    const imported = await request(api.server.port, {
      path: '/api/importFile',
      headers: api.headers(),
      body: fileFrame({ name: 'müller.csv' }, bytes),
    });
    expect(imported.status, imported.body).toBe(200);
    expect((JSON.parse(imported.body) as ImportResult).files[0]).toMatchObject({ imported: 10_000 });
    expect(uploads()).toEqual([]);
    const info = api.project.sources();
    expect(info).toHaveLength(1);
    // The source's hash is that of the bytes sent, as of a file imported from disk.
    expect(info[0]!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // The names decoded as Windows-1252.
    expect(api.project.authorshipsCsv()).toContain(',Müller Ã,');
  });

  it('calls nothing and keeps no file when the upload stops half-way', async () => {
    const totals = api.project.totals();
    const body = fileFrame({ name: 'half.csv' }, Buffer.from(pubmedCsv(cohortRecords(8_000_000, 6_000))));
    await new Promise<void>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: api.server.port,
        method: 'POST',
        path: '/api/importFile',
        headers: { ...api.headers(), 'content-length': String(body.byteLength) },
      });
      req.on('error', () => resolve()); // the socket we cut
      req.on('response', () => reject(new Error('an upload stopped half-way was answered')));
      req.write(body.subarray(0, body.byteLength >> 1), () => {
        const wait = setInterval(() => {
          if (uploads().length === 0) return;
          clearInterval(wait);
          req.destroy();
        }, 2);
      });
    });
    await expect.poll(() => uploads(), { timeout: 10_000 }).toEqual([]);
    expect(api.project.totals()).toEqual(totals);
    expect(api.project.sources()).toHaveLength(1);
  });

  it('refuses a body that ends before its file, a frame of other fields, and an upload name it did not give', async () => {
    const file = Buffer.from(pubmedCsv(cohortRecords(9_000_000, 5)));
    const { head } = frameHead({ name: 'short.csv' }, [['content', file.byteLength + 100]]);
    const short = await request(api.server.port, {
      path: '/api/previewImport',
      headers: api.headers(),
      body: Buffer.concat([head, file]),
    });
    expect(short.status).toBe(400);
    expect(short.body).toContain('The request body ended before its file did.');

    const two = frameHead({ name: 'two.csv' }, [
      ['content', 3],
      ['other', 3],
    ]);
    const other = await request(api.server.port, {
      path: '/api/importFile',
      headers: api.headers(),
      body: Buffer.concat([two.head, Buffer.alloc(16)]),
    });
    expect(other.status).toBe(400);
    expect((JSON.parse(other.body) as { error: { message: string } }).error.message).toBe(
      'The request body: expected the file as its one binary field, "content".',
    );

    const forged = await request(api.server.port, {
      path: '/api/importFile',
      headers: api.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'x.csv', content: { upload: 'ab'.repeat(16) } }),
    });
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('x.csv: no file was received for this call.');
    const path_ = await request(api.server.port, {
      path: '/api/importFile',
      headers: api.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'x.csv', content: { upload: '/etc/passwd' } }),
    });
    expect(path_.status).toBe(400);
    expect(uploads()).toEqual([]);
    const info = (await request(api.server.port, {
      path: '/api/getProject',
      headers: api.headers({ 'content-type': 'application/json' }),
      body: '{}',
    })) as { body: string };
    expect((JSON.parse(info.body) as ProjectInfo).sources).toHaveLength(1);
  });
});
