// Trial roles end to end (issue 5): the real ClinicalTrials.gov export (../shared/data/real, see
// PROVENANCE.md) and, since that export names no investigators, a copy of some of its real trials
// with an Investigators column added in a temporary folder, plus generated MEDLINE publications
// whose authors are some of those investigators. Imported in both orders into real project files;
// then the matches, the analysis input and `kolmap rank --json` are checked.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { analyze } from '../../shared/analytics';
import { kolmap } from '../helpers/cli';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir, tempProject } from '../helpers/tmp';

const CTGOV = 'ctgov_hypertension/ctg-studies.csv';
const PERU = 'pubmed_peru_hospitals/pubmed.csv';

type Row = Record<string, string>;

/** Person roles (not sponsors, collaborators or sites) and how many are matched to a person. */
function roleCounts(project: Project): { roles: number; matched: number } {
  const db = (project as unknown as { db: import('better-sqlite3').Database }).db;
  return db
    .prepare(
      `SELECT COUNT(*) AS roles, COUNT(author_id) AS matched FROM trial_roles
        WHERE role NOT IN ('sponsor', 'collaborator', 'site')`,
    )
    .get() as { roles: number; matched: number };
}

function rankJson(db: string, ...args: string[]): Record<string, unknown>[] {
  const r = kolmap(['rank', '--db', db, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

describeReal('trial roles from the real ClinicalTrials.gov export', () => {
  const dir = tempDir();

  it('stores its 172 trials; it names no investigators, so the trials component drops out', async () => {
    const file = path.join(dir, 'real.kolmap');
    const r = kolmap(['import', '--db', file, realFile(CTGOV), realFile(PERU), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { totals: { trials: number } };
    expect(report.totals.trials).toBe(172);
    const rows = rankJson(file);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.trials).toBeNull();
  });

  describe('real trials with investigators added, and publications by some of them', () => {
    const real = Papa.parse<Row>(readFileSync(realFile(CTGOV), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    const withSites = real.data.filter(
      (row) => (row.Locations ?? '').trim() && /^\d{4}/.test(row['Start Date'] ?? ''),
    );
    const [t0, t1] = withSites as [Row, Row];
    const site0 = t0.Locations!.split('|')[0]!;
    const inst0 = site0.split(',')[0]!.trim();
    const inst1 = t1.Locations!.split('|')[0]!.split(',')[0]!.trim();
    const year = Number(t0['Start Date']!.slice(0, 4));
    const investigators = new Map<string, string>([
      [t0['NCT Number']!, `Asha Verma, Principal Investigator, ${inst0}|Ravi Kapoor, MD, ${inst0}`],
      [t1['NCT Number']!, `Meera Iyer, MD, ${inst1}`],
    ]);
    const trialsFile = path.join(dir, 'trials.csv');
    writeFileSync(
      trialsFile,
      Papa.unparse(
        [t0, t1].map((row) => ({ ...row, Investigators: investigators.get(row['NCT Number']!) ?? '' })),
      ),
    );
    // Verma works at the first site of the first trial; a Kapoor R publishes from Stockholm; nobody
    // named Iyer publishes.
    const medline = [
      [
        'PMID- 99000001',
        'TI  - Blood pressure control after renal denervation: a cohort study.',
        `DP  - ${year + 1} Mar`,
        'FAU - Verma, Asha',
        'AU  - Verma A',
        `AD  - ${site0}.`,
        'FAU - Kapoor, Ravi',
        'AU  - Kapoor R',
        'AD  - Department of Medicine, Karolinska Institutet, Stockholm, Sweden.',
        'FAU - Lund, Erik',
        'AU  - Lund E',
        'AD  - Department of Medicine, Karolinska Institutet, Stockholm, Sweden.',
        'JT  - Journal of Hypertension',
      ],
      [
        'PMID- 99000002',
        'TI  - Adherence to antihypertensive therapy in primary care.',
        `DP  - ${year + 2}`,
        'FAU - Verma, Asha',
        'AU  - Verma A',
        `AD  - ${site0}.`,
        'FAU - Lund, Erik',
        'AU  - Lund E',
        'AD  - Department of Medicine, Karolinska Institutet, Stockholm, Sweden.',
        'JT  - Journal of Hypertension',
      ],
    ]
      .map((lines) => lines.join('\n'))
      .join('\n\n');
    const pubsFile = path.join(dir, 'pubs.txt');
    writeFileSync(pubsFile, medline + '\n');
    const trials = { name: 'trials.csv', path: trialsFile };
    const pubs = { name: 'pubs.txt', path: pubsFile };

    for (const order of ['trials first', 'publications first'] as const) {
      it(`matches the one investigator with agreeing places (${order})`, async () => {
        const project = tempProject();
        const files = order === 'trials first' ? [trials, pubs] : [pubs, trials];
        for (const f of files) {
          const r = await importFiles(project, [f]);
          expect(r.files[0]?.rejected).toBe(0);
        }
        expect(roleCounts(project)).toEqual({ roles: 3, matched: 1 });
        const roles = project.trial(t0['NCT Number']!)!.roles.filter((x) => x.role !== 'site');
        const verma = roles.find((x) => x.name === 'Asha Verma')!;
        expect(verma.role).toBe('principal investigator');
        expect(project.person(verma.authorId!)).toMatchObject({ family: 'Verma' });
        // Kapoor R publishes from Stockholm, the trial is elsewhere: refused.
        expect(roles.find((x) => x.name === 'Ravi Kapoor')?.authorId).toBeNull();

        const input = project.analysisInput({});
        expect(input.trials).toEqual([{ id: verma.authorId, principal: 1, investigator: 0, contact: 0 }]);
        const result = analyze(input);
        const person = result.people.find((p) => p.id === verma.authorId)!;
        const part = person.breakdown.find((b) => b.component === 'trials')!;
        expect(part.detail).toBe('1 trial as principal investigator');
        expect(person.breakdown.reduce((s, b) => s + b.contribution, 0)).toBe(person.score);
        // The trial started in `year`: a scope from year + 1 holds the papers but not the trial.
        expect(project.analysisInput({ since: year + 1 }).trials).toBeUndefined();
        expect(analyze(project.analysisInput({ since: year + 1 })).weights.trials).toBe(0);
      });
    }

    it("scopes trials by area: the trial's conditions must match the area's rules", async () => {
      const project = tempProject();
      for (const f of [trials, pubs]) await importFiles(project, [f]);
      const rules = {
        mesh: [],
        keywords: [],
        titleWords: ['blood pressure', 'adherence'],
        journals: [],
        exclude: [],
      };
      // Both areas hold the two papers (title words); only the first also matches the trial's condition.
      const condition = t0.Conditions!.split('|')[0]!;
      project.saveArea({ id: 'with-trial', label: 'With trial', rules: { ...rules, keywords: [condition] } });
      project.saveArea({ id: 'papers-only', label: 'Papers only', rules });
      const inArea = project.analysisInput({ ta: 'with-trial' });
      expect(inArea.papers).toHaveLength(2);
      expect(inArea.trials).toHaveLength(1);
      const outside = project.analysisInput({ ta: 'papers-only' });
      expect(outside.papers).toHaveLength(2);
      expect(outside.trials).toBeUndefined();
    });

    it('re-matches after identity decisions: a split makes two namesakes at the site, so it is refused; undo restores', async () => {
      const project = tempProject();
      for (const f of [trials, pubs]) await importFiles(project, [f]);
      const vermaRole = () =>
        project.trial(t0['NCT Number']!)!.roles.find((x) => x.name === 'Asha Verma')!.authorId;
      const verma = vermaRole()!;
      expect(verma).not.toBeNull();
      const store = project.identityDecisions();
      const second = project.publication('pmid:99000002')!.id;
      const { decision, people } = store.decide({ kind: 'split', author: verma, publications: [second] });
      expect(people).toHaveLength(2);
      // Both Verma A's now work at the trial's site: nothing tells them apart.
      expect(vermaRole()).toBeNull();
      expect(roleCounts(project)).toEqual({ roles: 3, matched: 0 });
      store.undo(decision.id);
      expect(vermaRole()).toBe(verma);
    });

    it('shows the trials column in `kolmap rank --json` and honours --weights trials=…', () => {
      const file = path.join(dir, 'cli.kolmap');
      expect(kolmap(['import', '--db', file, trialsFile]).code).toBe(0);
      expect(kolmap(['import', '--db', file, pubsFile]).code).toBe(0);
      const rows = rankJson(file);
      const byName = new Map(rows.map((r) => [r.name as string, r]));
      const verma = [...byName.entries()].find(([name]) => name.includes('Verma'))![1];
      expect(verma.trials).toBe(1);
      for (const row of rows) if (row !== verma) expect(row.trials).toBe(0);
      const heavy = rankJson(file, '--weights', 'trials=5');
      const none = rankJson(file, '--weights', 'trials=0');
      const score = (rs: Record<string, unknown>[]) => rs.find((r) => r.id === verma.id)!.score as number;
      expect(score(heavy)).toBeGreaterThan(score(none));
      for (const row of none) expect(row.trials).toBe(row === none.find((r) => r.id === verma.id) ? 1 : 0);
      expect(rankJson(file, '--since', String(year + 1)).every((r) => r.trials === null)).toBe(true);
    });
  });
});
