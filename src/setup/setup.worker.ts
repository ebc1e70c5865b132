/**
 * The start-up preparation in a worker thread (started by `setup.thread.ts` for server.ts): opens
 * the database with the migrations, runs `prepareData` (first-start import, demo data, counts,
 * accounts) and closes it again. Reports steps, log lines and the result to the main thread, whose
 * event loop stays free for the probes meanwhile (ADR 0015).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDatabaseUnavailable, openDatabase } from '../shared/db';
import type { SetupWorkerData, SetupWorkerMessage } from './setup.thread';
import { prepareData, type SetupResult } from './setup.service';

const { config } = workerData as SetupWorkerData;
const post = (message: SetupWorkerMessage) => parentPort?.postMessage(message);

async function run() {
  post({ type: 'step', step: 'Datenbank wird geöffnet, Migrationen werden angewendet' });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 3,
    // server.ts holds the PGlite directory lock for the whole process, this thread included.
    lockHeld: true,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    onConnectionError: (e) => post({ type: 'log', level: 'warn', msg: `Datenbankverbindung unterbrochen: ${e.message}` }),
  });
  let result: SetupResult;
  try {
    result = await prepareData(database, config, { info: (msg) => post({ type: 'log', level: 'info', msg }) }, (step) => post({ type: 'step', step }));
  } finally {
    // Closed before the result is reported: then the main thread may open the PGlite directory.
    await database.close();
  }
  post({ type: 'done', result });
}

run().catch((e: Error & { errors?: { file: string; line: number | null; field: string | null; message: string }[] }) => {
  post({ type: 'failed', name: e.name, message: e.message, errors: e.errors?.slice(0, 50), databaseUnavailable: isDatabaseUnavailable(e) || e.name === 'DatabaseUnavailableError' });
});
