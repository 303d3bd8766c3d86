// Cancelling an import (issue 3: "cancel or failure leaves the project as it was"): cancelImport() while
// importFile runs makes the import fail as cancelled, its transaction rolled back, the totals unchanged.
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../electron/api';
import { generateDemo } from '../../fixtures/demo';
import type { ApiEvents, EventName } from '../../shared/api';
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
