// The import strip's state (renderer/src/state/app.ts): the wizard's imports start it themselves; an
// import the desktop menu started (File > Import from Disk…: progress events marked origin 'menu') starts it from
// its first event and ends it with the 'project-changed' event that follows it; the events of one kind
// of import never move the other's strip. A wizard's dry run (task 'preview') moves its file's card only.
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/api';
import {
  importFinished,
  importProgressed,
  importStarted,
  initialState,
  menuImportEnded,
} from '../../renderer/src/state/app';
import {
  fileUpdated,
  newFile,
  previewProgressed,
  wizardOpened,
  wizardStore,
} from '../../renderer/src/state/wizard';

const event = (over: Partial<ProgressEvent>): ProgressEvent => ({
  task: 'import',
  file: 'a.csv',
  done: 10,
  total: 100,
  records: 3,
  ...over,
});

describe('the import strip state', () => {
  it('starts from the first event of a menu import, follows its files and stages, and ends with it', () => {
    let s = importProgressed(initialState, event({ origin: 'menu', file: 'pubmed.csv' }));
    expect(s.importing).toEqual({
      fileIndex: 0,
      fileCount: 1,
      file: 'pubmed.csv',
      stage: 'reading',
      done: 10,
      total: 100,
      records: 3,
      origin: 'menu',
    });
    s = importProgressed(s, event({ origin: 'menu', file: 'scopus.csv', done: 50 }));
    expect(s.importing).toMatchObject({ file: 'scopus.csv', done: 50, stage: 'reading' });
    s = importProgressed(
      s,
      event({ origin: 'menu', file: 'scopus.csv', stage: 'people', done: 2, total: 9 }),
    );
    expect(s.importing).toMatchObject({ stage: 'people', done: 2, total: 9, origin: 'menu' });
    // A wizard's import queued behind it: its events are not this strip's.
    expect(importProgressed(s, event({ file: 'other.csv', done: 99 }))).toBe(s);
    expect(menuImportEnded(s).importing).toBeNull();
  });

  it("ignores events nobody started a strip for: the wizard's after its end, the demo's", () => {
    expect(importProgressed(initialState, event({}))).toBe(initialState);
    expect(importProgressed(initialState, event({ task: 'demo', origin: 'menu' }))).toBe(initialState);
  });

  it("leaves the wizard's strip to the wizard: menu events and project changes do not move or end it", () => {
    let s = importStarted(initialState, 'wizard.csv', 1, 3);
    expect(importProgressed(s, event({ origin: 'menu', file: 'menu.csv' }))).toBe(s);
    s = importProgressed(s, event({ file: 'server-name.csv', stage: 'authorships', done: 5, total: 7 }));
    // The wizard names its own file (the back end's name may differ); the rest comes from the event.
    expect(s.importing).toEqual({
      fileIndex: 1,
      fileCount: 3,
      file: 'wizard.csv',
      stage: 'authorships',
      done: 5,
      total: 7,
      records: 3,
    });
    expect(menuImportEnded(s)).toBe(s);
    expect(importFinished(s, []).importing).toBeNull();
  });
});

describe('a dry run of the wizard (progress events of task preview)', () => {
  const blob = (bytes: number) => new Blob([new Uint8Array(bytes)]);

  it('moves the card of the file being previewed, never the import strip', () => {
    const running = importStarted(initialState, 'b.csv', 0, 1);
    expect(importProgressed(running, event({ task: 'preview', file: 'b.csv' }))).toBe(running);
    expect(importProgressed(initialState, event({ task: 'preview', origin: 'menu' }))).toBe(initialState);

    const a = newFile('a.csv', blob(100));
    const b = newFile('b.csv', blob(200));
    let w = wizardOpened(wizardStore.get(), [a, b]);
    w = previewProgressed(w, event({ task: 'preview', file: 'b.csv', done: 50, total: 200, records: 7 }));
    expect(w.files.map((f) => f.reading)).toEqual([null, { done: 50, total: 200, records: 7 }]);
    // An import's events, and a file whose preview is over, leave the cards as they are.
    expect(previewProgressed(w, event({ task: 'import', file: 'a.csv' }))).toBe(w);
    const done = fileUpdated(w, a.id, { previewing: false });
    expect(previewProgressed(done, event({ task: 'preview', file: 'a.csv' }))).toBe(done);
  });

  it("moves the card whose dry run has the event's ticket, when two files share a name", () => {
    const first = newFile('export.csv', blob(100));
    const second = newFile('export.csv', blob(300));
    let w = wizardOpened(wizardStore.get(), [first, second]);
    w = fileUpdated(w, first.id, { ticket: 't-first' });
    w = fileUpdated(w, second.id, { ticket: 't-second' });
    const read = (ticket: string, done: number) =>
      event({ task: 'preview', file: 'export.csv', done, total: 300, records: 1, ticket });
    w = previewProgressed(w, read('t-second', 120));
    expect(w.files.map((f) => f.reading?.done ?? null)).toEqual([null, 120]);
    w = previewProgressed(w, read('t-first', 40));
    expect(w.files.map((f) => f.reading?.done ?? null)).toEqual([40, 120]);
    // Another page's dry run of a file of the same name (a ticket of its own) moves neither.
    expect(previewProgressed(w, read('t-other-page', 250))).toBe(w);
  });
});
