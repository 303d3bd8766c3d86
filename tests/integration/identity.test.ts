// Identity resolution on real project files: the stored post-pass (electron/db/identity.ts) on small
// hand-made imports, and the evaluation against Scopus author IDs (npm run eval) on the real exports in
// ../shared/data/real, guarding the measured figures from regressing.
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../electron/import';
import { evaluateFile, type EvalResult } from '../eval/evaluate';
import { describeReal, realFile } from '../helpers/realData';
import { tempProject } from '../helpers/tmp';

const HEADER = '"Authors","Author full names","Author(s) ID","Title","Year","Source title","DOI"';

function row(authors: [string, string][], title: string, doi: string): string {
  const abbrev = authors.map(([n]) => n.replace(/, (\p{L})\p{L}*/u, ' $1.')).join('; ');
  // Scopus author IDs have 8 to 11 digits.
  const full = authors.map(([n, id]) => `${n} (5700000${id})`).join('; ');
  const ids = authors.map(([, id]) => `5700000${id}`).join('; ');
  return `"${abbrev}","${full}","${ids}","${title}","2020","J Test","${doi}"`;
}

describe('identity post-pass', () => {
  const csv = [
    HEADER,
    row(
      [
        ['Mandl, Kenneth D.', '1'],
        ['Mandel, Joshua', '2'],
        ['Kohane, Isaac', '3'],
      ],
      'Alpha study one',
      '10.1000/a',
    ),
    row(
      [
        ['Mandl, Kenneth', '1'],
        ['Mandel, Joshua', '2'],
        ['Kohane, Isaac', '3'],
      ],
      'Beta study two',
      '10.1000/b',
    ),
    row(
      [
        ['Mandl, Karen', '4'],
        ['Other, Paul', '5'],
      ],
      'Gamma study three',
      '10.1000/c',
    ),
  ].join('\n');

  it('joins "Mandl, Kenneth D." and "Mandl, Kenneth", keeps Karen apart, and stores the evidence', async () => {
    const project = tempProject();
    await importFiles(project, [{ name: 'scopus.csv', content: csv }], { ignoreSourceIds: true });
    const a = project.publication('doi:10.1000/a')?.authors[0]?.authorId;
    const b = project.publication('doi:10.1000/b')?.authors[0]?.authorId;
    const c = project.publication('doi:10.1000/c')?.authors[0]?.authorId;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(project.person(a as number)?.name).toBe('Kenneth D Mandl');
    const evidence = project.identityEvidence(a as number);
    expect(evidence?.merges[0]?.coauthors).toContain('kohane|i:isaac');
    // Importing again adds nothing and keeps the people (ids stable).
    await importFiles(project, [{ name: 'scopus.csv', content: csv }], { ignoreSourceIds: true });
    expect(project.publication('doi:10.1000/b')?.authors[0]?.authorId).toBe(a);
  });

  it('never merges two different Scopus author IDs when source IDs are read', async () => {
    const project = tempProject();
    const twoIds = [
      HEADER,
      row(
        [
          ['Mandl, Kenneth D.', '1'],
          ['Mandel, Joshua', '2'],
        ],
        'Alpha study one',
        '10.1000/a',
      ),
      row(
        [
          ['Mandl, Kenneth D.', '9'],
          ['Mandel, Joshua', '2'],
        ],
        'Beta study two',
        '10.1000/b',
      ),
    ].join('\n');
    await importFiles(project, [{ name: 'scopus.csv', content: twoIds }]);
    const a = project.publication('doi:10.1000/a')?.authors[0]?.authorId;
    const b = project.publication('doi:10.1000/b')?.authors[0]?.authorId;
    expect(a).not.toBe(b);
    expect(project.publication('doi:10.1000/a')?.authors[1]?.authorId).toBe(
      project.publication('doi:10.1000/b')?.authors[1]?.authorId,
    );
  });
});

// MEDLINE bylines of one fictional person whose ORCID iD one record has with two digits swapped.
function medline(pmid: string, title: string, orcid: string): string {
  return [
    `PMID- ${pmid}`,
    `TI  - ${title}`,
    'DP  - 2021 Mar',
    'FAU - Quellmark, Oriane',
    'AU  - Quellmark O',
    `AUID- ORCID: ${orcid}`,
    'AD  - Department of Hematology, Nordhaven University Hospital, Nordhaven, Denmark.',
    'FAU - Varnhold, Tobias',
    'AU  - Varnhold T',
    'FAU - Ostrander, Mireille',
    'AU  - Ostrander M',
    'JT  - Journal of Fictional Hematology',
    '',
  ].join('\n');
}

describe('ORCID iDs with a typo', () => {
  const right = medline('90000001', 'Marrow niches in a fictional cohort', '0000-0000-9004-7136');
  const typo = medline('90000002', 'Marrow niches in a second fictional cohort', '0000-0000-9034-7136');
  const person = (project: ReturnType<typeof tempProject>, pmid: string) =>
    project.person(project.publication(`pmid:${pmid}`)?.authors[0]?.authorId ?? 0);

  it('one with a wrong check digit keeps nobody apart, in one import or two; the right iD is kept', async () => {
    const together = tempProject();
    await importFiles(together, [
      { name: 'a.nbib', content: typo },
      { name: 'b.nbib', content: right },
    ]);
    expect(person(together, '90000002')?.id).toBe(person(together, '90000001')?.id);
    expect(person(together, '90000001')?.orcid).toBe('0000-0000-9004-7136');
    const apart = tempProject();
    await importFiles(apart, [{ name: 'a.nbib', content: typo }]);
    await importFiles(apart, [{ name: 'b.nbib', content: right }]);
    expect(person(apart, '90000002')?.id).toBe(person(apart, '90000001')?.id);
    expect(person(apart, '90000001')?.orcid).toBe('0000-0000-9004-7136');
    // Two right iDs are still two people.
    const two = tempProject();
    await importFiles(two, [
      { name: 'b.nbib', content: right },
      { name: 'c.nbib', content: medline('90000003', 'Another fictional cohort', '0000-0000-9003-4175') },
    ]);
    expect(person(two, '90000003')?.id).not.toBe(person(two, '90000001')?.id);
  });
});

// The import's own bylines are held in memory until commit (electron/db/identity.ts SessionMentions):
// what used to be read back from the stored authorships must still work within one import and across two.
describe('bylines written at commit', () => {
  it('matches a record by title, year and first author against one read earlier in the same import', async () => {
    const project = tempProject();
    const first = row(
      [
        ['Mandl, Kenneth D.', '1'],
        ['Mandel, Joshua', '2'],
      ],
      'A long enough title',
      '10.1000/a',
    );
    // The same paper again without a DOI and with another journal: only the last-resort match finds it.
    const again = row([['Mandl, K.', '1']], 'A long enough title', '').replace('"J Test"', '"J Other"');
    const result = await importFiles(project, [
      { name: 'scopus.csv', content: [HEADER, first, again].join('\n') },
    ]);
    expect(result.files[0]).toMatchObject({ records: 2, imported: 1, duplicates: 1, rejected: 0 });
    expect(result.totals.publications).toBe(1);
    expect(result.totals.authorships).toBe(2);
  });

  it('a later import joins its authorships to the stored people, who keep their ids', async () => {
    const project = tempProject();
    const a = row(
      [
        ['Mandl, Kenneth D.', '1'],
        ['Mandel, Joshua', '2'],
        ['Kohane, Isaac', '3'],
      ],
      'Alpha study',
      '10.1000/a',
    );
    await importFiles(project, [{ name: 'one.csv', content: [HEADER, a].join('\n') }], {
      ignoreSourceIds: true,
    });
    const before = project.publication('doi:10.1000/a')?.authors[0]?.authorId;
    const totals = project.totals();
    const b = row(
      [
        ['Mandl, Kenneth D.', '1'],
        ['Mandel, Joshua', '2'],
        ['Kohane, Isaac', '3'],
      ],
      'Beta study',
      '10.1000/b',
    );
    const result = await importFiles(project, [{ name: 'two.csv', content: [HEADER, b].join('\n') }], {
      ignoreSourceIds: true,
    });
    expect(project.publication('doi:10.1000/b')?.authors[0]?.authorId).toBe(before);
    expect(project.publication('doi:10.1000/a')?.authors[0]?.authorId).toBe(before);
    // No new people: all three are the stored ones.
    expect(result.totals.authors).toBe(totals.authors);
    expect(result.totals.authorships).toBe(totals.authorships + 3);
  });
});

// Measured with `npm run eval` when this was written (kolmap / full-name baseline F1):
// alopecia 0.990 / 0.986, smartfhir 0.970 / 0.846, batteries 0.959 / 0.888; precision ≥ 0.981.
describeReal('identity resolution against Scopus author IDs (real exports)', () => {
  const check = (r: EvalResult, minF1: number, minPrecision: number): void => {
    expect(r.mentions).toBeGreaterThan(500);
    expect(r.kolmap.f1).toBeGreaterThanOrEqual(minF1);
    expect(r.kolmap.precision).toBeGreaterThanOrEqual(minPrecision);
    expect(r.kolmap.f1).toBeGreaterThan(r.initials.f1);
    expect(r.kolmap.f1).toBeGreaterThanOrEqual(r.fullName.f1);
  };

  it('scopus_alopecia: F1 ≥ 0.98, precision ≥ 0.98', async () => {
    check(await evaluateFile(realFile('scopus_alopecia/scopus.csv')), 0.98, 0.98);
  });

  it('scopus_smartfhir: F1 ≥ 0.96, precision ≥ 0.98, well above the full-name baseline', async () => {
    const r = await evaluateFile(realFile('scopus_smartfhir/scopus.csv'));
    check(r, 0.96, 0.98);
    expect(r.kolmap.f1 - r.fullName.f1).toBeGreaterThan(0.1);
  });

  it('scopus_batteries_5000: F1 ≥ 0.95, precision ≥ 0.98, well above both baselines', async () => {
    const r = await evaluateFile(realFile('scopus_batteries_5000/scopus.csv'));
    check(r, 0.95, 0.98);
    expect(r.kolmap.f1 - r.fullName.f1).toBeGreaterThan(0.05);
    expect(r.kolmap.f1 - r.initials.f1).toBeGreaterThan(0.5);
  });
});
