/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (on PGlite, and again on
 * PostgreSQL when BENCH_DATABASE_URL is set) and writes ONE report, bench/results/latest.md: the
 * machine, a summary table of every bench's key figures, then each bench's details.
 *
 * Summary convention (docs/performance.md): a bench prints, anywhere in its Markdown, lines
 *
 *   <!-- summary: <what was measured or compared> = <figure> -->
 *
 * (bench/support.ts `summary()` writes them). The runner collects them in order into the table;
 * it needs to know nothing about the bench. A bench that fails gets a row saying so.
 *
 *   npm run bench                      every bench
 *   npm run bench -- signet load       only the benches whose file name contains one of the words
 *   BENCH_QUICK=1 npm run bench        shorter runs (fewer rounds and seconds; figures are noisier)
 *   BENCH_TIMEOUT_MINUTES=15           a bench still running after this long is stopped and fails
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 15) * 60_000;

/** BENCH_QUICK: shorter settings, unless set explicitly. */
const quick: Record<string, string> = process.env.BENCH_QUICK
  ? { BENCH_SECONDS: '2', BENCH_ROUNDS: '1', LOAD_ROUNDS: '2', LOAD_ROUND_SECONDS: '3', LOAD_WARMUP_SECONDS: '3', BENCH_IMPORT_RUNS: '1' }
  : {};

interface Outcome {
  file: string;
  engine: string;
  seconds: number;
  ok: boolean;
  out: string;
  err: string;
  code: number | null;
}

function runBench(file: string, extra: Record<string, string>): Promise<Outcome> {
  const env = { ...quick, ...process.env, DATABASE_URL: '', ...extra, LOG_LEVEL: 'silent' };
  const engine = 'DATABASE_URL' in extra ? 'PostgreSQL' : 'PGlite';
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Own process group: a timeout stops the bench with everything it started (servers, autocannon).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(dir, file)], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
      process.stderr.write(c);
    });
    const timer = setTimeout(() => {
      err += `\nstopped after ${timeoutMs / 60_000} minutes (BENCH_TIMEOUT_MINUTES)\n`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ file, engine, seconds: (performance.now() - t0) / 1000, ok: code === 0, out, err, code });
    });
  });
}

const cpus = os.cpus();
const started = new Date();
const loadStart = os.loadavg()[0];
const outcomes: Outcome[] = [];
for (const f of files) {
  const engines: Record<string, string>[] = process.env.BENCH_DATABASE_URL ? [{}, { DATABASE_URL: process.env.BENCH_DATABASE_URL }] : [{}];
  for (const extra of engines) {
    process.stderr.write(`bench: ${f}${'DATABASE_URL' in extra ? ' (PostgreSQL)' : ''} …\n`);
    outcomes.push(await runBench(f, extra));
  }
}

const SUMMARY = /^<!-- summary: (.+?) = (.+?) -->$/gm;
const cell = (s: string) => s.replace(/\|/g, '\\|');
const rows: string[] = [];
for (const o of outcomes) {
  const name = o.file.replace(/\.bench\.ts$/, '');
  const found = [...o.out.matchAll(SUMMARY)];
  if (!o.ok) rows.push(`| ${name} | **failed** (exit ${o.code}, ${o.engine}) | see details |`);
  for (const m of found) rows.push(`| ${name} | ${cell(m[1])} | ${cell(m[2])} |`);
  if (o.ok && found.length === 0) rows.push(`| ${name} | (no summary lines) | see details |`);
}
const failed = outcomes.filter((o) => !o.ok);
const total = outcomes.reduce((s, o) => s + o.seconds, 0);

const report = `# Benchmarks

- date: ${started.toISOString()}
- machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}
- node: ${process.version}
- load average (1 min) at the start / end: ${loadStart.toFixed(1)} / ${os.loadavg()[0].toFixed(1)} on ${cpus.length} cores — other work on the machine raises wall times; compare ratios measured in the same run
- benches: ${outcomes.map((o) => `${o.file}${o.engine === 'PostgreSQL' ? ' (PostgreSQL)' : ''} ${o.seconds.toFixed(0)} s${o.ok ? '' : ' **failed**'}`).join(', ')}; ${(total / 60).toFixed(1)} min in all${process.env.BENCH_QUICK ? ' (BENCH_QUICK: shortened runs)' : ''}

## Summary

Every ratio is measured side by side in one process run of its bench. Details below.

| bench | what | figure |
|---|---|---|
${rows.join('\n')}

## Details

${outcomes
  .map((o) =>
    o.ok
      ? o.out.trim() + '\n'
      : `### ${o.file}${o.engine === 'PostgreSQL' ? ' (PostgreSQL)' : ''}: failed (exit ${o.code})\n\n${o.out.trim() ? `${o.out.trim()}\n\n` : ''}\`\`\`\n${o.err.slice(-3000)}\n\`\`\`\n`,
  )
  .join('\n')}`;
fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
fs.writeFileSync(path.join(dir, 'results', 'latest.md'), report);
console.log(report);
process.exit(failed.length ? 1 : 0);
