/**
 * `npm run cli -- migrate`: applies the pending database migrations and nothing else — the step
 * to run once before several instances start on a new or updated database (an init container, a
 * deployment job). Waits for PostgreSQL like the server does (DATABASE_CONNECT_TIMEOUT_SECONDS).
 *
 * Exit codes (docs/operations.md): 0 applied or already up to date, 3 no database, 5 a migration failed.
 */
import type { Config } from '../shared/config';
import { countAppliedMigrations, countMigrationFiles, DatabaseUnavailableError, DataDirLockedError, type Database, openDatabase, runMigrations } from '../shared/db';
import { EXIT } from '../shared/exit-codes';

export interface MigrateIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function runMigrateCommand(config: Config, io: MigrateIo = process): Promise<number> {
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
      migrate: false,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      onConnectRetry: (attempt, err, waitMs) =>
        io.stderr.write(`Datenbank nicht erreichbar (Versuch ${attempt}: ${err.message}); nächster Versuch in ${(waitMs / 1000).toFixed(1)} s\n`),
    });
  } catch (e) {
    if (e instanceof DataDirLockedError || e instanceof DatabaseUnavailableError) {
      io.stderr.write(`${e.message}\n`);
      return EXIT.database;
    }
    throw e;
  }
  try {
    const before = await countAppliedMigrations(database);
    const started = Date.now();
    await runMigrations(database);
    const after = await countAppliedMigrations(database);
    const total = countMigrationFiles();
    if (after === before) io.stdout.write(`Die Datenbank ist auf dem neuesten Stand (${after} von ${total} Migrationen angewendet).\n`);
    else io.stdout.write(`${after - before} Migrationen angewendet in ${((Date.now() - started) / 1000).toFixed(1)} s; jetzt ${after} von ${total}.\n`);
    return EXIT.ok;
  } catch (e) {
    io.stderr.write(`Migration fehlgeschlagen: ${(e as Error).message}\n`);
    return EXIT.preparation;
  } finally {
    await database.close();
  }
}
