// The API implemented once (DESIGN §3): createHandlers() binds every method of shared/api to the
// project, and dispatch() validates raw arguments against the contract before calling a handler.
// Both transports (IPC in electron/ipc.ts, HTTP in electron/server.ts) go through dispatch().
import path from 'node:path';
import {
  API_METHODS,
  ApiError,
  argSchemas,
  type ApiErrorCode,
  type ApiEvents,
  type ArgsOf,
  type EventName,
  type ImportResult,
  type MethodName,
  type Results,
  type SaveResult,
} from '../../shared/api';
import { areaProblems } from '../../shared/analytics/ta';
import { diffSnapshots } from '../../shared/analytics/snapshot';
import { Project } from '../db';
import { cachedRanking } from './cachedRanking';
import {
  GENERIC_FIELDS,
  ImportCancelledError,
  ImportError,
  importDemo,
  importFiles,
  previewFile,
  type InputFile,
} from '../import';
import { checkProjectPath, removeProjectFiles, type RecentProjects } from '../projects';
import type { ReaderPool } from './readers';
import { Analyser } from './analyser';

/** What differs between the desktop shell and browser mode. */
export interface Host {
  /** Shows a native save dialog and writes the file; absent in browser mode (the page downloads instead). */
  saveFile?: (defaultName: string, content: string) => Promise<SaveResult>;
  /**
   * Opens (creating when missing) the project at this checked absolute path, closes the old one and
   * makes the new one current; absent: the UI cannot switch projects.
   */
  openProject?: (file: string) => Project | Promise<Project>;
  /** The user's recent projects; absent: none are listed or recorded. */
  recent?: RecentProjects;
}

/**
 * Serialises writes: one at a time, so a transaction never interleaves with another. The desktop app
 * shares one queue between the window's handlers and its native menu (File > Import from Disk…), so switching
 * projects is refused while either writes.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Writes queued or running. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const next = this.tail.then(work, work).finally(() => this.pending--);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * The import running now, if any, and whether a cancel was asked for: cancelImport() sets `cancel`,
 * which the import checks between its chunks and steps. The desktop app shares one between the
 * window's handlers and its native menu (File > Import from Disk…), so the window's Cancel stops either.
 */
export interface RunningImport {
  import: boolean;
  cancel: boolean;
}

export interface HandlerContext {
  project: () => Project;
  /** The write queue (default: one of the handlers' own). */
  writes?: WriteQueue;
  /** The running import's flags (default: the handlers' own). */
  imports?: RunningImport;
  emit: <E extends EventName>(event: E, payload: ApiEvents[E]) => void;
  host: Host;
  /** Runs the long reads (identity queue, analysis input) in worker threads; absent: in-thread. */
  readers?: ReaderPool;
  /** Runs analyseInBackEnd's thread (default: one of the handlers' own). */
  analyser?: Analyser;
  /**
   * Browser mode: the files its server received for importFile / previewImport and wrote to disk, by
   * the name it passes as `content: { upload }`, while the call runs.
   */
  uploads?: ReadonlyMap<string, string>;
}

export type Handlers = { [M in MethodName]: (args: ArgsOf<M>) => Promise<Results[M]> };

export type Envelope<T> =
  { ok: true; result: T } | { ok: false; error: { code: ApiErrorCode; message: string } };

export function projectInfo(project: Project): Results['getProject'] {
  return { name: project.name, path: project.path, totals: project.totals(), sources: project.sources() };
}

/**
 * The file of an importFile / previewImport call: its bytes (the wizard's in the desktop app), its text,
 * or a file browser mode's server received and wrote to disk (read from there, as kolmap import reads).
 */
function inputFile(
  args: { name: string; content: ArgsOf<'importFile'>['content'] },
  uploads: ReadonlyMap<string, string> | undefined,
): InputFile {
  const { name, content } = args;
  if (typeof content === 'string') return { name, content };
  if (content instanceof Uint8Array) return { name, bytes: content };
  const file = uploads?.get(content.upload);
  if (!file) throw new ApiError('BAD_INPUT', `${name}: no file was received for this call.`);
  return { name, path: file };
}

/** How many tickets cancelled before their dry run arrived the handlers remember (cancelPreview). */
const CANCELLED_EARLY_KEPT = 256;

export function createHandlers(ctx: HandlerContext): Handlers {
  // Writes are serialised (WriteQueue); switching projects is refused while any is queued or running.
  const writes = ctx.writes ?? new WriteQueue();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => writes.run(work);
  // cancelImport() is not queued: it sets this flag, which the running import checks between chunks
  // and records; the import then throws ImportCancelledError and rolls its transaction back.
  const running: RunningImport = ctx.imports ?? { import: false, cancel: false };
  // The dry runs with a ticket, running or queued (cancelPreview sets `cancel`), and the tickets
  // cancelled before their dry run arrived (the most recent CANCELLED_EARLY_KEPT).
  const previews = new Map<string, { cancel: boolean }>();
  const cancelledEarly = new Set<string>();
  let analyser = ctx.analyser ?? null;
  // Reads see what is committed: while an import writes (its transaction open between its steps), on a
  // connection of their own (Project.readCommitted), so never an import's rows that a cancel takes back.
  const committed = <T>(read: (project: Project) => T): T => ctx.project().readCommitted(read);

  return {
    getProject: async () => committed(projectInfo),
    importFile: (args) =>
      exclusive(async () => {
        const project = ctx.project();
        const result = await cancellable(running, (isCancelled) =>
          importFiles(project, [inputFile(args, ctx.uploads)], {
            format: args.format ?? 'auto',
            map: args.map,
            onProgress: (e) => ctx.emit('progress', e),
            isCancelled,
          }),
        );
        ctx.emit('project-changed', projectInfo(project));
        return result;
      }),
    cancelImport: async () => {
      if (!running.import) return { cancelled: false };
      running.cancel = true;
      return { cancelled: true };
    },
    // A dry run holds the write lock like an import (its transaction is rolled back), so it queues too.
    // One with a ticket can be cancelled (cancelPreview) while it waits or reads: the wizard does so when
    // its file is removed, its format changed or the wizard closed, so a large file's dry run no
    // longer holds the queue for the minute it takes.
    previewImport: async ({ ticket, ...args }) => {
      // Cancelled while its file was still on its way (a large upload): refused before it reads.
      if (ticket !== undefined && cancelledEarly.delete(ticket))
        throw new ImportCancelledError(args.name, true);
      const flag = { cancel: false };
      if (ticket !== undefined) previews.set(ticket, flag);
      const isCancelled = () => flag.cancel;
      return exclusive(async () => {
        if (isCancelled()) throw new ImportCancelledError(args.name, true);
        return previewFile(ctx.project(), inputFile(args, ctx.uploads), {
          format: args.format ?? 'auto',
          map: args.map,
          // Reading a large file takes a while: its card shows how far (nothing is stored).
          // Its ticket tells the page which of its dry runs it is (two files can share a name).
          onProgress: (e) =>
            ctx.emit('progress', { ...e, task: 'preview', ...(ticket === undefined ? {} : { ticket }) }),
          isCancelled,
        });
      }).finally(() => {
        if (ticket !== undefined && previews.get(ticket) === flag) previews.delete(ticket);
      });
    },
    cancelPreview: async ({ ticket }) => {
      const flag = previews.get(ticket);
      if (flag) {
        flag.cancel = true;
        return { cancelled: true };
      }
      // Not here yet (its request may still be uploading its file): refused when it comes.
      cancelledEarly.add(ticket);
      if (cancelledEarly.size > CANCELLED_EARLY_KEPT) {
        cancelledEarly.delete(cancelledEarly.values().next().value as string);
      }
      return { cancelled: false };
    },
    getMappingPresets: async () => committed((p) => p.mappingPresets().list()),
    saveMappingPreset: ({ name, map }) =>
      exclusive(async () => {
        const unknown = Object.entries(map).filter(([, f]) => !(f.trim().toLowerCase() in GENERIC_FIELDS));
        if (unknown.length) {
          throw new ApiError(
            'BAD_INPUT',
            `Mapping preset "${name}": unknown field ${unknown.map(([c, f]) => `"${f}" (column "${c}")`).join(', ')}; fields: ${Object.keys(GENERIC_FIELDS).join(', ')}.`,
          );
        }
        const { preset, created } = ctx.project().mappingPresets().save(name, map);
        return { ...preset, created };
      }),
    deleteMappingPreset: ({ name }) =>
      exclusive(async () => {
        if (!ctx.project().mappingPresets().delete(name)) {
          throw new ApiError('NOT_FOUND', `No mapping preset named "${name}" in this project.`);
        }
        return { deleted: true as const };
      }),
    loadDemo: () =>
      exclusive(async () => {
        const project = ctx.project();
        const result = await importDemo(project, { onProgress: (e) => ctx.emit('progress', e) });
        ctx.emit('project-changed', projectInfo(project));
        return result;
      }),
    getAnalysisInput: async (scope) =>
      ctx.readers
        ? ctx.readers.read(ctx.project(), 'getAnalysisInput', scope)
        : committed((p) => p.analysisInput(scope)),
    getMainAreas: async ({ ids }) => committed((p) => p.mainAreas(ids)),
    getRecentProjects: async () => ctx.host.recent?.list() ?? [],
    openProject: async ({ path: raw, create = false }) => {
      if (!ctx.host.openProject) {
        throw new ApiError('UNSUPPORTED', 'This kolmap cannot switch projects from the window.');
      }
      if (writes.busy) {
        throw new ApiError(
          'BAD_INPUT',
          `${ctx.project().name} is being written to (an import or another change is running): wait for it to finish or cancel the import, then switch projects.`,
        );
      }
      const file = checkProjectPath(raw, create);
      const open = ctx.host.openProject;
      // Queued like a write, so a write sent during the switch waits for it and goes to the new project.
      return exclusive(async () => {
        let next: Project;
        try {
          next = await open(file);
        } catch (err) {
          if (create) removeProjectFiles(file);
          throw err;
        }
        ctx.host.recent?.add(next.path);
        const info = projectInfo(next);
        ctx.emit('project-changed', info);
        return info;
      });
    },
    getPerson: async ({ id }) => {
      const person = committed((p) => p.person(id));
      if (!person) throw new ApiError('NOT_FOUND', `No person with id ${id} in this project.`);
      return person;
    },
    getRejections: async ({ sourceId }) => {
      const found = committed((p) => p.rejections(sourceId));
      if (!found) throw new ApiError('NOT_FOUND', `No imported file with id ${sourceId} in this project.`);
      return found;
    },
    getAreas: async () => committed((p) => p.areas()),
    saveArea: (area) =>
      exclusive(async () => {
        const problems = areaProblems(area);
        if (problems.length) {
          throw new ApiError('BAD_INPUT', `Area "${area.id}" cannot be saved: ${problems.join('; ')}.`);
        }
        const project = ctx.project();
        const { created } = project.saveArea(area);
        const saved = project.areas().find((a) => a.id === area.id)!;
        return { ...saved, created };
      }),
    deleteArea: ({ id }) =>
      exclusive(async () => {
        if (!ctx.project().deleteArea(id)) {
          throw new ApiError('NOT_FOUND', `No therapeutic area with id "${id}" in this project.`);
        }
        return { deleted: true as const };
      }),
    resetAreas: () =>
      exclusive(async () => {
        const project = ctx.project();
        project.resetAreas();
        return project.areas();
      }),
    getTerritories: async () => committed((p) => p.territories().list()),
    saveTerritory: (t) =>
      exclusive(async () => {
        const store = ctx.project().territories();
        const { id, created } = store.save(t);
        return { ...store.get(id)!, created };
      }),
    deleteTerritory: ({ id }) =>
      exclusive(async () => {
        if (!ctx.project().territories().delete(id)) {
          throw new ApiError('NOT_FOUND', `No territory with id ${id} in this project.`);
        }
        return { deleted: true as const };
      }),
    setTerritoryOverride: ({ territoryId, authorId, mode }) =>
      exclusive(async () => {
        const store = ctx.project().territories();
        store.setOverride(territoryId, authorId, mode);
        return store.get(territoryId)!;
      }),
    setRegionGroup: ({ territoryIds, regionGroup }) =>
      exclusive(async () => {
        const store = ctx.project().territories();
        store.setRegionGroup(territoryIds, regionGroup);
        return store.list();
      }),
    getEngagements: async () => committed((p) => p.territories().engagements()),
    getEngagement: async ({ authorId }) => committed((p) => p.territories().engagement(authorId)),
    setEngagement: (e) => exclusive(async () => ctx.project().territories().setEngagement(e)),
    getIdentityQueue: async (args) =>
      ctx.readers
        ? ctx.readers.read(ctx.project(), 'getIdentityQueue', args)
        : committed((p) => p.identityDecisions().queue(args.limit)),
    // A decision moves authorships between people: project-changed makes every window re-analyse.
    decideIdentity: (args) =>
      exclusive(async () => {
        const project = ctx.project();
        const result = project.identityDecisions().decide(args);
        ctx.emit('project-changed', projectInfo(project));
        return result;
      }),
    undoIdentityDecision: ({ id }) =>
      exclusive(async () => {
        const project = ctx.project();
        const result = project.identityDecisions().undo(id);
        ctx.emit('project-changed', projectInfo(project));
        return result;
      }),
    getIdentityDecisions: async () => committed((p) => p.identityDecisions().list()),
    getSnapshots: async () => committed((p) => p.snapshots().list()),
    saveSnapshot: (snap) => exclusive(async () => ctx.project().snapshots().save(snap)),
    deleteSnapshot: ({ name }) =>
      exclusive(async () => {
        if (!ctx.project().snapshots().delete(name)) {
          throw new ApiError('NOT_FOUND', `No snapshot named "${name}" in this project.`);
        }
        return { deleted: true as const };
      }),
    diffSnapshots: async ({ a, b, top }) =>
      committed((p) => {
        const store = p.snapshots();
        return diffSnapshots(store.require(a), store.require(b), { top });
      }),
    getLayout: async ({ key }) => committed((p) => p.layouts().get(key)),
    saveLayout: ({ key, positions }) =>
      exclusive(async () => {
        const saved = ctx.project().layouts().save(key, positions);
        return { key: saved.key, nodes: saved.positions.length, updatedAt: saved.updatedAt };
      }),
    getCachedAnalysis: async ({ key, part }) =>
      committed((p) => p.analysisCache()?.get(key, part ?? 0) ?? null),
    getCachedRanking: async ({ key, start, count }) => committed((p) => cachedRanking(p, key, start, count)),
    // A scope too big for the page (issue 8): analysed in a thread, stored like saveCachedAnalysis.
    analyseInBackEnd: async (args) => {
      const project = ctx.project();
      if (project.readOnly || !project.analysisCache()) {
        throw new ApiError(
          'UNSUPPORTED',
          `${project.name} cannot store analysis results (opened read-only or too old).`,
        );
      }
      analyser ??= new Analyser();
      return analyser.run(
        project,
        args,
        (part) =>
          exclusive(async () => project.analysisCache()?.savePart(part) ?? { saved: false, complete: false }),
        (key, phase, fraction) => ctx.emit('analysis-progress', { key, phase, fraction }),
      );
    },
    cancelBackEndAnalysis: async ({ key }) => ({ running: analyser?.cancel(key) ?? false }),
    saveCachedAnalysis: (args) =>
      exclusive(
        async () => ctx.project().analysisCache()?.savePart(args) ?? { saved: false, complete: false },
      ),
    saveExport: async ({ defaultName, content }) => {
      if (!ctx.host.saveFile) {
        throw new ApiError('UNSUPPORTED', 'Saving through a dialog is only available in the desktop app.');
      }
      return ctx.host.saveFile(defaultName, content);
    },
  };
}

/** Runs an import as the running one: cancelImport() stops it until it ends (see RunningImport). */
async function cancellable<T>(
  running: RunningImport,
  work: (isCancelled: () => boolean) => Promise<T>,
): Promise<T> {
  running.import = true;
  running.cancel = false;
  try {
    return await work(() => running.cancel);
  } finally {
    running.import = false;
    running.cancel = false;
  }
}

/**
 * File > Import from Disk… in the desktop app: imports files picked in the main process's own dialog (paths, read
 * from disk as they stream), queued with the window's writes, with its progress events marked 'menu'
 * (the window shows them in its import strip, whose Cancel stops this import through the shared flags),
 * then a 'project-changed' event, whatever the outcome (the strip ends with it).
 */
export async function importFromMenu(
  ctx: Pick<HandlerContext, 'project' | 'emit'> & { writes: WriteQueue; imports: RunningImport },
  paths: readonly string[],
): Promise<ImportResult> {
  const project = ctx.project();
  try {
    return await ctx.writes.run(() =>
      cancellable(ctx.imports, (isCancelled) =>
        importFiles(
          project,
          paths.map((f) => ({ name: path.basename(f), path: f })),
          { onProgress: (e) => ctx.emit('progress', { ...e, origin: 'menu' }), isCancelled },
        ),
      ),
    );
  } finally {
    ctx.emit('project-changed', projectInfo(project));
  }
}

function toErrorBody(err: unknown): { code: ApiErrorCode; message: string } {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  if (err instanceof ImportError) return { code: 'BAD_INPUT', message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export function isMethod(name: string): name is MethodName {
  return (API_METHODS as string[]).includes(name);
}

/** Validates the arguments against the contract, runs the handler, and wraps the outcome. */
export async function dispatch(
  handlers: Handlers,
  method: string,
  rawArgs: unknown,
): Promise<Envelope<unknown>> {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown API method "${method}".` } };
  }
  const parsed = argSchemas[method].safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` (field ${issue.path.join('.')})` : '';
    return {
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: `Invalid arguments for ${method}${where}: ${issue?.message ?? 'invalid'}`,
      },
    };
  }
  try {
    const handler = handlers[method] as (args: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}
