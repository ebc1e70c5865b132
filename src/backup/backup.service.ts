/**
 * Backup and restore. PGlite: the data directory as a gzip tarball (PGlite's own dump, taken by the
 * process that has the database open — the server, when the CLI asks it over the admin socket).
 * PostgreSQL: `pg_dump --format=custom` and `pg_restore` when the client tools are installed.
 * A restore goes into an EMPTY target only and refuses any other with „Ziel ist nicht leer“ — it
 * never overwrites; `pruefsummen` gives every table's row count and a content checksum, so a
 * round trip can be compared exactly.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../shared/db';
import { openDatabase, restorePgliteDataDir } from '../shared/db';
import { ConflictError, ValidationError } from '../shared/errors';
import { tabellen, tabellenPruefsumme, vorhandeneObjekte } from './backup.repository';

const run = (cmd: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', (e) => reject(new Error(`${cmd} konnte nicht gestartet werden (${e.message}). Sind die PostgreSQL-Werkzeuge installiert?`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} endete mit Code ${code}: ${err.trim().slice(0, 2000)}`))));
  });

export async function sicherungErstellen(database: Database, opts: { datei: string }): Promise<{ datei: string; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(opts.datei)), { recursive: true });
  if (database.kind === 'pglite') {
    const dump = database.dumpDataDir?.bind(database);
    if (!dump) throw new Error('Diese Datenbank kann kein Abbild erstellen.');
    // PGlite copies its files between two statements, possibly in the middle of another caller's
    // transaction. Holding a transaction of our own keeps every other one out while it copies, so
    // the image holds only complete transactions.
    const bild = await database.db.transaction(async () => dump());
    fs.writeFileSync(opts.datei, bild, { mode: 0o600 });
  } else {
    if (!database.url) throw new ValidationError('Für PostgreSQL wird die Verbindungsadresse gebraucht.');
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${opts.datei}`, database.url]);
  }
  // A backup holds password hashes and personal data: readable by the owner only.
  fs.chmodSync(opts.datei, 0o600);
  return { datei: opts.datei, bytes: fs.statSync(opts.datei).size };
}

/** Restores into an empty PGlite directory or an empty PostgreSQL database. */
export async function sicherungEinspielen(opts: { datei: string; dataDir?: string; databaseUrl?: string }): Promise<void> {
  if (!fs.existsSync(opts.datei)) throw new ValidationError(`Die Sicherungsdatei ${opts.datei} gibt es nicht.`);
  if (opts.databaseUrl) {
    const ziel = await openDatabase({ databaseUrl: opts.databaseUrl, poolSize: 1, migrate: false });
    let vorhanden: string[];
    try {
      vorhanden = await vorhandeneObjekte(ziel);
    } finally {
      await ziel.close();
    }
    if (vorhanden.length > 0) {
      throw new ConflictError(
        `Ziel ist nicht leer: die Datenbank enthält bereits ${vorhanden.join(', ')}${vorhanden.length === 5 ? ' …' : ''}. ` +
          'Eine Sicherung wird nur in eine leere Datenbank eingespielt, nie über vorhandene Daten (Ersetzen: docs/operations.md, „Sicherung einspielen“).',
        [],
        'ZIEL_NICHT_LEER',
      );
    }
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${opts.databaseUrl}`, opts.datei]);
    return;
  }
  if (!opts.dataDir) throw new ValidationError('Ziel fehlt: DATA_DIR oder DATABASE_URL.');
  const pgdata = path.join(opts.dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new ConflictError(
      `Ziel ist nicht leer: ${opts.dataDir} enthält bereits eine Datenbank. ` +
        'Eine Sicherung wird nur in ein leeres Datenverzeichnis eingespielt, nie über vorhandene Daten (Ersetzen: docs/operations.md, „Sicherung einspielen“).',
      [],
      'ZIEL_NICHT_LEER',
    );
  }
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  await restorePgliteDataDir(opts.dataDir, fs.readFileSync(opts.datei));
}

/** Row count and content checksum of every table (for comparing a restore with its source). */
export async function pruefsummen(database: Database): Promise<Record<string, { zeilen: number; md5: string }>> {
  const result: Record<string, { zeilen: number; md5: string }> = {};
  for (const name of await tabellen(database)) result[name] = await tabellenPruefsumme(database, name);
  return result;
}
