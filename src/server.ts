/**
 * Starts the platform (docs/architecture.md „Start-up“, docs/operations.md, ADR 0015):
 *
 * 1. configuration: every variable and the official data folder checked, all problems at once (exit 2);
 * 2. listen at once: `/livez` 200 from now on, `/healthz` 503 with the current step (exit 4 when the
 *    port is taken) — answered also by a helper process sharing the socket, for the moments this
 *    thread is blocked;
 * 3. the database: PGlite directory lock (exit 3 when another process has it) or PostgreSQL,
 *    retried with backoff for DATABASE_CONNECT_TIMEOUT_SECONDS (exit 3 after that);
 * 4. migrations and the data preparation (first-start import, demo data, counts, first accounts)
 *    in a worker thread, so this thread keeps answering the probes (exit 5 when it fails);
 * 5. the app takes over the listening server; `/healthz` 200. New accounts' one-time passwords go
 *    to stderr: stdout carries only JSON log lines.
 *
 * Signals:
 * - SIGTERM/SIGINT: stop listening (new connections are refused), finish the requests in flight,
 *   stop the daily timers, close the database, exit 0 — also during the start. After
 *   SHUTDOWN_GRACE_MS the process exits 1 regardless (a request that never ends must not keep a
 *   deployment waiting).
 * - SIGUSR2: run today's daily jobs now, as if their timers fired (once per day across instances).
 * - SIGKILL / a crash: every change is one transaction, so the restart finds each either done or not.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app';
import { behoerdeSeitenDaten } from './behoerden/behoerden.routes';
import { officialDataProblems } from './gebiete/gebiete.import';
import type { Readiness } from './health/health.routes';
import { createStartServer, ListenError } from './health/start-server';
import { startLinkcheckSchedule } from './linkcheck/linkcheck.job';
import { starteBehoerdenVorbereitung, type Vorbereitung, vorwaermen } from './portal/portal.vorbereitung';
import { startPraedikatRecheck } from './praedikat/praedikat.job';
import { formatCredentials } from './setup/setup.service';
import { type PreparationRun, prepareInWorker, SetupFailedError } from './setup/setup.thread';
import { type Config, ConfigError, loadConfig } from './shared/config';
import { type Database, DatabaseUnavailableError, DataDirLockedError, lockDataDir, openDatabase, waitForPostgres } from './shared/db';
import { EXIT } from './shared/exit-codes';
import { startAdminSocket } from './cli/admin-socket';
import { signetSchluesselBeimStart } from './signet/signet.service';
import { ladeGeheimnisse } from './shared/geheimnisse';
import type { Zeitplan } from './shared/zeitplan';
import { startVeranstaltungErinnerung } from './veranstaltungen/veranstaltungen.job';

/** How long a shutdown may wait for requests in flight before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

/** Ends the start with one message on stderr (no stack: the message says what to do). */
function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main() {
  let config: Config;
  try {
    config = loadConfig(process.env, process.cwd(), { officialDataDir: officialDataProblems, dataDir: true });
  } catch (e) {
    if (e instanceof ConfigError) fail(EXIT.config, e.message);
    throw e;
  }

  // The app's logger exists only once the app does; until then one with the same settings.
  const startLog = pino({ level: config.logLevel });
  let app: FastifyInstance | undefined;
  const log = () => app?.log ?? startLog;
  process.on('uncaughtException', (err) => {
    log().fatal({ err }, 'Unerwarteter Fehler: Prozess wird beendet');
    process.exit(EXIT.error);
  });
  process.on('unhandledRejection', (err) => {
    log().fatal({ err }, 'Unerwarteter Fehler: Prozess wird beendet');
    process.exit(EXIT.error);
  });

  try {
    // Secrets from the environment, else (embedded database) from DATA_DIR, generated at the first
    // start; the notes about it are log lines (stdout carries JSON only).
    config = ladeGeheimnisse(config, (hinweis) => startLog.warn(hinweis));
    // Open data, feeds and the embed code carry absolute addresses: say so when they would name localhost.
    if (config.env === 'production' && !process.env.PUBLIC_BASE_URL) {
      startLog.warn(`PUBLIC_BASE_URL ist nicht gesetzt: absolute Adressen (Open Data, Feeds, Einbettungscode) beginnen mit ${config.publicBaseUrl}`);
    }
  } catch (e) {
    if (e instanceof ConfigError) fail(EXIT.config, e.message);
    throw e;
  }

  const engine = config.databaseUrl ? 'postgres' : 'pglite';
  const readiness: Readiness = { ready: false, step: 'Start' };
  const http = createStartServer(readiness, engine);
  try {
    await http.listen(config.port, config.host);
  } catch (e) {
    if (e instanceof ListenError) fail(EXIT.listen, e.message);
    throw e;
  }
  // A helper process shares the socket and answers probes while this thread is busy (reopening
  // PGlite, building the app); it ends when the app has taken over.
  void http.startHelper();
  startLog.info(`Lauscht auf ${config.host}:${config.port}; /livez antwortet, /healthz meldet den Start (${engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);

  let stopping = false;
  let preparation: PreparationRun | undefined;
  let database: Database | undefined;
  let releaseLock: (() => void) | undefined;
  const zeitplaene: Zeitplan[] = [];
  let vorbereitung: Vorbereitung | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, 'Beende: laufende Anfragen werden abgeschlossen, neue Verbindungen abgelehnt');
    const notaus = setTimeout(() => {
      log().error(`Beenden dauerte länger als ${SHUTDOWN_GRACE_MS / 1000} s: Prozess wird hart beendet`);
      process.exit(EXIT.error);
    }, SHUTDOWN_GRACE_MS);
    notaus.unref();
    let code: number = EXIT.ok;
    for (const z of zeitplaene) z.stop();
    vorbereitung?.stoppen();
    await http.stopHelper();
    if (app) {
      try {
        // Stops listening at once, waits for the requests in flight, closes idle keep-alive
        // connections; then the plugins' onClose hooks (linkcheck abort, mailer).
        await app.close();
      } catch (e) {
        code = EXIT.error;
        log().error({ err: e }, 'Fehler beim Schließen des Servers');
      }
    }
    // During the start the start server still has the port (a no-op once the app closed it).
    await http.close();
    // A preparation still running is ended; each of its writes is one transaction.
    await preparation?.terminate().catch(() => {});
    try {
      await database?.close();
    } catch (e) {
      code = EXIT.error;
      log().error(`Die Datenbank konnte nicht sauber geschlossen werden: ${(e as Error).message}`);
    }
    releaseLock?.();
    log().info(`Beendet (${signal})`);
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGUSR2', () => {
    if (stopping || !readiness.ready || !app) {
      log().info('SIGUSR2: tägliche Läufe jetzt nicht möglich (Start oder Beenden läuft)');
      return;
    }
    log().info('SIGUSR2: tägliche Läufe werden jetzt ausgeführt');
    void Promise.all(zeitplaene.map((z) => z.jetzt())).then((r) => log().info(`SIGUSR2: tägliche Läufe beendet (${r.join(', ')})`));
  });

  try {
    // The database: the PGlite directory belongs to this process (and its worker thread) from
    // here on; PostgreSQL may still be starting (compose, failover) and is waited for.
    if (config.databaseUrl) {
      readiness.step = 'Verbindung zur Datenbank wird aufgebaut';
      await waitForPostgres(config.databaseUrl, config.databaseConnectTimeoutMs, (attempt, err, waitMs) => {
        readiness.step = `Warte auf die Datenbank (Versuch ${attempt}: ${err.message})`;
        log().warn(`Datenbank nicht erreichbar (Versuch ${attempt}: ${err.message}); nächster Versuch in ${(waitMs / 1000).toFixed(1)} s`);
      });
    } else {
      releaseLock = lockDataDir(config.dataDir);
    }
    if (stopping) return;

    preparation = prepareInWorker(config, {
      step: (step) => {
        readiness.step = step;
      },
      log: (level, msg) => log()[level](msg),
    });
    const result = await preparation.result;
    preparation = undefined;
    if (stopping) return;

    readiness.step = 'Server wird vorbereitet';
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      migrate: false,
      lockHeld: true,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      onConnectionError: (e) => log().warn(`Datenbankverbindung unterbrochen (wird ersetzt): ${e.message}`),
    });
    if (stopping) return;
    app = await buildApp({ config, database, readiness, serverFactory: http.serverFactory });
    // The CLI beside the running server (embedded database): commands over DATA_DIR/admin/cli.sock.
    await startAdminSocket(app, readiness);
    await signetSchluesselBeimStart(app.services.signet, app.log);
    readiness.ready = true;
    if (config.behoerdenVorbereitung) {
      // Still behind the start server: the app answers only these requests of its own.
      readiness.step = 'Behördenseiten werden vorbereitet';
      const t0 = performance.now();
      const n = await vorwaermen(app);
      app.log.info(`Behördenseiten beim Start vorbereitet: ${n} (eine je Vergleichsgruppe) in ${Math.round(performance.now() - t0)} ms`);
    }
    readiness.step = 'bereit';
    // Hands the listening server over to the app (see health/start-server.ts).
    await app.listen({ port: config.port, host: config.host });
    await http.stopHelper();
    if (stopping) return;

    const linkcheck = startLinkcheckSchedule(app);
    if (linkcheck) zeitplaene.push(linkcheck);
    zeitplaene.push(startPraedikatRecheck(app), startVeranstaltungErinnerung(app));
    // Behörde pages' data of the current stand kept in memory, prepared while the server is idle.
    const fertig = app;
    if (config.behoerdenVorbereitung) vorbereitung = starteBehoerdenVorbereitung(fertig, (ars, stand, vorrang) => behoerdeSeitenDaten(fertig, ars, stand, vorrang));
    const credentials = formatCredentials(config.publicBaseUrl, result.newAccounts);
    if (credentials) {
      process.stderr.write(`${credentials}\n`);
      app.log.info(`Zugangsdaten für ${result.newAccounts.length} neue Konten wurden einmalig auf stderr ausgegeben`);
    }
    app.log.info(`Digitales Amt ist bereit: ${config.publicBaseUrl} (Datenbank: ${engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
  } catch (e) {
    // A stop during the start ends the process in `shutdown`.
    if (stopping) return;
    if (e instanceof DataDirLockedError || e instanceof DatabaseUnavailableError) fail(EXIT.database, e.message);
    if (e instanceof SetupFailedError) {
      const lines = [`Start abgebrochen: ${e.message}`];
      for (const d of e.report.errors ?? []) {
        lines.push(`  ${d.file}${d.line != null ? `, Zeile ${d.line}` : ''}${d.field ? `, Feld „${d.field}“` : ''}: ${d.message}`);
      }
      fail(e.report.databaseUnavailable ? EXIT.database : EXIT.preparation, lines.join('\n'));
    }
    throw e;
  }
}

void main();
