// The worker thread of electron/api/readers.ts (bundled to dist/electron/reader.cjs): opens the
// project file read-only and answers one read at a time, each in its own read transaction (so it sees
// every write committed before it began). Replies with the value, or its JSON text as transferred bytes
// (the HTTP server sends those as they are), or the error's name, code and message. Started with role
// 'analyse', it is instead the thread of one back-end analysis (electron/api/analyser.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api';
import { Project } from '../db';
import { analyserThread, type AnalyserData } from './analyser';
import { READS, type ReaderMessage, type ReadRequest } from './readers';

const port = parentPort;
if (!port) throw new Error('electron/api/reader.ts runs as a worker thread of ReaderPool.');
if ((workerData as Partial<AnalyserData>).role === 'analyse')
  analyserThread(port, workerData as AnalyserData);
else serveReads(port);

function serveReads(port: NonNullable<typeof parentPort>): void {
  const post = (msg: ReaderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

  let project: Project;
  try {
    project = Project.openReader((workerData as { file: string }).file);
    post({ type: 'ready' });
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }

  // ReaderPool.hold(): wait while the gate holds 1.
  const gate = (workerData as { gate?: Int32Array }).gate;
  port.on('message', (req: ReadRequest) => {
    if (gate) Atomics.wait(gate, 0, 1);
    try {
      const read = READS[req.method] as (p: Project, args: unknown) => unknown;
      const value = project.snapshotRead(() => read(project, req.args));
      let text: string | null = null;
      try {
        if (req.json) text = JSON.stringify(value);
      } catch (err) {
        // Longer than a string can be (a 1M-publication analysis input): the value goes instead, as
        // structured clone carries it (IPC then works as it did in-thread).
        if (!(err instanceof RangeError)) throw err;
      }
      if (text === null) return post({ type: 'reply', id: req.id, ok: true, value });
      const json = new TextEncoder().encode(text);
      post({ type: 'reply', id: req.id, ok: true, json }, [json.buffer]);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = err instanceof ApiError ? err.code : undefined;
      post({ type: 'reply', id: req.id, ok: false, error: { name: e.name, message: e.message, code } });
    }
  });
}
