// Long reads off the request thread (electron/api/readers.ts): the identity queue and the analysis
// input run in worker threads with read-only connections to the same project file. On a generated
// project: a quick call answers while a long read runs (ordering, not timing), results and errors are
// the same as the in-thread reads, a read sees a write committed before it, and the workers stop when
// the project closes, the project is switched or the server stops.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Envelope } from '../../electron/api';
import { JsonText, ReaderPool } from '../../electron/api/readers';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { startServer, type RunningServer } from '../../electron/server';
import { generatePubmedCsv } from '../bench/generate';
import { tempDir } from '../helpers/tmp';
import { csvText, pubmedRow } from '../helpers/pubmedCsv';
import { request, staticDirIn } from '../helpers/server';

const dir = tempDir('kolmap-readers-');
const file = path.join(dir, 'big.kolmap');

/** POST /api/<method> with the token; the parsed body. */
async function call(server: RunningServer, method: string, args: unknown = {}): Promise<unknown> {
  const r = await request(server.port, {
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', 'x-kolmap-token': server.token },
    body: JSON.stringify(args),
  });
  if (r.status !== 200) throw new Error(`${method}: HTTP ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

beforeAll(async () => {
  // Big enough that the identity queue and the analysis input take far longer than a profile read.
  const csv = path.join(dir, 'papers.csv');
  generatePubmedCsv(csv, { publications: 8000, seed: 7 });
  const project = Project.open(file);
  await importFiles(project, [{ name: 'papers.csv', content: readFileSync(csv, 'utf8') }]);
  project.close();
});

describe('long reads in worker threads', () => {
  let project: Project;
  let server: RunningServer;

  beforeAll(async () => {
    project = Project.open(file);
    server = await startServer({ project: () => project, staticDir: staticDirIn(dir) });
  });

  afterAll(async () => {
    await server.close();
    project.close();
  });

  /**
   * Starts a long call, waits until it is being read (in a worker: the pool is busy; in-thread it would
   * have run to the end before this test's next turn, client and server sharing this thread), then makes
   * quick calls one after another: the order in which everything answered.
   */
  async function whileReading(method: string, args: unknown, person: number): Promise<string[]> {
    const order: string[] = [];
    let settled = false;
    // The long read waits in its worker until the quick calls are done: in-thread it would not wait
    // (the gate is the workers'), and would answer first.
    const release = server.readers.hold();
    const long = call(server, method, args).finally(() => {
      settled = true;
      order.push(method);
    });
    try {
      while (!settled && server.readers.busy === 0) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 3; i++) {
        await call(server, 'getProject');
        order.push('getProject');
        await call(server, 'getPerson', { id: person });
        order.push('getPerson');
      }
    } finally {
      release();
    }
    await long;
    return order;
  }

  const QUICK = ['getProject', 'getPerson', 'getProject', 'getPerson', 'getProject', 'getPerson'];

  it('answers the project summary and a profile while the identity queue is being read', async () => {
    const person = project.analysisInput({}).people[0]!.id;
    // Warm: the worker is started and has its connection, so only the read itself is left.
    await call(server, 'getIdentityQueue', { limit: 50 });
    expect(server.readers.inThreadReason).toBeNull();
    expect(await whileReading('getIdentityQueue', { limit: 50 }, person)).toEqual([
      ...QUICK,
      'getIdentityQueue',
    ]);
  });

  it('answers them while the analysis input is being read', async () => {
    const person = project.analysisInput({}).people[0]!.id;
    expect(await whileReading('getAnalysisInput', {}, person)).toEqual([...QUICK, 'getAnalysisInput']);
    expect(server.readers.threads).toBeGreaterThan(0);
  });

  it('gives the same identity queue and analysis input as the in-thread reads, over HTTP too', async () => {
    const queue = project.identityDecisions().queue(50);
    expect(queue.items.length).toBeGreaterThan(0);
    expect(await call(server, 'getIdentityQueue', { limit: 50 })).toEqual(json(queue));
    for (const scope of [{}, { ta: 'oncology' }, { since: 2015, until: 2020 }]) {
      expect(await call(server, 'getAnalysisInput', scope)).toEqual(json(project.analysisInput(scope)));
    }

    const values = new ReaderPool();
    const texts = new ReaderPool({ json: true });
    try {
      expect(await values.read(project, 'getIdentityQueue', { limit: 20 })).toEqual(
        project.identityDecisions().queue(20),
      );
      const input = project.analysisInput({ ta: 'oncology' });
      expect(await values.read(project, 'getAnalysisInput', { ta: 'oncology' })).toEqual(input);
      const text = await texts.read(project, 'getAnalysisInput', { ta: 'oncology' });
      expect(text).toBeInstanceOf(JsonText);
      expect(Buffer.from((text as unknown as JsonText).bytes).toString('utf8')).toBe(JSON.stringify(input));
    } finally {
      await values.close();
      await texts.close();
    }
  });

  it('keeps the errors of the in-thread reads (code and message)', async () => {
    const readers = new ReaderPool();
    const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {}, readers });
    const direct = createHandlers({ project: () => project, emit: () => undefined, host: {} });
    for (const scope of [{ ta: 'no such area' }, { since: 2020, until: 2010 }]) {
      const pooled = (await dispatch(handlers, 'getAnalysisInput', scope)) as Envelope<unknown>;
      expect(pooled.ok).toBe(false);
      expect(pooled).toEqual(await dispatch(direct, 'getAnalysisInput', scope));
    }
    await readers.close();
  });
});

describe('reads see committed writes; workers stop with their project', () => {
  it('a read after an awaited write sees it (an import, a stale area cache)', async () => {
    const p = Project.open(path.join(tempDir('kolmap-readers-'), 'w.kolmap'));
    const readers = new ReaderPool();
    const handlers = createHandlers({ project: () => p, emit: () => undefined, host: {}, readers });
    try {
      const before = (await readers.read(p, 'getAnalysisInput', {})).papers.length;
      const content = csvText([
        pubmedRow({
          line: 0,
          pmid: '900001',
          title: 'Tumor response in metastatic breast cancer',
          journal: 'J Oncol',
          year: 2022,
          keywords: ['cancer'],
          mesh: ['Breast Neoplasms'],
          authors: [{ raw: 'Doe J', family: 'Doe', given: 'J', initials: 'J' }],
        }),
      ]);
      const imported = await dispatch(handlers, 'importFile', { name: 'one.csv', content });
      expect(imported.ok).toBe(true);
      // The import left the area cache stale: the pool refreshes it here before its worker reads.
      for (const scope of [{}, { ta: 'oncology' }]) {
        const read = await readers.read(p, 'getAnalysisInput', scope);
        expect(read).toEqual(p.analysisInput(scope));
      }
      expect((await readers.read(p, 'getAnalysisInput', {})).papers.length).toBe(before + 1);
      expect(readers.threads).toBeGreaterThan(0);
    } finally {
      p.close();
    }
    expect(readers.threads).toBe(0);
    await readers.close();
  });

  it('stops the workers when the project closes or is switched, and fails a read cut short clearly', async () => {
    const readers = new ReaderPool();
    const a = Project.open(file);
    await readers.read(a, 'getIdentityQueue', { limit: 5 });
    expect(readers.threads).toBe(1);
    // Switched: the next read goes to the other project's own worker; the old one stops.
    const b = Project.open(path.join(tempDir('kolmap-readers-'), 'b.kolmap'));
    expect((await readers.read(b, 'getAnalysisInput', {})).papers).toEqual([]);
    expect(readers.threads).toBe(1);
    b.close();
    expect(readers.threads).toBe(0);

    const cut = readers.read(a, 'getIdentityQueue', { limit: 50 });
    a.close();
    await expect(cut).rejects.toThrow(/big was closed \(switched or quit\) before this read finished/);
    expect(readers.threads).toBe(0);
    await readers.close();
  });

  it('the server stops its workers when it stops', async () => {
    const p = Project.open(file);
    const staticDir = path.join(dir, 'static');
    const server = await startServer({ project: () => p, staticDir });
    await call(server, 'getIdentityQueue', { limit: 5 });
    expect(server.readers.threads).toBe(1);
    await server.close();
    expect(server.readers.threads).toBe(0);
    p.close();
  });

  it('reads in-thread, with the same result, when the worker cannot start', async () => {
    const p = Project.open(file);
    const readers = new ReaderPool({ entry: path.join(dir, 'missing-reader.cjs') });
    try {
      expect(await readers.read(p, 'getIdentityQueue', { limit: 10 })).toEqual(
        p.identityDecisions().queue(10),
      );
      expect(readers.inThreadReason).toMatch(/missing-reader/);
      expect(readers.threads).toBe(0);
    } finally {
      await readers.close();
      p.close();
    }
  });
});
