/**
 * Start-up of the real server process (docs/performance.md, „Start-up“): a first start on an
 * empty PGlite directory (official data and demo data) with `/livez` polled every 200 ms — the
 * slowest answer is the figure — and then later starts on copies of that directory, the compiled
 * build (`node dist/server.js`, what `npm start` runs) side by side with the TypeScript sources
 * through tsx (`node --import tsx src/server.ts`, what it ran before): first answer, ready, memory.
 *
 * Run: npx tsx bench/start.bench.ts   (BENCH_ROUNDS=2)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, repoRoot, SERVER_ENTRY } from '../tests/support/build';
import { summary } from './support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PASSWORD = 'Bench-Start-Passwort-2026!';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  firstAnswerMs: number;
  readyMs: number;
  slowestLivezMs: number;
  livezAnswers: number;
  rssMb: number;
  heapMb: number;
}

async function measure(args: string[], dataDir: string): Promise<Run> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', INITIAL_ADMIN_PASSWORD: PASSWORD, LINKCHECK_ENABLED: 'false' };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'ignore'] });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  let firstAnswerMs = 0;
  let slowestLivezMs = 0;
  let livezAnswers = 0;
  try {
    for (;;) {
      if (exited) throw new Error(`${args.join(' ')} ended during the start`);
      if (performance.now() - t0 > 15 * 60_000) throw new Error('not ready after 15 minutes');
      const s = performance.now();
      try {
        const live = await fetch(`${base}/livez`);
        await live.arrayBuffer();
        slowestLivezMs = Math.max(slowestLivezMs, performance.now() - s);
        livezAnswers++;
        firstAnswerMs ||= s - t0;
        const ready = await fetch(`${base}/healthz`);
        await ready.arrayBuffer();
        if (ready.status === 200) break;
      } catch {
        /* not listening yet */
      }
      await sleep(Math.max(0, 200 - (performance.now() - s)));
    }
    const readyMs = performance.now() - t0;
    await sleep(2000);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
    return { firstAnswerMs, readyMs, slowestLivezMs, livezAnswers, rssMb: gauge('da_process_resident_memory_bytes') / 2 ** 20, heapMb: gauge('da_nodejs_heap_used_bytes') / 2 ** 20 };
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main() {
  ensureBuilt();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'da-bench-start-'));
  try {
    const prepared = path.join(root, 'erststart');
    process.stderr.write('first start (official data and demo data) …\n');
    const first = await measure([SERVER_ENTRY], prepared);
    const variants = [
      { name: 'compiled (`node dist/server.js`)', args: [SERVER_ENTRY] },
      { name: 'sources through tsx (`node --import tsx src/server.ts`)', args: ['--import', 'tsx', 'src/server.ts'] },
    ];
    const results = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const v of variants) {
        process.stderr.write(`round ${round}: ${v.name} …\n`);
        const copy = path.join(root, `kopie-${round}-${results.get(v.name)?.length}-${v.args.length}`);
        fs.cpSync(prepared, copy, { recursive: true });
        fs.rmSync(path.join(copy, 'digitales-amt.lock'), { force: true });
        results.get(v.name)?.push(await measure(v.args, copy));
        fs.rmSync(copy, { recursive: true, force: true });
      }
    }
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
    const lines = [
      '### Start-up (PGlite)',
      '',
      `${os.cpus().length} cores, load average ${load} (1/5/15 min) at the end.`,
      '',
      `First start on an empty directory with the official and demo data (compiled): first answer after ${s1(first.firstAnswerMs)}, ready after ${s1(first.readyMs)}; ` +
        `${first.livezAnswers} \`/livez\` answers (every 200 ms), the slowest ${first.slowestLivezMs.toFixed(0)} ms.`,
      '',
      '| later start, same data | first answer | ready | resident memory | heap used |',
      '|---|---|---|---|---|',
      ...variants.map((v) => {
        const r = results.get(v.name) ?? [];
        return `| ${v.name} | ${r.map((x) => s1(x.firstAnswerMs)).join(' / ')} | ${r.map((x) => s1(x.readyMs)).join(' / ')} | ${r.map((x) => `${x.rssMb.toFixed(0)} MB`).join(' / ')} | ${r.map((x) => `${x.heapMb.toFixed(0)} MB`).join(' / ')} |`;
      }),
      '',
    ];
    const [compiled, tsx] = variants.map((v) => results.get(v.name) ?? []);
    lines.push(
      summary('first start: slowest /livez answer (every 200 ms, PGlite)', `${first.slowestLivezMs.toFixed(0)} ms of ${first.livezAnswers}`),
      summary('later start: ready, compiled vs tsx (PGlite)', `${s1(mean(compiled.map((r) => r.readyMs)))} vs ${s1(mean(tsx.map((r) => r.readyMs)))}`),
      summary('later start: resident memory when ready, compiled vs tsx', `${mean(compiled.map((r) => r.rssMb)).toFixed(0)} vs ${mean(tsx.map((r) => r.rssMb)).toFixed(0)} MB`),
    );
    console.log(lines.join('\n'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
