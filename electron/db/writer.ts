// The one writer of imported data: stores neutral ImportRecords (shared/formats/types.ts) from any
// adapter. An ImportSession is one write transaction (BEGIN IMMEDIATE ... COMMIT/ROLLBACK) spanning all
// files of an import; statements are prepared once per project, and name_key → author id and
// name_norm → institution id caches live for one session (ids vanish on rollback). Publications are
// stored as they stream in; their bylines are kept in compact columns (identity.ts SessionMentions; the
// affiliation texts in a temporary file, spill.ts) and written at commit, each authorship once with the
// person identity resolution gives it. An import into a project without publications drops the
// publications' secondary indexes, finds duplicates through an in-memory table instead
// (publicationKeys.ts) and builds the indexes again at commit.
import { foldKey, titleNorm } from '../../shared/formats/text';
import { nameKey } from '../../shared/formats/names';
import type {
  ImportAffiliation,
  ImportAuthor,
  ImportInstitution,
  ImportPayment,
  ImportPerson,
  ImportRecord,
  ImportTrial,
} from '../../shared/formats/types';
import type { Db } from './connection';
import { matchTrialRoles } from './trialRoles';
import { IdentityResolver, runSteps, SessionMentions, type ImportStep } from './identity';
import { institutionMatchKey } from '../../shared/formats/affiliations';
import { KEY, PublicationKeys, type KeyKind } from './publicationKeys';

export interface WriterOptions {
  /** Do not store ORCID / Scopus author IDs (identity resolution from names alone, DESIGN §5). */
  ignoreSourceIds?: boolean;
  /** Bytes the import will read (its files' sizes), when known: see SORT_ON_DISK_FROM. */
  inputBytes?: number;
}

/**
 * From this much input (about 200k PubMed CSV publications) an import session keeps SQLite's temporary
 * data in files (PRAGMA temp_store = FILE, then back to MEMORY). Its big sorts, above all rebuilding
 * the authorships' and authors' indexes at commit, then hold at most cache_size (64 MiB) of keys in
 * memory and merge sorted runs from temporary files, instead of sorting every key in memory (about
 * 400 MB at 1M publications). SQLite unlinks those files as it creates them, in SQLITE_TMPDIR, TMPDIR,
 * /var/tmp, /usr/tmp or /tmp (the first that is writable). Smaller imports sort in memory, as fast
 * as before: their sorts fit in cache_size anyway.
 */
export const SORT_ON_DISK_FROM = 64 * 1024 * 1024;

/**
 * SQLite's page cache (cache_size, KiB when negative) for a SORT_ON_DISK_FROM import's session, instead
 * of the project's 64 MiB. At 1M publications the 64 MiB filled up while reading and stayed allocated to
 * the end (freed pages stay with malloc): the bench's import peaked at 605 MB with it and 536 MB with
 * this, run side by side (32 MiB: 578 MB). The price is CPU: 4-10 s more system time at 1M (the pages
 * missed are read back from the operating system's file cache), -7 % to +16 % in all over three pairs
 * of runs, about +10 % on balance.
 */
export const LARGE_IMPORT_CACHE = -16384;

/**
 * From this much input (about 50k PubMed CSV publications) an import runs with foreign keys off and
 * checks them all once, before COMMIT (checkForeignKeys). Checked row by row, every authorship looks its
 * person up in the authors table: at 1M publications that table (4M people) is far larger than the page
 * cache, so each look-up read a page back, about a fifth of the import's time (at 100k, 8 % of its CPU).
 * Checked at the end in the order of the authorships' author index, the same look-ups walk the authors
 * table once. A violation (a bug, never the input) fails the import, which rolls back. Smaller imports
 * keep SQLite's own checks: the check at the end reads every authorship of the project.
 */
export const CHECK_KEYS_AT_COMMIT_FROM = 16 * 1024 * 1024;

/** Every foreign key of the project, checked after a CHECK_KEYS_AT_COMMIT_FROM import; throws on the first broken one. */
export function checkForeignKeys(db: Db, fromPublication: number | null): void {
  const violation = (what: string, where: string): never => {
    throw new Error(
      `internal: the import broke a foreign key (${what} ${where}); nothing was saved, the project is as it was`,
    );
  };
  const tables = db
    .prepare<[], string>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES%' AND name <> 'authorships'`,
    )
    .pluck()
    .all();
  for (const table of tables) {
    const row = db
      .prepare<[], { table: string; rowid: number | null; parent: string }>(
        `PRAGMA foreign_key_check("${table.replace(/"/g, '""')}")`,
      )
      .get();
    if (row) violation(`${row.table} → ${row.parent}`, `at rowid ${row.rowid ?? '?'}`);
  }
  // Every authorship's person, in person order: one pass over the authors table.
  const person = db
    .prepare<[], { publication_id: number; position: number }>(
      `SELECT au.publication_id, au.position FROM authorships AS au INDEXED BY authorships_author
       WHERE NOT EXISTS (SELECT 1 FROM authors AS a WHERE a.id = au.author_id) LIMIT 1`,
    )
    .get();
  if (person) violation('authorships → authors', `at ${person.publication_id}/${person.position}`);
  // The new authorships' publications and institutions, in publication order (earlier authorships only
  // change person, checked above).
  if (fromPublication === null) return;
  const other = db
    .prepare<[number], { publication_id: number; position: number }>(
      `SELECT au.publication_id, au.position FROM authorships AS au
       WHERE au.publication_id >= ?
         AND (NOT EXISTS (SELECT 1 FROM publications AS p WHERE p.id = au.publication_id)
           OR (au.institution_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM institutions AS i WHERE i.id = au.institution_id)))
       LIMIT 1`,
    )
    .get(fromPublication);
  if (other)
    violation('authorships → publications or institutions', `at ${other.publication_id}/${other.position}`);
}

export interface SourceCounts {
  sha256: string;
  records: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export type WriteOutcome = 'imported' | 'duplicate';

interface AuthorEntry {
  id: number;
  givenLen: number;
  hasOrcid: boolean;
  hasScopus: boolean;
}

interface PubIdsRow {
  pmid: string | null;
  doi: string | null;
  eid: string | null;
  wos_ut: string | null;
}

interface PubKeysRow extends PubIdsRow {
  title_norm: string;
  year: number | null;
}

/** The identifiers a record is matched by. */
interface RecordIds {
  pmid: string | null;
  doi: string | null;
  eid: string | null;
  wos: string | null;
}

/** The column of each identifier kind in PubKeysRow. */
const ID_COLUMN = ['pmid', 'doi', 'eid', 'wos_ut'] as const;

/** Prepared statements of the writer; built once per project on first use. */
export class WriterStatements {
  readonly insertSource;
  readonly updateSource;
  readonly insertRejection;
  readonly findByPmid;
  readonly findByDoi;
  readonly findByEid;
  readonly findByWos;
  readonly pubIds;
  readonly pubKeys;
  readonly anyPublication;
  readonly fillPublication;
  readonly insertPublication;
  readonly linkSource;
  readonly findAuthor;
  readonly anyAuthor;
  readonly insertAuthor;
  readonly upgradeAuthorName;
  readonly setAuthorIds;
  readonly findInstitution;
  readonly insertInstitution;
  readonly fillInstitution;
  readonly upsertAuthorInstitution;
  readonly findByTitle;
  readonly findTrial;
  readonly insertTrial;
  readonly insertTrialRole;
  readonly findPayment;
  readonly insertPayment;
  readonly authorByNpi;
  readonly setAuthorNpi;
  readonly hasAuthorInstitution;
  readonly setDepartment;
  readonly identity;

  constructor(db: Db) {
    this.insertSource = db.prepare<[string, string, string]>(
      `INSERT INTO sources (name, sha256, format, imported_at) VALUES (?, '', ?, ?)`,
    );
    this.updateSource = db.prepare<[string, number, number, number, number, number]>(
      `UPDATE sources SET sha256 = ?, records = ?, imported = ?, duplicates = ?, rejected = ? WHERE id = ?`,
    );
    this.insertRejection = db.prepare<[number, number, string, string]>(
      `INSERT INTO rejections (source_id, line, reason, raw) VALUES (?, ?, ?, ?)`,
    );
    this.findByPmid = db.prepare<[string], number>(`SELECT id FROM publications WHERE pmid = ?`).pluck();
    this.findByDoi = db.prepare<[string], number>(`SELECT id FROM publications WHERE doi = ?`).pluck();
    this.findByEid = db.prepare<[string], number>(`SELECT id FROM publications WHERE eid = ?`).pluck();
    this.findByWos = db.prepare<[string], number>(`SELECT id FROM publications WHERE wos_ut = ?`).pluck();
    this.pubIds = db.prepare<[number], PubIdsRow>(
      `SELECT pmid, doi, eid, wos_ut FROM publications WHERE id = ?`,
    );
    this.pubKeys = db.prepare<[number], PubKeysRow>(
      `SELECT pmid, doi, eid, wos_ut, title_norm, year FROM publications WHERE id = ?`,
    );
    this.anyPublication = db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM publications)`).pluck();
    // A duplicate fills what the stored publication lacks; it never overwrites.
    this.fillPublication = db.prepare(
      `UPDATE publications SET
         pmid = coalesce(pmid, @pmid), doi = coalesce(doi, @doi), eid = coalesce(eid, @eid),
         wos_ut = coalesce(wos_ut, @wos_ut), journal = coalesce(journal, @journal), year = coalesce(year, @year),
         citations = CASE WHEN @citations IS NULL THEN citations WHEN citations IS NULL THEN @citations
                          ELSE max(citations, @citations) END,
         keywords = CASE WHEN keywords = '[]' THEN @keywords ELSE keywords END,
         mesh = CASE WHEN mesh = '[]' THEN @mesh ELSE mesh END,
         create_date = coalesce(create_date, @create_date)
       WHERE id = @id`,
    );
    // Positional parameters: binding by name costs about as much again per row.
    this.insertPublication = db.prepare<
      [
        string | null,
        string | null,
        string | null,
        string | null,
        string,
        string,
        string | null,
        number | null,
        number | null,
        string,
        string,
        string,
        string | null,
      ]
    >(
      `INSERT INTO publications
         (pmid, doi, eid, wos_ut, title, title_norm, journal, year, citations, keywords, mesh, collectives, create_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.linkSource = db.prepare<[number, number, number]>(
      `INSERT OR IGNORE INTO publication_sources (publication_id, source_id, line) VALUES (?, ?, ?)`,
    );
    this.findAuthor = db.prepare<
      [string],
      { id: number; given: string; orcid: string | null; scopus_id: string | null }
    >(`SELECT id, given, orcid, scopus_id FROM authors WHERE name_key = ? ORDER BY id LIMIT 1`);
    this.anyAuthor = db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM authors)`).pluck();
    this.insertAuthor = db.prepare<[string, string, string, string, string, string | null, string | null]>(
      `INSERT INTO authors (display_name, family, given, initials, name_key, orcid, scopus_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upgradeAuthorName = db.prepare<[string, string, string, number]>(
      `UPDATE authors SET display_name = ?, family = ?, given = ? WHERE id = ?`,
    );
    this.setAuthorIds = db.prepare<[string | null, string | null, number]>(
      `UPDATE authors SET orcid = coalesce(orcid, ?), scopus_id = coalesce(scopus_id, ?) WHERE id = ?`,
    );
    this.findInstitution = db
      .prepare<[string], number>(`SELECT id FROM institutions WHERE name_norm = ?`)
      .pluck();
    this.insertInstitution = db.prepare<[string, string, string | null, string | null, string | null]>(
      `INSERT INTO institutions (name, name_norm, city, region, country) VALUES (?, ?, ?, ?, ?)`,
    );
    this.fillInstitution = db.prepare<[string | null, string | null, string | null, number]>(
      `UPDATE institutions SET city = coalesce(city, ?), region = coalesce(region, ?), country = coalesce(country, ?) WHERE id = ?`,
    );
    this.upsertAuthorInstitution = db.prepare<[number, number, number | null, number | null]>(
      `INSERT INTO author_institutions (author_id, institution_id, first_year, last_year, papers)
       VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (author_id, institution_id) DO UPDATE SET
         first_year = CASE WHEN excluded.first_year IS NULL THEN first_year WHEN first_year IS NULL THEN excluded.first_year
                           ELSE min(first_year, excluded.first_year) END,
         last_year = CASE WHEN excluded.last_year IS NULL THEN last_year WHEN last_year IS NULL THEN excluded.last_year
                          ELSE max(last_year, excluded.last_year) END,
         papers = papers + 1`,
    );
    // Candidates for the last-resort match: same normalised title and year, with their first author.
    // INDEXED BY: without statistics SQLite picks the year index and scans a whole year per record.
    this.findByTitle = db.prepare<[string, number], PubIdsRow & { id: number; first: string | null }>(
      `SELECT p.id, p.pmid, p.doi, p.eid, p.wos_ut,
              (SELECT a.family FROM authorships au JOIN authors a ON a.id = au.author_id
               WHERE au.publication_id = p.id AND au.position = 1) AS first
       FROM publications p INDEXED BY publications_title_norm
       WHERE p.title_norm = ? AND p.year = ? LIMIT 20`,
    );
    this.findTrial = db.prepare<[string], number>(`SELECT id FROM trials WHERE nct_id = ?`).pluck();
    this.insertTrial = db.prepare(
      `INSERT INTO trials (nct_id, title, status, phase, start_date, completion_date, conditions, interventions, locations, source_id)
       VALUES (@nct_id, @title, @status, @phase, @start_date, @completion_date, @conditions, @interventions, @locations, @source_id)`,
    );
    this.insertTrialRole = db.prepare<[number, string, string, number | null, string | null]>(
      `INSERT INTO trial_roles (trial_id, role, name, author_id, affiliation) VALUES (?, ?, ?, ?, ?)`,
    );
    this.findPayment = db.prepare<[string], number>(`SELECT id FROM payments WHERE record_id = ?`).pluck();
    this.insertPayment = db.prepare(
      `INSERT INTO payments (source_id, line, record_id, recipient_type, family, given, npi, profile_id, author_id,
         entity, city, region, country, specialty, payer, amount, paid_on, program_year, nature, study, nct_id, investigators)
       VALUES (@source_id, @line, @record_id, @recipient_type, @family, @given, @npi, @profile_id, @author_id,
         @entity, @city, @region, @country, @specialty, @payer, @amount, @paid_on, @program_year, @nature, @study, @nct_id, @investigators)`,
    );
    this.authorByNpi = db.prepare<[string], number>(`SELECT id FROM authors WHERE npi = ? LIMIT 1`).pluck();
    this.setAuthorNpi = db.prepare<[string, number]>(
      `UPDATE authors SET npi = coalesce(npi, ?) WHERE id = ?`,
    );
    this.hasAuthorInstitution = db
      .prepare<[number, number], number>(
        `SELECT 1 FROM author_institutions WHERE author_id = ? AND institution_id = ?`,
      )
      .pluck();
    this.setDepartment = db.prepare<[string, number, number]>(
      `UPDATE author_institutions SET department = coalesce(department, ?) WHERE author_id = ? AND institution_id = ?`,
    );
    this.identity = new IdentityResolver(db);
  }
}

/** Two identifiers of one kind that are both present and differ: certainly not the same record. */
function conflicts(row: PubIdsRow, ids: RecordIds): boolean {
  const differ = (a: string | null, b: string | null) => a !== null && b !== null && a !== b;
  return (
    differ(row.pmid, ids.pmid) ||
    differ(row.doi, ids.doi) ||
    differ(row.eid, ids.eid) ||
    differ(row.wos_ut, ids.wos)
  );
}

/** Whether `given` holds real given names rather than bare initials ("Kenneth D" vs "KD"). */
function isFullGiven(given: string): boolean {
  return /\p{Ll}/u.test(given);
}

export function displayName(family: string, given: string, initials: string): string {
  if (isFullGiven(given)) return `${given} ${family}`;
  return initials ? `${family} ${initials}` : family;
}

/**
 * Institutions are the same when their match keys (folded, WoS abbreviations and spellings unified:
 * "Dana Farber Canc Inst" = "Dana-Farber Cancer Institute") and countries match.
 */
export function institutionKey(inst: ImportInstitution): string {
  return `${institutionMatchKey(inst.name)}|${(inst.country ?? '').trim().toLowerCase()}`;
}

/** Shorter normalised titles are too generic for the last-resort match by title. */
const MIN_TITLE_KEY = 12;

function orNull<T>(v: T | undefined | null | ''): T | null {
  return v === undefined || v === null || v === '' ? null : v;
}

/** One write transaction; create it with Project.beginImport(). */
export class ImportSession {
  private readonly authorIds = new Map<string, AuthorEntry>();
  // The same spelling recurs on many papers: skip folding it again.
  private readonly spellings = new Map<string, AuthorEntry>();
  private readonly institutionIds = new Map<string, number>();
  // The bylines read so far: their authorships are written at commit, once resolved into people.
  private readonly mentions = new SessionMentions();
  private active = true;
  // The project had no people when the import began (a first import): no name is filed under anyone.
  private readonly noAuthors: boolean;
  // temp_store is FILE for this session (a large import), MEMORY again when it ends.
  private readonly onDisk: boolean;
  // The connection's cache_size before a large import's session lowered it (LARGE_IMPORT_CACHE).
  private readonly cacheSize: number = 0;
  // Foreign keys are off for this session and checked before COMMIT (CHECK_KEYS_AT_COMMIT_FROM).
  private readonly keysAtCommit: boolean;
  // The project had no publications when the import began: their secondary indexes are dropped until
  // commit (built again there, one sort each) and duplicates are found in `keys` meanwhile. Inserted
  // into row by row, those indexes (random keys: titles, DOIs) outgrew the page cache of a large import
  // and cost more per row the larger it was (at 300k publications a fifth of the import's time).
  private readonly publicationIndexes: { name: string; sql: string }[] | null = null;
  private keys: PublicationKeys | null = null;

  constructor(
    private readonly db: Db,
    private readonly st: WriterStatements,
    private readonly opts: WriterOptions = {},
  ) {
    if (db.inTransaction) {
      throw new Error(
        'Another import is still writing to this project; wait for it to finish and try again.',
      );
    }
    // Outside the transaction: SQLite changes temp_store and foreign_keys only between transactions.
    this.onDisk = (opts.inputBytes ?? 0) >= SORT_ON_DISK_FROM;
    this.keysAtCommit = (opts.inputBytes ?? 0) >= CHECK_KEYS_AT_COMMIT_FROM;
    if (this.onDisk) {
      st.identity.tempStore('FILE');
      this.cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = ${LARGE_IMPORT_CACHE}`);
    }
    if (this.keysAtCommit) db.pragma('foreign_keys = OFF');
    // IMMEDIATE takes the write lock now, so another process cannot write halfway through the import.
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      this.endOnDisk();
      throw err;
    }
    this.noAuthors = st.anyAuthor.get() === 0;
    if (st.anyPublication.get() === 0) {
      this.publicationIndexes = st.identity.dropIndexes('publications');
      this.keys = new PublicationKeys();
    }
  }

  /** Back to sorting in memory and checking foreign keys row by row once a large import's transaction is over. */
  private endOnDisk(): void {
    if (this.db.inTransaction) return;
    if (this.onDisk) {
      this.st.identity.tempStore('MEMORY');
      this.db.pragma(`cache_size = ${this.cacheSize}`);
    }
    if (this.keysAtCommit) this.db.pragma('foreign_keys = ON');
  }

  get isActive(): boolean {
    return this.active;
  }

  addSource(name: string, format: string): number {
    return Number(this.st.insertSource.run(name, format, new Date().toISOString()).lastInsertRowid);
  }

  finishSource(sourceId: number, c: SourceCounts): void {
    this.st.updateSource.run(c.sha256, c.records, c.imported, c.duplicates, c.rejected, sourceId);
  }

  reject(sourceId: number, line: number, reason: string, raw: string): void {
    this.st.insertRejection.run(sourceId, line, reason, raw);
  }

  /** Stores one record; a record whose PMID, DOI, EID or WoS UT is already stored is a duplicate. */
  write(sourceId: number, rec: ImportRecord): WriteOutcome {
    const st = this.st;
    const pmid = orNull(rec.pmid);
    const doi = orNull(rec.doi);
    const eid = orNull(rec.eid);
    const wos = orNull(rec.wosUt);
    const norm = titleNorm(rec.title);
    const existing =
      (pmid && this.findId(KEY.pmid, pmid)) ||
      (doi && this.findId(KEY.doi, doi)) ||
      (eid && this.findId(KEY.eid, eid)) ||
      (wos && this.findId(KEY.wos, wos)) ||
      this.byTitle(rec, norm, { pmid, doi, eid, wos });
    if (existing !== undefined) {
      this.merge(existing, rec, { pmid, doi, eid, wos });
      st.linkSource.run(existing, sourceId, rec.line);
      return 'duplicate';
    }

    const pubId = Number(
      st.insertPublication.run(
        pmid,
        doi,
        eid,
        wos,
        rec.title,
        norm,
        orNull(rec.journal),
        rec.year ?? null,
        rec.citations ?? null,
        JSON.stringify(rec.keywords),
        JSON.stringify(rec.mesh),
        JSON.stringify(rec.collectives ?? []),
        orNull(rec.createDate),
      ).lastInsertRowid,
    );
    st.linkSource.run(pubId, sourceId, rec.line);
    const keys = this.keys;
    if (keys) {
      if (pmid) keys.add(KEY.pmid, pmid, pubId);
      if (doi) keys.add(KEY.doi, doi, pubId);
      if (eid) keys.add(KEY.eid, eid, pubId);
      if (wos) keys.add(KEY.wos, wos, pubId);
      // byTitle looks up no shorter title; the year is compared on the row (a duplicate may fill it).
      if (norm.length >= MIN_TITLE_KEY) keys.add(KEY.title, norm, pubId);
    }
    const withIds = !this.opts.ignoreSourceIds;
    const mentions = this.mentions;
    mentions.addPublication(pubId, rec.title, orNull(rec.journal), rec.year ?? null);
    for (const a of rec.authors) {
      const institutionId = a.institution ? this.institution(a.institution) : null;
      // The name as parsed and the source's identifiers stay on the authorship for identity resolution.
      mentions.addAuthor(
        a,
        institutionId,
        orNull(a.affiliation),
        withIds ? orNull(a.orcid) : null,
        withIds ? orNull(a.scopusId) : null,
      );
    }
    return 'imported';
  }

  /**
   * The last-resort match (DESIGN §4): same normalised title and year and the same first author's
   * family name, and no identifier of one kind that differs (two PMIDs are two records).
   */
  private byTitle(rec: ImportRecord, norm: string, ids: RecordIds): number | undefined {
    if (rec.year === undefined) return undefined;
    if (norm.length < MIN_TITLE_KEY) return undefined;
    const first = foldKey(rec.authors[0]?.family ?? '');
    for (const c of this.titleCandidates(norm, rec.year)) {
      // This session's publications have no stored byline yet.
      if ((this.mentions.firstFamily(c.id) ?? foldKey(c.first ?? '')) !== first) continue;
      if (conflicts(c, ids)) continue;
      return c.id;
    }
    return undefined;
  }

  /** The id of the publication with this identifier, if any. */
  private findId(kind: Exclude<KeyKind, typeof KEY.title>, value: string): number | undefined {
    const keys = this.keys;
    const st = this.st;
    if (!keys) {
      const find =
        kind === KEY.pmid
          ? st.findByPmid
          : kind === KEY.doi
            ? st.findByDoi
            : kind === KEY.eid
              ? st.findByEid
              : st.findByWos;
      return find.get(value);
    }
    const column = ID_COLUMN[kind];
    for (const id of keys.candidates(kind, value)) if (st.pubKeys.get(id)?.[column] === value) return id;
    return undefined;
  }

  /**
   * Publications with this normalised title and year, with their first author's family name (null when
   * not stored yet): at most 20, in id order, as findByTitle reads them.
   */
  private titleCandidates(norm: string, year: number): (PubIdsRow & { id: number; first: string | null })[] {
    const keys = this.keys;
    if (!keys) return this.st.findByTitle.all(norm, year);
    const found: (PubIdsRow & { id: number; first: string | null })[] = [];
    for (const id of keys.candidates(KEY.title, norm)) {
      const row = this.st.pubKeys.get(id);
      if (!row || row.title_norm !== norm || row.year !== year) continue;
      // Every publication is this session's: none has a stored byline.
      found.push({ id, pmid: row.pmid, doi: row.doi, eid: row.eid, wos_ut: row.wos_ut, first: null });
      if (found.length === 20) break;
    }
    return found;
  }

  /** Stores a trial with its roles; a trial whose NCT number is stored already is a duplicate. */
  writeTrial(sourceId: number, t: ImportTrial): WriteOutcome {
    const st = this.st;
    if (st.findTrial.get(t.nctId) !== undefined) return 'duplicate';
    const trialId = Number(
      st.insertTrial.run({
        nct_id: t.nctId,
        title: t.title,
        status: orNull(t.status),
        phase: orNull(t.phase),
        start_date: orNull(t.startDate),
        completion_date: orNull(t.completionDate),
        conditions: JSON.stringify(t.conditions),
        interventions: JSON.stringify(t.interventions),
        locations: JSON.stringify(t.locations),
        source_id: sourceId,
      }).lastInsertRowid,
    );
    for (const r of t.roles) {
      const authorId = r.person && foldKey(r.person.family) ? this.person(r.person) : null;
      st.insertTrialRole.run(trialId, r.role, r.name, authorId, orNull(r.affiliation));
    }
    return 'imported';
  }

  /**
   * Stores a payment row; a row whose CMS Record_ID is stored already is a duplicate. Payments link to
   * a person only through an NPI that person already has: names alone are too weak for money.
   */
  writePayment(sourceId: number, p: ImportPayment): WriteOutcome {
    const st = this.st;
    if (p.recordId && st.findPayment.get(p.recordId) !== undefined) return 'duplicate';
    const npi = orNull(p.person?.npi);
    st.insertPayment.run({
      source_id: sourceId,
      line: p.line,
      record_id: orNull(p.recordId),
      recipient_type: orNull(p.recipientType),
      family: orNull(p.person?.family),
      given: orNull(p.person?.given),
      npi,
      profile_id: orNull(p.profileId),
      author_id: npi !== null ? (st.authorByNpi.get(npi) ?? null) : null,
      entity: orNull(p.entity),
      city: orNull(p.city),
      region: orNull(p.region),
      country: orNull(p.country),
      specialty: orNull(p.specialty),
      payer: orNull(p.payer),
      amount: p.amount,
      paid_on: orNull(p.date),
      program_year: p.programYear ?? null,
      nature: orNull(p.nature),
      study: orNull(p.study),
      nct_id: orNull(p.nctId),
      investigators: JSON.stringify(
        p.investigators.map((i) => ({ family: i.family, given: i.given, ...(i.npi ? { npi: i.npi } : {}) })),
      ),
    });
    return 'imported';
  }

  /** Stores one affiliation-list row: a person seen at an institution (new pair = imported). */
  writeAffiliation(a: ImportAffiliation): WriteOutcome {
    const st = this.st;
    const authorId = this.person(a.person);
    const institutionId = this.institution(a.institution);
    if (institutionId === null) return 'duplicate';
    const known = st.hasAuthorInstitution.get(authorId, institutionId) !== undefined;
    st.upsertAuthorInstitution.run(
      authorId,
      institutionId,
      a.firstYear ?? a.lastYear ?? null,
      a.lastYear ?? a.firstYear ?? null,
    );
    if (a.department) st.setDepartment.run(a.department, authorId, institutionId);
    return known ? 'duplicate' : 'imported';
  }

  /** Resolves a person named outside a byline like an author; stores their NPI when given. */
  private person(p: ImportPerson): number {
    const author: ImportAuthor = { raw: p.raw, family: p.family, given: p.given, initials: p.initials };
    if (p.orcid) author.orcid = p.orcid;
    const id = this.author(author);
    if (p.npi && !this.opts.ignoreSourceIds) this.st.setAuthorNpi.run(p.npi, id);
    return id;
  }

  /** Fills identifiers and metadata the stored publication lacks, unless another publication owns them. */
  private merge(id: number, rec: ImportRecord, ids: RecordIds): void {
    const st = this.st;
    const row = st.pubIds.get(id);
    if (!row) return;
    const free = (kind: Exclude<KeyKind, typeof KEY.title>, value: string | null, stored: string | null) => {
      if (value === null || stored !== null || this.findId(kind, value) !== undefined) return null;
      // Filled below: the publication is found by it from now on.
      this.keys?.add(kind, value, id);
      return value;
    };
    st.fillPublication.run({
      id,
      pmid: free(KEY.pmid, ids.pmid, row.pmid),
      doi: free(KEY.doi, ids.doi, row.doi),
      eid: free(KEY.eid, ids.eid, row.eid),
      wos_ut: free(KEY.wos, ids.wos, row.wos_ut),
      journal: orNull(rec.journal),
      year: rec.year ?? null,
      citations: rec.citations ?? null,
      keywords: JSON.stringify(rec.keywords),
      mesh: JSON.stringify(rec.mesh),
      create_date: orNull(rec.createDate),
    });
    // Keep the session's copy of this publication in step (journal and year only fill).
    this.mentions.fill(id, orNull(rec.journal), rec.year ?? null);
  }

  private author(a: ImportAuthor): number {
    const st = this.st;
    const orcid = this.opts.ignoreSourceIds ? null : orNull(a.orcid);
    const scopus = this.opts.ignoreSourceIds ? null : orNull(a.scopusId);
    const spelling = a.family ? `${a.family}\u0001${a.initials}` : `\u0002${a.raw}`;
    let e = this.spellings.get(spelling);
    if (!e) e = this.lookupAuthor(a, spelling, orcid, scopus);
    else if (
      a.given.length <= e.givenLen &&
      (orcid === null || e.hasOrcid) &&
      (scopus === null || e.hasScopus)
    )
      return e.id;
    // A later source may know the full given name ("Kenneth D" where PubMed CSV had "KD").
    if (a.given.length > e.givenLen && isFullGiven(a.given)) {
      st.upgradeAuthorName.run(displayName(a.family, a.given, a.initials), a.family, a.given, e.id);
      e.givenLen = a.given.length;
    }
    if ((orcid !== null && !e.hasOrcid) || (scopus !== null && !e.hasScopus)) {
      st.setAuthorIds.run(orcid, scopus, e.id);
      e.hasOrcid ||= orcid !== null;
      e.hasScopus ||= scopus !== null;
    }
    return e.id;
  }

  /** Finds (or creates) the author for a spelling not seen yet in this session. */
  private lookupAuthor(
    a: ImportAuthor,
    spelling: string,
    orcid: string | null,
    scopus: string | null,
  ): AuthorEntry {
    const st = this.st;
    const key = foldKey(a.family) ? nameKey(a.family, a.initials) : nameKey(a.raw, '');
    let e = this.authorIds.get(key);
    if (!e) {
      const row = st.findAuthor.get(key);
      if (row) {
        e = {
          id: row.id,
          givenLen: row.given.length,
          hasOrcid: row.orcid !== null,
          hasScopus: row.scopus_id !== null,
        };
      } else {
        const display = displayName(a.family, a.given, a.initials);
        const id = Number(
          st.insertAuthor.run(display, a.family, a.given, a.initials, key, orcid, scopus).lastInsertRowid,
        );
        e = { id, givenLen: a.given.length, hasOrcid: orcid !== null, hasScopus: scopus !== null };
      }
      this.authorIds.set(key, e);
    }
    this.spellings.set(spelling, e);
    return e;
  }

  /** The person a name key is filed under already (this session's or stored), 0 for none. */
  private filedUnder(key: string): number {
    const e = this.authorIds.get(key);
    if (e) return e.id;
    if (this.noAuthors) return 0;
    return this.st.findAuthor.get(key)?.id ?? 0;
  }

  private institution(inst: ImportInstitution): number | null {
    const name = inst.name.trim();
    if (!foldKey(name)) return null;
    const key = institutionKey(inst);
    const cached = this.institutionIds.get(key);
    if (cached !== undefined) return cached;
    const st = this.st;
    const city = orNull(inst.city?.trim());
    const region = orNull(inst.region?.trim());
    const country = orNull(inst.country?.trim().toUpperCase());
    let id = st.findInstitution.get(key);
    if (id === undefined)
      id = Number(st.insertInstitution.run(name, key, city, region, country).lastInsertRowid);
    else st.fillInstitution.run(city, region, country, id);
    this.institutionIds.set(key, id);
    return id;
  }

  /** Resolves the touched blocks into people (shared/formats/identity), then commits. */
  commit(): void {
    runSteps(this.commitSteps());
  }

  /**
   * commit, in steps (ImportStep): the people resolved, the authorships written, the indexes built, the
   * links checked, then COMMIT. No statement runs between two steps, so the import can let its event
   * loop run there (progress, a cancel) and stop early: the caller then ends the generator (return)
   * and calls rollback(). COMMIT is the last step's work: once it is asked for, nothing can stop it.
   */
  *commitSteps(): Generator<ImportStep, void> {
    if (!this.active) return;
    // On a first import no name is filed under anybody yet: no look-ups at all.
    const none = this.noAuthors && this.authorIds.size === 0;
    this.keys = null;
    if (this.publicationIndexes) yield* this.st.identity.createIndexSteps(this.publicationIndexes);
    try {
      yield* this.st.identity.resolveSteps(
        new Set(),
        this.mentions,
        none ? undefined : (key) => this.filedUnder(key),
      );
    } finally {
      this.mentions.close();
    }
    yield { stage: 'checks', done: 0, total: 1 };
    matchTrialRoles(this.db); // trial investigators → people, after every import (trialRoles.ts)
    if (this.keysAtCommit) checkForeignKeys(this.db, this.mentions.firstPublication);
    yield { stage: 'saving', done: 0, total: 1 };
    this.active = false;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      // A COMMIT that fails (disk full, an I/O error) leaves the transaction open: roll it back, so the
      // project stays as it was and the connection can write again.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.endOnDisk();
    }
  }

  rollback(): void {
    if (!this.active) return;
    this.active = false;
    this.keys = null;
    this.mentions.close();
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.endOnDisk();
  }
}
