// The import wizard's state (issue 3) and its pure updates: the files picked or dropped (their bytes
// stay in their Blobs), the format chosen (auto or forced), the generic-CSV column mapping, the back end's dry
// run (previewImport) and how its import went. Plus the pure mapping helpers (guess, validate).
// Orchestration (reading files, calling the API) is in wizardActions.ts.
import {
  GENERIC_FIELDS,
  type ColumnMap,
  type FormatId,
  type ImportPreview,
  type MappingPreset,
  type ProgressEvent,
} from '../../../shared/api';
import { createStore } from './store';

export type WizardFormat = FormatId | 'auto';

export interface WizardFile {
  id: number;
  name: string;
  /**
   * The file as picked or dropped: its bytes go to the back end with each dry run and the import (in
   * browser mode straight from disk), never read into the page.
   */
  blob: Blob;
  format: WizardFormat;
  map: ColumnMap;
  preview: ImportPreview | null;
  /** A preview request is under way. */
  previewing: boolean;
  /** The ticket of the last preview request (previewImport's): its progress events carry it. */
  ticket: string | null;
  /** How far the back end has read the file for the preview under way; null before its first event. */
  reading: { done: number; total: number; records: number } | null;
  /** The file could not be read or previewed (transport or read error, not a format problem). */
  failure: string | null;
  status: 'ready' | 'queued' | 'importing' | 'done' | 'failed';
}

export interface WizardState {
  open: boolean;
  files: WizardFile[];
  presets: MappingPreset[];
  committing: boolean;
}

export const initialWizard: WizardState = { open: false, files: [], presets: [], committing: false };

export const wizardStore = createStore<WizardState>(initialWizard);

let nextId = 1;

export function newFile(name: string, blob: Blob): WizardFile {
  return {
    id: nextId++,
    name,
    blob,
    format: 'auto',
    map: {},
    preview: null,
    previewing: true,
    ticket: null,
    reading: null,
    failure: null,
    status: 'ready',
  };
}

export function wizardOpened(state: WizardState, files: WizardFile[] = []): WizardState {
  // Reopening after an import starts afresh; reopening while files wait keeps them.
  const kept = state.files.filter((f) => f.status === 'ready');
  return { ...state, open: true, committing: false, files: [...kept, ...files] };
}

export function wizardClosed(state: WizardState): WizardState {
  if (state.committing) return state;
  return { ...state, open: false, files: [] };
}

export function fileUpdated(state: WizardState, id: number, patch: Partial<WizardFile>): WizardState {
  if (!state.files.some((f) => f.id === id)) return state;
  return { ...state, files: state.files.map((f) => (f.id === id ? { ...f, ...patch } : f)) };
}

/**
 * A progress event of a dry run (task 'preview'): for the file whose preview has the event's ticket
 * (another page's dry runs, or an older one of this file, have others). From a back end whose events
 * carry no ticket: for the file of that name whose preview is under way. Each preview starts afresh
 * (runPreview clears `reading`).
 */
export function previewProgressed(
  state: WizardState,
  e: Pick<ProgressEvent, 'task' | 'file' | 'done' | 'total' | 'records' | 'ticket'>,
): WizardState {
  if (e.task !== 'preview') return state;
  const f = state.files.find((x) =>
    e.ticket === undefined ? x.previewing && x.name === e.file : x.previewing && x.ticket === e.ticket,
  );
  if (!f) return state;
  return fileUpdated(state, f.id, { reading: { done: e.done, total: e.total, records: e.records } });
}

export function fileRemoved(state: WizardState, id: number): WizardState {
  if (state.committing) return state;
  return { ...state, files: state.files.filter((f) => f.id !== id) };
}

export function presetsLoaded(state: WizardState, presets: MappingPreset[]): WizardState {
  return { ...state, presets };
}

export function committingSet(state: WizardState, committing: boolean): WizardState {
  return { ...state, committing };
}

/** The format the file is read as: the forced one, else the detected one. */
export function effectiveFormat(f: WizardFile): FormatId | null {
  return f.format === 'auto' ? (f.preview?.format ?? null) : f.format;
}

/** Whether "Import all" would import this file (its dry run went through). */
export function isImportable(f: WizardFile): boolean {
  return !f.previewing && f.failure === null && f.preview?.report != null && mappingProblems(f).length === 0;
}

const GUESSES: [RegExp, string][] = [
  [/^(article |document |paper |publication )?title$/i, 'title'],
  [/^(authors?|author names?|author full names|byline)$/i, 'authors'],
  [/^(publication |pub\.? |published )?year$|^py$|^pub_?year$|^year published$/i, 'year'],
  [/^(publication |pub )?date$/i, 'date'],
  [/^doi$/i, 'doi'],
  [/^(pmid|pubmed id)$/i, 'pmid'],
  [/^eid$/i, 'eid'],
  [/^(ut|wos|wos ut|accession number)$/i, 'wos_ut'],
  [/^(journal|source|source title|journal title)$/i, 'journal'],
  [/^(cited by|citations|times cited)$/i, 'citations'],
  [/^(author )?keywords$/i, 'keywords'],
  [/^mesh( terms)?$/i, 'mesh'],
  [/^(affiliations?|address(es)?|institution)$/i, 'affiliation'],
];

/** A first mapping from column names (each field used once). */
export function guessMap(columns: string[]): ColumnMap {
  const map: ColumnMap = {};
  const used = new Set<string>();
  for (const column of columns) {
    const name = column.replace(/^\uFEFF/, '').trim();
    const hit = GUESSES.find(([re, field]) => re.test(name) && !used.has(field));
    if (hit) {
      map[column] = hit[1];
      used.add(hit[1]);
    }
  }
  return map;
}

/** What is wrong with a generic-CSV mapping (empty when it can be used). */
export function mappingProblems(f: Pick<WizardFile, 'format' | 'map' | 'preview'>): string[] {
  if (effectiveFormat(f as WizardFile) !== 'generic-csv') return [];
  const problems: string[] = [];
  const columns = new Set(f.preview?.columns ?? []);
  const byField = new Map<string, string[]>();
  for (const [column, field] of Object.entries(f.map)) {
    if (!(field in GENERIC_FIELDS)) problems.push(`"${column}": unknown field "${field}"`);
    if (columns.size > 0 && !columns.has(column)) problems.push(`the file has no column "${column}"`);
    const key = field === 'author' ? 'authors' : field;
    byField.set(key, [...(byField.get(key) ?? []), column]);
  }
  for (const [field, cols] of byField) {
    if (cols.length > 1)
      problems.push(`${field} is mapped from ${cols.length} columns (${cols.join(', ')}); keep one`);
  }
  if (!byField.has('title')) problems.push('map one column to title (required)');
  return problems;
}

/** A preset's mapping restricted to the columns this file has, and the columns it lacks. */
export function applyPreset(preset: MappingPreset, columns: string[]): { map: ColumnMap; missing: string[] } {
  const map: ColumnMap = {};
  const missing: string[] = [];
  for (const [column, field] of Object.entries(preset.map)) {
    if (columns.includes(column)) map[column] = field;
    else missing.push(column);
  }
  return { map, missing };
}

/**
 * The largest file the desktop app's wizard takes: it passes each file's bytes to the main process in
 * one message, which holds them while it reads them. In browser mode the server writes a file to disk
 * as it arrives and reads it from there, so the wizard takes files of any size.
 */
export const WIZARD_MAX_BYTES = 400 * 1024 * 1024;

/** Why a file is too large for the desktop app's wizard, and what takes it instead; null when it is not. */
export function tooLargeForWizard(name: string, bytes: number, desktop: boolean): string | null {
  if (!desktop || bytes <= WIZARD_MAX_BYTES) return null;
  const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en-US')} MB`;
  return (
    `${name} is ${mb(bytes)}: the wizard takes files up to ${mb(WIZARD_MAX_BYTES)}, as it passes each in memory. ` +
    'Import it with File › Import from Disk… (it reads the file from disk), or on the command line with kolmap import.'
  );
}
