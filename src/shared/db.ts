/**
 * Opens the database: embedded PGlite in a directory by default, a PostgreSQL server when a URL is
 * given. Both run the same drizzle migrations from `migrations/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both drivers share this base type
export type Db = PgDatabase<any, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a raw query and returns its rows (for set-based SQL the query builder cannot express). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` while holding the session-level advisory lock `key`: on PostgreSQL across every
   * instance on the database (`onWait` is called once when another holder makes us wait); on
   * PGlite, where one process owns the database, `fn` simply runs.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>, onWait?: () => void): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL only: the connection URL (for pg_dump). */
  url?: string;
  /** PGlite only: the whole data directory as a (gzip) tarball, for backups. */
  dumpDataDir?(): Promise<Buffer>;
  /**
   * PGlite only, for background work between two of its queries (the preparation of the Behörde
   * pages, portal/portal.vorbereitung.ts): resolves once no query is queued or running and — while
   * `beschaeftigt()` says requests are in flight — none has been issued for a few milliseconds. PGlite
   * answers one query at a time for the whole process, in the order they were issued, so a
   * request's query waits for every query queued before it; background work that issues its queries
   * one at a time through this lets requests come first and holds a request up by at most one query.
   * A request in flight that issues no query (it may be waiting for what the background loads) holds
   * it back no longer than those milliseconds. PostgreSQL answers on several connections at once:
   * no such wait.
   */
  nachVorrang?(this: void, beschaeftigt: () => boolean): Promise<void>;
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
  /**
   * PGlite: the caller already holds the directory lock (server.ts takes it before its start-up
   * worker thread opens the directory, and keeps it); the database neither takes nor releases it.
   */
  lockHeld?: boolean;
  /** PostgreSQL: how long to keep trying to reach the server at open (see `waitForPostgres`); default one attempt. */
  connectTimeoutMs?: number;
  /** PostgreSQL: called before each further connection attempt at open. */
  onConnectRetry?: (attempt: number, error: Error, waitMs: number) => void;
  /**
   * PostgreSQL: called when an established connection breaks (server restart, failover,
   * `pg_terminate_backend`). The pool drops that connection and opens a new one when needed;
   * without a listener such an error would end the process. Default: one line on stderr.
   */
  onConnectionError?: (error: Error) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts) : await openPglite(opts.dataDir ?? 'memory://', opts.lockHeld ?? false);
  if (opts.migrate !== false) {
    try {
      await runMigrations(database);
    } catch (e) {
      await database.close().catch(() => {});
      throw e;
    }
  }
  return database;
}

/** How long requests in flight hold background work back while they issue no query (see `nachVorrang`). */
const ANFRAGE_RUHE_MS = 5;

/**
 * Counts the PGlite client's queries that are queued or running, and when one was last issued or
 * answered, for `nachVorrang`. (No async context is tracked: that would slow down every request.)
 */
function mitVorrang(client: PGlite): (beschaeftigt: () => boolean) => Promise<void> {
  const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
  let offen = 0;
  let zuletzt = 0;
  (client as unknown as { query: (...a: unknown[]) => Promise<unknown> }).query = async (...a: unknown[]) => {
    offen++;
    zuletzt = performance.now();
    try {
      return await query(...a);
    } finally {
      offen--;
      zuletzt = performance.now();
    }
  };
  return async (beschaeftigt) => {
    // First one turn of the event loop: PGlite answers within the process, so back-to-back queries
    // would never let a newly arrived request in. Then timers, not microtasks: a request's next
    // query, issued in the same turn as the answer to its previous one, comes first.
    await new Promise<void>((r) => setImmediate(r));
    while (offen > 0 || (beschaeftigt() && performance.now() - zuletzt < ANFRAGE_RUHE_MS)) await new Promise<void>((r) => setTimeout(r, 1));
  };
}

async function openPglite(dataDir: string, lockHeld: boolean): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory || lockHeld ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? dataDir : path.join(dataDir, 'pgdata'), { extensions: { pg_trgm } });
  } catch (e) {
    release();
    throw e;
  }
  const nachVorrang = mitVorrang(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    nachVorrang,
    async query<T>(text: string, params?: unknown[]) {
      const res = await client.query<T>(text, params as unknown[]);
      return res.rows;
    },
    withAdvisoryLock: (_key, fn) => fn(),
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

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Error codes that mean "the database server is not there right now" (as opposed to a refused
 * login or a missing database, which waiting does not fix): network errors, and PostgreSQL's
 * admin_shutdown / crash_shutdown / cannot_connect_now and connection_exception classes.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether an error (or any error in its `cause` chain) says the database server is unreachable or restarting. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** Thrown when PostgreSQL cannot be reached at start (after waiting) or refuses the connection. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

const describeError = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  const message = err.message || (e instanceof AggregateError ? e.errors.map((x: Error) => x.message).join('; ') : String(e));
  return err.code && !message.includes(err.code) ? `${err.code}: ${message}` : message;
};

/**
 * Connects once to PostgreSQL and disconnects, trying again with growing pauses (0.25 s, doubling
 * up to 5 s) while the server is unavailable (not started yet, restarting, name not resolvable
 * yet), for at most `timeoutMs`. A refused login or an unknown database fails at once.
 */
export async function waitForPostgres(url: string, timeoutMs: number, onRetry?: (attempt: number, error: Error, waitMs: number) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: Math.min(10_000, Math.max(1000, timeoutMs || 10_000)) });
    client.on('error', () => {}); // errors arrive through connect()
    try {
      await client.connect();
      await client.end();
      return;
    } catch (e) {
      await client.end().catch(() => {});
      const where = redactDatabaseUrl(url);
      if (!isDatabaseUnavailable(e)) {
        throw new DatabaseUnavailableError(`Die Datenbank ${where} lehnt die Verbindung ab: ${describeError(e)}`, { cause: e });
      }
      const waitMs = Math.min(5000, 250 * 2 ** (attempt - 1));
      if (Date.now() + waitMs > deadline) {
        const seconds = Math.round(timeoutMs / 1000);
        throw new DatabaseUnavailableError(
          `Die Datenbank ${where} ist nicht erreichbar (${attempt} Versuche in ${seconds} s, DATABASE_CONNECT_TIMEOUT_SECONDS): ${describeError(e)}`,
          { cause: e },
        );
      }
      onRetry?.(attempt, e as Error, waitMs);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  await waitForPostgres(url, opts.connectTimeoutMs ?? 0, opts.onConnectRetry);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000, keepAlive: true });
  const onConnectionError =
    opts.onConnectionError ?? ((e: Error) => process.stderr.write(`Datenbankverbindung unterbrochen (wird ersetzt): ${describeError(e)}\n`));
  // pg reports a broken connection as an 'error' event, on the pool for an idle connection and on
  // the client for one that is checked out (a transaction, a lock holder). Unhandled, either ends
  // the process — so every client gets a listener, and the pool one that stays quiet (the client's
  // listener has already reported the same error). The pool then removes the broken client.
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    url,
    async query<T>(text: string, params?: unknown[]) {
      const res = await pool.query(text, params as unknown[]);
      return res.rows as T[];
    },
    async withAdvisoryLock(key, fn, onWait) {
      const client = await pool.connect();
      try {
        const [{ locked }] = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key])).rows;
        if (!locked) {
          onWait?.();
          await client.query('select pg_advisory_lock($1)', [key]);
        }
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Asks the database the simplest question (`select 1`); throws when it does not answer. */
export async function pingDatabase(database: Database): Promise<void> {
  await database.query('select 1');
}

/** How many migrations the database has applied (0 for an empty database). */
export async function countAppliedMigrations(database: Database): Promise<number> {
  const [{ present }] = await database.query<{ present: boolean }>("select to_regclass('drizzle.__drizzle_migrations') is not null as present");
  if (!present) return 0;
  const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  return Number(n);
}

/** How many migrations `migrations/` holds (drizzle-kit's journal). */
export function countMigrationFiles(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Applies pending migrations. On PostgreSQL an advisory lock keeps parallel instances in order. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await database.query('create extension if not exists pg_trgm');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- driver-specific database type
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- driver-specific database type
    await migratePg(drizzlePg(client, { schema }) as any, { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(727002)').catch(() => {});
    client.release();
  }
}

/* ------------------------------------------------------------ bulk rows as one parameter */

/**
 * Many rows for one set-based statement, bound as ONE text parameter.
 *
 * The usual way — one array parameter per column, `unnest($1::uuid[], $2::text[], …)` — spends
 * most of a bulk write on the arrays: the driver writes every value as an array literal with
 * quotes and escapes, the server parses each element again. On the embedded database that cost
 * 0.8–0.9 s for five columns of 100,000 rows, more than inserting them (docs/performance.md „Bulk
 * work“). Here the rows travel as one string: fields separated by U+001F (unit separator), rows
 * by U+001E (record separator), NULL as a field holding only U+001D; the server splits it with
 * `string_to_table` and `split_part` (0.45 s for the same rows, PostgreSQL 14 and later).
 *
 * The three separators are control characters no checked input contains (uploads refuse control
 * characters, shared/steuerzeichen.ts). Should a value contain one all the same, the rows are
 * bound as arrays as before: the result is the same table either way.
 */

/** SQL types a column may have (each value is cast from its text form). */
export type MassenTyp = 'text' | 'uuid' | 'int' | 'bool' | 'timestamptz';
export type MassenWert = string | number | boolean | null | undefined;

const FELD = '\u001f';
const ZEILE = '\u001e';
const NULL = '\u001d';
const TRENNER = /[\u001e\u001f]/;

/** The rows as one text, or undefined when a value cannot travel in it (holds a separator, or is the NULL mark). */
function alsEinText(zeilen: readonly (readonly MassenWert[])[]): string | undefined {
  let text = '';
  for (let r = 0; r < zeilen.length; r++) {
    const z = zeilen[r];
    if (r > 0) text += ZEILE;
    for (let i = 0; i < z.length; i++) {
      const w = z[i];
      if (i > 0) text += FELD;
      if (w === null || w === undefined) text += NULL;
      else if (typeof w === 'string') {
        if (w === NULL || TRENNER.test(w)) return undefined;
        text += w;
      } else text += typeof w === 'boolean' ? (w ? 't' : 'f') : String(w);
    }
  }
  return text;
}

/**
 * A subquery with one row per entry of `zeilen` and the columns of `spalten` (name and type), in
 * that order: use it as `from ${massenZeilen(…)} as t`. Every entry of `zeilen` holds one value
 * per column.
 */
export function massenZeilen(spalten: readonly (readonly [name: string, typ: MassenTyp])[], zeilen: readonly (readonly MassenWert[])[]): SQL {
  const namen = sql.raw(spalten.map(([n]) => `"${n}"`).join(', '));
  if (zeilen.length === 0) {
    return sql`(select ${sql.raw(spalten.map(([n, t]) => `null::${t} as "${n}"`).join(', '))} where false)`;
  }
  const text = alsEinText(zeilen);
  // A single row of a single empty text would be the empty string, which string_to_table reads as no rows.
  if (text === undefined || text === '') {
    const arrays = spalten.map(([, t], i) => sql`${sql.param(zeilen.map((z) => z[i] ?? null))}::${sql.raw(t)}[]`);
    return sql`(select * from unnest(${sql.join(arrays, sql`, `)}) as u(${namen}))`;
  }
  const felder = spalten.map(([n, t], i) => sql.raw(`nullif(split_part(z, E'\\x1f', ${i + 1}), E'\\x1d')::${t} as "${n}"`));
  return sql`(select ${sql.join(felder, sql`, `)} from string_to_table(${text}::text, E'\\x1e') as z)`;
}

/**
 * Embedded database (PGlite) only: writes rows in binary COPY format (shared/copy-binaer.ts) into
 * `tabelle` (its `spalten`, in the rows' order) with `COPY … FROM` an in-memory file, inside the
 * transaction `db` belongs to. For 100,000 rows it takes about half the time of an
 * `insert … select` from the rows as one text (no value parsed from text, no interim table of the
 * rows; docs/performance.md „Bulk work“). Row triggers fire as for an insert — a bulk write that
 * has switched them off checks its keys itself. `tabelle` and `spalten` are names from the code,
 * never input.
 */
export async function kopiereDaten(db: Db, tabelle: string, spalten: readonly string[], daten: Buffer): Promise<void> {
  const client = (db as unknown as { session?: { client?: PgliteAbfrage } }).session?.client;
  // PGlite's client and transaction have `exec`; node-postgres' pool and client do not.
  if (!client || typeof client.query !== 'function' || !('exec' in client)) throw new Error('kopiereDaten needs the embedded database (PGlite)');
  const namen = spalten.map((n) => `"${n}"`).join(', ');
  await client.query(`copy ${tabelle} (${namen}) from '/dev/blob' with (format binary)`, [], { blob: new Blob([daten as Uint8Array<ArrayBuffer>]) });
}

interface PgliteAbfrage {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
  exec: unknown;
}
