// The CLI contract's error side (DESIGN §5, issue 9) through the built `kolmap` command on real SQLite
// temp files: every usage error is exit 2 with one line on stderr that names the command, file or
// option and says what to do; a failed command leaves the project file byte-identical.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, kolmap, ROOT, tempDir } from '../helpers/cli';

const dir = tempDir('kolmap-cli-errors-');
const demo = path.join(dir, 'demo.kolmap');
const csv = path.join(dir, 'papers.csv');
/** A CSV of no known format. */
const headerOnly = path.join(dir, 'header-only.csv');

beforeAll(() => {
  expect(kolmap(['demo', '--db', demo]).code).toBe(0);
  writeFileSync(
    csv,
    'Paper Title,Writers,Venue,Yr\n' +
      '"Checkpoint inhibitors in melanoma","Doe J; Roe R","J Onc","2020"\n' +
      '"Second-line therapy","Roe R; Poe A","J Onc","2021"\n',
  );
  writeFileSync(headerOnly, 'Foo,Bar\n');
}, 120_000);

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The files of the project (itself and any -wal, -shm, -journal or backup beside it). */
function projectFiles(db: string): string[] {
  const base = path.basename(db);
  return readdirSync(path.dirname(db))
    .filter((f) => f.startsWith(base))
    .sort();
}

/** A fresh copy of the demo project. */
function copyOfDemo(name: string): string {
  const db = path.join(dir, name);
  copyFileSync(demo, db);
  return db;
}

/** stderr's one line; fails when there are more. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0]!;
}

describe('usage errors from the command line parser', () => {
  it('are one line naming the command and its --help, exit 2', () => {
    const cases: [string[], RegExp][] = [
      [[], /^kolmap: give a command \(import, stats, rank, graph, .*\)\. Run "kolmap --help"/],
      [['frob'], /^kolmap: unknown command 'frob'\. Run "kolmap --help" to see the commands\.$/],
      [['imprt'], /^kolmap: unknown command 'imprt' \(did you mean import\?\)\. Run "kolmap --help"/],
      [
        ['rank', '--tpo', '3'],
        /^kolmap rank: unknown option '--tpo' \(did you mean --top\?\)\. Run "kolmap rank --help"/,
      ],
      [['import'], /^kolmap import: missing required argument 'files'\. Run "kolmap import --help"/],
      [
        ['graph', '--db', demo],
        /^kolmap graph: required option '--out <file>' not specified\. Run "kolmap graph --help"/,
      ],
      [
        ['territory'],
        /^kolmap territory: give a command \(import, list, coverage\)\. Run "kolmap territory --help"/,
      ],
      [['snapshot', 'frob'], /^kolmap snapshot: unknown command 'frob'\. Run "kolmap snapshot --help"/],
    ];
    for (const [args, message] of cases) {
      const r = kolmap(args);
      expect(r.code, `kolmap ${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr)).toMatch(message);
    }
  });

  it('a --db that did not exist is created empty, and the command says so on stderr', () => {
    const db = path.join(dir, 'typo-in-the-name.kolmap');
    const first = kolmap(['stats', '--json', '--db', db]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ publications: 0 });
    expect(oneLine(first.stderr)).toMatch(
      new RegExp(
        `^kolmap: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} did not exist, so it was created as an empty project`,
      ),
    );
    // The next command on it (it exists now) is quiet.
    const again = kolmap(['stats', '--json', '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });

  it('--help still prints the full help and --version the version on stdout, exit 0', () => {
    const r = kolmap(['rank', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('--weights');
    const v = kolmap(['--version']);
    expect(v.code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(v.stdout.trim()).toBe(pkg.version);
  });
});

describe('a failed command leaves the project file byte-identical', () => {
  it('for every kind of bad input, with one line on stderr naming what is wrong', () => {
    const db = copyOfDemo('sweep.kolmap');
    const zero =
      'publications=0,firstLast=0,citations=0,recency=0,coauthors=0,weightedDegree=0,pagerank=0,trials=0';
    const cases: [string[], RegExp][] = [
      [['import', headerOnly], /header-only\.csv, line 1: unrecognised format/],
      [['import', csv, path.join(dir, 'missing.csv')], /missing\.csv: no such file/],
      [
        ['import', csv, '--format', 'generic-csv', '--map', 'Paper Title=title', '--map', 'Writers=titel'],
        /unknown field "titel"/,
      ],
      [
        ['rank', '--weights', zero],
        /^kolmap: --weights .*every score component with data has weight 0; give at least one of/,
      ],
      [['rank', '--ta', 'alchemy'], /Unknown therapeutic area "alchemy"\. Known: oncology/],
      [
        ['rank', '--country', 'Narnia'],
        /--country "Narnia" is neither an ISO 3166 country code nor a country name/,
      ],
      [['graph', '--country', 'ZZ', '--out', path.join(dir, 'g.gexf')], /--country "ZZ"/],
      [['snapshot', 'save', 's1', '--weights', zero], /every score component with data has weight 0/],
      [['authorships', '--out', path.join(dir, 'nowhere', 'a.csv')], /the folder .*nowhere does not exist/],
    ];
    const hash = sha(db);
    const files = projectFiles(db);
    for (const [args, message] of cases) {
      const r = kolmap([...args, '--db', db]);
      expect(r.code, `kolmap ${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toMatch(message);
      expect(sha(db), args.join(' ')).toBe(hash);
      expect(projectFiles(db), args.join(' ')).toEqual(files);
    }
    expect(existsSync(path.join(dir, 'g.gexf'))).toBe(false);
  });

  it('for a project written by a newer kolmap, whatever the command', () => {
    const db = copyOfDemo('newer.kolmap');
    const conn = new Database(db);
    conn.pragma(`user_version = ${Number(conn.pragma('user_version', { simple: true })) + 1}`);
    conn.close();
    const hash = sha(db);
    for (const args of [['import', csv], ['stats'], ['rank'], ['demo']]) {
      const r = kolmap([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/was written by a newer kolmap .*Update kolmap to open it/);
      expect(sha(db)).toBe(hash);
    }
  });
});

describe('--db in a folder that cannot be made', () => {
  it('exits 2 naming the file in the way, and creates nothing', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a folder\n');
    for (const args of [['stats'], ['import', csv]]) {
      const db = path.join(file, 'sub', 'p.kolmap');
      const r = kolmap([...args, '--db', db]);
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toMatch(
        /--db .*a-file.*p\.kolmap: .*a-file is a file, not a folder\. Choose a project file in a folder/,
      );
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
  });

  it('creates missing folders for a new project, and removes them again when the command fails', () => {
    const failed = path.join(dir, 'gone', 'deeper', 'p.kolmap');
    const bad = kolmap(['import', headerOnly, '--db', failed]);
    expect(bad.code, bad.stderr).toBe(2);
    expect(existsSync(path.join(dir, 'gone'))).toBe(false);
    const db = path.join(dir, 'new', 'deeper', 'p.kolmap');
    const r = kolmap(['import', csv, '--format', 'generic-csv', '--map', 'Paper Title=title', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
  });
});

describe('--map for generic-csv', () => {
  it('refuses a column mapped twice or a field given two columns, naming both --map', () => {
    const db = path.join(dir, 'map.kolmap');
    const base = ['import', csv, '--db', db, '--format', 'generic-csv'];
    let r = kolmap([
      ...base,
      '--map',
      'Paper Title=title',
      '--map',
      'Writers=authors',
      '--map',
      'writers =keywords',
    ]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(
      /--map "writers =keywords": column "writers" is already mapped \(--map "Writers=authors"\); map each column to one field/,
    );
    r = kolmap([...base, '--map', 'Paper Title=title', '--map', 'Venue=Title']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(
      /--map "Venue=Title": field Title already comes from --map "Paper Title=title"; map one column to each field/,
    );
    expect(existsSync(db)).toBe(false);
    // The same mapping without the repeat imports both rows with their authors.
    r = kolmap([
      ...base,
      '--map',
      'Paper Title=title',
      '--map',
      'Writers=authors',
      '--map',
      'Yr=year',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: { imported: number }[]; totals: { authors: number } };
    expect(report.files[0]!.imported).toBe(2);
    expect(report.totals.authors).toBe(3);
  });
});

describe('--country', () => {
  const ids = (args: string[]): number[] => {
    const r = kolmap(['rank', '--db', demo, '--json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { id: number; country: string }[]).map((p) => p.id);
  };

  it('takes a country name, an alpha-3 code, any case and "UK", as the ISO code', () => {
    const de = ids(['--country', 'DE']);
    expect(de.length).toBeGreaterThan(0);
    expect(ids(['--country', 'Germany'])).toEqual(de);
    expect(ids(['--country', 'deu'])).toEqual(de);
    const gb = ids(['--country', 'GB']);
    expect(gb.length).toBeGreaterThan(0);
    expect(gb).not.toEqual(de);
    expect(ids(['--country', 'UK'])).toEqual(gb);
  });
});

describe('stdout into a reader that stops early', () => {
  it('`kolmap rank | head` ends quietly with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'rank', '--db', demo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('kolmap serve --port', () => {
  it('on a port already in use exits 2 naming the port, project unchanged', async () => {
    const db = copyOfDemo('serve.kolmap');
    const hash = sha(db);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', String(port)]);
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        // A regression that serves anyway would print the URL: stop it so the test fails, not hangs.
        child.stdout.on('data', () => child.kill('SIGTERM'));
        child.once('close', (code) => resolve({ code, stderr }));
      });
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toMatch(
        new RegExp(
          `--port ${port}: another program is already listening on this port\\. Choose another --port`,
        ),
      );
    } finally {
      blocker.close();
    }
    expect(sha(db)).toBe(hash);
  });
});

// A project the user may not write to. Root writes anything, so as root the command runs as "nobody"
// (setpriv) in a folder nobody can read; skipped when that is not possible here.
const root = process.getuid?.() === 0;
const DROP = ['--reuid=65534', '--regid=65534', '--clear-groups'];
let roDir: string | null = null;
const canDrop =
  !root ||
  spawnSync('setpriv', [...DROP, process.execPath, BIN, '--help'], { encoding: 'utf8' }).status === 0;

/** Runs kolmap as a user who may not write what root made read-only. */
function asOtherUser(args: string[]): { status: number | null; stderr: string } {
  return root
    ? spawnSync('setpriv', [...DROP, process.execPath, BIN, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe.skipIf(!canDrop)(
  `files this user may not write${canDrop ? '' : ' (skipped: cannot run as another user)'}`,
  () => {
    let db = '';
    let input = '';
    beforeAll(() => {
      roDir = root ? mkdtempSync(path.join('/tmp', 'kolmap-ro-')) : tempDir('kolmap-ro-');
      chmodSync(roDir, 0o777);
      db = path.join(roDir, 'locked.kolmap');
      copyFileSync(demo, db);
      chmodSync(db, 0o444);
      input = path.join(roDir, 'papers.csv');
      copyFileSync(csv, input);
      chmodSync(input, 0o644);
    });
    afterAll(() => {
      if (roDir) rmSync(roDir, { recursive: true, force: true });
    });

    it('a read-only project: import exits 2 naming the file, which stays byte-identical', () => {
      const hash = sha(db);
      const r = asOtherUser([
        'import',
        input,
        '--format',
        'generic-csv',
        '--map',
        'Paper Title=title',
        '--db',
        db,
      ]);
      expect(r.status, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/locked\.kolmap/);
      expect(oneLine(r.stderr)).toMatch(/read-only|permissions/);
      expect(sha(db)).toBe(hash);
    });

    it('--out into a read-only folder or over a read-only file exits 2 before any work', () => {
      const folder = path.join(roDir!, 'sealed');
      mkdirSync(folder);
      chmodSync(folder, 0o555);
      const file = path.join(roDir!, 'kept.csv');
      writeFileSync(file, 'keep me\n');
      chmodSync(file, 0o444);
      let r = asOtherUser(['rank', '--db', db, '--out', path.join(folder, 'r.csv')]);
      expect(r.status, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/--out .*r\.csv: the folder .*sealed is not writable for this user/);
      r = asOtherUser(['authorships', '--db', db, '--out', file]);
      expect(r.status, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/--out .*kept\.csv: the file is not writable for this user/);
      expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    });

    it('--db in a folder this user may not open exits 2 naming the file', () => {
      const closed = path.join(roDir!, 'closed');
      mkdirSync(closed);
      chmodSync(closed, 0o000);
      const r = asOtherUser(['stats', '--db', path.join(closed, 'p.kolmap')]);
      chmodSync(closed, 0o755);
      expect(r.status, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toMatch(
        /Cannot open project file .*closed.p\.kolmap: .*Check the path and its permissions/,
      );
    });
  },
);
