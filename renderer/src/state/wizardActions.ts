// The import wizard's actions: take the picked or dropped files, ask the back end for a dry run of each
// (previewImport: exact counts, nothing stored), re-run it when the format or the mapping changes,
// manage mapping presets, and import the files one by one (each its own transaction) into the
// project, then hand the outcomes to the import report. Components call these; state is in wizard.ts.
import type { ColumnMap, FileReport, ImportPreview, Rejection } from '../../../shared/api';
import { neutraliseCell, quoteCsv } from '../../../shared/analytics/export';
import { client } from '../api';
import { fileSlug } from '../lib/format';
import { refreshProject, scheduleAnalysis, store } from './actions';
import { analysisStarted, importFinished, importStarted, type ImportOutcome } from './app';
import {
  applyPreset,
  committingSet,
  effectiveFormat,
  fileRemoved,
  fileUpdated,
  guessMap,
  isImportable,
  mappingProblems,
  newFile,
  presetsLoaded,
  tooLargeForWizard,
  wizardClosed,
  wizardOpened,
  wizardStore,
  type WizardFile,
  type WizardFormat,
} from './wizard';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function fileById(id: number): WizardFile | undefined {
  return wizardStore.get().files.find((f) => f.id === id);
}

// The latest preview request per file: older answers are dropped.
const previewSeq = new Map<number, number>();
const previewTimers = new Map<number, ReturnType<typeof setTimeout>>();
// What stops sending each file's dry run, while it is sent, runs or waits in the back end (its ticket
// is the file's `ticket`).
const previewUploads = new Map<number, AbortController>();

/** A name for a dry run no other page of this project will use (getRandomValues: any context). */
function newTicket(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * Stops the file's dry run in the back end, if one runs or waits there: its answer is no longer wanted
 * (the file was removed, re-checked as another format, or the wizard closed), and a large file's dry
 * run would hold the project's write queue for as long as it takes to read.
 */
function cancelPreview(id: number): void {
  const timer = previewTimers.get(id);
  if (timer) {
    clearTimeout(timer);
    previewTimers.delete(id);
  }
  const upload = previewUploads.get(id);
  const ticket = fileById(id)?.ticket;
  if (upload === undefined || !ticket) return;
  previewUploads.delete(id);
  upload.abort();
  client.api.cancelPreview({ ticket }).catch(() => {
    // An older back end without cancelPreview: the dry run runs to its end and its answer is dropped.
  });
}

async function runPreview(id: number): Promise<void> {
  const f = fileById(id);
  if (!f) return;
  const seq = (previewSeq.get(id) ?? 0) + 1;
  previewSeq.set(id, seq);
  cancelPreview(id);
  const ticket = newTicket();
  const upload = new AbortController();
  previewUploads.set(id, upload);
  wizardStore.set((s) => fileUpdated(s, id, { previewing: true, ticket, reading: null, failure: null }));
  const generic = f.format === 'generic-csv';
  try {
    const preview: ImportPreview = await client.sendFile(
      'previewImport',
      {
        name: f.name,
        ticket,
        ...(f.format === 'auto' ? {} : { format: f.format }),
        ...(generic && Object.keys(f.map).length > 0 ? { map: f.map } : {}),
      },
      f.blob,
      upload.signal,
    );
    if (previewUploads.get(id) === upload) previewUploads.delete(id);
    if (previewSeq.get(id) !== seq) return;
    wizardStore.set((s) => fileUpdated(s, id, { preview, previewing: false }));
    // A generic CSV seen for the first time: start from a mapping guessed from its column names.
    const now = fileById(id);
    if (now && now.format === 'generic-csv' && Object.keys(now.map).length === 0 && preview.columns.length) {
      const map = guessMap(preview.columns);
      if (Object.keys(map).length) setMapping(id, map);
    }
  } catch (err) {
    if (previewUploads.get(id) === upload) previewUploads.delete(id);
    if (previewSeq.get(id) !== seq) return;
    wizardStore.set((s) => fileUpdated(s, id, { previewing: false, failure: message(err) }));
  }
}

function schedulePreview(id: number, delayMs: number): void {
  const timer = previewTimers.get(id);
  if (timer) clearTimeout(timer);
  wizardStore.set((s) => fileUpdated(s, id, { previewing: true }));
  previewTimers.set(
    id,
    setTimeout(() => {
      previewTimers.delete(id);
      void runPreview(id);
    }, delayMs),
  );
}

async function checkAndPreview(id: number): Promise<void> {
  const f = fileById(id);
  if (!f) return;
  const tooLarge = tooLargeForWizard(f.name, f.blob.size, client.transport === 'ipc');
  if (tooLarge) {
    wizardStore.set((s) => fileUpdated(s, id, { previewing: false, failure: tooLarge }));
    return;
  }
  await runPreview(id);
}

export async function loadPresets(): Promise<void> {
  try {
    const presets = await client.api.getMappingPresets({});
    wizardStore.set((s) => presetsLoaded(s, presets));
  } catch {
    // A project without presets (older schema) simply offers none.
    wizardStore.set((s) => presetsLoaded(s, []));
  }
}

/** Opens the wizard, with these files added (from the picker, a drop, or none). */
export function openWizard(files: File[] = []): void {
  if (store.get().importing) return;
  const entries = files.map((f) => newFile(f.name, f));
  wizardStore.set((s) => wizardOpened(s, entries));
  void loadPresets();
  entries.forEach((entry) => void checkAndPreview(entry.id));
}

export function addFiles(files: File[]): void {
  openWizard(files);
}

export function closeWizard(): void {
  for (const f of wizardStore.get().files) cancelPreview(f.id);
  wizardStore.set(wizardClosed);
}

export function removeFile(id: number): void {
  cancelPreview(id);
  wizardStore.set((s) => fileRemoved(s, id));
}

export function setFormat(id: number, format: WizardFormat): void {
  const f = fileById(id);
  if (!f || f.format === format) return;
  let map = f.map;
  if (format === 'generic-csv' && Object.keys(map).length === 0) map = guessMap(f.preview?.columns ?? []);
  wizardStore.set((s) => fileUpdated(s, id, { format, map }));
  schedulePreview(id, 0);
}

/** Sets a generic-CSV mapping; the dry run follows once the mapping is valid. */
export function setMapping(id: number, map: ColumnMap): void {
  wizardStore.set((s) => fileUpdated(s, id, { map }));
  const f = fileById(id);
  if (f && mappingProblems(f).length === 0) schedulePreview(id, 250);
}

/** Applies a saved preset to a file; returns the preset's columns the file does not have. */
export function loadPresetInto(id: number, name: string): string[] {
  const f = fileById(id);
  const preset = wizardStore.get().presets.find((p) => p.name === name);
  if (!f || !preset) return [];
  const { map, missing } = applyPreset(preset, f.preview?.columns ?? []);
  setMapping(id, map);
  return missing;
}

export async function savePreset(name: string, map: ColumnMap): Promise<string | null> {
  try {
    await client.api.saveMappingPreset({ name, map });
    await loadPresets();
    return null;
  } catch (err) {
    return message(err);
  }
}

export async function deletePreset(name: string): Promise<string | null> {
  try {
    await client.api.deleteMappingPreset({ name });
    await loadPresets();
    return null;
  } catch (err) {
    return message(err);
  }
}

// Set by cancelImport() while importAll runs: the running file is rolled back by the back end and the
// files after it are not imported.
let cancelRequested = false;

/** Cancels the running import: the file being imported is rolled back, the files after it are skipped. */
export async function cancelImport(): Promise<void> {
  if (!store.get().importing) return;
  cancelRequested = true;
  try {
    await client.api.cancelImport({});
  } catch {
    // An older back end without cancelImport: the remaining files are still skipped.
  }
}

/**
 * Imports every file whose dry run went through, one by one (each is its own transaction on the back
 * end, so duplicates across the files are found), then shows the import report and re-analyses.
 */
export async function importAll(): Promise<void> {
  const { files, committing } = wizardStore.get();
  if (committing || store.get().importing) return;
  const todo = files.filter(isImportable);
  if (todo.length === 0) return;
  wizardStore.set((s) => committingSet(s, true));
  for (const f of todo) wizardStore.set((s) => fileUpdated(s, f.id, { status: 'queued' }));
  const outcomes: ImportOutcome[] = [];
  cancelRequested = false;
  store.set((s) => analysisStarted(s, 'Importing'));
  for (const [i, f] of todo.entries()) {
    if (cancelRequested) {
      outcomes.push({ file: f.name, report: null, error: 'The import was cancelled: nothing was imported.' });
      wizardStore.set((s) => fileUpdated(s, f.id, { status: 'failed' }));
      continue;
    }
    store.set((s) => importStarted(s, f.name, i, todo.length));
    wizardStore.set((s) => fileUpdated(s, f.id, { status: 'importing' }));
    try {
      const result = await client.sendFile(
        'importFile',
        {
          name: f.name,
          ...(f.format === 'auto' ? {} : { format: f.format }),
          ...(effectiveFormat(f) === 'generic-csv' ? { map: f.map } : {}),
        },
        f.blob,
      );
      for (const report of result.files) outcomes.push({ file: report.file, report, error: null });
      wizardStore.set((s) => fileUpdated(s, f.id, { status: 'done' }));
    } catch (err) {
      outcomes.push({ file: f.name, report: null, error: message(err) });
      wizardStore.set((s) => fileUpdated(s, f.id, { status: 'failed' }));
    }
  }
  cancelRequested = false;
  store.set((s) => importFinished(s, outcomes));
  wizardStore.set((s) => wizardClosed(committingSet(s, false)));
  await refreshProject();
  scheduleAnalysis(0);
}

/** Rejected lines as CSV (file, line, reason, raw), injection-guarded, with a BOM for Excel. */
export function rejectionsCsv(file: string, rows: (Rejection & { raw?: string })[]): string {
  const cell = (v: string | number): string => quoteCsv(neutraliseCell(String(v)));
  const lines = ['file,line,reason,raw'];
  for (const r of rows) lines.push([cell(file), r.line, cell(r.reason), cell(r.raw ?? '')].join(','));
  return '\uFEFF' + lines.join('\n') + '\n';
}

/**
 * Saves the rejected lines of an imported file as CSV. The raw text of each line comes from the
 * project (getRejections of the newest source with this name and counts) when it can be found.
 */
export async function exportRejections(report: FileReport): Promise<{ saved: boolean; name: string }> {
  let rows: (Rejection & { raw?: string })[] = report.rejections;
  const source = [...(store.get().project?.sources ?? [])]
    .reverse()
    .find((s) => s.name === report.file && s.records === report.records && s.rejected === report.rejected);
  if (source) {
    try {
      rows = (await client.api.getRejections({ sourceId: source.id })).rejections;
    } catch {
      // Keep the report's lines and reasons.
    }
  }
  const name = `${fileSlug(report.file.replace(/\.[^.]+$/, ''))}-rejected.csv`;
  const saved = await client.saveFile(name, rejectionsCsv(report.file, rows));
  return { saved: saved.saved, name };
}

/** The dry run's rejected lines as CSV, before importing (no raw text: nothing is stored yet). */
export async function exportPreviewRejections(f: WizardFile): Promise<void> {
  const report = f.preview?.report;
  if (!report) return;
  const name = `${fileSlug(f.name.replace(/\.[^.]+$/, ''))}-rejected-preview.csv`;
  await client.saveFile(name, rejectionsCsv(f.name, report.rejections));
}
