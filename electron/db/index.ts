// A kolmap project: one SQLite file (DESIGN §4). Project opens and migrates it, answers the read
// queries the API needs (totals, sources, analysis input, person detail, rejections, authorships) and
// hands out ImportSessions, the only way to write. All SQL of the app lives in electron/db.
import path from 'node:path';
import {
  ApiError,
  type AnalysisInput,
  type FormatId,
  type MainAreas,
  type PaperRow,
  type PersonDetail,
  type PersonRow,
  type PersonTrialRoles,
  type Scope,
  type SourceInfo,
  type SourceRejections,
  type Totals,
} from '../../shared/api';
import { findArea, type TherapeuticArea } from '../../shared/analytics/ta';
import { paperTermsFromColumns } from '../../shared/analytics/terms';
import { AreaStore, type StoredArea } from './areas';
import { TerritoryStore } from './territories';
import { DecisionStore } from './decisions';
import { IdentityResolver } from './identity';
import { SnapshotStore } from './snapshots';
import { MappingPresetStore } from './presets';
import { LayoutStore } from './layouts';
import { trialRoleCounts } from './trialRoles';
import { AnalysisCacheStore } from './analysisCache';
import { ProfileReads } from './profile';
import { labelTerritories } from '../../shared/analytics/territory';
import { openDatabase, openReadOnlyDatabase, type Db } from './connection';
import { MIGRATIONS, type Migration } from './migrations';
import { ImportSession, WriterStatements, type WriterOptions } from './writer';
import type { MergeEvidence } from '../../shared/formats/identity';

export type { StoredArea } from './areas';
export { TerritoryStore, type TerritoryInput, type EngagementInput } from './territories';
export { MappingPresetStore } from './presets';
export { ImportSession, type SourceCounts, type WriteOutcome, type WriterOptions } from './writer';
export type { ImportStep } from './identity';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

/** One row of `kolmap authorships` (DESIGN §5). */
export interface AuthorshipCsvRow {
  publication_key: string;
  position: number;
  raw_name: string;
  author_id: number;
}

/** Stored evidence of one resolved person (identity_evidence.evidence). */
export interface IdentityEvidence {
  variants: string[];
  papers: number;
  merges: MergeEvidence[];
}

/** A trial with its roles (migration 002). */
export interface TrialDetail {
  nctId: string;
  title: string;
  status: string | null;
  phase: string | null;
  startDate: string | null;
  completionDate: string | null;
  conditions: string[];
  interventions: string[];
  locations: string[];
  roles: { role: string; name: string; authorId: number | null; affiliation: string | null }[];
}

/** One stored Open Payments row. */
export interface PaymentRow {
  recordId: string | null;
  recipientType: string | null;
  family: string | null;
  given: string | null;
  npi: string | null;
  profileId: string | null;
  authorId: number | null;
  entity: string | null;
  city: string | null;
  region: string | null;
  amount: number;
  paidOn: string | null;
  payer: string | null;
  study: string | null;
}

/** A publication with its byline, looked up by key (tests, future publication view). */
export interface PublicationDetail {
  id: number;
  key: string;
  pmid: string | null;
  doi: string | null;
  eid: string | null;
  wosUt: string | null;
  title: string;
  journal: string | null;
  year: number | null;
  citations: number | null;
  keywords: string[];
  mesh: string[];
  collectives: string[];
  createDate: string | null;
  /** Ids of the imported files that contained it. */
  sources: number[];
  authors: {
    position: number;
    authorId: number;
    rawName: string;
    rawAffiliation: string | null;
    institution: string | null;
  }[];
}

interface SourceRow {
  id: number;
  name: string;
  format: string;
  sha256: string;
  records: number;
  imported: number;
  duplicates: number;
  rejected: number;
  imported_at: string;
}

interface PublicationRow {
  id: number;
  pmid: string | null;
  doi: string | null;
  eid: string | null;
  wos_ut: string | null;
  title: string;
  journal: string | null;
  year: number | null;
  citations: number | null;
  keywords: string;
  mesh: string;
  collectives: string;
  create_date: string | null;
}

interface KeyColumns {
  id: number;
  pmid: string | null;
  doi: string | null;
  eid: string | null;
  wos_ut: string | null;
}

/** `pmid:…`, `doi:…`, `eid:…` or `wos:…` (the first the publication has); `id:…` when it has none. */
export function publicationKey(p: KeyColumns): string {
  if (p.pmid) return `pmid:${p.pmid}`;
  if (p.doi) return `doi:${p.doi}`;
  if (p.eid) return `eid:${p.eid}`;
  if (p.wos_ut) return `wos:${p.wos_ut}`;
  return `id:${p.id}`;
}

function toSourceInfo(r: SourceRow): SourceInfo {
  return {
    id: r.id,
    name: r.name,
    format: r.format as FormatId,
    sha256: r.sha256,
    records: r.records,
    imported: r.imported,
    duplicates: r.duplicates,
    rejected: r.rejected,
    importedAt: r.imported_at,
  };
}

// Publications in a scope: years, and a therapeutic area through the publication_areas cache.
const IN_YEARS = `(@since IS NULL OR p.year >= @since) AND (@until IS NULL OR p.year <= @until)`;
const IN_AREA = `(@area IS NULL OR p.id IN (SELECT pa.publication_id FROM publication_areas pa WHERE pa.area_id = @area))`;

interface ScopeParams {
  since: number | null;
  until: number | null;
  area: string | null;
}

function prepareReads(db: Db) {
  // Before migration 3 (tests open with older migration lists) there is no area cache to join.
  const hasAreas =
    db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'publication_areas'`).get() !== undefined;
  const IN_SCOPE = hasAreas ? `${IN_YEARS} AND ${IN_AREA}` : `${IN_YEARS} AND @area IS NULL`;
  return {
    totals: db.prepare<[], Totals>(
      `SELECT (SELECT COUNT(*) FROM publications) AS publications, (SELECT COUNT(*) FROM authors) AS authors,
              (SELECT COUNT(*) FROM authorships) AS authorships, (SELECT COUNT(*) FROM institutions) AS institutions,
              (SELECT COUNT(*) FROM trials) AS trials`,
    ),
    sources: db.prepare<[], SourceRow>(`SELECT * FROM sources ORDER BY id`),
    source: db.prepare<[number], SourceRow>(`SELECT * FROM sources WHERE id = ?`),
    rejections: db.prepare<[number], { line: number; reason: string; raw: string }>(
      `SELECT line, reason, raw FROM rejections WHERE source_id = ? ORDER BY line, id`,
    ),
    scopedPapers: db.prepare<ScopeParams, [number, number | null, number | null, string, string, string]>(
      `SELECT p.id, p.year, p.citations, p.title, p.keywords, p.mesh FROM publications p WHERE ${IN_SCOPE} ORDER BY p.id`,
    ),
    scopedBylines: db.prepare<ScopeParams, [number, number]>(
      `SELECT au.publication_id, au.author_id FROM authorships au JOIN publications p ON p.id = au.publication_id
       WHERE ${IN_SCOPE} ORDER BY au.publication_id, au.position`,
    ),
    // Current institution = the institution of the person's most recent authorship that names one.
    // Authorships naming an institution, oldest first (year, then id): the last one seen per person is
    // their current institution. Scans publications by year and each byline by primary key: no sort.
    institutionTimeline: db.prepare<[], [number, number]>(
      `SELECT au.author_id, au.institution_id FROM publications q INDEXED BY publications_year
       JOIN authorships au ON au.publication_id = q.id
       WHERE au.institution_id IS NOT NULL ORDER BY q.year NULLS FIRST, q.id`,
    ),
    allAuthors: db.prepare<[], [number, string, string, string, string | null]>(
      `SELECT id, display_name, family, given, orcid FROM authors ORDER BY id`,
    ),
    allInstitutions: db.prepare<[], [number, string, string | null, string | null, string | null]>(
      `SELECT id, name, city, region, country FROM institutions`,
    ),
    author: db.prepare<
      [number],
      { id: number; name: string; family: string; given: string; orcid: string | null }
    >(`SELECT id, display_name AS name, family, given, orcid FROM authors WHERE id = ?`),
    variants: db
      .prepare<[number], string>(
        `SELECT raw_name FROM authorships WHERE author_id = ? GROUP BY raw_name ORDER BY COUNT(*) DESC, raw_name`,
      )
      .pluck(),
    personInstitutions: db.prepare<
      [number],
      {
        name: string;
        city: string | null;
        region: string | null;
        country: string | null;
        firstYear: number | null;
        lastYear: number | null;
        papers: number;
      }
    >(
      `SELECT i.name, i.city, i.region, i.country, ai.first_year AS firstYear, ai.last_year AS lastYear, ai.papers
       FROM author_institutions ai JOIN institutions i ON i.id = ai.institution_id
       WHERE ai.author_id = ? ORDER BY ai.last_year DESC NULLS LAST, ai.papers DESC, i.name`,
    ),
    personPublications: db.prepare<
      [number],
      KeyColumns & {
        title: string;
        journal: string | null;
        year: number | null;
        citations: number | null;
        position: number;
        authorCount: number;
      }
    >(
      `SELECT p.id, p.pmid, p.doi, p.eid, p.wos_ut, p.title, p.journal, p.year, p.citations, au.position,
              (SELECT COUNT(*) FROM authorships c WHERE c.publication_id = p.id) AS authorCount
       FROM authorships au JOIN publications p ON p.id = au.publication_id
       WHERE au.author_id = ? ORDER BY p.year DESC NULLS LAST, p.id DESC, au.position`,
    ),
    publicationBy: {
      pmid: db.prepare<[string], PublicationRow>(`SELECT * FROM publications WHERE pmid = ?`),
      doi: db.prepare<[string], PublicationRow>(`SELECT * FROM publications WHERE doi = ?`),
      eid: db.prepare<[string], PublicationRow>(`SELECT * FROM publications WHERE eid = ?`),
      wos: db.prepare<[string], PublicationRow>(`SELECT * FROM publications WHERE wos_ut = ?`),
      id: db.prepare<[string], PublicationRow>(`SELECT * FROM publications WHERE id = ?`),
    },
    publicationSources: db
      .prepare<[number], number>(
        `SELECT source_id FROM publication_sources WHERE publication_id = ? ORDER BY source_id`,
      )
      .pluck(),
    byline: db.prepare<
      [number],
      {
        position: number;
        authorId: number;
        rawName: string;
        rawAffiliation: string | null;
        institution: string | null;
      }
    >(
      `SELECT au.position, au.author_id AS authorId, au.raw_name AS rawName, au.raw_affiliation AS rawAffiliation,
              i.name AS institution
       FROM authorships au LEFT JOIN institutions i ON i.id = au.institution_id
       WHERE au.publication_id = ? ORDER BY au.position`,
    ),
    authorships: db.prepare<[], KeyColumns & { position: number; raw_name: string; author_id: number }>(
      `SELECT p.id, p.pmid, p.doi, p.eid, p.wos_ut, au.position, au.raw_name, au.author_id
       FROM authorships au JOIN publications p ON p.id = au.publication_id ORDER BY au.publication_id, au.position`,
    ),
  };
}

function checkYear(name: string, v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (!Number.isInteger(v)) throw new ApiError('BAD_INPUT', `Scope ${name} must be a whole year, got ${v}.`);
  return v;
}

/**
 * A country/region scope keeps the people whose CURRENT institution is in that place, and the papers
 * in scope that have at least one of them, each byline cut down to those people. So the analysis is
 * the place's own network: publications, citations and recency of each kept person are exact (every
 * paper of theirs in scope is kept) and so are first/last authorships (PaperRow.firstIn/lastIn say
 * whether the cut byline still starts/ends with the real first/last author); co-authorship links,
 * PageRank, betweenness and communities count collaborations among the place's people only, and the
 * score percentiles compare them with each other. Papers are not filtered by where they were written.
 */
function restrictToPlace(
  people: PersonRow[],
  papers: PaperRow[],
  country: string | null,
  region: string | null,
): { people: PersonRow[]; papers: PaperRow[] } {
  const fold = (s: string | null): string => (s ?? '').trim().toLowerCase();
  const c = fold(country);
  const r = fold(region);
  const kept = people.filter((p) => (!c || fold(p.country) === c) && (!r || fold(p.region) === r));
  const ids = new Set(kept.map((p) => p.id));
  const out: PaperRow[] = [];
  for (const paper of papers) {
    const authors = paper.authors.filter((a) => ids.has(a));
    if (authors.length === 0) continue;
    if (authors.length === paper.authors.length) {
      out.push(paper);
      continue;
    }
    const byline = paper.authors;
    out.push({
      ...paper,
      authors,
      firstIn: authors[0] === byline[0],
      lastIn: byline.length >= 2 && authors[authors.length - 1] === byline[byline.length - 1],
    });
  }
  return { people: kept, papers: out };
}

/** A read-only Project found the therapeutic-area cache stale (only a writing connection refreshes it). */
export class StaleAreasError extends Error {
  constructor() {
    super('The therapeutic-area cache of this project is stale; refresh it on the writing connection.');
    this.name = 'StaleAreasError';
  }
}

export class Project {
  /** Absolute path of the project file. */
  readonly path: string;
  /** File base name without extension (shown as the project's name). */
  readonly name: string;
  private readonly db: Db;
  private readonly reads: ReturnType<typeof prepareReads>;
  private writerStatements: WriterStatements | null = null;
  private areaStore: AreaStore | null = null;
  private territoryStore: TerritoryStore | null = null;
  private decisionStore: DecisionStore | null = null;
  private snapshotStore: SnapshotStore | null = null;
  private presetStore: MappingPresetStore | null = null;
  private layoutStore: LayoutStore | null = null;
  private cacheStore: AnalysisCacheStore | null = null;
  private profileReads: ProfileReads | null = null;
  // readCommitted's read-only connection, opened by the first read made while an import writes.
  private committed: Project | null = null;
  private readonly closeHooks = new Set<() => void>();

  private constructor(
    file: string,
    db: Db,
    /** Opened by openReader(): reads only, never migrates or refreshes a cache. */
    readonly readOnly = false,
  ) {
    this.path = file;
    this.name = path.basename(file, path.extname(file));
    this.db = db;
    this.reads = prepareReads(db);
  }

  /**
   * A read-only view of a project file that a writing Project (Project.open) has opened and migrated:
   * for reads off the main thread (electron/api/readers.ts). Its reads refuse to refresh caches:
   * analysisInput() of an area scope throws StaleAreasError when the area cache is stale.
   */
  static openReader(file: string): Project {
    const abs = path.resolve(file);
    return new Project(abs, openReadOnlyDatabase(abs), true);
  }

  /** Runs `read` in one read transaction: every statement in it sees the same committed data. */
  snapshotRead<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /** Calls `hook` once when the project closes; returns a function that forgets it. */
  onClose(hook: () => void): () => void {
    this.closeHooks.add(hook);
    return () => this.closeHooks.delete(hook);
  }

  /**
   * Opens a project file, creating it when missing and applying pending migrations. Throws ApiError
   * BAD_INPUT (not a kolmap project) or UNSUPPORTED (written by a newer kolmap); such files are untouched.
   */
  static open(file: string, options: { migrations?: readonly Migration[] } = {}): Project {
    const abs = path.resolve(file);
    const project = new Project(abs, openDatabase(abs, options.migrations ?? MIGRATIONS));
    // Therapeutic areas arrive with migration 3: seed the shipped defaults the first time.
    if (project.schemaVersion() >= 3) project.areaRules().seedIfNeeded();
    return project;
  }

  private areaRules(): AreaStore {
    this.areaStore ??= new AreaStore(this.db);
    return this.areaStore;
  }

  /** Territories and engagements (migration 4); null on a project opened with older migrations. */
  territoryData(): TerritoryStore | null {
    if (this.schemaVersion() < 4) return null;
    this.territoryStore ??= new TerritoryStore(this.db);
    return this.territoryStore;
  }

  /** Analysis snapshots (migration 6); ApiError UNSUPPORTED when the schema predates them. */
  snapshots(): SnapshotStore {
    if (this.schemaVersion() < 6)
      throw new ApiError('UNSUPPORTED', 'This project was opened without the snapshots migration (6).');
    this.snapshotStore ??= new SnapshotStore(this.db);
    return this.snapshotStore;
  }

  /** Territories and engagements; ApiError UNSUPPORTED when the schema predates them. */
  territories(): TerritoryStore {
    const store = this.territoryData();
    if (!store)
      throw new ApiError('UNSUPPORTED', 'This project was opened without the territories migration (4).');
    return store;
  }

  /** Saved generic-CSV column mappings (migration 7); ApiError UNSUPPORTED when the schema predates them. */
  mappingPresets(): MappingPresetStore {
    if (!this.presetStore) {
      const exists = this.db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'mapping_presets'`).get();
      if (!exists)
        throw new ApiError('UNSUPPORTED', 'This project was opened without the mapping presets migration.');
      this.presetStore = new MappingPresetStore(this.db);
    }
    return this.presetStore;
  }

  /** Stored map layouts (migration 8); ApiError UNSUPPORTED when the schema predates them. */
  layouts(): LayoutStore {
    if (!this.layoutStore) {
      if (this.schemaVersion() < 8)
        throw new ApiError('UNSUPPORTED', 'This project was opened without the layouts migration (8).');
      this.layoutStore = new LayoutStore(this.db);
    }
    return this.layoutStore;
  }

  /** The analysis cache and data version (migrations 9, 10); null on a project opened without them. */
  analysisCache(): AnalysisCacheStore | null {
    if (!this.cacheStore) {
      if (this.schemaVersion() < 10) return null;
      this.cacheStore = new AnalysisCacheStore(this.db);
    }
    return this.cacheStore;
  }

  /** The therapeutic areas with their rules and how many publications each holds. */
  areas(): StoredArea[] {
    return this.areaRules().list();
  }

  /** Creates or replaces an area (by id) and reclassifies the publications for it. */
  saveArea(area: TherapeuticArea): { created: boolean } {
    return { created: this.areaRules().save(area) };
  }

  /** Deletes an area; false when no area has that id. */
  deleteArea(id: string): boolean {
    return this.areaRules().delete(id);
  }

  /** Replaces every area with the shipped defaults (edits and added areas are lost). */
  resetAreas(): void {
    this.areaRules().reset();
  }

  /** Recomputes the therapeutic-area cache if it is stale (before a read-only connection reads it). */
  refreshAreas(): void {
    this.areaRules().fresh();
  }

  /** The area id a scope's `ta` names (id or label, any case); ApiError BAD_INPUT listing the known ones. */
  private resolveArea(ta: string): string {
    const defs = this.areaRules().definitions();
    const found = findArea(defs, ta);
    if (!found) {
      const known = defs.map((a) => a.id).join(', ');
      throw new ApiError(
        'BAD_INPUT',
        `Unknown therapeutic area "${ta}". Known: ${known || '(none: add one or reset the defaults)'}.`,
      );
    }
    return found.id;
  }

  /**
   * Whether a write transaction is open on this connection across turns of the event loop: an
   * import between its steps (which may hold a statement open: only reads can share the connection).
   */
  get writing(): boolean {
    return this.db.inTransaction;
  }

  /**
   * Runs `read` on what is committed. An import keeps its transaction open on this connection between
   * its steps (the event loop turns there: progress, a cancel, other requests), and reads on this
   * connection meanwhile would see its uncommitted rows, which a cancel or a failure takes back. So
   * while a transaction is open, `read` runs on a read-only connection of this project's own (opened
   * by the first such read, closed by the first read after the import or with the project), in one read
   * transaction: the project as it was before the import.
   * A read that cannot run there (one that would refresh a stale cache) runs here, as before.
   */
  readCommitted<T>(read: (project: Project) => T): T {
    if (this.readOnly || !this.writing) {
      // The import is over: its connection goes with the memory it held.
      this.committed?.close();
      this.committed = null;
      return read(this);
    }
    this.committed ??= Project.openReader(this.path);
    const committed = this.committed;
    try {
      return committed.snapshotRead(() => read(committed));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (err instanceof StaleAreasError || (typeof code === 'string' && code.startsWith('SQLITE_READONLY')))
        return read(this);
      throw err;
    }
  }

  close(): void {
    const hooks = [...this.closeHooks];
    this.closeHooks.clear();
    for (const hook of hooks) hook();
    this.committed?.close();
    this.committed = null;
    if (this.db.open) this.db.close();
  }

  /** PRAGMA user_version: the number of the last migration applied. */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  totals(): Totals {
    return this.reads.totals.get() as Totals;
  }

  sources(): SourceInfo[] {
    return this.reads.sources.all().map(toSourceInfo);
  }

  /** Starts the one write transaction of an import (see electron/import). */
  beginImport(options: WriterOptions = {}): ImportSession {
    this.writerStatements ??= new WriterStatements(this.db);
    return new ImportSession(this.db, this.writerStatements, options);
  }

  /**
   * What the analysis reads (DESIGN §6): publications in scope with their people in byline order, and
   * every person with at least one authorship in scope, with their current institution.
   */
  analysisInput(scope: Scope): AnalysisInput {
    const ta = scope.ta?.trim() ? scope.ta.trim() : null;
    const area = ta === null ? null : this.resolveArea(ta);
    if (area !== null) {
      if (!this.readOnly) this.areaRules().fresh();
      else if (this.areaRules().stale()) throw new StaleAreasError();
    }
    const since = checkYear('since', scope.since);
    const until = checkYear('until', scope.until);
    if (since !== null && until !== null && since > until) {
      throw new ApiError(
        'BAD_INPUT',
        `Scope since (${since}) is after until (${until}); swap them or widen the range.`,
      );
    }
    const params: ScopeParams = { since, until, area };
    // Read before the data: a change racing this read then only makes the result look older than it is.
    const dataVersion = this.analysisCache()?.dataVersion();
    const papers: PaperRow[] = [];
    const byId = new Map<number, PaperRow>();
    for (const [id, year, citations, title, keywords, mesh] of this.reads.scopedPapers
      .raw()
      .iterate(params) as Iterable<[number, number | null, number | null, string, string, string]>) {
      // Terms label the communities (shared/analytics/labels.ts).
      const terms = paperTermsFromColumns(title, keywords, mesh);
      const paper: PaperRow = { id, year, citations, authors: [], terms };
      papers.push(paper);
      byId.set(id, paper);
    }
    let current: PaperRow | undefined;
    for (const [pubId, authorId] of this.reads.scopedBylines.raw().iterate(params) as Iterable<
      [number, number]
    >) {
      if (!current || current.id !== pubId) current = byId.get(pubId);
      // A name listed twice in one byline resolves to one person: keep their first position only.
      if (current && !current.authors.includes(authorId)) current.authors.push(authorId);
    }
    const ids = new Set<number>();
    for (const p of papers) for (const a of p.authors) ids.add(a);
    const people = this.peopleOf(ids);
    const territories = this.territoryData()?.list();
    if (territories?.length) labelTerritories(people, territories);
    const country = scope.country?.trim() ? scope.country.trim() : null;
    const region = scope.region?.trim() ? scope.region.trim() : null;
    const out = { ta: ta === null ? null : area, since, until, country, region };
    // Trial roles of these people in scope (electron/db/trialRoles.ts); left out when there are none.
    const areaDef =
      area === null
        ? null
        : (this.areaRules()
            .definitions()
            .find((a) => a.id === area) ?? null);
    const roles = trialRoleCounts(this.db, { since, until, area: areaDef }, ids);
    const trials = (keep: PersonRow[]): { trials?: PersonTrialRoles[] } => {
      const kept = new Set(keep.map((p) => p.id));
      const list = roles.filter((t) => kept.has(t.id));
      return list.length ? { trials: list } : {};
    };
    if (country === null && region === null)
      return { scope: out, people, papers, dataVersion, ...trials(people) };
    const placed = restrictToPlace(people, papers, country, region);
    return { scope: out, ...placed, dataVersion, ...trials(placed.people) };
  }

  /** The given people with their current institution (that of their most recent authorship naming one). */
  private peopleOf(ids: Set<number>): PersonRow[] {
    if (ids.size === 0) return [];
    const current = new Map<number, number>();
    for (const [authorId, institutionId] of this.reads.institutionTimeline.raw().iterate() as Iterable<
      [number, number]
    >) {
      if (ids.has(authorId)) current.set(authorId, institutionId);
    }
    const institutions = new Map<number, [string, string | null, string | null, string | null]>();
    if (current.size > 0) {
      for (const [id, name, city, region, country] of this.reads.allInstitutions.raw().iterate() as Iterable<
        [number, string, string | null, string | null, string | null]
      >) {
        institutions.set(id, [name, city, region, country]);
      }
    }
    const people: PersonRow[] = [];
    for (const [id, name, family, given, orcid] of this.reads.allAuthors.raw().iterate() as Iterable<
      [number, string, string, string, string | null]
    >) {
      if (!ids.has(id)) continue;
      const inst = institutions.get(current.get(id) ?? 0);
      people.push({
        id,
        name,
        family,
        given,
        orcid,
        institution: inst?.[0] ?? null,
        city: inst?.[1] ?? null,
        region: inst?.[2] ?? null,
        country: inst?.[3] ?? null,
        territory: null,
      });
    }
    return people;
  }

  /** Trials, payments and area shares of people (electron/db/profile.ts). */
  private profile(): ProfileReads {
    this.profileReads ??= new ProfileReads(this.db);
    return this.profileReads;
  }

  /** Each listed person's main therapeutic area (for colouring the map); see ProfileReads.mainAreas. */
  mainAreas(ids: readonly number[]): MainAreas {
    const rules = this.areaRules();
    rules.fresh();
    return {
      areas: rules.definitions().map((a) => ({ id: a.id, label: a.label })),
      people: this.profile().mainAreas(ids),
    };
  }

  person(id: number): PersonDetail | null {
    const a = this.reads.author.get(id);
    if (!a) return null;
    this.areaRules().fresh();
    const profile = this.profile();
    return {
      trials: profile.trials(id),
      payments: profile.payments(id),
      areas: profile.areas(id).areas,
      ...a,
      variants: this.reads.variants.all(id),
      institutions: this.reads.personInstitutions.all(id),
      publications: this.reads.personPublications.all(id).map((p) => ({
        id: p.id,
        key: publicationKey(p),
        title: p.title,
        journal: p.journal,
        year: p.year,
        citations: p.citations,
        position: p.position,
        authorCount: p.authorCount,
      })),
    };
  }

  /** The identity review queue and the analyst's decisions (electron/db/decisions.ts, migration 5). */
  identityDecisions(): DecisionStore {
    if (this.schemaVersion() < 5)
      throw new ApiError('UNSUPPORTED', 'This project was opened without the identity migration (5).');
    this.decisionStore ??= new DecisionStore(this.db, new IdentityResolver(this.db));
    return this.decisionStore;
  }

  /** Why a person's authorships were joined (identity resolution, migration 5); null when none was stored. */
  identityEvidence(authorId: number): IdentityEvidence | null {
    if (this.schemaVersion() < 5) return null;
    const raw = this.db
      .prepare<[number], string>(`SELECT evidence FROM identity_evidence WHERE author_id = ?`)
      .pluck()
      .get(authorId);
    return raw === undefined ? null : (JSON.parse(raw) as IdentityEvidence);
  }

  /** A publication by key: `pmid:…`, `doi:…` (any case), `eid:…`, `wos:…` or `id:…`; null when absent. */
  publication(key: string): PublicationDetail | null {
    const m = /^(pmid|doi|eid|wos|id):(.+)$/i.exec(key.trim());
    if (!m) return null;
    const kind = (m[1] as string).toLowerCase() as keyof Project['reads']['publicationBy'];
    const value = kind === 'doi' ? (m[2] as string).toLowerCase() : (m[2] as string);
    const p = this.reads.publicationBy[kind].get(value);
    if (!p) return null;
    return {
      id: p.id,
      key: publicationKey(p),
      pmid: p.pmid,
      doi: p.doi,
      eid: p.eid,
      wosUt: p.wos_ut,
      title: p.title,
      journal: p.journal,
      year: p.year,
      citations: p.citations,
      keywords: JSON.parse(p.keywords) as string[],
      mesh: JSON.parse(p.mesh) as string[],
      collectives: JSON.parse(p.collectives) as string[],
      createDate: p.create_date,
      sources: this.reads.publicationSources.all(p.id),
      authors: this.reads.byline.all(p.id),
    };
  }

  rejections(sourceId: number): SourceRejections | null {
    const s = this.reads.source.get(sourceId);
    if (!s) return null;
    return { source: toSourceInfo(s), rejections: this.reads.rejections.all(sourceId) };
  }

  /**
   * `kolmap authorships` as CSV text: publication_key,position,raw_name,author_id (DESIGN §5), one row
   * per authorship in publication and byline order. For very large projects stream authorshipsCsvRows().
   */
  authorshipsCsv(): string {
    const cell = (v: string | number): string => {
      const s = String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = ['publication_key,position,raw_name,author_id'];
    for (const r of this.authorshipsCsvRows()) {
      lines.push(`${cell(r.publication_key)},${r.position},${cell(r.raw_name)},${r.author_id}`);
    }
    return lines.join('\n') + '\n';
  }

  /** Every authorship in publication and byline order, streamed (for `kolmap authorships`). */
  *authorshipsCsvRows(): Generator<AuthorshipCsvRow> {
    for (const r of this.reads.authorships.iterate()) {
      yield {
        publication_key: publicationKey(r),
        position: r.position,
        raw_name: r.raw_name,
        author_id: r.author_id,
      };
    }
  }

  /** A trial by NCT number with its roles (tests, future trial view); null when absent. */
  trial(nctId: string): TrialDetail | null {
    const t = this.db
      .prepare<
        [string],
        Omit<TrialDetail, 'roles' | 'conditions' | 'interventions' | 'locations'> & {
          id: number;
          conditions: string;
          interventions: string;
          locations: string;
        }
      >(
        `SELECT id, nct_id AS nctId, title, status, phase, start_date AS startDate, completion_date AS completionDate,
                conditions, interventions, locations FROM trials WHERE nct_id = ?`,
      )
      .get(nctId);
    if (!t) return null;
    const roles = this.db
      .prepare<[number], TrialDetail['roles'][number]>(
        `SELECT role, name, author_id AS authorId, affiliation FROM trial_roles WHERE trial_id = ? ORDER BY id`,
      )
      .all(t.id);
    return {
      ...t,
      conditions: JSON.parse(t.conditions) as string[],
      interventions: JSON.parse(t.interventions) as string[],
      locations: JSON.parse(t.locations) as string[],
      roles,
    };
  }

  /** Stored payment rows in file order (tests, future payments view). */
  payments(limit = 1000): PaymentRow[] {
    return this.db
      .prepare<[number], PaymentRow>(
        `SELECT record_id AS recordId, recipient_type AS recipientType, family, given, npi, profile_id AS profileId,
                author_id AS authorId, entity, city, region, amount, paid_on AS paidOn, payer, study
         FROM payments ORDER BY id LIMIT ?`,
      )
      .all(limit);
  }

  /** Counts of the non-publication tables (trial roles, payments, author_institutions). */
  recordCounts(): { trials: number; trialRoles: number; payments: number; authorInstitutions: number } {
    return this.db
      .prepare<[], { trials: number; trialRoles: number; payments: number; authorInstitutions: number }>(
        `SELECT (SELECT COUNT(*) FROM trials) AS trials, (SELECT COUNT(*) FROM trial_roles) AS trialRoles,
                (SELECT COUNT(*) FROM payments) AS payments, (SELECT COUNT(*) FROM author_institutions) AS authorInstitutions`,
      )
      .get() as { trials: number; trialRoles: number; payments: number; authorInstitutions: number };
  }
}
