// The one API contract between the renderer and the main process (DESIGN §3).
// Every method is declared once here: its argument schema (zod), its result type and its name in
// API_METHODS. IPC (electron/ipc.ts, electron/preload.ts) and HTTP (electron/server.ts) are generated
// from API_METHODS; the handlers live once in electron/api.
import { z } from 'zod';
import {
  identityDecisionSchema,
  identityQueueSchema,
  type IdentityDecisionInfo,
  type IdentityDecisionResult,
  type IdentityQueue,
  type IdentityUndoResult,
} from './identity';

export * from './identity';
import { diffSnapshotsSchema, saveSnapshotBase, snapshotRefSchema, type SnapshotInfo } from './snapshots';
import type { SnapshotDiff } from '../analytics/snapshot';
import { COMPONENTS, type RankedPerson } from '../analytics/types';

export type { Snapshot, SnapshotInfo, SnapshotPerson } from './snapshots';
import { columnMapSchema, mappingPresetSchema, type ImportPreview, type MappingPreset } from './preview';

export * from './preview';

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

/**
 * What an import report warns about, one line each: a file with no records (a header only) imports
 * nothing without failing. The CLI prints these on stderr, the import report shows them, and the
 * import wizard's preview (`preview`: "would be") says so before anything is imported.
 */
export function fileReportWarnings(r: FileReport, preview = false): string[] {
  if (r.records > 0) return [];
  const what = r.format === 'medline' ? 'no records' : 'a header and no records';
  return [`${r.file}: ${what}; nothing ${preview ? 'would be ' : ''}imported from it`];
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
  /** A therapeutic area id or label (any case); its rules decide which publications are in scope. */
  ta?: string | null;
  since?: number | null;
  until?: number | null;
  /**
   * Only people whose current institution is in this country (ISO code as stored, e.g. "DE") and/or
   * region (e.g. "CA"); papers are not filtered by place. See electron/db restrictToPlace.
   */
  country?: string | null;
  region?: string | null;
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
  /**
   * Set only when `authors` is part of the byline (a country/region scope): whether authors[0] is
   * the byline's first author, and whether the last of `authors` is the last author of a byline of
   * two or more people. Absent: `authors` is the whole byline.
   */
  firstIn?: boolean;
  lastIn?: boolean;
  /** Descriptive terms for community labels (shared/analytics/terms.ts: MeSH, else keywords, else title words). */
  terms?: string[];
}

/**
 * One person's trial roles in scope (investigators matched to people, electron/db/trialRoles.ts):
 * trials counted once each, under the person's highest role in it.
 */
export interface PersonTrialRoles {
  id: number;
  /** Principal investigator, study chair or study director (overall officials). */
  principal: number;
  /** Site investigator or sub-investigator. */
  investigator: number;
  /** Named as the trial's contact only. */
  contact: number;
}

export interface AnalysisInput {
  scope: Scope;
  people: PersonRow[];
  papers: PaperRow[];
  /** Trial roles of the people above who have any in scope; absent or empty: no trial data in scope. */
  trials?: PersonTrialRoles[];
  /** The project's data version when this was read (migration 9); saveCachedAnalysis stamps it. */
  dataVersion?: number;
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

/** A trial the person holds a role in (trial_roles): one row per trial and role. */
export interface PersonTrial {
  nctId: string;
  title: string;
  /** investigator, sponsor, collaborator or site, as the registry export named it. */
  role: string;
  affiliation: string | null;
  phase: string | null;
  status: string | null;
  startYear: number | null;
  endYear: number | null;
}

/** Open Payments made to the person, summed (amounts in US dollars as the files state them). */
export interface PersonPayments {
  total: number;
  count: number;
  /** By program year (else the payment date's year; null when neither is known), oldest first. */
  byYear: { year: number | null; total: number; count: number }[];
  /** By nature of payment, largest first. */
  byNature: { nature: string; total: number; count: number }[];
  /** The largest payers by total, at most 12. */
  payers: { name: string; total: number; count: number }[];
  /** Payers beyond the listed ones. */
  otherPayers: number;
}

/** One therapeutic area's share of a person's publications. */
export interface PersonAreaShare {
  id: string;
  label: string;
  publications: number;
  /** publications / all of the person's publications (a paper may be in several areas). */
  share: number;
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
  trials: PersonTrial[];
  /** null: no payment in the project names this person. */
  payments: PersonPayments | null;
  /** Areas by share, largest first; empty when no publication of theirs matches an area. */
  areas: PersonAreaShare[];
}

/** Each person's main therapeutic area (most of their publications), for colouring the map. */
export interface MainAreas {
  /** Every area of the project, in display order. */
  areas: { id: string; label: string }[];
  /** [person id, area id]; people with no classified publication are absent. */
  people: [number, string][];
}

/** A project opened recently (the user's recent.json). */
export interface RecentProject {
  path: string;
  name: string;
  /** ISO time it was last opened. */
  openedAt: string;
  /** Whether the file is still there. */
  exists: boolean;
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
    country: z.string().min(1).max(100).nullable().optional(),
    region: z.string().min(1).max(100).nullable().optional(),
  })
  .strict();

/** The rules of a therapeutic area (see shared/analytics/ta for how each kind of term matches). */
export interface AreaRulesJson {
  mesh: string[];
  keywords: string[];
  titleWords: string[];
  journals: string[];
  exclude: string[];
}

/** A therapeutic area as getAreas lists it. */
export interface AreaInfo {
  id: string;
  label: string;
  rules: AreaRulesJson;
  /** One of the shipped defaults (possibly edited since). */
  builtin: boolean;
  /** Publications of this project its rules match. */
  publications: number;
  updatedAt: string;
}

const termList = z.array(z.string().min(1).max(200)).max(2000);

export const areaSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,63}$/,
        'lower-case letters, digits and hyphens, at most 64, e.g. "oncology"',
      ),
    label: z.string().trim().min(1).max(200),
    rules: z
      .object({
        mesh: termList.default([]),
        keywords: termList.default([]),
        titleWords: termList.default([]),
        journals: termList.default([]),
        exclude: termList.default([]),
      })
      .strict(),
  })
  .strict();

/** A place of a territory: a whole country (region null) or one region of it (e.g. a US state). */
export interface TerritoryPlace {
  /** ISO 3166-1 alpha-2, upper case (e.g. "US"). */
  country: string;
  /** As institutions store it (e.g. "CA", "ENG"); null: the whole country. */
  region: string | null;
}

/** A territory (migration 4) with its places and manual overrides (person ids). */
export interface TerritoryInfo {
  id: number;
  name: string;
  msl: string | null;
  /** How many KOLs the MSL can cover; null: not set. */
  capacity: number | null;
  /** A grouping of territories, e.g. "North America". */
  regionGroup: string | null;
  places: TerritoryPlace[];
  /** People always in this territory, whatever their place (override). */
  include: number[];
  /** People never in this territory (override). */
  exclude: number[];
  updatedAt: string;
}

export const ENGAGEMENT_STATUSES = ['not-contacted', 'planned', 'engaged'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A person's engagement plan; history rows have the same fields with the time of the change. */
export interface Engagement {
  authorId: number;
  priority: Priority | null;
  status: EngagementStatus;
  nextAction: string | null;
  /** YYYY-MM-DD. */
  nextDate: string | null;
  notes: string | null;
  updatedAt: string;
}

export interface EngagementDetail {
  engagement: Engagement | null;
  /** Newest first. */
  history: Engagement[];
}

const placeSchema = z
  .object({
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. "US"')
      .transform((c) => c.toUpperCase()),
    region: z.string().trim().min(1).max(100).nullable(),
  })
  .strict();

export const territorySchema = z
  .object({
    /** Absent: create; present: replace that territory. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(200),
    msl: z.string().trim().max(200).nullable(),
    capacity: z.number().int().min(0).max(100_000).nullable(),
    regionGroup: z.string().trim().max(200).nullable().optional(),
    places: z.array(placeSchema).max(500),
  })
  .strict();

export const engagementSchema = z
  .object({
    authorId: z.number().int().positive(),
    priority: z.enum(PRIORITIES).nullable(),
    status: z.enum(ENGAGEMENT_STATUSES),
    nextAction: z.string().trim().max(500).nullable(),
    nextDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
      .nullable(),
    notes: z.string().max(5000).nullable(),
  })
  .strict();

const noArgs = z.object({}).strict();

/** A drawn person's map position: [person id, x, y] in graph coordinates. */
export type LayoutPosition = [number, number, number];

/** Map positions stored under a layout key (migration 8; see renderer/src/graph/layoutKey.ts). */
export interface StoredLayout {
  key: string;
  /** By person id. */
  positions: LayoutPosition[];
  updatedAt: string;
}

/** The most positions one layout may store (the map draws far fewer by default). */
export const MAX_LAYOUT_POSITIONS = 200_000;
const layoutKeySchema = z.string().min(1).max(1000);

/** One part of a stored analysis (migrations 9, 10): binary, see shared/analytics/cache.ts. */
export interface CachedAnalysisInfo {
  key: string;
  /** The data version the result was computed from. */
  dataVersion: number;
  /** false: the data changed since (an import, an identity decision, an area or territory edit). */
  current: boolean;
  /** Parts of the stored result; part 0 is the head (summary and top-ranked people). */
  parts: number;
  part: number;
  /** The part's bytes (decoded by shared/analytics/cache.ts where it is used). */
  payload: Uint8Array;
  createdAt: string;
}

/**
 * A page of a stored result's ranking (issue 8): the people at ranks start + 1 … start + people.length,
 * read from the cached parts by the back end, for results too big to load into the page whole.
 */
export interface CachedRankingPage {
  /** People in the whole stored result. */
  total: number;
  start: number;
  /** In rank order; empty past the end. */
  people: RankedPerson[];
  /** false: the data changed since the result was computed. */
  current: boolean;
  /** When the stored result was saved (a page with another value belongs to another result). */
  createdAt: string;
}

/** Most rows one getCachedRanking call returns. */
export const MAX_RANKING_PAGE = 1000;

const analysisCacheKeySchema = z.string().min(1).max(4000);

/** shared/analytics' AnalysisOptions (the settings the renderer analyses with), for analyseInBackEnd. */
export const analysisOptionsSchema = z
  .object({
    weights: z.partialRecord(z.enum(COMPONENTS), z.number().finite().min(0).max(1000)).optional(),
    maxAuthorsForEdges: z.number().int().min(1).max(100_000).optional(),
    resolution: z.number().finite().positive().max(1000).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32)
      .optional(),
    tierCuts: z
      .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
      .optional(),
    halfLifeYears: z.number().finite().positive().max(1000).optional(),
    referenceYear: z.number().int().min(1800).max(2200).optional(),
    damping: z.number().finite().min(0).max(1).optional(),
    exactBetweennessLimit: z.number().int().min(0).max(10_000_000).optional(),
    betweennessSamples: z.number().int().min(0).max(10_000_000).optional(),
    includeEdges: z.boolean().optional(),
  })
  .strict();

/** What analyseInBackEnd did (issue 8). */
export interface BackEndAnalysis {
  /** analysisCacheKey(scope, options): the result is read from the cache under it. */
  key: string;
  /** The data version the input was read at. */
  dataVersion: number;
  /** People in the result; 0: nothing in scope (nothing stored). */
  people: number;
  /** false: nothing stored as current (nothing in scope, or the data changed while it ran: ask again). */
  saved: boolean;
}
/** Largest part of a cached analysis one call carries (the encoder's parts are far smaller). */
export const MAX_CACHE_PART_BYTES = 256 * 1024 * 1024;
const cachePartBytesSchema = z
  .instanceof(Uint8Array, { message: 'expected binary data' })
  .refine((b) => b.byteLength >= 12 && b.byteLength <= MAX_CACHE_PART_BYTES, {
    message: `expected 12 to ${MAX_CACHE_PART_BYTES} bytes`,
  });

/**
 * An import's file: its bytes as they are on disk (the import wizard sends these: the back end decodes
 * them as it does a file it reads, BOM, UTF-16 and Windows-1252 included), or its text. Browser mode's
 * server writes a file sent to it to a temporary file as it arrives and passes `{ upload }`, its own
 * name for that file (never a path: a name it did not give is refused).
 */
const fileContentSchema = z.union([
  z.string(),
  z.instanceof(Uint8Array, { message: 'expected text or bytes' }),
  z.object({ upload: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
]);

/** A dry run's name, chosen by its caller (previewImport's ticket, cancelPreview). */
const previewTicketSchema = z.string().min(1).max(100);

/** Argument schemas: every call is validated against these before a handler runs. */
export const argSchemas = {
  getProject: noArgs,
  importFile: z
    .object({
      name: z.string().min(1).max(1000),
      content: fileContentSchema,
      format: z.enum(FORMATS).optional(),
      map: columnMapSchema.optional(),
    })
    .strict(),
  previewImport: z
    .object({
      name: z.string().min(1).max(1000),
      content: fileContentSchema,
      format: z.enum(FORMATS).optional(),
      map: columnMapSchema.optional(),
      /** The caller's name for this dry run, for cancelPreview. */
      ticket: previewTicketSchema.optional(),
    })
    .strict(),
  getMappingPresets: noArgs,
  saveMappingPreset: mappingPresetSchema,
  deleteMappingPreset: z.object({ name: z.string().min(1).max(200) }).strict(),
  loadDemo: noArgs,
  getAnalysisInput: scopeSchema,
  getPerson: z.object({ id: z.number().int().positive() }).strict(),
  getMainAreas: z.object({ ids: z.array(z.number().int().positive()).max(MAX_LAYOUT_POSITIONS) }).strict(),
  getRecentProjects: noArgs,
  openProject: z
    .object({
      /** Typed by the user or taken from the recent list; the main process validates it. */
      path: z.string().trim().min(1).max(4096),
      /** true: create a new project file (refused when the file exists). */
      create: z.boolean().optional(),
    })
    .strict(),
  getRejections: z.object({ sourceId: z.number().int().positive() }).strict(),
  cancelImport: noArgs,
  cancelPreview: z.object({ ticket: previewTicketSchema }).strict(),
  getAreas: noArgs,
  saveArea: areaSchema,
  deleteArea: z.object({ id: z.string().min(1).max(64) }).strict(),
  resetAreas: noArgs,
  getTerritories: noArgs,
  saveTerritory: territorySchema,
  deleteTerritory: z.object({ id: z.number().int().positive() }).strict(),
  setTerritoryOverride: z
    .object({
      territoryId: z.number().int().positive(),
      authorId: z.number().int().positive(),
      mode: z.enum(['include', 'exclude']).nullable(),
    })
    .strict(),
  /** Puts the listed territories in one region group (null: none), e.g. to create or rename a group. */
  setRegionGroup: z
    .object({
      territoryIds: z.array(z.number().int().positive()).min(1).max(10_000),
      regionGroup: z.string().trim().min(1).max(200).nullable(),
    })
    .strict(),
  getEngagements: noArgs,
  getEngagement: z.object({ authorId: z.number().int().positive() }).strict(),
  setEngagement: engagementSchema,
  getIdentityQueue: identityQueueSchema,
  decideIdentity: identityDecisionSchema,
  undoIdentityDecision: z.object({ id: z.number().int().positive() }).strict(),
  getIdentityDecisions: noArgs,
  getSnapshots: noArgs,
  saveSnapshot: saveSnapshotBase.extend({ scope: scopeSchema }).strict(),
  deleteSnapshot: snapshotRefSchema,
  diffSnapshots: diffSnapshotsSchema,
  getLayout: z.object({ key: layoutKeySchema }).strict(),
  saveLayout: z
    .object({
      key: layoutKeySchema,
      positions: z
        .array(z.tuple([z.number().int().positive(), z.number().finite(), z.number().finite()]))
        .min(1)
        .max(MAX_LAYOUT_POSITIONS),
    })
    .strict(),
  /** Part 0 (the head) unless `part` says otherwise. */
  getCachedAnalysis: z
    .object({ key: analysisCacheKeySchema, part: z.number().int().min(0).max(4095).optional() })
    .strict(),
  /** Rows start … start + count − 1 (0-based positions in rank order) of the stored result. */
  getCachedRanking: z
    .object({
      key: analysisCacheKeySchema,
      start: z.number().int().min(0).max(1_000_000_000),
      count: z.number().int().min(1).max(MAX_RANKING_PAGE),
    })
    .strict(),
  /**
   * Analyses the scope in the back end (a worker thread) and stores the result in the cache, as the
   * page would with saveCachedAnalysis; for scopes too big to analyse in the page (issue 8).
   */
  analyseInBackEnd: z.object({ scope: scopeSchema, options: analysisOptionsSchema }).strict(),
  /** Stops the back-end analysis of this key if it is running (the user cancelled it). */
  cancelBackEndAnalysis: z.object({ key: analysisCacheKeySchema }).strict(),
  /** One part of a result; the entry switches to the upload when its last part is in. */
  saveCachedAnalysis: z
    .object({
      key: analysisCacheKeySchema,
      dataVersion: z.number().int().min(0),
      upload: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an upload id of 8 to 64 letters, digits, _ or -'),
      part: z.number().int().min(0).max(4095),
      parts: z.number().int().min(1).max(4096),
      payload: cachePartBytesSchema,
    })
    .strict()
    .refine((a) => a.part < a.parts, { message: 'part must be below parts', path: ['part'] }),
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
  /** A dry run: the import done and rolled back; the project is unchanged. */
  previewImport: ImportPreview;
  getMappingPresets: MappingPreset[];
  saveMappingPreset: MappingPreset & { created: boolean };
  deleteMappingPreset: { deleted: true };
  loadDemo: ImportResult;
  getAnalysisInput: AnalysisInput;
  getPerson: PersonDetail;
  getMainAreas: MainAreas;
  /** Most recent first. */
  getRecentProjects: RecentProject[];
  /** Closes the current project and opens (or creates) another; refused while a write runs. */
  openProject: ProjectInfo;
  getRejections: SourceRejections;
  /** Asks the running importFile to stop (it then fails as cancelled, nothing stored); false when none runs. */
  cancelImport: { cancelled: boolean };
  /**
   * Stops the previewImport of this ticket, running or queued (it then fails as cancelled, having read
   * no further). false when none of that ticket is running or queued: one that arrives later with it
   * (its file still uploading when the cancel came) is refused as cancelled.
   */
  cancelPreview: { cancelled: boolean };
  saveExport: SaveResult;
  getAreas: AreaInfo[];
  /** The saved area with its new publication count; created is false when it replaced one. */
  saveArea: AreaInfo & { created: boolean };
  deleteArea: { deleted: true };
  resetAreas: AreaInfo[];
  getTerritories: TerritoryInfo[];
  saveTerritory: TerritoryInfo & { created: boolean };
  deleteTerritory: { deleted: true };
  setTerritoryOverride: TerritoryInfo;
  setRegionGroup: TerritoryInfo[];
  /** Every person's current engagement (people never planned have none). */
  getEngagements: Engagement[];
  getEngagement: EngagementDetail;
  setEngagement: EngagementDetail;
  /** "Possibly the same person" candidates by confidence, with their evidence side by side. */
  getIdentityQueue: IdentityQueue;
  /** Records a merge / split / dismiss decision and applies it at once. */
  decideIdentity: IdentityDecisionResult;
  undoIdentityDecision: IdentityUndoResult;
  /** Every identity decision, newest first. */
  getIdentityDecisions: IdentityDecisionInfo[];
  /** Oldest first. */
  getSnapshots: SnapshotInfo[];
  saveSnapshot: SnapshotInfo;
  deleteSnapshot: { deleted: true };
  diffSnapshots: SnapshotDiff;
  /** The positions stored under the key; null when the map has never settled with that key. */
  getLayout: StoredLayout | null;
  /** Replaces the positions stored under the key. */
  saveLayout: { key: string; nodes: number; updatedAt: string };
  /** A part of the last result stored under the key (current or not); null when none is. */
  getCachedAnalysis: CachedAnalysisInfo | null;
  /** A page of the ranking stored under the key; null when no result is stored under it. */
  getCachedRanking: CachedRankingPage | null;
  /**
   * Resolves when the result is stored (or found not storable); one analysis runs at a time: a call
   * for another scope or options cancels the running one (which then fails), one for the same joins it.
   */
  analyseInBackEnd: BackEndAnalysis;
  /** running: an analysis of this key was running and is now stopped. */
  cancelBackEndAnalysis: { running: boolean };
  /**
   * Stores a part; saved is false when the data changed since its input was read (the upload is then
   * dropped); complete is true when this was the last part and the entry now holds the new result.
   */
  saveCachedAnalysis: { saved: boolean; complete: boolean };
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
/**
 * What an import is doing. It reads its files first ('reading'); the rest happens when they have all
 * been read, in the same transaction: the people of the new authorships are resolved ('people', blocks
 * of one name key), the authorships written ('authorships'), the indexes dropped for the bulk writes
 * built again ('indexes'), links checked ('checks'), and the transaction committed ('saving').
 */
/**
 * What an import is doing: reading its files, then (into a project that holds people already) reading
 * the project's stored bylines ('stored': how common each name and title word is, and the stored
 * people of the names the files bring), resolving the people, writing the authorships, building
 * indexes, checking links, saving.
 */
export type ImportStage = 'reading' | 'stored' | 'people' | 'authorships' | 'indexes' | 'checks' | 'saving';

/** How each import stage is named in the UI and the CLI. */
export const IMPORT_STAGE_LABELS: Record<ImportStage, string> = {
  reading: 'Reading',
  stored: 'Reading the project',
  people: 'Resolving people',
  authorships: 'Writing authorships',
  indexes: 'Building indexes',
  checks: 'Checking links',
  saving: 'Saving',
};

/** Stages that are one step with no count to show (their events say 0 of 1): checking links, saving. */
export function isOneStepStage(stage: ImportStage | undefined): boolean {
  return stage === 'checks' || stage === 'saving';
}

export interface ProgressEvent {
  /** 'preview': the wizard's dry run of a file (previewImport) reading it; its card shows how far. */
  task: 'import' | 'demo' | 'preview';
  file: string;
  /** Absent: 'reading'. */
  stage?: ImportStage;
  /**
   * What is done of the stage so far and its total, in the same unit: bytes (or records, for the
   * demo) while reading; then publication ids (the stored bylines are read in their order), blocks,
   * authorships or indexes; 0 of 1 for a step that cannot say.
   */
  done: number;
  total: number;
  /** Records read so far: of the file while it is read; of every file of the import after. */
  records: number;
  /**
   * 'menu': an import the desktop app's File > Import from Disk… started (files picked in its own dialog), which
   * the window shows and can cancel like its own; a 'project-changed' event follows its end, whatever
   * the outcome. Absent: an import this window asked for.
   */
  origin?: 'menu';
  /** Task 'preview': the ticket of the dry run (previewImport's), when it was given one. */
  ticket?: string;
}

export type MenuAction = 'import' | 'export-csv' | 'find';

/** Progress of analyseInBackEnd (its key), for the status bar. */
export interface AnalysisProgressEvent {
  key: string;
  phase: string;
  fraction: number;
}

export interface ApiEvents {
  progress: ProgressEvent;
  'analysis-progress': AnalysisProgressEvent;
  'project-changed': ProjectInfo;
  menu: { action: MenuAction };
}
export type EventName = keyof ApiEvents;
export const EVENT_NAMES: EventName[] = ['progress', 'analysis-progress', 'project-changed', 'menu'];

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
  'trials',
] as const;
