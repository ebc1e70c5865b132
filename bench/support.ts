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
