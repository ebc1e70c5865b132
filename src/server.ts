/**
 * Starts the platform: opens the database, listens at once (so /healthz can report progress),
 * prepares the data on the first start, then serves. SIGTERM/SIGINT finish in-flight requests.
 */
import { buildApp } from './app';
import type { Readiness } from './health/health.routes';
import { startLinkcheckSchedule } from './linkcheck/linkcheck.job';
import { startPraedikatRecheck } from './praedikat/praedikat.job';
import { startVeranstaltungErinnerung } from './veranstaltungen/veranstaltungen.job';
import { formatCredentials, prepareData } from './setup/setup.service';
import { ConfigError, loadConfig } from './shared/config';
import { DataDirLockedError, openDatabase } from './shared/db';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }

  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(e.message);
      process.exit(3);
    }
    console.error(`Die Datenbank konnte nicht geöffnet werden: ${(e as Error).message}`);
    process.exit(3);
  }

  const readiness: Readiness = { ready: false, step: 'Start' };
  const app = await buildApp({ config, database, readiness });
  let closing = false;
  let recheck: { stop(): void } | undefined;
  let erinnerung: { stop(): void } | undefined;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'Beende: laufende Anfragen werden abgeschlossen');
    recheck?.stop();
    erinnerung?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const log = { info: (msg: string) => app.log.info(msg) };
  try {
    const result = await prepareData(database, config, log, (step) => {
      readiness.step = step;
    });
    readiness.ready = true;
    readiness.step = 'bereit';
    startLinkcheckSchedule(app);
    recheck = startPraedikatRecheck(app);
    erinnerung = startVeranstaltungErinnerung(app);
    const credentials = formatCredentials(config.publicBaseUrl, result.newAccounts);
    if (credentials) process.stdout.write(`${credentials}\n`);
    app.log.info(`Digitales Amt ist bereit: ${config.publicBaseUrl} (Datenbank: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
  } catch (e) {
    const err = e as Error & { errors?: { file: string; line: number; field: string; message: string }[] };
    console.error(`Start abgebrochen: ${err.message}`);
    for (const d of err.errors?.slice(0, 50) ?? []) console.error(`  ${d.file}, Zeile ${d.line}, Feld „${d.field}“: ${d.message}`);
    await app.close();
    await database.close();
    process.exit(1);
  }
}

void main();
