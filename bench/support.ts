/**
 * Shared helpers for the benchmarks: a database with the full Bavarian official data and the demo
 * data (PGlite in a temp dir, or PostgreSQL when BENCH_DATABASE_URL / DATABASE_URL is set), and
 * simple timing statistics. Benchmarks print Markdown; `npm run bench` collects it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedDemoData } from '../src/demo/demo.service';
import { importOfficialData } from '../src/gebiete/gebiete.import';
import { type Database, openDatabase } from '../src/shared/db';

export const officialDataDir = path.resolve(process.env.OFFICIAL_DATA_DIR ?? '../shared/data');

let benchDatabases = 0;

/**
 * Opens a fresh, migrated, empty database on the engine under test: PGlite in a temp dir, or a new
 * database on BENCH_DATABASE_URL / DATABASE_URL.
 */
export async function openEmptyBenchDatabase(): Promise<{ database: Database; engine: string; cleanup: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let database: Database;
  let cleanup: () => Promise<void>;
  if (url) {
    const name = `da_bench_${process.pid}_${++benchDatabases}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
    cleanup = async () => {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name}`);
      await a.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-bench-'));
    database = await openDatabase({ dataDir: dir });
    cleanup = async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  return { database, engine: database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL', cleanup };
}
/** Opens a fresh database on the engine under test, with official data (Bavaria) and demo data. */
export async function openBenchDatabase(): Promise<{ database: Database; engine: string; cleanup: () => Promise<void> }> {
  const opened = await openEmptyBenchDatabase();
  await importOfficialData(opened.database, { officialDataDir, land: '09', actor: 'bench' });
  await seedDemoData(opened.database, { seed: 20210729 });
  return opened;
}

export function stats(samplesMs: number[]) {
  const s = [...samplesMs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, min: s[0], p50: q(0.5), p95: q(0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const fmt = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/**
 * One line of the summary table at the top of bench/results/latest.md (docs/performance.md,
 * "Summary convention"): an HTML comment, invisible in the rendered details, that bench/run.ts
 * collects from every bench's output. `label` says what was compared or measured (and, for a
 * ratio, against what, measured side by side in the same run); `value` is the figure as text.
 */
export function summary(label: string, value: string): string {
  const clean = (s: string) => s.replace(/-->/g, '→').replace(/\s+/g, ' ').replace(/ = /g, ' is ').trim();
  return `<!-- summary: ${clean(label)} = ${clean(value)} -->`;
}

export interface ShippedServer {
  baseUrl: string;
  logFile: string;
  /** Ends the server; `danach` runs with its data directory once it has ended, before that is removed. */
  stop(danach?: (dataDir: string) => Promise<void>): Promise<void>;
}

/**
 * Starts the server exactly as `npm start` ships it (docs/performance.md): the package's start
 * script through npm, the environment of the caller WITHOUT LOG_LEVEL and database settings (so
 * logging, compression and caches are the defaults), its log written to a file as a deployment
 * would redirect it. Only where it listens and its data directory are set: PORT (a free one),
 * HOST=127.0.0.1 and DATA_DIR (a new, empty directory, so this is a first start with the official
 * and the demo data). Resolves when `/healthz` answers 200.
 */
export async function startShippedServer(timeoutMs = 15 * 60_000): Promise<ShippedServer> {
  const net = await import('node:net');
  const { spawn } = await import('node:child_process');
  const port = await new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as import('node:net').AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-bench-server-'));
  const logFile = path.join(dataDir, 'server.log');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k === 'LOG_LEVEL' || k === 'DATABASE_URL' || k === 'TEST_DATABASE_URL' || k === 'NODE_ENV' || k.startsWith('BENCH_') || k.startsWith('LOAD_') || k.startsWith('VITEST')) delete env[k];
  }
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'data') });
  const log = fs.openSync(logFile, 'w');
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  let ended = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      ended = true;
      resolve();
    }),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (!ended && child.pid) process.kill(-child.pid, signal);
    } catch {
      /* gone */
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = async (danach?: (dataDir: string) => Promise<void>) => {
    process.removeListener('exit', onExit);
    killGroup('SIGTERM');
    const t = setTimeout(() => killGroup('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
    try {
      await danach?.(path.join(dataDir, 'data'));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (ended) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
      await stop();
      throw new Error(`npm start ended before it was ready:\n${tail}`);
    }
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`npm start was not ready after ${timeoutMs / 1000} s`);
    }
    try {
      const r = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
      if (r.status === 200) break;
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write(`server (npm start) ready at ${baseUrl} after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  return { baseUrl, logFile, stop };
}

/** A current, valid award's certificate number from the open data (for signet requests). */
export async function eineGueltigeZertifikatNr(baseUrl: string): Promise<string> {
  const csv = await (await fetch(`${baseUrl}/opendata/praedikate.csv`)).text();
  const zeile = csv.split('\n').find((z) => /,gueltig,true,/.test(z));
  if (!zeile) throw new Error('no valid award in /opendata/praedikate.csv');
  return zeile.split(',')[0];
}

/**
 * Waits (at most `maxMs`) until the server started by `startShippedServer` has logged its first
 * background pass over the Behörde pages („Behördenseiten vorbereitet: N in S s“): the steady state,
 * in which the server's idle time no longer goes into that pass. Returns what was logged, or a note.
 */
export async function warteAufVorbereitung(logFile: string | undefined, maxMs = 8 * 60_000): Promise<string> {
  if (!logFile) return 'not awaited (server not started by the bench)';
  const t0 = performance.now();
  const gelesen = () => fs.readFileSync(logFile, 'utf8');
  while (performance.now() - t0 < maxMs && !/Behördenseiten vorbereitet: \d+/.test(gelesen())) await new Promise((r) => setTimeout(r, 2000));
  const m = /Behördenseiten vorbereitet: (\d+) in ([\d.]+) s/.exec(gelesen());
  return m ? `prepared ${m[1]} Behörden in ${m[2]} s of the server's idle-time pass` : `preparation not logged within ${Math.round(maxMs / 60_000)} min`;
}
