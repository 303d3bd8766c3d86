// Actions: the only place that calls the API and the analysis worker and then applies pure updates
// (app.ts) to the store. Components call these; they never fetch or mutate state themselves.
import type { ApiEvents, LayoutPosition, ProjectInfo, Scope, StoredLayout } from '../../../shared/api';
import type { AnalysisOptions, AnalysisResult, RankedPerson } from '../../../shared/analytics/types';
import { rankedCsv } from '../../../shared/analytics/export';
import { client } from '../api';
import { exposeForTests } from '../graph/testHook';
import { fileSlug } from '../lib/format';
import { AnalysisCancelled, AnalysisRunner } from '../workers/analysisClient';
import { filteredGexf, filteredGraphml } from '../graph/export';
import { loadView, saveView } from './persist';
import { visiblePeople } from './selectors';
import { territoryStore } from './territories';
import type { Filters, ViewState } from './view';
import {
  analysisDone,
  analysisFailed,
  analysisCached,
  analysisProgressed,
  analysisStarted,
  demoLoading,
  filtersUpdated,
  focusCleared,
  importProgressed,
  menuImportEnded,
  importReportClosed,
  initialState,
  personSelected,
  projectFailed,
  projectLoaded,
  scopeChanged,
  viewRestored,
  viewUpdated,
  yearsSeen,
  type AppState,
  type SelectionSource,
  type YearScope,
} from './app';
import { createStore } from './store';
import { previewProgressed, wizardStore } from './wizard';

export const store = createStore<AppState>(initialState);

const runner = new AnalysisRunner(client.api, client.transport);
let analysisSeq = 0;
let scheduled: ReturnType<typeof setTimeout> | null = null;

const EMPTY_RESULT: AnalysisResult = {
  people: [],
  edges: [],
  communities: [],
  modularity: 0,
  risingStars: [],
  bridges: [],
  weights: {
    publications: 0,
    firstLast: 0,
    citations: 0,
    recency: 0,
    coauthors: 0,
    weightedDegree: 0,
    pagerank: 0,
    trials: 0,
  },
  betweennessMode: 'exact',
  referenceYear: null,
  stats: { people: 0, papers: 0, edges: 0, papersOverCap: 0 },
  timings: {},
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Called with a project's path when it is first seen (before its first analysis runs). */
const projectOpened = new Set<(path: string) => void>();

export function onProjectOpened(listener: (path: string) => void): () => void {
  projectOpened.add(listener);
  return () => projectOpened.delete(listener);
}

/**
 * Applies the view saved for this project (if any) when a project is first seen, and lets the stores
 * kept per project restore theirs (state/weights.ts: the score weights and analysis settings).
 */
function restoreView(path: string): void {
  const saved = loadView(path);
  if (saved) store.set((s) => viewRestored(s, saved));
  for (const listener of [...projectOpened]) listener(path);
}

export async function refreshProject(): Promise<void> {
  try {
    const project = await client.api.getProject({});
    const before = store.get().project?.path;
    store.set((s) => projectLoaded(s, project));
    if (before !== project.path) restoreView(project.path);
  } catch (err) {
    store.set((s) => projectFailed(s, `Could not open the project: ${message(err)}`));
  }
}

/**
 * New / Open from the window: the main process checks the path, closes the current project and opens
 * (or creates) this one. The selection is cleared, the new project's saved view restored, and its
 * analysis run. Throws the main process's error (bad path, not a project, a write still running).
 */
export async function openProjectFile(path: string, create: boolean): Promise<ProjectInfo> {
  const before = store.get().project?.path;
  const info = await client.api.openProject({ path, create });
  store.set((s) => projectLoaded(personSelected(s, null, 'panel'), info));
  if (before !== info.path) restoreView(info.path);
  scheduleAnalysis(0);
  return info;
}

/** Re-runs the analysis soon; several triggers in a row (import + project-changed) coalesce into one run. */
export function scheduleAnalysis(delayMs = 80): void {
  if (scheduled) clearTimeout(scheduled);
  scheduled = setTimeout(() => {
    scheduled = null;
    void runAnalysis();
  }, delayMs);
}

/** The scope each result was computed for (the map's stored layouts are keyed by it). */
const resultScopes = new WeakMap<AnalysisResult, Scope>();

export function scopeOf(result: AnalysisResult): Scope | null {
  return resultScopes.get(result) ?? null;
}

/** The options each result was computed with (a snapshot records its tier cut-offs and resolution). */
const resultOptions = new WeakMap<AnalysisResult, AnalysisOptions>();

export function optionsOf(result: AnalysisResult): AnalysisOptions | null {
  return resultOptions.get(result) ?? null;
}

/** Remembers the scope and options a result (or a cached head of one) was computed for. */
function computedFor(result: AnalysisResult, scope: Scope, options: AnalysisOptions): void {
  resultScopes.set(result, scope);
  resultOptions.set(result, options);
}

/** Results that are a cached result's head only (issue 8): the whole ranking is paged under this key. */
const pagedResults = new WeakMap<AnalysisResult, { key: string; total: number }>();

export function pagedRankingOf(result: AnalysisResult): { key: string; total: number } | null {
  return pagedResults.get(result) ?? null;
}

/** Positions stored for a layout key; null when none are or they cannot be read (the layout just runs). */
export async function loadMapLayout(key: string): Promise<StoredLayout | null> {
  try {
    return await client.api.getLayout({ key });
  } catch {
    return null;
  }
}

/** Saves a settled layout; a failure only costs the next open a layout run. */
export async function saveMapLayout(key: string, positions: LayoutPosition[]): Promise<boolean> {
  if (positions.length === 0) return false;
  try {
    await client.api.saveLayout({ key, positions });
    return true;
  } catch {
    return false;
  }
}

/** The result of the last run, until the views have shown it. */
let awaitingShown: AnalysisResult | null = null;
/** Mounted views that show the result a frame after the others (ShownOneFrameLater). */
let laterViews = 0;

/** A view showing the result a frame later mounted; the returned function is its unmounting. */
export function shownLater(): () => void {
  laterViews++;
  return () => {
    laterViews--;
  };
}

/**
 * The views committed this result: 'views' from the status bar's effect (the deferred views render a
 * new result in one background commit, the ranking included), 'later' from the views one frame behind
 * (the overview), which end it while they are mounted. Marks 'kolmap:analysis-ready' once per run, so
 * the renderer benchmark's window ends when the whole result is on screen, not when it reached the store.
 */
export function resultShown(result: AnalysisResult | null, from: 'views' | 'later' = 'views'): void {
  if (result === null || result !== awaitingShown) return;
  if (from === 'views' && laterViews > 0) return;
  awaitingShown = null;
  performance.mark('kolmap:analysis-ready');
}

export async function runAnalysis(): Promise<void> {
  const seq = ++analysisSeq;
  const started = performance.now();
  store.set((s) => analysisStarted(s, 'Loading data'));
  try {
    const { project, scope } = store.get();
    if (!project) throw new Error('No project is open.');
    if (project.totals.publications === 0) {
      runner.cancel();
      store.set((s) => analysisDone(s, EMPTY_RESULT, 0));
      exposeForTests({ result: EMPTY_RESULT });
      return;
    }
    const args: Scope = { ta: scope.ta, since: scope.since, until: scope.until };
    const options = analysisOptions;
    performance.mark('kolmap:analysis-start');
    // The worker reads the project's cached result or the input itself and analyses off this thread
    // (issues 5 and 8); here only the finished pieces arrive.
    const outcome = await runner.load(args, options, {
      onProgress: (phase, fraction) => {
        if (seq === analysisSeq) store.set((s) => analysisProgressed(s, phase, fraction));
      },
      onYears: (years, unscoped) => {
        if (seq === analysisSeq) store.set((s) => yearsSeen(s, years, unscoped));
      },
      onStale: (stale) => {
        if (seq !== analysisSeq) return;
        computedFor(stale, args, options);
        store.set((s) => analysisCached(s, stale, 'stale'));
        exposeForTests({ result: stale });
      },
      // A cached result's top-ranked people, shown before the rest of it is read (issue 8).
      onHead: (head, { stale }) => {
        if (seq !== analysisSeq) return;
        computedFor(head, args, options);
        store.set((s) => analysisCached(s, head, stale ? 'stale' : 'current'));
        exposeForTests({ result: head });
        if (!stale) performance.mark('kolmap:first-ranked');
      },
    });
    if (seq !== analysisSeq) return;
    const result = outcome.result ?? EMPTY_RESULT;
    computedFor(result, args, options);
    if (outcome.paged) pagedResults.set(result, outcome.paged);
    // 'kolmap:analysis-ready' is marked when the views have committed this result (resultShown).
    awaitingShown = result;
    store.set((s) =>
      analysisDone(s, result, performance.now() - started, outcome.source === 'cache' ? 'current' : null),
    );
    exposeForTests({ result });
  } catch (err) {
    if (err instanceof AnalysisCancelled || seq !== analysisSeq) return;
    store.set((s) => analysisFailed(s, `Analysis failed: ${message(err)}`));
  }
}

/** Options of the next runs (weights from WeightsControl, via state/weights.ts). */
let analysisOptions: AnalysisOptions = {};

export function setAnalysisOptions(options: AnalysisOptions): void {
  analysisOptions = options;
  scheduleAnalysis(120);
}

/** Options restored with a project (state/weights.ts): its first analysis, about to run, uses them. */
export function restoreAnalysisOptions(options: AnalysisOptions): void {
  analysisOptions = options;
}

/** Stops the running analysis (the status bar's Cancel); the previous result stays on screen. */
export function cancelAnalysis(): void {
  if (store.get().analysis.status !== 'running') return;
  analysisSeq++;
  if (scheduled) clearTimeout(scheduled);
  scheduled = null;
  runner.stop();
  store.set((s) =>
    analysisFailed(
      s,
      s.analysis.result
        ? 'Analysis cancelled: the map and ranking show the previous result. Retry runs it again.'
        : 'Analysis cancelled. Retry runs it again.',
    ),
  );
}

/** First load: the project, then its analysis (the worker starts first and loads its code meanwhile). */
export async function start(): Promise<void> {
  runner.warm();
  await refreshProject();
  // The project's first render (the header, the panels, sigma's WebGL set-up) ends its task; the
  // analysis starts in the next one, so the page paints the project before the worker's results come.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (!store.get().projectError) await runAnalysis();
}

export function setScope(scope: YearScope): void {
  const before = store.get().scope;
  store.set((s) => scopeChanged(s, scope));
  if (store.get().scope !== before) scheduleAnalysis(0);
}

export function selectPerson(id: number | null, source: SelectionSource): void {
  store.set((s) => personSelected(s, id, source));
}

export function setView(patch: Partial<ViewState>): void {
  store.set((s) => viewUpdated(s, patch));
}

export function setFilters(patch: Partial<Filters>): void {
  store.set((s) => filtersUpdated(s, patch));
}

/** Escape: clears the selection, ego mode and a focused community. */
export function clearFocus(): void {
  store.set(focusCleared);
}

/** Focuses a community on the map (camera fits it, others dimmed); the same one again unfocuses. */
export function toggleCommunityFocus(community: number): void {
  const current = store.get().view.focusedCommunity;
  store.set((s) => viewUpdated(s, { focusedCommunity: current === community ? null : community }));
}

// The view is saved per project a moment after it changes (not on every intermediate store update).
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let savedFrom: { view: unknown; scope: unknown; selection: unknown } | null = null;
store.subscribe(() => {
  const s = store.get();
  const selectionId = s.selection?.id ?? null;
  if (
    savedFrom &&
    savedFrom.view === s.view &&
    savedFrom.scope === s.scope &&
    savedFrom.selection === selectionId
  ) {
    return;
  }
  savedFrom = { view: s.view, scope: s.scope, selection: selectionId };
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => saveView(store.get()), 250);
});

export function closeImportReport(): void {
  store.set(importReportClosed);
}

export async function loadDemo(): Promise<{ ok: true; publications: number } | { ok: false; error: string }> {
  if (store.get().demoLoading) return { ok: false, error: 'The demo data is already loading.' };
  store.set((s) => analysisStarted(demoLoading(s, true), 'Loading demo data'));
  try {
    const result = await client.api.loadDemo({});
    return { ok: true, publications: result.totals.publications };
  } catch (err) {
    return { ok: false, error: message(err) };
  } finally {
    store.set((s) => demoLoading(s, false));
    await refreshProject();
    scheduleAnalysis(0);
  }
}

/** The rows the ranking table shows, in its current order and filter (set by the table view). */
let tableRows: RankedPerson[] | null = null;

export function setTableRows(rows: RankedPerson[] | null): void {
  tableRows = rows;
}

/** The columns Export CSV adds after RANK_COLUMNS: each person's engagement plan. */
export const ENGAGEMENT_COLUMNS = ['status', 'priority', 'next_action', 'next_date', 'notes'] as const;

export async function exportRankedCsv(): Promise<{
  saved: boolean;
  name: string;
  path: string | null;
  rows: number;
}> {
  const { project, analysis } = store.get();
  const rows = tableRows ?? analysis.result?.people ?? [];
  const name = `${fileSlug(project?.name ?? 'kolmap')}-ranked.csv`;
  // The BOM makes Excel read UTF-8 names (accents) correctly; CRM importers accept it.
  // The engagement plan goes with it (status, priority, next action and date, notes), after the DESIGN
  // columns.
  const engagements = territoryStore.get().engagements;
  const csv = rankedCsv(rows, {
    bom: true,
    extra: {
      columns: ENGAGEMENT_COLUMNS,
      cells: (p) => {
        const e = engagements.get(p.id);
        return [
          e?.status ?? 'not-contacted',
          e?.priority ?? '',
          e?.nextAction ?? '',
          e?.nextDate ?? '',
          e?.notes ?? '',
        ];
      },
    },
  });
  const saved = await client.saveFile(name, csv);
  return { saved: saved.saved, name, path: saved.path, rows: rows.length };
}

/** GEXF of the current filtered graph (what the map and the table show), for Gephi. */
export async function exportGexf(
  format: 'gexf' | 'graphml' = 'gexf',
): Promise<{ saved: boolean; name: string; people: number }> {
  const { project, analysis, view, selection } = store.get();
  const result = analysis.result;
  if (!result) throw new Error('There is no analysis to export yet.');
  const engagements = territoryStore.get().engagements;
  const { people } = visiblePeople(result, view.filters, view.ego, selection?.id ?? null, engagements);
  const name = `${fileSlug(project?.name ?? 'kolmap')}-network.${format}`;
  const write = format === 'graphml' ? filteredGraphml : filteredGexf;
  const saved = await client.saveFile(name, write(result, people, view.filters.minLink));
  return { saved: saved.saved, name, people: people.length };
}

/** This window's own data changes in flight whose caller runs the analysis once applied (ownDataChange). */
let ownChanges = 0;

/**
 * Marks a data change this window makes (an identity decision or its undo): while it is in flight, its
 * project-changed event only updates the project, and the caller runs the analysis once the change is
 * applied. Both used to start a run, and the two could finish in either order: when the first finished
 * before the second started, the second showed the previous cached result again (marked stale) after
 * the new result was on screen, then the new one once more. Returns the release, to call after the
 * caller's refreshProject (a project-changed arriving later then finds nothing changed).
 */
export function ownDataChange(): () => void {
  ownChanges++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    ownChanges--;
  };
}

/** Back-end events: import progress, project changes (from this window, the CLI or the menu). */
export function listen(handlers: { onMenu: (action: ApiEvents['menu']['action']) => void }): () => void {
  const offs = [
    client.on('progress', (e) => {
      if (e.task === 'preview') wizardStore.set((s) => previewProgressed(s, e));
      else store.set((s) => importProgressed(s, e));
    }),
    client.on('project-changed', (project) => {
      const before = store.get().project;
      store.set((s) => menuImportEnded(projectLoaded(s, project)));
      const changed =
        !before ||
        before.totals.publications !== project.totals.publications ||
        before.totals.authors !== project.totals.authors ||
        before.totals.authorships !== project.totals.authorships ||
        before.path !== project.path;
      // During an import, the run after the last file covers it; after an own change, its caller's run.
      if (changed && !store.get().importing && ownChanges === 0) scheduleAnalysis();
    }),
    client.on('menu', (e) => handlers.onMenu(e.action)),
    client.on('analysis-progress', (e) => runner.backEndProgress(e)),
  ];
  return () => offs.forEach((off) => off());
}
