/**
 * Opens the database: embedded PGlite in a directory by default, a PostgreSQL server when a URL is
 * given. Both run the same drizzle migrations from `migrations/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

// biome-ignore lint/suspicious/noExplicitAny: both drivers share this base type
export type Db = PgDatabase<any, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a raw query and returns its rows (for set-based SQL the query builder cannot express). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** PostgreSQL only: the connection URL (for pg_dump). */
  url?: string;
  /** PGlite only: the whole data directory as a (gzip) tarball, for backups. */
  dumpDataDir?(): Promise<Buffer>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Thrown when a second process tries to open a PGlite directory that is in use. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(dir: string, pid: number) {
    super(
      `Das Datenverzeichnis ${dir} wird bereits von Prozess ${pid} verwendet. ` +
        'Eine eingebettete Datenbank darf nur von einem Prozess geöffnet werden: beenden Sie den anderen Prozess ' +
        'oder setzen Sie DATA_DIR auf ein anderes Verzeichnis (mehrere Instanzen: PostgreSQL über DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes an exclusive lock on a PGlite directory: a lock file created with O_EXCL holding our pid.
 * A lock left by a dead process (after SIGKILL) is taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'digitales-amt.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dir, pid);
      if (pid === process.pid) throw new DataDirLockedError(dir, pid);
      // Stale lock of a process that no longer runs: remove it and try again (O_EXCL decides races).
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Sperrdatei ${lockFile} konnte nicht angelegt werden`);
}

export interface OpenOptions {
  /** PostgreSQL URL; without it PGlite is used. */
  databaseUrl?: string;
  /** PGlite directory; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
  migrate?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPglite(opts.dataDir ?? 'memory://');
  if (opts.migrate !== false) await runMigrations(database);
  return database;
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? dataDir : path.join(dataDir, 'pgdata'), { extensions: { pg_trgm } });
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      const res = await client.query<T>(text, params as unknown[]);
      return res.rows;
    },
    async close() {
      await client.close();
      release();
    },
    async dumpDataDir() {
      const blob = await client.dumpDataDir('gzip');
      return Buffer.from(await blob.arrayBuffer());
    },
  };
}

/** Creates a PGlite data directory from a tarball made by `dumpDataDir` (restore into an empty directory). */
export async function restorePgliteDataDir(dataDir: string, tarball: Buffer): Promise<void> {
  const release = lockDataDir(dataDir);
  try {
    const client = await PGlite.create(path.join(dataDir, 'pgdata'), { loadDataDir: new Blob([new Uint8Array(tarball)]), extensions: { pg_trgm } });
    await client.close();
  } finally {
    release();
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail fast with a clear message instead of on the first request.
  const c = await pool.connect();
  c.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    url,
    async query<T>(text: string, params?: unknown[]) {
      const res = await pool.query(text, params as unknown[]);
      return res.rows as T[];
    },
    async close() {
      await pool.end();
    },
  };
}

/** Applies pending migrations. On PostgreSQL an advisory lock keeps parallel instances in order. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await database.query('create extension if not exists pg_trgm');
    // biome-ignore lint/suspicious/noExplicitAny: driver-specific database type
    await migratePglite(database.db as any, { migrationsFolder });
    return;
  }
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
    await tx.execute(sql`create extension if not exists pg_trgm`);
  });
  const lockClient = database.db as unknown as { $client: pg.Pool };
  const client = await lockClient.$client.connect();
  try {
    await client.query('select pg_advisory_lock(727002)');
    // biome-ignore lint/suspicious/noExplicitAny: driver-specific database type
    await migratePg(drizzlePg(client, { schema }) as any, { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(727002)').catch(() => {});
    client.release();
  }
}
