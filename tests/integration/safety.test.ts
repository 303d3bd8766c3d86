// Data safety and user errors, for real (issue 9): a `kolmap import` killed with SIGKILL halfway, two
// processes on one project, backups before migrations, projects from a newer kolmap left untouched,
// huge fields and 5,000-author papers, and one clear line (exit 2) for every mistake a user can make.
// Real processes (the built bin), real SQLite files under os.tmpdir(), real signals.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MIGRATIONS, Project, SCHEMA_VERSION } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { analyze } from '../../shared/analytics';
import { ApiError } from '../../shared/api';
import { BIN, ROOT, kolmap } from '../helpers/cli';
import { PUBMED_HEADER } from '../helpers/pubmedCsv';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('kolmap-safety-');
let n = 0;
const fresh = (ext = 'kolmap'): string => path.join(dir, `f${++n}.${ext}`);

// ---------------------------------------------------------------------------------------------------
// Generated PubMed CSVs (fictional people; family names of letters only, so none reads as a group).

function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}
const family = (i: number): string => `Fam${letters(i)}`;
const q = (v: string): string => `"${v.replace(/"/g, '""')}"`;

function row(pmid: number, title: string, authors: string[], year = 2020): string {
  const byline = authors.length ? `${authors.join(', ')}.` : '';
  return [
    String(pmid),
    title,
    byline,
    `J Test. ${year};1(1):1-10.`,
    authors[0] ?? '',
    'J Test',
    String(year),
    `${year}/01/02`,
    '',
    '',
    '',
  ]
    .map(q)
    .join(',');
}

/** `count` papers from PMID `first`, 1–6 authors each from a pool of 4,000 people; written in blocks. */
function writePubmed(file: string, first: number, count: number, seed = 12345): void {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const fd = openSync(file, 'w');
  writeSync(fd, PUBMED_HEADER.join(',') + '\n');
  let block: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = 1 + Math.floor(rnd() * 6);
    const authors = Array.from(
      { length: k },
      () => `${family(Math.floor(rnd() * 4000))} ${'ABCDEFGH'[Math.floor(rnd() * 8)]}`,
    );
    block.push(row(first + i, `Study ${first + i} of generated things`, authors, 2000 + (i % 25)));
    if (block.length === 20_000) {
      writeSync(fd, block.join('\n') + '\n');
      block = [];
    }
  }
  if (block.length) writeSync(fd, block.join('\n') + '\n');
  closeSync(fd);
}

// ---------------------------------------------------------------------------------------------------
// Looking at a project file from outside.

interface Snapshot {
  integrity: string;
  userVersion: number;
  /** sha256 over every table's rows in a fixed order: equal digests, equal content. */
  digest: string;
  totals: Record<string, number>;
  sources: string[];
}

function snapshot(file: string): Snapshot {
  const db = new Database(file);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .pluck()
      .all() as string[];
    const hash = createHash('sha256');
    for (const t of tables) {
      hash.update(`\u0000${t}\u0000`);
      // Ordered by every column: WITHOUT ROWID tables have no rowid, and content is what counts.
      const width = (db.pragma(`table_info("${t}")`) as unknown[]).length;
      const order = Array.from({ length: width }, (_, i) => i + 1).join(', ');
      for (const r of db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().iterate()) {
        hash.update(JSON.stringify(r));
      }
    }
    const count = (t: string): number => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return {
      integrity,
      userVersion: db.pragma('user_version', { simple: true }) as number,
      digest: hash.digest('hex'),
      totals: {
        publications: count('publications'),
        authors: count('authors'),
        authorships: count('authorships'),
        sources: count('sources'),
      },
      sources: db.prepare('SELECT name FROM sources ORDER BY id').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Exactly one line on stderr. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0] as string;
}

// ---------------------------------------------------------------------------------------------------
// Child processes that the test can watch and kill.

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => (err += s));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - t0 })),
  );
  return { child, stderr: () => err, exited };
}

/** Resolves once the import has read `fraction` of its file (KOLMAP_PROGRESS=1 lines on stderr). */
async function waitForProgress(run: Running, fraction: number, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`the import ended before reaching ${fraction * 100}%: ${run.stderr()}`);
    }
    const lines = run.stderr().match(/^progress .* (\d+)\/(\d+) bytes, (\d+) records$/gm) ?? [];
    const last = lines.at(-1)?.match(/(\d+)\/(\d+) bytes, (\d+) records$/);
    if (last && Number(last[1]) / Number(last[2]) >= fraction && Number(last[3]) > 0) return Number(last[3]);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no progress to ${fraction * 100}% within ${timeoutMs} ms: ${run.stderr()}`);
}

// ---------------------------------------------------------------------------------------------------

describe('a project survives a killed import and a second process', () => {
  it('SIGKILL halfway through a 400k-record import: the project opens, passes integrity_check and holds exactly what it held before; meanwhile a reader sees the old totals and a second import gets a one-line busy message (exit 1)', async () => {
    const db = fresh();
    const small = fresh('csv');
    const second = fresh('csv');
    const big = fresh('csv');
    writePubmed(small, 10_000_001, 1_000, 1);
    writePubmed(second, 20_000_001, 200, 2);
    writePubmed(big, 30_000_001, 400_000, 3);

    expect(kolmap(['import', small, '--db', db]).code).toBe(0);
    const before = snapshot(db);
    expect(before.integrity).toBe('ok');
    expect(before.totals.publications).toBe(1_000);

    const importer = start(['import', big, '--db', db], { KOLMAP_PROGRESS: '1' });
    onTestFinished(() => {
      // Never leave the child running when an assertion fails before the kill.
      if (importer.child.exitCode === null && importer.child.signalCode === null)
        importer.child.kill('SIGKILL');
    });
    const written = await waitForProgress(importer, 0.02);
    expect(written).toBeGreaterThan(1_000);

    // A reader in another process is not blocked by the import and sees the last committed state.
    const stats = kolmap(['stats', '--db', db, '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ publications: 1_000 });

    // A second writer waits for the busy timeout (5 s), then gives up with one clear line; exit 1, not 2:
    // the command was right and works once the other import has finished.
    const other = start(['import', second, '--db', db]);
    const otherEnd = await other.exited;
    expect(importer.child.exitCode, 'the big import must still be running; make the file bigger').toBeNull();
    expect(otherEnd.code).toBe(1);
    expect(otherEnd.ms).toBeGreaterThanOrEqual(4_500);
    const busy = oneLine(other.stderr());
    expect(busy).toContain(db);
    expect(busy).toMatch(/is busy: another kolmap process is writing to it.*Wait for it to finish/);

    // Now kill the import for real, halfway through its transaction.
    expect(importer.child.kill('SIGKILL')).toBe(true);
    const end = await importer.exited;
    expect(end.signal).toBe('SIGKILL');

    // The app opens it (recovering the WAL), and it holds exactly what it held before.
    const p = Project.open(db);
    expect(p.totals().publications).toBe(1_000);
    expect(p.sources().map((s) => s.name)).toEqual([small]);
    p.close();
    const after = snapshot(db);
    expect(after.integrity).toBe('ok');
    expect(after).toEqual(before);

    // The lock died with the process: the second import now works, and the file is still sound.
    const retry = kolmap(['import', second, '--db', db, '--json']);
    expect(retry.code, retry.stderr).toBe(0);
    const final = snapshot(db);
    expect(final.integrity).toBe('ok');
    expect(final.totals.publications).toBe(1_200);
    expect(final.sources).toEqual([small, second]);
  }, 150_000);

  it('a second `kolmap import` waits while another process holds the write transaction, then works', async () => {
    const db = fresh();
    const a = fresh('csv');
    const b = fresh('csv');
    writePubmed(a, 40_000_001, 100, 4);
    writePubmed(b, 50_000_001, 100, 5);
    expect(kolmap(['import', a, '--db', db]).code).toBe(0);

    // This test process takes the write lock the way an import does, and lets go after 1.5 s.
    const holder = new Database(db);
    holder.pragma('busy_timeout = 5000');
    holder.exec('BEGIN IMMEDIATE');
    const waiting = start(['import', b, '--db', db, '--json']);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(waiting.child.exitCode, waiting.stderr()).toBeNull(); // still waiting for the lock
    holder.exec('COMMIT');
    holder.close();
    const end = await waiting.exited;
    expect(end.code, waiting.stderr()).toBe(0);
    expect(end.ms).toBeGreaterThanOrEqual(1_500);
    const s = snapshot(db);
    expect(s.integrity).toBe('ok');
    expect(s.totals.publications).toBe(200);
  }, 30_000);

  it('re-importing the same file is idempotent', () => {
    const db = fresh();
    const a = fresh('csv');
    writePubmed(a, 60_000_001, 300, 6);
    expect(kolmap(['import', a, '--db', db]).code).toBe(0);
    const once = snapshot(db);
    const again = kolmap(['import', a, '--db', db, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { files: { imported: number; duplicates: number }[] };
    expect(report.files[0]).toMatchObject({ imported: 0, duplicates: 300 });
    const twice = snapshot(db);
    expect(twice.totals).toEqual({ ...once.totals, sources: once.totals.sources! + 1 });
    expect(twice.integrity).toBe('ok');
  });
});

describe('migrations back the project up first; a newer project is left alone', () => {
  /** A project at schema version 1 (only migration 001) holding two sources and three papers. */
  function versionOneProject(): string {
    const file = fresh();
    Project.open(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const db = new Database(file);
    const now = '2024-01-01T00:00:00Z';
    db.prepare(
      `INSERT INTO sources (name, sha256, format, records, imported, imported_at) VALUES (?, ?, ?, 2, 2, ?)`,
    ).run('a.csv', 'aa', 'pubmed-csv', now);
    db.prepare(
      `INSERT INTO sources (name, sha256, format, records, imported, imported_at) VALUES (?, ?, ?, 1, 1, ?)`,
    ).run('b.csv', 'bb', 'pubmed-csv', now);
    const pub = db.prepare(`INSERT INTO publications (pmid, title, title_norm, year) VALUES (?, ?, ?, ?)`);
    pub.run('1', 'One', 'one', 2019);
    pub.run('2', 'Two', 'two', 2020);
    pub.run('3', 'Three', 'three', 2021);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    return file;
  }

  it('copies a version-1 project to <file>.backup-v1 before migrating it, with exactly its old content', () => {
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    const file = versionOneProject();
    const old = snapshot(file);
    expect(old.userVersion).toBe(1);

    const p = Project.open(file);
    expect(p.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(p.totals().publications).toBe(3);
    p.close();

    const backup = `${file}.backup-v1`;
    expect(existsSync(backup)).toBe(true);
    expect(snapshot(backup)).toEqual(old);

    // Migrating another copy at version 1 never overwrites the first backup.
    const again = versionOneProject();
    writeFileSync(`${again}.backup-v1`, 'an older backup');
    Project.open(again).close();
    expect(readFileSync(`${again}.backup-v1`, 'utf8')).toBe('an older backup');
    expect(snapshot(`${again}.backup-v1.2`).userVersion).toBe(1);
  });

  it('makes no backup for a new project or one that is up to date', () => {
    const file = fresh();
    Project.open(file).close();
    Project.open(file).close();
    expect(existsSync(`${file}.backup-v0`)).toBe(false);
    expect(existsSync(`${file}.backup-v${SCHEMA_VERSION}`)).toBe(false);
  });

  it('a project from a newer kolmap: a clear message (API and CLI, exit 2) and the file bytes unchanged', () => {
    const file = fresh();
    Project.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const hash = sha(file);

    let err: unknown = null;
    try {
      Project.open(file).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNSUPPORTED');

    for (const cmd of [['stats'], ['import', fresh('csv')], ['rank']]) {
      if (cmd[0] === 'import') writePubmed(cmd[1] as string, 70_000_001, 10, 7);
      const r = kolmap([...cmd, '--db', file]);
      expect(r.code, r.stderr).toBe(2);
      const line = oneLine(r.stderr);
      expect(line).toContain(file);
      expect(line).toMatch(/written by a newer kolmap .*Update kolmap to open it; the file was not changed/);
    }
    expect(sha(file)).toBe(hash);
    expect(existsSync(`${file}.backup-v${SCHEMA_VERSION + 5}`)).toBe(false);
  });
});

describe('huge inputs', () => {
  it('a 10 MB title and a 5,000-author paper import; the big paper adds no co-author links (DESIGN §6)', async () => {
    const file = fresh('csv');
    const title = 'Lorem ipsum dolor sit amet. '.repeat(400_000).slice(0, 10 * 1024 * 1024);
    const crowd = Array.from({ length: 5_000 }, (_, i) => `${family(i)} A`);
    writeFileSync(
      file,
      [
        PUBMED_HEADER.join(','),
        row(1, 'A small paper before', ['Famb A', 'Famc A']),
        row(2, title.trimEnd(), ['Famb A', 'Famd A']),
        row(3, 'A consortium paper', crowd),
        row(4, 'A small paper after', ['Famc A', 'Famd A', 'Fame B']),
      ].join('\n') + '\n',
    );
    expect(readFileSync(file).length).toBeGreaterThan(10 * 1024 * 1024);

    const project = Project.open(fresh());
    try {
      const result = await importFiles(project, [{ name: file, path: file }]);
      expect(result.files[0]).toMatchObject({ records: 4, imported: 4, rejected: 0 });
      expect(project.publication('pmid:2')?.title).toBe(title.trimEnd());
      expect(project.publication('pmid:3')?.authors).toHaveLength(5_000);

      const input = project.analysisInput({ ta: null, since: null, until: null });
      const analysis = analyze(input);
      expect(analysis.stats.papersOverCap).toBe(1);
      // Only the three small papers link people: {b,c}, {b,d}, {c,d,e} → 5 distinct pairs, not 12.5M.
      expect(analysis.stats.edges).toBe(5);
      expect(analysis.stats.people).toBeGreaterThanOrEqual(5_000);
    } finally {
      project.close();
    }
  }, 60_000);
});

describe('every mistake a user can make: exit 2 and one line naming the thing', () => {
  const csv = fresh('csv');
  writePubmed(csv, 80_000_001, 20, 8);

  it('a missing file and a folder instead of a file; no project is created', () => {
    const db = fresh();
    const missing = path.join(dir, 'nope.csv');
    let r = kolmap(['import', missing, '--db', db]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/nope\.csv: no such file .*Check the path/);

    const folder = path.join(dir, 'exports');
    mkdirSync(folder, { recursive: true });
    r = kolmap(['import', folder, '--db', db]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(
      /exports: this is a folder, not a file\. Give the export files inside it/,
    );
    expect(existsSync(db)).toBe(false);

    r = kolmap(['stats', '--db', folder]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--db .*exports: this is a folder, not a project file/);
  });

  const root = process.getuid?.() === 0;
  it.skipIf(root)(
    `an unreadable file (chmod 000)${root ? ' — skipped: running as root, which can read any file' : ''}`,
    () => {
      const locked = fresh('csv');
      writePubmed(locked, 90_000_001, 5, 9);
      chmodSync(locked, 0o000);
      const r = kolmap(['import', locked, '--db', fresh()]);
      chmodSync(locked, 0o644);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/permission denied.*Check the path and the file permissions/);
    },
  );

  it('--db pointing to a file that is not a kolmap project leaves it untouched', () => {
    const hash = sha(csv);
    let r = kolmap(['stats', '--db', csv]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/is not a kolmap project .*Choose another file for the project/);
    expect(sha(csv)).toBe(hash);

    const other = fresh('db');
    const db = new Database(other);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    const otherHash = sha(other);
    r = kolmap(['import', csv, '--db', other]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/SQLite database of another application, not a kolmap project/);
    expect(sha(other)).toBe(otherHash);
  });

  it('bad --since, --until, --top, --weights and --out say what to give instead', () => {
    const db = fresh();
    expect(kolmap(['import', csv, '--db', db]).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['--since', '20x'], /--since must be a whole number, got "20x"; e\.g\. --since 2015/],
      [['--until', '99999'], /--until must be between 1800 and 2200, got 99999/],
      [['--since', '2020', '--until', '2010'], /--since 2020 is after --until 2010; give the earlier year/],
      [['--top', '0'], /--top must be between 1 and \d+, got 0; e\.g\. --top 50/],
      [['--weights', 'charisma=2'], /--weights: unknown weight "charisma"; valid keys: .*pagerank.*Example:/],
      [['--weights', 'pagerank=-1'], /--weights: weight "pagerank" must be a number ≥ 0, got "-1"/],
      [['--out', path.join(dir, 'no', 'such', 'r.csv')], /--out .*r\.csv: the folder .* does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = kolmap(['rank', '--db', db, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toMatch(message);
    }
  });

  it('an unknown --format names the valid ones', () => {
    const r = kolmap(['import', csv, '--db', fresh(), '--format', 'excel']);
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain("'excel' is invalid");
    expect(line).toContain('pubmed-csv');
  });

  it('bad rows are rejected and reported with their line and reason; the rest is imported', () => {
    const bad = fresh('csv');
    writeFileSync(
      bad,
      [
        PUBMED_HEADER.join(','),
        row(1, 'Fine', ['Famb A']),
        row(0, 'Zero', ['Famc A']),
        row(3, '', ['Famd A']),
      ].join('\n') + '\n',
    );
    const r = kolmap(['import', bad, '--db', fresh(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: { rejections: { line: number; reason: string }[] }[] };
    expect(report.files[0]?.rejections).toEqual([
      { line: 3, reason: expect.stringMatching(/PMID/) as unknown as string },
      { line: 4, reason: expect.stringMatching(/title/) as unknown as string },
    ]);
  });
});
