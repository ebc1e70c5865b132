/**
 * Admin command line: `npm run cli -- <command> [options]` (commands.ts; without arguments: help).
 *
 * Where a command runs (ADR 0019): when a server has the embedded database open, the command goes
 * over that server's admin socket and runs inside it, with the same services. Otherwise — with
 * PostgreSQL, or when no server runs — the CLI opens the database itself. The application is loaded
 * only in that second case, so a command sent to a server starts quickly.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../shared/config';
import { EXIT } from '../shared/exit-codes';
import { AdminSocketNichtErreichbarError, adminSocketPfad, sendeAnServer } from './admin-client';

/** Who runs the command, for the audit trail. */
function benutzer(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (containers running under an arbitrary uid).
    return 'unbekannt';
  }
}

const HILFE = ['help', '--help', '-h'];

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || HILFE.includes(command)) {
    console.log((await import('./commands')).HELP);
    return 0;
  }
  // Only the migrations (before several instances start): no secrets, no server needed.
  if (command === 'migrate') return (await import('./migrate.command')).runMigrateCommand(loadConfig(process.env, process.cwd(), { ohneGeheimnisse: true }));
  const umgebung = loadConfig();
  if (command === 'backup' && sub === 'einspielen') return einspielen(umgebung, rest);
  // A server on the embedded database listens on its admin socket: let it run the command.
  if (!umgebung.databaseUrl && fs.existsSync(adminSocketPfad(umgebung.dataDir))) {
    try {
      return await sendeAnServer(umgebung.dataDir, argv, benutzer(), process);
    } catch (e) {
      // A socket file left by a server that was killed: nobody listens, open the database here.
      if (!(e instanceof AdminSocketNichtErreichbarError)) throw e;
    }
  }
  const [{ ladeGeheimnisse }, { DataDirLockedError, DatabaseUnavailableError, openDatabase }] = await Promise.all([
    import('../shared/geheimnisse'),
    import('../shared/db'),
  ]);
  const config = ladeGeheimnisse(umgebung, (t) => console.error(t));
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    });
  } catch (e) {
    if (e instanceof DatabaseUnavailableError) {
      console.error(e.message);
      return EXIT.database;
    }
    if (!(e instanceof DataDirLockedError)) {
      console.error(`Die Datenbank konnte nicht geöffnet werden: ${(e as Error).message}`);
      return EXIT.database;
    }
    // A server started meanwhile and may be listening by now.
    try {
      return await sendeAnServer(config.dataDir, argv, benutzer(), process);
    } catch (e2) {
      if (!(e2 instanceof AdminSocketNichtErreichbarError)) throw e2;
      console.error(e.message);
      console.error(`${e2.message} Der Prozess nimmt keine Befehle an (ein anderer Kommandozeilenbefehl oder ein Server, der noch startet): später erneut versuchen.`);
      return EXIT.database;
    }
  }
  const [{ createServices }, { runCommand }] = await Promise.all([import('../services/services'), import('./commands')]);
  const services = createServices({ config, database });
  try {
    return await runCommand(argv, { config, database, services, out: console, io: process, actor: { label: `cli:${benutzer()}` } });
  } finally {
    services.mailer.close();
    await database.close();
  }
}

/** Restores into an empty target; never through a server (its database is not empty). */
async function einspielen(umgebung: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { datei: { type: 'string' } } });
  if (!values.datei) {
    console.error('Fehlend: --datei');
    return 2;
  }
  const [{ sicherungEinspielen }, { GEHEIMNIS_DATEI }] = await Promise.all([import('../backup/backup.service'), import('../shared/geheimnisse')]);
  await sicherungEinspielen({ datei: values.datei, dataDir: umgebung.databaseUrl ? undefined : umgebung.dataDir, databaseUrl: umgebung.databaseUrl });
  console.log(`Sicherung ${values.datei} eingespielt in ${umgebung.databaseUrl ? 'die PostgreSQL-Datenbank' : umgebung.dataDir}.`);
  console.log(
    umgebung.databaseUrl
      ? 'Starten Sie mit denselben SESSION_SECRET und SIGNET_KEK wie die Quelle (ohne SIGNET_KEK sind die Signaturschlüssel nicht lesbar).'
      : `Vor dem Start die Geheimnisse der Quelle übernehmen: deren ${GEHEIMNIS_DATEI} nach ${umgebung.dataDir} kopieren (chmod 600) ` +
          'oder SESSION_SECRET und SIGNET_KEK setzen – sonst sind die Signaturschlüssel nicht lesbar (dann: signet rotate-key).',
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (e) => {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(EXIT.config);
    }
    const { fehlerText } = await import('./commands');
    for (const z of fehlerText(e).zeilen) console.error(z);
    process.exit(fehlerText(e).code);
  },
);
