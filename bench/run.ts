/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (on PGlite, and again on
 * PostgreSQL when BENCH_DATABASE_URL is set), prints their Markdown and writes it to
 * bench/results/latest.md with the machine it ran on.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();

const header = `# Benchmarks

- date: ${new Date().toISOString()}
- machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}
- node: ${process.version}
`;
const parts = [header];
let failed = 0;
for (const f of files) {
  const engines = process.env.BENCH_DATABASE_URL ? [{}, { DATABASE_URL: process.env.BENCH_DATABASE_URL }] : [{}];
  for (const extra of engines) {
    const env = { ...process.env, DATABASE_URL: '', ...extra, LOG_LEVEL: 'silent' };
    process.stderr.write(`bench: ${f}${'DATABASE_URL' in extra ? ' (PostgreSQL)' : ''} …\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f)], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      failed++;
      parts.push(`### ${f}: failed (exit ${r.status})\n\n\`\`\`\n${(r.stderr || '').slice(-2000)}\n\`\`\`\n`);
    } else parts.push(r.stdout.trim() + '\n');
  }
}
const report = parts.join('\n');
fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
fs.writeFileSync(path.join(dir, 'results', 'latest.md'), report);
console.log(report);
process.exit(failed ? 1 : 0);
