// Huge inputs (issue 9): files generated in the bench's temp folder and imported, each case in its own
// child process, so the peak RSS printed is that import's own (process.resourceUsage().maxRSS):
//   - a baseline: a 2-record file, the RSS of Node + SQLite + kolmap with (almost) nothing to do;
//   - a 10 MB title (PubMed CSV), a paper with 5,000 authors, and a 10 MB Authors cell (about 900k
//     names: what a broken quote or a pasted list makes);
//   - MEDLINE files of 50 MB, 250 MB and (with --full) 1 GB: records of realistic shape with long abstracts (4–8 KB, which
//     kolmap reads and does not store), 3–12 authors from a pool of 40,000 with affiliations, MeSH
//     terms; so the record count grows with the size while the people stay bounded, as in one field.
// Generation streams to disk in ~1 MB pieces (its own memory stays small) and every file is deleted
// after its import. Figures only: nothing here passes or fails.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { createRng } from '../../shared/analytics/random';
import { PUBMED_HEADER } from '../helpers/pubmedCsv';
import type { Figures } from './phases';

export type HugeCase =
  | 'baseline'
  | 'title-10mb'
  | 'authors-5000'
  | 'authors-cell-10mb'
  | 'medline-50mb'
  | 'medline-250mb'
  | 'medline-1gb';

/** The 1 GB import takes minutes (over 4 on this machine): only `npm run bench -- --full` runs it. */
export const FULL_ONLY: readonly HugeCase[] = ['medline-1gb'];

export const HUGE_CASES: readonly { id: HugeCase; label: string }[] = [
  { id: 'baseline', label: 'Baseline: a 2-record PubMed CSV' },
  { id: 'title-10mb', label: 'A 10 MB title (PubMed CSV)' },
  { id: 'authors-5000', label: 'A paper with 5,000 authors (PubMed CSV)' },
  { id: 'authors-cell-10mb', label: 'A 10 MB Authors cell (PubMed CSV)' },
  { id: 'medline-50mb', label: 'A 50 MB MEDLINE file (long abstracts)' },
  { id: 'medline-250mb', label: 'A 250 MB MEDLINE file (long abstracts)' },
  { id: 'medline-1gb', label: 'A 1 GB MEDLINE file (long abstracts)' },
];

const MB = 1024 * 1024;

/** Streams text to a file in ~1 MB writes. */
class Writer {
  private fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending >= MB) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.bytes += writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

const csvCell = (v: string): string => `"${v.replace(/"/g, '""')}"`;

function pubmedRow(pmid: number, title: string, byline: string, year = 2020): string {
  const first = byline.slice(0, byline.indexOf(',') > 0 ? byline.indexOf(',') : byline.length);
  return [
    String(pmid),
    title,
    byline,
    `J Test. ${year};1(1):1-10.`,
    first,
    'J Test',
    String(year),
    `${year}/01/02`,
    '',
    '',
    `10.1000/huge.${pmid}`,
  ]
    .map(csvCell)
    .join(',');
}

/** Fictional family names: letters only, so none reads as a group. */
function family(i: number): string {
  let s = '';
  let k = i;
  do {
    s += 'bcdfghjklmnprstvz'[k % 17]! + 'aeiou'[Math.floor(k / 17) % 5]!;
    k = Math.floor(k / 85);
  } while (k > 0);
  return s[0]!.toUpperCase() + s.slice(1);
}

function initials(i: number): string {
  return 'ABCDEFGHJKLMNPRST'[i % 17]! + (i % 3 === 0 ? 'ABCDEFGH'[i % 8]! : '');
}

const WORDS = (
  'patients cohort randomized trial outcomes therapy survival analysis clinical risk factors treatment ' +
  'receptor expression inhibitor biomarker prognostic imaging resistance efficacy safety dose chronic ' +
  'acute mortality incidence screening mutation pathway signaling cells human novel targeted combined ' +
  'baseline follow-up months years associated significantly increased reduced compared control group'
).split(' ');

const AFFILIATIONS = [
  'Department of Medicine, University of Lyon, Lyon, France.',
  'Division of Cardiology, Karolinska Institutet, Stockholm, Sweden.',
  'Department of Oncology, Mayo Clinic, Rochester, MN, USA.',
  'Institute of Neurology, University College London, London, UK.',
  'Department of Endocrinology, Charité Universitätsmedizin Berlin, Berlin, Germany.',
  'Department of Pediatrics, University of São Paulo, São Paulo, Brazil.',
  'School of Public Health, Peking University, Beijing, China.',
  'Department of Internal Medicine, Seoul National University Hospital, Seoul, Korea.',
];

/** Writes the case's input file; returns its size and how many records it holds. */
export function generateHuge(kind: HugeCase, file: string): { bytes: number; records: number } {
  const w = new Writer(file);
  const header = PUBMED_HEADER.map(csvCell).join(',') + '\r\n';
  switch (kind) {
    case 'baseline':
      w.write(header);
      w.write(pubmedRow(1, 'A small paper', 'Famb A, Famc A.') + '\r\n');
      w.write(pubmedRow(2, 'Another small paper', 'Famc A, Famd B.') + '\r\n');
      return { bytes: w.close(), records: 2 };
    case 'title-10mb': {
      const title = 'Lorem ipsum dolor sit amet. '
        .repeat(400_000)
        .slice(0, 10 * MB)
        .trimEnd();
      w.write(header);
      w.write(pubmedRow(1, 'A small paper before', 'Famb A, Famc A.') + '\r\n');
      w.write(pubmedRow(2, title, 'Famb A, Famd A.') + '\r\n');
      w.write(pubmedRow(3, 'A small paper after', 'Famc A, Famd A.') + '\r\n');
      return { bytes: w.close(), records: 3 };
    }
    case 'authors-5000':
    case 'authors-cell-10mb': {
      const names: string[] = [];
      let size = 0;
      const limit = kind === 'authors-5000' ? Infinity : 10 * MB;
      for (let i = 0; kind === 'authors-5000' ? i < 5000 : size < limit; i++) {
        const name = `${family(i)} ${initials(i)}`;
        names.push(name);
        size += name.length + 2;
      }
      w.write(header);
      w.write(pubmedRow(1, 'A small paper before', 'Famb A, Famc A.') + '\r\n');
      w.write(pubmedRow(2, 'A consortium paper', `${names.join(', ')}.`) + '\r\n');
      w.write(pubmedRow(3, 'A small paper after', 'Famc A, Famd A.') + '\r\n');
      return { bytes: w.close(), records: 3 };
    }
    case 'medline-50mb':
    case 'medline-250mb':
    case 'medline-1gb':
      return medline(w, { 'medline-50mb': 50, 'medline-250mb': 250, 'medline-1gb': 1024 }[kind] * MB);
  }
}

function medline(w: Writer, target: number): { bytes: number; records: number } {
  const rng = createRng(20240609);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const words = (n: number): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pick(WORDS));
    return out.join(' ');
  };
  let records = 0;
  let written = 0;
  while (written < target) {
    const pmid = 40_000_001 + records;
    const year = 2000 + (records % 25);
    const lines = [
      `PMID- ${pmid}`,
      'OWN - NLM',
      'STAT- MEDLINE',
      `DP  - ${year} Mar`,
      `TI  - ${words(8 + Math.floor(rng() * 10))}.`,
    ];
    // A long abstract, wrapped as MEDLINE does (continuation lines indented by six spaces).
    const abstract = words(550 + Math.floor(rng() * 550));
    const wrapped = abstract.match(/.{1,80}(?:\s|$)/g) ?? [abstract];
    lines.push(`AB  - ${wrapped[0]!.trim()}`, ...wrapped.slice(1).map((l) => `      ${l.trim()}`));
    const authors = 3 + Math.floor(rng() * 10);
    for (let a = 0; a < authors; a++) {
      const i = Math.floor(rng() * 40_000);
      lines.push(
        `FAU - ${family(i)}, ${initials(i)}`,
        `AU  - ${family(i)} ${initials(i)}`,
        `AD  - ${AFFILIATIONS[i % 8]!}`,
      );
    }
    lines.push(
      'LA  - eng',
      'PT  - Journal Article',
      `TA  - J Test ${records % 50}`,
      `JT  - Journal of Tests ${records % 50}`,
    );
    for (let m = 0; m < 6; m++) lines.push(`MH  - ${pick(WORDS)} ${pick(WORDS)}`);
    lines.push(`AID - 10.1000/medline.${pmid} [doi]`, `SO  - J Test. ${year};1(1):1-10.`, '', '');
    const text = lines.join('\n');
    w.write(text);
    written += text.length;
    records++;
  }
  return { bytes: w.close(), records };
}

/** The child's part: imports the file into a fresh project and reports time and peak RSS. */
export async function hugeImport(file: string, projectFile: string): Promise<Figures> {
  const t0 = performance.now();
  const project = Project.open(projectFile);
  const result = await importFiles(project, [{ name: file, path: file }]);
  project.close();
  const f = result.files[0]!;
  return {
    seconds: (performance.now() - t0) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    records: f.records,
    imported: f.imported,
    rejected: f.rejected,
    rejection: f.rejections[0] ? `line ${f.rejections[0].line}: ${f.rejections[0].reason}`.slice(0, 300) : '',
    publications: result.totals.publications,
    authors: result.totals.authors,
    authorships: result.totals.authorships,
  };
}

export interface HugeRow {
  id: HugeCase;
  label: string;
  bytes: number;
  generateSeconds: number;
  figures: Figures;
}

/**
 * The orchestrator's part: generates each case's file in `tmp`, imports it in a child process
 * (`runChild(file, project)`), deletes both, and returns the rows.
 */
export function hugeRun(
  tmp: string,
  cases: readonly HugeCase[],
  runChild: (file: string, project: string) => Figures,
): HugeRow[] {
  const rows: HugeRow[] = [];
  for (const c of HUGE_CASES.filter((x) => cases.includes(x.id))) {
    const file = `${tmp}/huge-${c.id}.${c.id.startsWith('medline') ? 'txt' : 'csv'}`;
    const project = `${tmp}/huge-${c.id}.kolmap`;
    process.stdout.write(`  generating ${c.label} ... `);
    const t0 = performance.now();
    const data = generateHuge(c.id, file);
    const generateSeconds = (performance.now() - t0) / 1000;
    process.stdout.write(
      `${(data.bytes / MB).toFixed(1)} MB, ${data.records} records in ${generateSeconds.toFixed(1)} s\n`,
    );
    try {
      const figures = runChild(file, project);
      console.log(
        `    imported in ${Number(figures.seconds).toFixed(2)} s, peak RSS ${Math.round(Number(figures.peakRssMb))} MB` +
          ` (${figures.imported} of ${figures.records} records, ${figures.authorships} authorships)`,
      );
      rows.push({ id: c.id, label: c.label, bytes: data.bytes, generateSeconds, figures });
    } finally {
      for (const f of [file, project, `${project}-wal`, `${project}-shm`]) rmSync(f, { force: true });
    }
  }
  return rows;
}
