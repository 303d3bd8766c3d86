// The renderer's state and its pure updates (gephi-lite style): every function takes a state and
// returns a new one. actions.ts sequences them around API calls and the analysis worker.
import type { FileReport, ImportStage, ProgressEvent, ProjectInfo } from '../../../shared/api';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { defaultView, filtersChanged, viewChanged, type Filters, type ViewState } from './view';

export type AnalysisStatus = 'running' | 'ready' | 'error';

export interface AnalysisState {
  status: AnalysisStatus;
  phase: string;
  /** 0..1 for the current phase. */
  fraction: number;
  error: string | null;
  result: AnalysisResult | null;
  durationMs: number | null;
  /**
   * Where `result` came from the project's analysis cache (issue 8): 'current' when it matched the data
   * and settings, 'stale' when the data changed since (shown while the new result is computed); null
   * when it was computed now.
   */
  cached?: 'current' | 'stale' | null;
}

export interface YearScope {
  /** Therapeutic area id (api.getAreas); null for all publications. */
  ta: string | null;
  since: number | null;
  until: number | null;
}

/** Where a selection came from: the map does not fly to a node the user just clicked, the table does not scroll to a row just clicked. */
export type SelectionSource = 'map' | 'table' | 'search' | 'panel' | 'legend';

export interface Selection {
  id: number;
  source: SelectionSource;
  /** Bumps on every select, so re-selecting the same person re-focuses it. */
  serial: number;
}

export interface ImportProgress {
  fileIndex: number;
  fileCount: number;
  file: string;
  /** What the import of the current file is doing: reading it, then the stages after reading. */
  stage: ImportStage;
  /** Done / total of the stage, as the back end reports them (bytes while reading). */
  done: number;
  total: number;
  records: number;
  /** 'menu': an import the desktop app's File > Import from Disk… started; absent: the wizard's. */
  origin?: 'menu';
}

export interface ImportOutcome {
  file: string;
  report: FileReport | null;
  error: string | null;
}

export interface AppState {
  project: ProjectInfo | null;
  projectError: string | null;
  scope: YearScope;
  /** First and last publication year seen in the data (for the scope slider). */
  yearSpan: [number, number] | null;
  analysis: AnalysisState;
  selection: Selection | null;
  importing: ImportProgress | null;
  importReport: ImportOutcome[] | null;
  /** Whether the report dialog is open; the report itself stays so the closing dialog keeps its content. */
  importReportOpen: boolean;
  demoLoading: boolean;
  /** Encodings, filters, ego mode and table columns (view.ts). */
  view: ViewState;
}

export const initialState: AppState = {
  project: null,
  projectError: null,
  scope: { ta: null, since: null, until: null },
  yearSpan: null,
  analysis: {
    status: 'running',
    phase: 'Opening project',
    fraction: 0,
    error: null,
    result: null,
    durationMs: null,
  },
  selection: null,
  importing: null,
  importReport: null,
  importReportOpen: false,
  demoLoading: false,
  view: defaultView,
};

export function projectLoaded(state: AppState, project: ProjectInfo): AppState {
  return { ...state, project, projectError: null };
}

export function projectFailed(state: AppState, message: string): AppState {
  return {
    ...state,
    projectError: message,
    analysis: { ...state.analysis, status: 'error', error: message },
  };
}

export function isEmptyProject(state: AppState): boolean {
  return state.project !== null && state.project.totals.publications === 0;
}

export function analysisStarted(state: AppState, phase: string): AppState {
  return { ...state, analysis: { ...state.analysis, status: 'running', phase, fraction: 0, error: null } };
}

export function analysisProgressed(state: AppState, phase: string, fraction: number): AppState {
  const a = state.analysis;
  if (a.status !== 'running' || (a.phase === phase && a.fraction === fraction)) return state;
  return { ...state, analysis: { ...a, phase, fraction: Math.max(0, Math.min(1, fraction)) } };
}

export function analysisDone(
  state: AppState,
  result: AnalysisResult,
  durationMs: number,
  cached: 'current' | null = null,
): AppState {
  // A selection survives a re-run only if the person is still in scope.
  const keep = state.selection && result.people.some((p) => p.id === state.selection?.id);
  return {
    ...state,
    analysis: { status: 'ready', phase: 'Ready', fraction: 1, error: null, result, durationMs, cached },
    selection: keep ? state.selection : null,
  };
}

/**
 * A cached result shown while the analysis still runs: from older data ('stale', while the new one is
 * computed), or the head of a current one ('current': its top-ranked people, shown at once while the
 * rest is read; the whole result then arrives through analysisDone).
 */
export function analysisCached(
  state: AppState,
  result: AnalysisResult,
  cached: 'current' | 'stale',
): AppState {
  if (state.analysis.status !== 'running') return state;
  const keep = state.selection && result.people.some((p) => p.id === state.selection?.id);
  return {
    ...state,
    analysis: { ...state.analysis, result, cached },
    selection: keep ? state.selection : null,
  };
}

export function analysisFailed(state: AppState, message: string): AppState {
  return { ...state, analysis: { ...state.analysis, status: 'error', error: message } };
}

/** Widens the known year span with the years of a freshly loaded input. */
export function yearsSeen(state: AppState, years: [number, number] | null, unscoped: boolean): AppState {
  if (!years) return unscoped ? { ...state, yearSpan: null } : state;
  const old = state.yearSpan;
  const span: [number, number] =
    unscoped || !old ? years : [Math.min(old[0], years[0]), Math.max(old[1], years[1])];
  if (old && old[0] === span[0] && old[1] === span[1]) return state;
  return { ...state, yearSpan: span };
}

export function scopeChanged(state: AppState, scope: YearScope): AppState {
  const s = state.scope;
  if (s.ta === scope.ta && s.since === scope.since && s.until === scope.until) return state;
  return { ...state, scope };
}

export function personSelected(state: AppState, id: number | null, source: SelectionSource): AppState {
  // Ego mode has no centre without a selection: it ends with it.
  if (id === null)
    return state.selection ? { ...state, selection: null, view: viewChanged(state.view, { ego: 0 }) } : state;
  return { ...state, selection: { id, source, serial: (state.selection?.serial ?? 0) + 1 } };
}

export function viewUpdated(state: AppState, patch: Partial<ViewState>): AppState {
  const view = viewChanged(state.view, patch);
  return view === state.view ? state : { ...state, view };
}

export function filtersUpdated(state: AppState, patch: Partial<Filters>): AppState {
  const view = filtersChanged(state.view, patch);
  return view === state.view ? state : { ...state, view };
}

/** Escape: no selection, no ego mode, no focused community. */
export function focusCleared(state: AppState): AppState {
  const view = viewChanged(state.view, { ego: 0, focusedCommunity: null });
  if (!state.selection && view === state.view) return state;
  return { ...state, selection: null, view };
}

/** A saved view (persist.ts) applied before the first analysis; the selection survives if the person is in scope. */
export function viewRestored(
  state: AppState,
  saved: { view: ViewState; scope: YearScope; selected: number | null },
): AppState {
  return {
    ...state,
    view: saved.view,
    scope: saved.scope,
    selection:
      saved.selected === null
        ? null
        : { id: saved.selected, source: 'panel', serial: (state.selection?.serial ?? 0) + 1 },
  };
}

export function importStarted(state: AppState, file: string, fileIndex: number, fileCount: number): AppState {
  return {
    ...state,
    importing: { fileIndex, fileCount, file, stage: 'reading', done: 0, total: 0, records: 0 },
    importReport: null,
    importReportOpen: false,
  };
}

export function importProgressed(
  state: AppState,
  e: Pick<ProgressEvent, 'stage' | 'done' | 'total' | 'records'> &
    Partial<Pick<ProgressEvent, 'task' | 'file' | 'origin'>>,
): AppState {
  const { done, total, records } = e;
  const stage = e.stage ?? 'reading';
  // A wizard's dry run: its card's, not the strip's (wizard.ts previewProgressed).
  if (e.task === 'preview') return state;
  if (!state.importing) {
    // An import the desktop menu started: shown, and cancellable, like the wizard's, until the
    // 'project-changed' event that follows its end (menuImportEnded).
    if (e.origin !== 'menu' || e.task !== 'import') return state;
    return {
      ...state,
      importing: {
        fileIndex: 0,
        fileCount: 1,
        file: e.file ?? '',
        stage,
        done,
        total,
        records,
        origin: 'menu',
      },
    };
  }
  // Events of the other kind of import (one queued behind this one) are not this strip's.
  if (state.importing.origin !== e.origin) return state;
  const file = e.origin === 'menu' && e.file ? e.file : state.importing.file;
  return { ...state, importing: { ...state.importing, file, stage, done, total, records } };
}

/** The end of a menu import (the 'project-changed' event after it): its strip goes. */
export function menuImportEnded(state: AppState): AppState {
  return state.importing?.origin === 'menu' ? { ...state, importing: null } : state;
}

export function importFinished(state: AppState, outcomes: ImportOutcome[]): AppState {
  return { ...state, importing: null, importReport: outcomes, importReportOpen: true };
}

export function importReportClosed(state: AppState): AppState {
  return state.importReportOpen ? { ...state, importReportOpen: false } : state;
}

export function demoLoading(state: AppState, loading: boolean): AppState {
  return state.demoLoading === loading ? state : { ...state, demoLoading: loading };
}
