// The CLI contract (DESIGN §5) checked through the built `kolmap` command on real SQLite temp files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { RANK_COLUMNS } from '../../shared/api';
import { kolmap, tempDir } from '../helpers/cli';
import { describeReal, realFile } from '../helpers/realData';

interface ImportJson {
  files: {
    file: string;
    format: string;
    records: number;
    imported: number;
    duplicates: number;
    rejected: number;
  }[];
  totals: Record<string, number>;
}

describeReal('kolmap import / stats / rank / graph on a real PubMed CSV', () => {
  const dir = tempDir();
  const db = path.join(dir, 'a.kolmap');
  const pubmed = realFile('pubmed_smartfhir/pubmed.csv');

  it('imports 52 records, then finds all 52 again as duplicates without changing the totals', () => {
    const first = kolmap(['import', pubmed, '--db', db, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as ImportJson;
    expect(a.files[0]).toMatchObject({
      format: 'pubmed-csv',
      records: 52,
      imported: 52,
      duplicates: 0,
      rejected: 0,
    });
    expect(a.totals.publications).toBe(52);
    const again = kolmap(['import', pubmed, '--db', db, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const b = JSON.parse(again.stdout) as ImportJson;
    expect(b.files[0]).toMatchObject({ records: 52, imported: 0, duplicates: 52 });
    expect(b.totals).toEqual(a.totals);
    const stats = kolmap(['stats', '--db', db, '--json']);
    expect(JSON.parse(stats.stdout)).toEqual(a.totals);
  });

  it('writes 20 ranked rows with the DESIGN columns, and --json gives the same rows', () => {
    const out = path.join(dir, 'r.csv');
    const r = kolmap(['rank', '--db', db, '--top', '20', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const csv = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.meta.fields).toEqual([...RANK_COLUMNS]);
    expect(csv.data).toHaveLength(20);
    expect(csv.data.map((row) => Number(row.rank))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const scores = csv.data.map((row) => Number(row.score));
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const j = kolmap(['rank', '--db', db, '--top', '20', '--json']);
    expect(j.code, j.stderr).toBe(0);
    const rows = JSON.parse(j.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => String(row.id))).toEqual(csv.data.map((row) => row.id));
    expect(rows.map((row) => String(row.name))).toEqual(csv.data.map((row) => row.name));
    expect(Object.keys(rows[0]!)).toEqual([...RANK_COLUMNS]);
  });

  it('writes a GEXF and a GraphML graph whose nodes carry the rank columns', () => {
    for (const ext of ['gexf', 'graphml']) {
      const out = path.join(dir, `g.${ext}`);
      const r = kolmap(['graph', '--db', db, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const xml = readFileSync(out, 'utf8');
      expect(xml.startsWith('<?xml')).toBe(true);
      expect(xml).toContain('pagerank');
      expect(xml).toContain('Mandl');
      expect((xml.match(/<node /g) ?? []).length).toBeGreaterThan(100);
      expect(xml).toMatch(/weight/);
    }
  });

  it('writes a CSV graph as an edge list with weights and a nodes table with the rank columns', () => {
    const out = path.join(dir, 'g.csv');
    const r = kolmap(['graph', '--db', db, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const edges = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    const nodes = Papa.parse<Record<string, string>>(readFileSync(path.join(dir, 'g.nodes.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(edges.meta.fields?.slice(0, 3)).toEqual(['source', 'target', 'weight']);
    expect(nodes.meta.fields).toEqual([...RANK_COLUMNS]);
    expect(edges.data.length).toBeGreaterThan(100);
    const ids = new Set(nodes.data.map((n) => n.id));
    for (const e of edges.data) {
      expect(ids.has(e.source!) && ids.has(e.target!)).toBe(true);
      expect(Number(e.weight)).toBeGreaterThan(0);
    }
    expect(r.stderr).toMatch(/nodes with the rank columns to .*g\.nodes\.csv/);
  });

  it('rejects a CSV with broken quoting: exit 2, one line naming the file, totals unchanged', () => {
    const before = kolmap(['stats', '--db', db, '--json']).stdout;
    const bad = path.join(dir, 'broken.csv');
    writeFileSync(
      bad,
      'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n' +
        '"9000001","A fine title","Doe J, Roe R.","J Test. 2020","Doe J","J Test","2020","2020/01/01","","",""\n' +
        '"9000002","An "unbalanced title,"Doe J.","J Test. 2021","Doe J","J Test","2021","2021/01/01","","",""\n',
    );
    const r = kolmap(['import', bad, '--db', db, '--json']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('broken.csv');
    expect(lines[0]).toMatch(/line \d+/);
    expect(kolmap(['stats', '--db', db, '--json']).stdout).toBe(before);
  });

  it('rejects a CSV without a PMID column: exit 2, one line naming the file and the column', () => {
    const before = kolmap(['stats', '--db', db, '--json']).stdout;
    const bad = path.join(dir, 'nopmid.csv');
    writeFileSync(bad, 'Title,Authors,Publication Year\n"A title","Doe J, Roe R.","2020"\n');
    const r = kolmap(['import', bad, '--db', db, '--format', 'pubmed-csv']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('nopmid.csv');
    expect(lines[0]).toContain('PMID');
    expect(kolmap(['stats', '--db', db, '--json']).stdout).toBe(before);
    const auto = kolmap(['import', bad, '--db', db]);
    expect(auto.code).toBe(2);
    expect(auto.stderr).toContain('nopmid.csv');
  });
});

describe('kolmap usage errors', () => {
  it('exits 2 on a missing file and creates no project', () => {
    const dir = tempDir();
    const db = path.join(dir, 'new.kolmap');
    const r = kolmap(['import', path.join(dir, 'nope.csv'), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.csv');
    expect(existsSync(db)).toBe(false);
  });

  it('exits 2 on an unknown option or a bad number', () => {
    expect(kolmap(['rank', '--db', path.join(tempDir(), 'x.kolmap'), '--top', 'ten']).code).toBe(2);
    expect(kolmap(['stats', '--frobnicate']).code).toBe(2);
  });

  it('exits 2 on an unknown weight name and names the valid ones', () => {
    const dir = tempDir();
    const db = path.join(dir, 'd.kolmap');
    expect(kolmap(['demo', '--db', db]).code).toBe(0);
    const r = kolmap(['rank', '--db', db, '--weights', 'charisma=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('charisma');
    expect(r.stderr).toContain('pagerank');
  });

  it('a failed import into a new project leaves no project file behind', () => {
    const dir = tempDir();
    const db = path.join(dir, 'fresh.kolmap');
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'just,some,columns\n1,2,3\n');
    const r = kolmap(['import', bad, '--db', db]);
    expect(r.code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });
});
