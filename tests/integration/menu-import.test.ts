// File > Import from Disk… in the desktop app (electron/api importFromMenu, which electron/main.ts calls with the
// paths its own dialog returned): queued with the window's writes, its progress events marked 'menu'
// so the window shows them, a 'project-changed' event at its end whatever the outcome, and the
// window's Cancel (cancelImport, through the flags both share) stops it and rolls it back.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, importFromMenu, WriteQueue, type RunningImport } from '../../electron/api';
import { Project } from '../../electron/db';
import { ImportCancelledError } from '../../electron/import';
import type { ApiEvents, EventName, ProgressEvent } from '../../shared/api';
import { generatePubmedCsv } from '../bench/generate';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const big = path.join(dir, 'menu-big.csv');
const generated = generatePubmedCsv(big, { publications: 20_000, seed: 11 });

function desktop(file: string) {
  const project = Project.open(file);
  const writes = new WriteQueue();
  const imports: RunningImport = { import: false, cancel: false };
  const events: { event: EventName; payload: unknown }[] = [];
  let onEvent: ((event: EventName, payload: unknown) => void) | null = null;
  const emit = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    events.push({ event, payload });
    onEvent?.(event, payload);
  };
  const handlers = createHandlers({ project: () => project, writes, imports, emit, host: {} });
  const menu = (paths: string[]) => importFromMenu({ project: () => project, writes, imports, emit }, paths);
  return {
    project,
    handlers,
    events,
    menu,
    imports,
    on: (f: typeof onEvent) => (onEvent = f),
  };
}

describe('File > Import from Disk… (the desktop menu)', () => {
  it("is cancelled by the window's Cancel, rolled back, and ends with a project-changed event", async () => {
    const d = desktop(path.join(dir, 'cancel.kolmap'));
    try {
      expect(await d.handlers.cancelImport({})).toEqual({ cancelled: false });
      const answers: { cancelled: boolean }[] = [];
      d.on((event) => {
        if (event === 'progress' && answers.length === 0) {
          answers.push({ cancelled: false });
          void d.handlers.cancelImport({}).then((a) => (answers[0] = a));
        }
      });
      await expect(d.menu([big])).rejects.toBeInstanceOf(ImportCancelledError);
      expect(answers).toEqual([{ cancelled: true }]);
      expect(d.imports).toEqual({ import: false, cancel: false });
      expect(d.project.totals().publications).toBe(0);
      expect(d.project.sources()).toEqual([]);
      const progress = d.events.filter((e) => e.event === 'progress').map((e) => e.payload as ProgressEvent);
      expect(progress.length).toBeGreaterThan(0);
      expect(
        progress.every((e) => e.origin === 'menu' && e.task === 'import' && e.file === 'menu-big.csv'),
      ).toBe(true);
      expect(d.events.at(-1)).toMatchObject({
        event: 'project-changed',
        payload: { totals: { publications: 0 } },
      });
    } finally {
      d.project.close();
    }
  });

  it("imports in turn with the window's writes, reporting each stage as the menu's", async () => {
    const d = desktop(path.join(dir, 'menu.kolmap'));
    try {
      d.on(null);
      const running = d.menu([big]);
      // A write of the window waits for it.
      const preset = d.handlers.saveMappingPreset({ name: 'after', map: { Title: 'title' } });
      const result = await running;
      await preset;
      expect(result.files[0]).toMatchObject({ file: 'menu-big.csv', imported: generated.publications });
      expect(d.project.totals().authorships).toBe(generated.authorships);
      const progress = d.events.filter((e) => e.event === 'progress').map((e) => e.payload as ProgressEvent);
      const stages = [...new Set(progress.map((e) => e.stage ?? 'reading'))];
      expect(stages[0]).toBe('reading');
      expect(stages).toContain('people');
      expect(stages.at(-1)).toBe('saving');
      expect(progress.every((e) => e.origin === 'menu')).toBe(true);
      const changed = d.events.filter((e) => e.event === 'project-changed');
      expect(changed).toHaveLength(1);
      expect(changed[0]!.payload).toMatchObject({ totals: { publications: generated.publications } });
    } finally {
      d.project.close();
    }
  });
});
