// An import's bylines wait for commit with their affiliation text in a temporary file and their ORCIDs
// interned (electron/db/identity.ts SessionMentions, spill.ts): with megabytes of affiliations over two
// files of one import, every authorship is stored with its own text and identifier, in its place.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { tempDir } from '../helpers/tmp';

const ORCIDS = ['0000-0002-1825-0097', '0000-0001-5109-3700', '0000-0002-1694-233X'];

interface Expected {
  affiliation: string | null;
  orcid: string | null;
}

/** A MEDLINE file of `count` records from `first` on; fills `expected` by "pmid:position". */
function medline(first: number, count: number, expected: Map<string, Expected>): string {
  const out: string[] = [];
  for (let r = first; r < first + count; r++) {
    const pmid = 30_000_000 + r;
    out.push(`PMID- ${pmid}`, 'DP  - 2021 Mar', `TI  - Spilled affiliations study number ${r}.`);
    const authors = 2 + (r % 5);
    for (let a = 1; a <= authors; a++) {
      const family = `Fam${(r * 7 + a) % 900}`;
      out.push(`FAU - ${family}, Ann`, `AU  - ${family} A`);
      // Every third authorship has no affiliation; the others a text of their own (non-ASCII too).
      const affiliation =
        (r + a) % 3 === 0
          ? null
          : `Department ${r}-${a}, Universität Zürich, 東京大学 ${'and partners '.repeat((r + a) % 9)}, Zürich, Switzerland.`;
      if (affiliation) out.push(`AD  - ${affiliation}`);
      const orcid = (r * 5 + a) % 11 === 0 ? (ORCIDS[(r + a) % ORCIDS.length] as string) : null;
      if (orcid) out.push(`AUID- ORCID: ${orcid}`);
      expected.set(`${pmid}:${a}`, { affiliation, orcid });
    }
    out.push('JT  - Journal of Spills', '', '');
  }
  return out.join('\n');
}

describe('authorships written at commit from the spilled columns', () => {
  it('stores each authorship with its own affiliation text and ORCID', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'spill.kolmap');
    const project = Project.open(file);
    const expected = new Map<string, Expected>();
    const a = medline(0, 3_000, expected);
    const b = medline(3_000, 1_500, expected);
    const affiliationBytes = [...expected.values()].reduce(
      (n, e) => n + (e.affiliation ? Buffer.byteLength(e.affiliation) : 0),
      0,
    );
    expect(affiliationBytes).toBeGreaterThan(1_500_000); // past the 1 MB the spill keeps in memory
    const result = await importFiles(project, [
      { name: 'a.txt', content: a },
      { name: 'b.txt', content: b },
    ]);
    expect(result.totals.publications).toBe(4_500);
    expect(result.totals.authorships).toBe(expected.size);
    project.close();

    const db = new Database(file, { readonly: true });
    const rows = db
      .prepare<[], { pmid: string; position: number; raw_affiliation: string | null; orcid: string | null }>(
        `SELECT p.pmid, au.position, au.raw_affiliation, au.orcid
         FROM authorships au JOIN publications p ON p.id = au.publication_id ORDER BY au.publication_id, au.position`,
      )
      .all();
    db.close();
    expect(rows).toHaveLength(expected.size);
    let withOrcid = 0;
    for (const r of rows) {
      const e = expected.get(`${r.pmid}:${r.position}`);
      expect(e, `${r.pmid}:${r.position}`).toBeDefined();
      expect(r.raw_affiliation).toBe(e?.affiliation);
      expect(r.orcid).toBe(e?.orcid);
      if (r.orcid) withOrcid++;
    }
    expect(withOrcid).toBeGreaterThan(500);
  });
});
