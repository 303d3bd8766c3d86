// The one API contract between the renderer and the main process (DESIGN §3).
// Every method is declared once here: its argument schema (zod), its result type and its name in
// API_METHODS. IPC (electron/ipc.ts, electron/preload.ts) and HTTP (electron/server.ts) are generated
// from API_METHODS; the handlers live once in electron/api.
import { z } from 'zod';

export const FORMATS = [
  'pubmed-csv',
  'scopus-csv',
  'wos-txt',
  'wos-tsv',
  'medline',
  'ctgov-csv',
  'openpayments-csv',
  'dimensions-csv',
  'lens-csv',
  'affiliations-csv',
  'generic-csv',
] as const;
export type FormatId = (typeof FORMATS)[number];

export interface Rejection {
  line: number;
  reason: string;
}

/** One imported file, as printed by `kolmap import --json` (DESIGN §5). */
export interface FileReport {
  file: string;
  format: FormatId;
  records: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejections: Rejection[];
}

export interface Totals {
  publications: number;
  authors: number;
  authorships: number;
  institutions: number;
  trials: number;
}

export interface ImportResult {
  files: FileReport[];
  totals: Totals;
}

export interface SourceInfo {
  id: number;
  name: string;
  format: FormatId;
  sha256: string;
  records: number;
  imported: number;
  duplicates: number;
  rejected: number;
  importedAt: string;
}

export interface ProjectInfo {
  name: string;
  path: string;
  totals: Totals;
  sources: SourceInfo[];
}

/** What part of the data an analysis looks at. Every field is optional; null means "no limit". */
export interface Scope {
  ta?: string | null;
  since?: number | null;
  until?: number | null;
}

/** A person as the analysis sees them (DESIGN §4 authors + current institution). */
export interface PersonRow {
  id: number;
  name: string;
  family: string;
  given: string;
  orcid: string | null;
  institution: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  territory: string | null;
}

/** A publication in scope, with its authors (person ids) in byline order. */
export interface PaperRow {
  id: number;
  year: number | null;
  citations: number | null;
  authors: number[];
}

export interface AnalysisInput {
  scope: Scope;
  people: PersonRow[];
  papers: PaperRow[];
}

export interface PersonInstitution {
  name: string;
  city: string | null;
  region: string | null;
  country: string | null;
  firstYear: number | null;
  lastYear: number | null;
  papers: number;
}

export interface PersonPublication {
  id: number;
  key: string;
  title: string;
  journal: string | null;
  year: number | null;
  citations: number | null;
  position: number;
  authorCount: number;
}

export interface PersonDetail {
  id: number;
  name: string;
  family: string;
  given: string;
  orcid: string | null;
  variants: string[];
  institutions: PersonInstitution[];
  publications: PersonPublication[];
}

export interface SourceRejections {
  source: SourceInfo;
  rejections: (Rejection & { raw: string })[];
}

export interface SaveResult {
  saved: boolean;
  path: string | null;
}

export const scopeSchema = z
  .object({
    ta: z.string().min(1).max(200).nullable().optional(),
    since: z.number().int().min(1800).max(2200).nullable().optional(),
    until: z.number().int().min(1800).max(2200).nullable().optional(),
  })
  .strict();

const noArgs = z.object({}).strict();

/** Argument schemas: every call is validated against these before a handler runs. */
export const argSchemas = {
  getProject: noArgs,
  importFile: z
    .object({
      name: z.string().min(1).max(1000),
      content: z.string(),
      format: z.enum(FORMATS).optional(),
    })
    .strict(),
  loadDemo: noArgs,
  getAnalysisInput: scopeSchema,
  getPerson: z.object({ id: z.number().int().positive() }).strict(),
  getRejections: z.object({ sourceId: z.number().int().positive() }).strict(),
  saveExport: z
    .object({
      defaultName: z
        .string()
        .min(1)
        .max(255)
        .regex(/^[^/\\]+$/, 'a file name, not a path'),
      content: z.string(),
    })
    .strict(),
} as const;

export type MethodName = keyof typeof argSchemas;
export type ArgsOf<M extends MethodName> = z.infer<(typeof argSchemas)[M]>;

/** Result type of each method. */
export interface Results {
  getProject: ProjectInfo;
  importFile: ImportResult;
  loadDemo: ImportResult;
  getAnalysisInput: AnalysisInput;
  getPerson: PersonDetail;
  getRejections: SourceRejections;
  saveExport: SaveResult;
}

export const API_METHODS = Object.keys(argSchemas) as MethodName[];

/** What the renderer holds: one async function per method, whatever the transport. */
export type Api = { [M in MethodName]: (args: ArgsOf<M>) => Promise<Results[M]> };

/** Error codes carried across both transports. */
export type ApiErrorCode = 'BAD_INPUT' | 'NOT_FOUND' | 'UNSUPPORTED' | 'FORBIDDEN' | 'INTERNAL';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

/** Long work reports progress as events (IPC messages / Server-Sent Events). */
export interface ProgressEvent {
  task: 'import' | 'demo';
  file: string;
  /** Bytes or records done so far and the total, in the same unit. */
  done: number;
  total: number;
  records: number;
}

export type MenuAction = 'import' | 'export-csv' | 'find';

export interface ApiEvents {
  progress: ProgressEvent;
  'project-changed': ProjectInfo;
  menu: { action: MenuAction };
}
export type EventName = keyof ApiEvents;
export const EVENT_NAMES: EventName[] = ['progress', 'project-changed', 'menu'];

/** The DESIGN §5 columns of a ranked CSV, in order. */
export const RANK_COLUMNS = [
  'rank',
  'id',
  'name',
  'score',
  'tier',
  'publications',
  'first_author',
  'last_author',
  'citations',
  'coauthors',
  'pagerank',
  'betweenness',
  'community',
  'institution',
  'city',
  'region',
  'country',
  'orcid',
  'territory',
] as const;
