/**
 * Harness for the fault tests (docs/testing.md, docs/operations.md): the REAL server
 * (`node dist/server.js`, what `npm start` runs; built first if stale) as a child process that a test can
 * kill with SIGKILL or stop with SIGTERM, on a data directory (PGlite) or database (PostgreSQL,
 * TEST_DATABASE_URL) that outlives it, so that a restart opens the same data.
 *
 * - `startServerProcess({ data })` starts it and (by default) waits until `GET /healthz` is 200.
 * - `preparedData()` is a database with the official data imported and the first start done
 *   (built once per test file by a real first start); `copyOf()` gives a test its own copy.
 * - `openData(data)` opens such a database in the test process to prepare or inspect rows; close
 *   it before a server uses it (a PGlite directory belongs to one process).
 * - `HttpSession` is a cookie jar over fetch that logs in like a browser and calls the API with
 *   the CSRF header.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/shared/db';
import { ensureBuilt, SERVER_ENTRY } from '../support/build';
import { createPostgresDatabase, testEngine } from '../support/db';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(repoRoot, 'test-results');

export const ADMIN_EMAIL = 'admin@faults.example';
export const ADMIN_PASSWORD = 'Fehler-Test-Passwort-2026!';
/** PostgreSQL takes its secrets from the environment (every instance the same): random per test process. */
export const POSTGRES_SECRETS = { SESSION_SECRET: crypto.randomBytes(48).toString('base64url'), SIGNET_KEK: crypto.randomBytes(48).toString('base64url') };

/** Where a server keeps its data: a PGlite directory or a PostgreSQL database. */
export type Data = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; name: string };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a value other than undefined/false. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for: ${what}`);
    await sleep(everyMs);
  }
}

export interface ServerProcess {
  baseUrl: string;
  port: number;
  pid: number;
  logFile: string;
  data: Data;
  /** The server's stdout and stderr so far. */
  log(): string;
  /** Only stdout (JSON log lines) / only stderr. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** Sends a signal to the server process (and its group). */
  signal(sig: NodeJS.Signals): void;
  /** Sends a signal to the started process only (`pid`), as a supervisor does. */
  signalPid(sig: NodeJS.Signals): void;
  /** SIGKILL and wait for the end. */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after 20 s) and wait; returns the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  waitReady(timeoutMs?: number): Promise<void>;
}

const running = new Set<ServerProcess>();
// A test process that ends without stopping its servers (crash, timeout) takes them along.
process.once('exit', () => {
  for (const s of running) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

export interface StartOptions {
  data: Data;
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  /** Wait until /healthz answers 200 (default true). */
  waitReady?: boolean;
  timeoutMs?: number;
  /** Name in the log file (default: the port). */
  label?: string;
  /**
   * How it is started: `node dist/server.js` (default; what a container or systemd unit runs) or
   * `npm start` (the README's command; then `pid` is npm's, as a supervisor running it holds).
   */
  command?: 'node' | 'npm start';
}

export async function startServerProcess(opts: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.mkdirSync(resultsDir, { recursive: true });
  const logFile = path.join(resultsDir, `faults-${opts.label ?? 'server'}-${port}.log`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'DATABASE_URL' || key === 'TEST_DATABASE_URL' || key === 'DATA_DIR' || key.startsWith('VITEST') || key.startsWith('SMTP_')) delete env[key];
  }
  Object.assign(env, {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
    ADMIN_EMAIL,
    INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DEMO_DATA: 'false',
    LINKCHECK_ENABLED: 'false',
    BEHOERDEN_VORBEREITUNG: 'false',
    LOGIN_RATE_PRO_MINUTE: '1000',
    LOG_LEVEL: 'info',
    ...(opts.data.kind === 'pglite' ? { DATA_DIR: opts.data.dataDir } : { DATABASE_URL: opts.data.url, DATABASE_POOL_SIZE: '4', ...POSTGRES_SECRETS }),
    ...opts.env,
  });
  // stdout carries the JSON log lines only; stderr the rest (start errors, the one-time passwords).
  const errFile = logFile.replace(/\.log$/, '.stderr.log');
  const out = fs.openSync(logFile, 'w');
  const err = fs.openSync(errFile, 'w');
  ensureBuilt();
  const [cmd, args] = opts.command === 'npm start' ? ['npm', ['start']] : [process.execPath, [SERVER_ENTRY]];
  const child: ChildProcess = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', out, err], detached: true });
  fs.closeSync(out);
  fs.closeSync(err);
  const pid = child.pid as number;
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      running.delete(server);
      resolve(ended);
    });
  });
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const log = () => read(logFile) + read(errFile);
  const signal = (sig: NodeJS.Signals) => {
    if (ended) return;
    try {
      process.kill(-pid, sig);
    } catch {
      /* gone */
    }
  };
  const tail = () => log().split('\n').slice(-30).join('\n');
  const server: ServerProcess = {
    baseUrl,
    port,
    pid,
    logFile,
    data: opts.data,
    log,
    stdout: () => read(logFile),
    stderr: () => read(errFile),
    exited,
    hasExited: () => Boolean(ended),
    signal,
    signalPid(sig) {
      if (!ended) process.kill(pid, sig);
    },
    async kill() {
      signal('SIGKILL');
      await exited;
    },
    async stop() {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 20_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
    async waitForLog(pattern, timeoutMs = 60_000) {
      return waitUntil(`log line ${pattern} of ${logFile}`, () => {
        const m = pattern.exec(log());
        if (m) return m[0];
        if (ended) throw new Error(`The server ended (${JSON.stringify(ended)}) before logging ${pattern}:\n${tail()}`);
        return undefined;
      }, timeoutMs, 25);
    },
    async waitReady(timeoutMs = opts.timeoutMs ?? 180_000) {
      let last = 'no answer';
      await waitUntil(
        `/healthz of ${baseUrl}`,
        async () => {
          if (ended) throw new Error(`The server ended before it was ready (${JSON.stringify(ended)}). Log ${logFile}:\n${tail()}`);
          try {
            const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
            last = `${res.status} ${await res.text()}`;
            return res.status === 200;
          } catch (e) {
            last = (e as Error).message;
            return false;
          }
        },
        timeoutMs,
        100,
      ).catch((e: Error) => {
        throw new Error(`${e.message} (last: ${last})\n${tail()}`);
      });
    },
  };
  running.add(server);
  if (opts.waitReady !== false) {
    try {
      await server.waitReady();
    } catch (e) {
      await server.kill();
      throw e;
    }
  }
  return server;
}

/* ------------------------------------------------------------------ data */

/** An empty data location on the engine of this run (nothing migrated yet). */
export async function emptyData(): Promise<Data> {
  if (testEngine() === 'postgres') {
    const url = await createPostgresDatabase();
    return remember({ kind: 'postgres', url, name: new URL(url).pathname.slice(1) });
  }
  return remember({ kind: 'pglite', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'da-faults-')) });
}

/** Every data location this module created, for `cleanUp()`. */
const createdData: Data[] = [];
const remember = (d: Data) => {
  createdData.push(d);
  return d;
};

/** For afterAll: kills servers still running (a failed test) and removes every data location created here. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill()));
  for (const d of createdData.splice(0)) await dropData(d).catch(() => {});
  prepared = undefined;
}

/** A copy of `data` for one test (the server using `data` must be stopped). */
export async function copyOf(data: Data): Promise<Data> {
  if (data.kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-faults-'));
    // The admin socket of a stopped server is not data (and cannot be copied).
    fs.cpSync(data.dataDir, dir, { recursive: true, filter: (src) => !src.endsWith('.sock') });
    fs.rmSync(path.join(dir, 'digitales-amt.lock'), { force: true });
    return remember({ kind: 'pglite', dataDir: dir });
  }
  // `create database … template` needs the template without connections; a closed pool's
  // connections end asynchronously, so try a few times.
  for (let attempt = 0; ; attempt++) {
    try {
      const url = await createPostgresDatabase(data.name);
      return remember({ kind: 'postgres', url, name: new URL(url).pathname.slice(1) });
    } catch (e) {
      if (attempt >= 40 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await sleep(250);
    }
  }
}

/** Removes a data location (PGlite directory or PostgreSQL database). */
export async function dropData(data: Data): Promise<void> {
  if (data.kind === 'pglite') {
    fs.rmSync(data.dataDir, { recursive: true, force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${data.name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Opens the data in the test process (migrations run; a stale PGlite lock is taken over). */
export function openData(data: Data): Promise<Database> {
  return data.kind === 'pglite' ? openDatabase({ dataDir: data.dataDir }) : openDatabase({ databaseUrl: data.url, poolSize: 3 });
}

/** Runs `fn` with the data opened in the test process and closes it afterwards. */
export async function withData<T>(data: Data, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openData(data);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

let prepared: Promise<Data> | undefined;

/**
 * The official data imported and the first start done (admin account, counts), without demo data;
 * built once per test file by starting the real server on an empty location and stopping it.
 * Tests take a `copyOf()` it.
 */
export function preparedData(): Promise<Data> {
  prepared ??= (async () => {
    const data = await emptyData();
    const server = await startServerProcess({ data, label: 'prepare' });
    const r = await server.stop();
    if (r.code !== 0) throw new Error(`The preparing server ended with ${JSON.stringify(r)}:\n${server.log().slice(-3000)}`);
    return data;
  })();
  return prepared;
}

/** Use `data` as the prepared data of this file (a test that already made it). */
export function usePreparedData(data: Data) {
  prepared ??= Promise.resolve(data);
}

/* ------------------------------------------------------------------ HTTP */

/** A browser-like client: cookies, the login form, the API with its CSRF header. */
export class HttpSession {
  cookies = new Map<string, string>();
  private csrf?: string;
  constructor(public baseUrl: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async request(method: string, p: string, opts: { body?: BodyInit; headers?: Record<string, string>; timeoutMs?: number } = {}) {
    const res = await fetch(`${this.baseUrl}${p}`, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...opts.headers },
      body: opts.body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000),
    });
    return this.remember(res);
  }

  get(p: string) {
    return this.request('GET', p);
  }

  /** Loads `formPage` for its CSRF token and posts the form like a browser. */
  async submit(formPage: string, action: string, fields: Record<string, string>) {
    const page = await (await this.get(formPage)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error(`No CSRF token on ${formPage}`);
    return this.request('POST', action, { body: new URLSearchParams({ ...fields, _csrf: token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async login(email: string, password: string) {
    const res = await this.submit('/anmelden', '/anmelden', { email, password });
    if (res.status !== 303) throw new Error(`Login of ${email} at ${this.baseUrl} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
    this.csrf = undefined;
    return res;
  }

  async csrfToken() {
    if (!this.csrf) {
      const res = await this.get('/api/v1/csrf');
      if (res.status !== 200) throw new Error(`GET /api/v1/csrf: ${res.status}`);
      this.csrf = ((await res.json()) as { token: string }).token;
    }
    return this.csrf;
  }

  /** An API call with the CSRF header; a JSON body unless `contentType` says otherwise. */
  async api(method: string, p: string, body?: unknown, contentType = 'application/json', timeoutMs?: number) {
    const headers: Record<string, string> = { 'x-csrf-token': await this.csrfToken() };
    let payload: BodyInit | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = contentType === 'application/json' ? JSON.stringify(body) : (body as BodyInit);
    }
    return this.request(method, p, { body: payload, headers, timeoutMs });
  }
}

/** Whether a TCP connection to the port is refused. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/**
 * Watches the size of a table's main file: it grows while rows are inserted, also inside a
 * transaction that has not committed (PostgreSQL extends the file page by page). That is the
 * signal that a big write has started — seen from outside the server, without a hook in it.
 * PGlite: the file under DATA_DIR/pgdata; PostgreSQL: pg_relation_size from another connection.
 */
export async function watchTable(data: Data, table: string): Promise<{ grown(): Promise<boolean>; close(): Promise<void> }> {
  const [{ p, s }] = await withData(data, (db) => db.query<{ p: string; s: string }>('select pg_relation_filepath($1::regclass) as p, pg_relation_size($1::regclass)::text as s', [table]));
  const base = Number(s);
  if (data.kind === 'pglite') {
    const file = path.join(data.dataDir, 'pgdata', p);
    return {
      async grown() {
        try {
          return fs.statSync(file).size > base;
        } catch {
          return false;
        }
      },
      async close() {},
    };
  }
  const client = new pg.Client({ connectionString: data.url });
  await client.connect();
  return {
    async grown() {
      const r = await client.query<{ s: string }>('select pg_relation_size($1::regclass)::text as s', [table]);
      return Number(r.rows[0].s) > base;
    },
    close: () => client.end(),
  };
}
