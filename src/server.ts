/**
 * Starts the platform: opens the database, listens at once (so /healthz can report progress),
 * prepares the data on the first start, then serves.
 *
 * Signals (docs/operations.md):
 * - SIGTERM/SIGINT: stop listening (new connections are refused), finish the requests in flight,
 *   stop the daily timers, close the database, exit 0. After SHUTDOWN_GRACE_MS the process exits 1
 *   regardless (a request that never ends must not keep a deployment waiting).
 * - SIGUSR2: run today's daily jobs now, as if their timers fired (once per day across instances).
 * - SIGKILL / a crash: every change is one transaction, so the restart finds each either done or not.
 */
import { buildApp } from './app';
import type { Readiness } from './health/health.routes';
import { startLinkcheckSchedule } from './linkcheck/linkcheck.job';
import { startPraedikatRecheck } from './praedikat/praedikat.job';
import { startVeranstaltungErinnerung } from './veranstaltungen/veranstaltungen.job';
import { formatCredentials, prepareData } from './setup/setup.service';
import { startAdminSocket } from './cli/admin-socket';
import { signetSchluesselBeimStart } from './signet/signet.service';
import { ConfigError, loadConfig } from './shared/config';
import { ladeGeheimnisse } from './shared/geheimnisse';
import { DataDirLockedError, openDatabase } from './shared/db';
import type { Zeitplan } from './shared/zeitplan';

/** How long a shutdown may wait for requests in flight before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    // Secrets from the environment, else (embedded database) from DATA_DIR, generated at the first start.
    config = ladeGeheimnisse(loadConfig(), (hinweis) => console.error(hinweis));
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
  // The CLI beside the running server (embedded database): commands over DATA_DIR/admin/cli.sock.
  await startAdminSocket(app, readiness);
  let closing = false;
  const zeitplaene: Zeitplan[] = [];
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'Beende: laufende Anfragen werden abgeschlossen, neue Verbindungen abgelehnt');
    const notaus = setTimeout(() => {
      app.log.error(`Beenden dauerte länger als ${SHUTDOWN_GRACE_MS / 1000} s: Prozess wird hart beendet`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    notaus.unref();
    let code = 0;
    for (const z of zeitplaene) z.stop();
    try {
      // Stops listening at once, waits for the requests in flight, closes idle keep-alive
      // connections; then the plugins' onClose hooks (linkcheck abort, mailer).
      await app.close();
    } catch (e) {
      code = 1;
      app.log.error({ err: e }, 'Fehler beim Schließen des Servers');
    }
    try {
      await database.close();
    } catch (e) {
      code = 1;
      console.error(`Die Datenbank konnte nicht sauber geschlossen werden: ${(e as Error).message}`);
    }
    app.log.info(`Beendet (${signal})`);
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGUSR2', () => {
    if (closing || !readiness.ready) {
      app.log.info('SIGUSR2: tägliche Läufe jetzt nicht möglich (Start oder Beenden läuft)');
      return;
    }
    app.log.info('SIGUSR2: tägliche Läufe werden jetzt ausgeführt');
    void Promise.all(zeitplaene.map((z) => z.jetzt())).then((r) => app.log.info(`SIGUSR2: tägliche Läufe beendet (${r.join(', ')})`));
  });

  await app.listen({ port: config.port, host: config.host });
  const log = { info: (msg: string) => app.log.info(msg) };
  try {
    const result = await prepareData(database, config, log, (step) => {
      readiness.step = step;
    });
    await signetSchluesselBeimStart(app.services.signet, app.log);
    readiness.ready = true;
    readiness.step = 'bereit';
    const linkcheck = startLinkcheckSchedule(app);
    if (linkcheck) zeitplaene.push(linkcheck);
    zeitplaene.push(startPraedikatRecheck(app), startVeranstaltungErinnerung(app));
    const credentials = formatCredentials(config.publicBaseUrl, result.newAccounts);
    if (credentials) process.stdout.write(`${credentials}\n`);
    app.log.info(`Digitales Amt ist bereit: ${config.publicBaseUrl} (Datenbank: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
  } catch (e) {
    // A SIGTERM during the first start closes the database under it: the shutdown ends the process.
    if (closing) return;
    const err = e as Error & { errors?: { file: string; line: number; field: string; message: string }[] };
    console.error(`Start abgebrochen: ${err.message}`);
    for (const d of err.errors?.slice(0, 50) ?? []) console.error(`  ${d.file}, Zeile ${d.line}, Feld „${d.field}“: ${d.message}`);
    await app.close();
    await database.close();
    process.exit(1);
  }
}

void main();
