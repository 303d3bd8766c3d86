// Cancelling an import (issue 3: "cancel or failure leaves the project as it was"): cancelImport() while
// importFile runs makes the import fail as cancelled, its transaction rolled back, the totals unchanged.
// cancelPreview(ticket) stops the wizard's dry run of that ticket, running or still queued.
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Envelope } from '../../electron/api';
import { generateDemo } from '../../fixtures/demo';
import type { ApiEvents, EventName, ImportPreview, ImportResult } from '../../shared/api';
import { pubmedCsv } from '../helpers/pubmedCsv';
import { tempProject } from '../helpers/tmp';

describe('cancelImport', () => {
  const project = tempProject();
  const events: EventName[] = [];
  let onProgress: ((e: ApiEvents['progress']) => void) | null = null;
  const handlers = createHandlers({
    project: () => project,
    emit: (event, payload) => {
      events.push(event);
      if (event === 'progress') onProgress?.(payload as ApiEvents['progress']);
    },
    host: {},
  });

  it('rolls a running import back when cancelled at its first progress event', async () => {
    const records = generateDemo(3);
    await handlers.importFile({ name: 'small.csv', content: pubmedCsv(records.slice(0, 40)) });
    const before = await handlers.getProject({});
    expect(before.totals.publications).toBeGreaterThan(0);
    expect(before.sources).toHaveLength(1);

    // A big file (several 1 MB chunks): the same records again and again, with fresh PMIDs.
    const many = Array.from({ length: 8 }, () => records).flat();
    const big = pubmedCsv(many);
    expect(big.length).toBeGreaterThan(2_000_000);

    const answers: { cancelled: boolean }[] = [];
    let progressEvents = 0;
    onProgress = () => {
      progressEvents++;
      if (progressEvents === 1) void handlers.cancelImport({}).then((a) => answers.push(a));
    };
    const outcome = await dispatch(handlers, 'importFile', { name: 'big.csv', content: big });
    onProgress = null;
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^big\.csv: the import was cancelled\./) },
    });
    expect(answers).toEqual([{ cancelled: true }]);
    // Stopped early: far fewer progress events than a whole import of several MB would send.
    expect(progressEvents).toBeLessThan(5);

    const after = await handlers.getProject({});
    expect(after.totals).toEqual(before.totals);
    expect(after.sources).toEqual(before.sources);
    expect(project.totals()).toEqual(before.totals);
  });

  it('answers false with no import running, and the next import is not cancelled', async () => {
    expect(await handlers.cancelImport({})).toEqual({ cancelled: false });
    const before = await handlers.getProject({});
    const records = generateDemo(4).slice(0, 25);
    const result = await handlers.importFile({ name: 'next.csv', content: pubmedCsv(records) });
    expect(result.files[0]!.records).toBe(25);
    const after = await handlers.getProject({});
    expect(after.sources).toHaveLength(before.sources.length + 1);
  });
});

describe('cancelPreview', () => {
  const project = tempProject();
  let onProgress: ((e: ApiEvents['progress']) => void) | null = null;
  const handlers = createHandlers({
    project: () => project,
    emit: (event, payload) => {
      if (event === 'progress') onProgress?.(payload as ApiEvents['progress']);
    },
    host: {},
  });
  const records = generateDemo(5);
  // Several 1 MB chunks of the reader: the same records again and again, with fresh PMIDs.
  const big = () => Buffer.from(pubmedCsv(Array.from({ length: 8 }, () => records).flat()));

  it('stops a running dry run, which then reads no further, and the next call runs at once', async () => {
    const before = await handlers.getProject({});
    const bytes = big();
    const size = bytes.length;
    const seen: ApiEvents['progress'][] = [];
    const answers: { cancelled: boolean }[] = [];
    onProgress = (e) => {
      seen.push(e);
      if (seen.length === 1) void handlers.cancelPreview({ ticket: 'big-1' }).then((a) => answers.push(a));
    };
    const preview = dispatch(handlers, 'previewImport', { name: 'big.csv', content: bytes, ticket: 'big-1' });
    // Queued behind the dry run: a small import, which waits only until the cancel is seen.
    const next = dispatch(handlers, 'importFile', {
      name: 'next.csv',
      content: pubmedCsv(records.slice(40, 60)),
    });
    expect(await preview).toEqual({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: expect.stringMatching(/^big\.csv: the dry run was cancelled\. The project was not changed/),
      },
    });
    onProgress = null;
    expect(answers).toEqual([{ cancelled: true }]);
    // Its events carry its ticket, so the page knows which dry run they are of.
    expect(seen.filter((e) => e.task === 'preview').every((e) => e.ticket === 'big-1')).toBe(true);
    expect(seen.filter((e) => e.task === 'import').some((e) => 'ticket' in e)).toBe(false);
    const previewRead = seen.filter((e) => e.task === 'preview').map((e) => e.done);
    expect(previewRead.length).toBeGreaterThan(0);
    expect(previewRead.length).toBeLessThan(4);
    expect(Math.max(...previewRead)).toBeLessThan(size / 2);
    const imported = (await next) as Envelope<ImportResult>;
    expect(imported.ok && imported.result.files[0]!.imported).toBe(20);
    const after = await handlers.getProject({});
    expect(after.totals.publications).toBe(before.totals.publications + 20);
    // The ticket is gone once its dry run ended.
    expect(await handlers.cancelPreview({ ticket: 'big-1' })).toEqual({ cancelled: false });
  });

  it('drops a queued dry run before it reads anything, and leaves others of other tickets alone', async () => {
    const seen: string[] = [];
    onProgress = (e) => seen.push(`${e.task} ${e.file}`);
    const first = dispatch(handlers, 'previewImport', { name: 'a.csv', content: big(), ticket: 'a' });
    const second = dispatch(handlers, 'previewImport', { name: 'b.csv', content: big(), ticket: 'b' });
    const third = dispatch(handlers, 'previewImport', {
      name: 'c.csv',
      content: pubmedCsv(records.slice(0, 10)),
      ticket: 'c',
    });
    expect(await handlers.cancelPreview({ ticket: 'b' })).toEqual({ cancelled: true });
    const [a, b, c] = (await Promise.all([first, second, third])) as [
      Envelope<ImportPreview>,
      Envelope<ImportPreview>,
      Envelope<ImportPreview>,
    ];
    onProgress = null;
    expect(a.ok && a.result.report?.records).toBe(records.length * 8);
    expect(b).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^b\.csv: the dry run was cancelled/) },
    });
    expect(c.ok && c.result.report?.records).toBe(10);
    expect(seen).toContain('preview a.csv');
    expect(seen).not.toContain('preview b.csv');
    expect(await handlers.cancelPreview({ ticket: 'nobody' })).toEqual({ cancelled: false });
  });

  it('refuses a dry run whose ticket was cancelled before it arrived (its file still uploading)', async () => {
    const seen: string[] = [];
    onProgress = (e) => seen.push(`${e.task} ${e.file}`);
    expect(await handlers.cancelPreview({ ticket: 'early' })).toEqual({ cancelled: false });
    const late = await dispatch(handlers, 'previewImport', {
      name: 'late.csv',
      content: big(),
      ticket: 'early',
    });
    expect(late).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^late\.csv: the dry run was cancelled/) },
    });
    expect(seen).toEqual([]);
    // Only once: the same ticket again is a new dry run.
    const again = (await dispatch(handlers, 'previewImport', {
      name: 'again.csv',
      content: pubmedCsv(records.slice(0, 3)),
      ticket: 'early',
    })) as Envelope<ImportPreview>;
    onProgress = null;
    expect(again.ok && again.result.report?.records).toBe(3);
  });
});
