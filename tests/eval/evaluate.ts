// Measures identity resolution (issue 4): imports a Scopus export with ignoreSourceIds into a temporary
// project, reads back who each authorship was resolved to, and scores that against the Scopus author IDs
// parsed here from the file itself ("Author full names" / "Author(s) ID", aligned with the byline).
// Pairwise precision / recall / F1 over authorships that carry an ID, next to two baselines computed on
// the same authorships: "family name + first initial" (bibliometrix) and "exact full name".
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { parseCommaName } from '../../shared/formats/names';
import { foldKey, normalizeDoi } from '../../shared/formats/text';

export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
  clusters: number;
}

export interface EvalResult {
  file: string;
  records: number;
  /** Authorships with a Scopus ID that could be aligned with a stored authorship. */
  mentions: number;
  ids: number;
  seconds: number;
  kolmap: PairScores;
  initials: PairScores;
  fullName: PairScores;
}

interface Mention {
  truth: string;
  full: string;
  initials: string;
  predicted: number;
}

/** Pairwise precision / recall / F1 of a clustering against the truth (both given as labels). */
export function pairScores<T>(truth: readonly string[], predicted: readonly T[]): PairScores {
  const c2 = (n: number): number => (n * (n - 1)) / 2;
  const count = <K>(keys: Iterable<K>): Map<K, number> => {
    const m = new Map<K, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const both = count(truth.map((t, i) => `${t}\u0001${String(predicted[i])}`));
  const truthSizes = count(truth);
  const predSizes = count(predicted);
  let tp = 0;
  for (const n of both.values()) tp += c2(n);
  let tPairs = 0;
  for (const n of truthSizes.values()) tPairs += c2(n);
  let pPairs = 0;
  for (const n of predSizes.values()) pPairs += c2(n);
  const precision = pPairs === 0 ? 1 : tp / pPairs;
  const recall = tPairs === 0 ? 1 : tp / tPairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, clusters: predSizes.size };
}

interface TruthRecord {
  keys: string[];
  names: { id: string; full: string; initials: string }[];
}

/** The Scopus records of a file with their byline IDs and names, keyed like publicationKey(). */
function readTruth(file: string): TruthRecord[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const out: TruthRecord[] = [];
  for (const row of parsed.data) {
    const keys: string[] = [];
    const pmid = (row['PubMed ID'] ?? '').trim().replace(/^0+(?=\d)/, '');
    if (/^\d+$/.test(pmid) && pmid !== '0') keys.push(`pmid:${pmid}`);
    const doi = normalizeDoi(row['DOI']);
    if (doi) keys.push(`doi:${doi}`);
    const link = row['Link'] ?? '';
    const eid =
      /^2-s2\.0-\d+$/.exec((row['EID'] ?? '').trim())?.[0] ??
      /eid=(2-s2\.0-\d+)/.exec(link)?.[1] ??
      (/\/publications\/(\d+)/.exec(link) ? `2-s2.0-${/\/publications\/(\d+)/.exec(link)?.[1]}` : undefined);
    if (eid) keys.push(`eid:${eid}`);
    const fullPieces = (row['Author full names'] ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const ids = (row['Author(s) ID'] ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (fullPieces.length === 0 || fullPieces.length !== ids.length) continue;
    const names = fullPieces.map((piece, i) => {
      const m = /^(.*?)\s*\((\d{5,})\)\s*$/.exec(piece);
      const full = (m ? (m[1] as string) : piece).trim();
      const a = parseCommaName(full);
      const given = a?.given ?? '';
      const first = foldKey(given)
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 1);
      return {
        id: m ? (m[2] as string) : (ids[i] as string),
        full,
        initials: `${foldKey(a?.family ?? full)}|${first}`,
      };
    });
    out.push({ keys, names });
  }
  return out;
}

/** Imports `file` (ignoring source IDs) into a temporary project and scores the resolved people. */
export async function evaluateFile(
  file: string,
  label = path.basename(path.dirname(file)),
): Promise<EvalResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kolmap-eval-'));
  const project = Project.open(path.join(dir, 'eval.kolmap'));
  try {
    const t0 = performance.now();
    await importFiles(project, [{ name: path.basename(file), path: path.resolve(file) }], {
      ignoreSourceIds: true,
    });
    const seconds = (performance.now() - t0) / 1000;
    const stored = new Map<string, number[]>();
    for (const r of project.authorshipsCsvRows()) {
      let list = stored.get(r.publication_key);
      if (!list) stored.set(r.publication_key, (list = []));
      list[r.position - 1] = r.author_id;
    }
    const truth = readTruth(file);
    const used = new Set<string>();
    const mentions: Mention[] = [];
    for (const rec of truth) {
      const key = rec.keys.find((k) => stored.has(k));
      // A record merged into another (a duplicate) or not stored: its byline is not the stored one.
      if (key === undefined || used.has(key)) continue;
      used.add(key);
      const byline = stored.get(key) as number[];
      if (byline.length !== rec.names.length) continue;
      rec.names.forEach((n, i) => {
        mentions.push({ truth: n.id, full: n.full, initials: n.initials, predicted: byline[i] as number });
      });
    }
    const truthLabels = mentions.map((m) => m.truth);
    if (process.env.KOLMAP_EVAL_DEBUG) debugReport(label, mentions);
    return {
      file: label,
      records: truth.length,
      mentions: mentions.length,
      ids: new Set(truthLabels).size,
      seconds,
      kolmap: pairScores(
        truthLabels,
        mentions.map((m) => m.predicted),
      ),
      initials: pairScores(
        truthLabels,
        mentions.map((m) => m.initials),
      ),
      fullName: pairScores(
        truthLabels,
        mentions.map((m) => m.full),
      ),
    };
  } finally {
    project.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Scopus exports with author IDs in ../shared/data/real. */
export const EVAL_FILES = ['scopus_alopecia', 'scopus_smartfhir', 'scopus_batteries_5000'] as const;

/** A plain-text table of results. */
export function renderEval(results: EvalResult[]): string {
  const f = (n: number): string => n.toFixed(3);
  const head = ['file', 'mentions', 'ids', 'method', 'clusters', 'precision', 'recall', 'F1'];
  const rows: string[][] = [];
  for (const r of results) {
    for (const [name, s] of [
      ['kolmap', r.kolmap],
      ['family + first initial', r.initials],
      ['exact full name', r.fullName],
    ] as const) {
      rows.push([
        name === 'kolmap' ? r.file : '',
        name === 'kolmap' ? String(r.mentions) : '',
        name === 'kolmap' ? String(r.ids) : '',
        name,
        String(s.clusters),
        f(s.precision),
        f(s.recall),
        f(s.f1),
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i >= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** KOLMAP_EVAL_DEBUG=1: the IDs split over most clusters and the clusters joining most IDs. */
function debugReport(label: string, mentions: Mention[]): void {
  const split = new Map<string, Map<number, string[]>>();
  const joined = new Map<number, Map<string, string[]>>();
  for (const m of mentions) {
    let s = split.get(m.truth);
    if (!s) split.set(m.truth, (s = new Map()));
    let l = s.get(m.predicted);
    if (!l) s.set(m.predicted, (l = []));
    l.push(m.full);
    let j = joined.get(m.predicted);
    if (!j) joined.set(m.predicted, (j = new Map()));
    let k = j.get(m.truth);
    if (!k) j.set(m.truth, (k = []));
    k.push(m.full);
  }
  const lostPairs = (parts: number[]): number => {
    const total = parts.reduce((a, b) => a + b, 0);
    return (total * (total - 1)) / 2 - parts.reduce((a, b) => a + (b * (b - 1)) / 2, 0);
  };
  const top = [...split.entries()]
    .map(([id, c]) => ({ id, c, lost: lostPairs([...c.values()].map((v) => v.length)) }))
    .filter((x) => x.lost > 0)
    .sort((a, b) => b.lost - a.lost)
    .slice(0, Number(process.env.KOLMAP_EVAL_DEBUG) || 25);
  process.stderr.write(`--- ${label}: split IDs (lost pairs)\n`);
  for (const t of top)
    process.stderr.write(
      `${t.id} lost ${t.lost}: ${[...t.c.entries()].map(([p, n]) => `${p}×${n.length}[${[...new Set(n)].join('|')}]`).join('  ')}\n`,
    );
  const wrong = [...joined.entries()]
    .map(([p, c]) => ({ p, c, bad: lostPairs([...c.values()].map((v) => v.length)) }))
    .filter((x) => x.bad > 0)
    .sort((a, b) => b.bad - a.bad)
    .slice(0, Number(process.env.KOLMAP_EVAL_DEBUG) || 25);
  process.stderr.write(`--- ${label}: wrong merges (false pairs)\n`);
  for (const t of wrong)
    process.stderr.write(
      `${t.p} false ${t.bad}: ${[...t.c.entries()].map(([id, n]) => `${id}×${n.length}[${[...new Set(n)].join('|')}]`).join('  ')}\n`,
    );
}
