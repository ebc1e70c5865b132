/**
 * Backup and restore. PGlite: the data directory as a gzip tarball (PGlite's own dump, taken from
 * the running database). PostgreSQL: `pg_dump --format=custom` and `pg_restore` when the client
 * tools are installed. A restore goes into an EMPTY target only; `pruefsummen` gives every table's
 * row count and a content checksum, so a round trip can be compared exactly.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../shared/db';
import { restorePgliteDataDir } from '../shared/db';
import { ConflictError, ValidationError } from '../shared/errors';

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
    if (!database.dumpDataDir) throw new Error('Diese Datenbank kann kein Abbild erstellen.');
    fs.writeFileSync(opts.datei, await database.dumpDataDir());
  } else {
    if (!database.url) throw new ValidationError('Für PostgreSQL wird die Verbindungsadresse gebraucht.');
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${opts.datei}`, database.url]);
  }
  return { datei: opts.datei, bytes: fs.statSync(opts.datei).size };
}

/** Restores into an empty PGlite directory or an empty PostgreSQL database. */
export async function sicherungEinspielen(opts: { datei: string; dataDir?: string; databaseUrl?: string }): Promise<void> {
  if (!fs.existsSync(opts.datei)) throw new ValidationError(`Die Sicherungsdatei ${opts.datei} gibt es nicht.`);
  if (opts.databaseUrl) {
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${opts.databaseUrl}`, opts.datei]);
    return;
  }
  if (!opts.dataDir) throw new ValidationError('Ziel fehlt: DATA_DIR oder DATABASE_URL.');
  const pgdata = path.join(opts.dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new ConflictError(`Das Zielverzeichnis ${opts.dataDir} ist nicht leer: eine Sicherung wird nur in ein leeres Verzeichnis eingespielt.`);
  }
  await restorePgliteDataDir(opts.dataDir, fs.readFileSync(opts.datei));
}

/** Row count and content checksum of every table (for comparing a restore with its source). */
export async function pruefsummen(database: Database): Promise<Record<string, { zeilen: number; md5: string }>> {
  const tables = await database.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const result: Record<string, { zeilen: number; md5: string }> = {};
  for (const { name } of tables) {
    const [r] = await database.query<{ n: number; md5: string | null }>(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from "${name.replace(/"/g, '""')}" t`,
    );
    result[name] = { zeilen: Number(r.n), md5: r.md5 ?? '' };
  }
  return result;
}
