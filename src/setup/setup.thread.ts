/**
 * Runs the start-up preparation (migrations and `prepareData`) in a worker thread, so that the
 * main thread keeps answering `/livez` and `/healthz` within milliseconds while the first start
 * imports the official data and seeds the demo data — on PGlite that work runs as WebAssembly in
 * the calling thread and would otherwise block it for up to a minute (all of Germany).
 *
 * PGlite is in-process: the worker opens the data directory itself (under the lock server.ts
 * holds), and closes it before the main thread opens it. Measurements and the alternatives
 * considered: ADR 0015, docs/performance.md („Start-up“).
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../shared/config';
import { entryPoint } from '../shared/runtime';
import type { SetupResult } from './setup.service';

export interface SetupWorkerData {
  config: Config;
}

export type SetupWorkerMessage =
  | { type: 'step'; step: string }
  | { type: 'log'; level: 'info' | 'warn'; msg: string }
  | { type: 'done'; result: SetupResult }
  | {
      type: 'failed';
      name: string;
      message: string;
      errors?: { file: string; line: number | null; field: string | null; message: string }[];
      /** The database went away or could not be reached (exit code 3 rather than 5). */
      databaseUnavailable: boolean;
    };

/** Thrown when the preparation in the worker failed; carries the worker's report. */
export class SetupFailedError extends Error {
  constructor(readonly report: Extract<SetupWorkerMessage, { type: 'failed' }>) {
    super(report.message);
    this.name = 'SetupFailedError';
  }
}

function startWorker(workerData: SetupWorkerData): Worker {
  const entry = entryPoint('setup-worker', 'src/setup/setup.worker.ts');
  if (!entry.needsTsx) return new Worker(entry.file, { workerData });
  // From the TypeScript sources (`npx tsx src/server.ts`): a worker does not inherit tsx's loader
  // on Node 20, so it registers tsx itself before importing the worker module.
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

export interface PreparationRun {
  /** The result, or a SetupFailedError. */
  result: Promise<SetupResult>;
  /** Ends the worker at once (a stop during the start; every write there is one transaction). */
  terminate(): Promise<void>;
}

export function prepareInWorker(config: Config, on: { step(step: string): void; log(level: 'info' | 'warn', msg: string): void }): PreparationRun {
  const worker = startWorker({ config });
  let terminated = false;
  const result = new Promise<SetupResult>((resolve, reject) => {
    let settled: SetupResult | SetupFailedError | undefined;
    worker.on('message', (m: SetupWorkerMessage) => {
      if (m.type === 'step') on.step(m.step);
      else if (m.type === 'log') on.log(m.level, m.msg);
      else if (m.type === 'done') {
        settled = m.result;
        // The database is closed by now; a handle left open must not keep the start waiting.
        setTimeout(() => void worker.terminate(), 5000).unref();
      }
      else settled = new SetupFailedError(m);
    });
    worker.on('error', (e) => {
      settled ??= new SetupFailedError({ type: 'failed', name: e.name, message: e.message, databaseUnavailable: false });
    });
    // Only after the worker has ended is the database closed there (PGlite: the directory is free).
    worker.on('exit', (code) => {
      if (settled instanceof SetupFailedError) reject(settled);
      else if (settled) resolve(settled);
      else {
        const message = terminated ? 'Vorbereitung abgebrochen' : `Die Vorbereitung endete ohne Ergebnis (Code ${code})`;
        reject(new SetupFailedError({ type: 'failed', name: 'Error', message, databaseUnavailable: false }));
      }
    });
  });
  return {
    result,
    async terminate() {
      terminated = true;
      await worker.terminate();
    },
  };
}
