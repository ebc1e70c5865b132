/**
 * The one test command (`npm test`, also what CI runs). See docs/testing.md.
 *
 *   1. scripts/ensure-tools.sh: Debian chromium and the PostgreSQL binaries, if missing
 *   2. the static checks, each counted as one test (passed or failed, with its output shown):
 *      `tsc --noEmit`, ESLint (`eslint .`, type-aware) and the structure check (scripts/struktur.ts:
 *      no SQL outside repositories, no import cycle between folders of src/, no file over 800
 *      lines, except the known violations listed in scripts/struktur.bekannt.ts)
 *   3. the vitest suite (vitest.config.ts) on PGlite
 *   4. the same suite on PostgreSQL: TEST_DATABASE_URL if given, else a throwaway cluster
 *   5. the browser tests (vitest.e2e.config.ts)
 *   6. stops what it started, sums every run's JSON report and prints, as the very last line,
 *      `N passed, N failed` (`, N skipped` only when some were skipped)
 *
 * Options (after `npm test --`):
 *   --engine pglite|postgres|both   which database engines the suite runs on (default both)
 *   --no-e2e                        leave out the browser tests
 *   --no-checks                     leave out tsc, ESLint and the structure check (they run
 *                                   always otherwise, also with file filters)
 *   --help                          this text
 * Everything else goes to vitest: paths filter the test files (`npm test -- src/gebiete`), and a
 * run with no matching file is left out; `-t NAME` filters by test name.
 *
 * Exit code 0 only when every run finished with a report and nothing failed. A run that crashed,
 * timed out or wrote no report counts as one failed test, so the total is never green by mistake.
 * TEST_SUMMARY_FILE=path also writes the last line to that file (.ci/run prints it again).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBinDir, type ThrowawayPostgres, startThrowawayPostgres } from './pg-throwaway';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
/** The browser tests use Debian's Chromium (tests/e2e/support/browser.ts). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A run still going after this long is stopped and counted as crashed (CI has 90 minutes in all). */
const RUN_TIMEOUT_MS = Number(process.env.TEST_RUN_TIMEOUT_MINUTES ?? 30) * 60_000;

type Engine = 'pglite' | 'postgres';

interface Options {
  engines: Engine[];
  e2e: boolean;
  checks: boolean;
  vitestArgs: string[];
  /** Positional vitest arguments: file filters. */
  filters: string[];
}

interface RunResult {
  label: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** Why the run counts as failed beyond its tests, if it does. */
  problem?: string;
  /** Left out on purpose (no matching file); not counted. */
  notRun?: string;
}

const usage = () => {
  const text = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const doc = text.slice(text.indexOf('/**') + 3, text.indexOf('*/'));
  return doc
    .split('\n')
    .map((l) => l.replace(/^ \* ?/, ''))
    .join('\n')
    .trim();
};

// vitest options that take a value: their value is no file filter.
const VALUE_OPTIONS = new Set(['-t', '--testNamePattern', '--shard', '--bail', '--retry', '--project', '--maxWorkers', '--minWorkers']);

function parseArgs(argv: string[]): Options {
  const opts: Options = { engines: ['pglite', 'postgres'], e2e: true, checks: true, vitestArgs: [], filters: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    } else if (arg === '--no-e2e') {
      opts.e2e = false;
    } else if (arg === '--no-checks') {
      opts.checks = false;
    } else if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === 'both') opts.engines = ['pglite', 'postgres'];
      else if (value === 'pglite' || value === 'postgres') opts.engines = [value];
      else {
        console.error(`--engine expects pglite, postgres or both, not "${value ?? ''}"`);
        process.exit(2);
      }
    } else if (VALUE_OPTIONS.has(arg)) {
      opts.vitestArgs.push(arg, argv[++i] ?? '');
    } else {
      opts.vitestArgs.push(arg);
      if (!arg.startsWith('-')) opts.filters.push(arg);
    }
  }
  return opts;
}

/** Test files below `dir` (relative to the repo root), leaving out `skip`. */
function listTestFiles(dir: string, skip?: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.name === 'node_modules' || child === skip) continue;
      if (entry.isDirectory()) walk(child);
      else if (/\.test\.tsx?$/.test(entry.name)) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** Whether any file matches one of vitest's file filters (a case-insensitive substring of the path, like vitest). */
function anyFileMatches(files: string[], filters: string[]): boolean {
  if (filters.length === 0) return files.length > 0;
  return files.some((file) =>
    filters.some((raw) => {
      const filter = raw.replace(/:\d+$/, ''); // vitest's `file.test.ts:12` form
      const rel = path.isAbsolute(filter) ? path.relative(root, filter) : path.normalize(filter);
      return file.toLowerCase().includes(rel.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase());
    }),
  );
}

let current: ChildProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    console.error(`\n${signal}: stopping …`);
    // The child runs in its own process group (so that its workers and servers can be stopped together).
    if (current?.pid) killGroup(current.pid, 'SIGTERM');
  });
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/** Runs a command in its own process group; resolves with its exit code (or 128+signal). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = RUN_TIMEOUT_MS): Promise<{ code: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\nstill running after ${Math.round(timeoutMs / 60_000)} min: stopping it`);
      if (child.pid) killGroup(child.pid, 'SIGTERM');
      setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), 15_000).unref();
    }, timeoutMs);
    const done = (code: number) => {
      clearTimeout(timer);
      current = undefined;
      // Anything the run left behind in its group (a server started by a test) goes with it.
      if (child.pid) killGroup(child.pid, 'SIGKILL');
      resolve({ code, timedOut });
    };
    child.on('error', (e) => {
      console.error(`${cmd}: ${e.message}`);
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

async function runVitest(label: string, config: string, opts: Options, env: NodeJS.ProcessEnv, reportDir: string): Promise<RunResult> {
  const report = path.join(reportDir, `${label.replace(/\W+/g, '-').replace(/-+$/, '')}.json`);
  const args = [
    vitestBin,
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    '--passWithNoTests',
    ...opts.vitestArgs,
  ];
  console.log(`\n━━━ ${label} ━━━`);
  const t0 = Date.now();
  const { code, timedOut } = await run(process.execPath, args, env);
  const seconds = (Date.now() - t0) / 1000;
  const result: RunResult = { label, passed: 0, failed: 0, skipped: 0, seconds };

  if (!fs.existsSync(report)) {
    result.failed = 1;
    result.problem = timedOut ? 'timed out, no report' : `exited with code ${code} without a report (crashed)`;
    return result;
  }
  let data: VitestReport;
  try {
    data = JSON.parse(fs.readFileSync(report, 'utf8')) as VitestReport;
  } catch (e) {
    result.failed = 1;
    result.problem = `unreadable report (${(e as Error).message})`;
    return result;
  }
  result.passed = data.numPassedTests;
  result.failed = data.numFailedTests;
  result.skipped = data.numPendingTests + data.numTodoTests;
  // A file that failed to load or whose hooks failed has no failed test of its own: count the file.
  const brokenFiles = data.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
  if (brokenFiles.length > 0) {
    result.failed += brokenFiles.length;
    result.problem = `${brokenFiles.length} test file(s) failed outside a test: ${brokenFiles.map((f) => path.relative(root, f.name)).join(', ')}`;
  }
  if ((code !== 0 || timedOut || !data.success) && result.failed === 0) {
    result.failed = 1;
    result.problem = timedOut ? 'timed out' : `exited with code ${code} although no test failed (unhandled error?)`;
  }
  return result;
}

/** The static checks: each is one test, passed when the command exits 0. */
const CHECKS: { label: string; args: string[] }[] = [
  { label: 'check: tsc', args: [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--pretty', 'false'] },
  { label: 'check: eslint', args: [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.', '--max-warnings', '0'] },
  { label: 'check: structure', args: [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'struktur.ts')] },
];

async function runCheck(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  console.log(`\n━━━ ${label} ━━━`);
  const t0 = Date.now();
  const { code, timedOut } = await run(process.execPath, args, env);
  const seconds = (Date.now() - t0) / 1000;
  if (code === 0 && !timedOut) return { label, passed: 1, failed: 0, skipped: 0, seconds };
  return { label, passed: 0, failed: 1, skipped: 0, seconds, problem: timedOut ? 'timed out' : `exited with code ${code} (see its output above)` };
}

function countLine(r: { passed: number; failed: number; skipped: number }) {
  return `${r.passed} passed, ${r.failed} failed${r.skipped > 0 ? `, ${r.skipped} skipped` : ''}`;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const results: RunResult[] = [];
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-test-reports-'));
  let postgres: ThrowawayPostgres | undefined;

  const unitFiles = listTestFiles('src').concat(listTestFiles('tests', 'tests/e2e'));
  const e2eFiles = listTestFiles('tests/e2e');
  const runUnit = anyFileMatches(unitFiles, opts.filters);
  const runE2e = opts.e2e && anyFileMatches(e2eFiles, opts.filters);
  const usePostgres = runUnit && opts.engines.includes('postgres');
  const givenUrl = process.env.TEST_DATABASE_URL;

  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  delete baseEnv.TEST_DATABASE_URL;

  try {
    // 1. Tools, only those the chosen runs need.
    const tools = [...(runE2e ? ['chromium'] : []), ...(usePostgres && !givenUrl ? ['postgres'] : [])];
    if (tools.length > 0) await run('bash', [path.join(root, 'scripts', 'ensure-tools.sh'), ...tools], process.env, 15 * 60_000);
    // Judge by what is there now: ensure-tools fails as a whole when it could not install one of them.
    const havePostgres = (() => {
      try {
        findPostgresBinDir();
        return true;
      } catch {
        return false;
      }
    })();
    const haveChromium = fs.existsSync(CHROMIUM_PATH);
    const toolsMissing = (label: string): RunResult => ({
      label,
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds: 0,
      problem: 'not run: scripts/ensure-tools.sh could not install what it needs (see above)',
    });

    // 2. Static checks.
    for (const check of opts.checks ? CHECKS : []) {
      if (!interrupted) results.push(await runCheck(check.label, check.args, baseEnv));
    }

    // 3. PGlite.
    if (!runUnit) {
      results.push({ label: 'unit (PGlite)', passed: 0, failed: 0, skipped: 0, seconds: 0, notRun: 'no matching test file' });
    } else if (!opts.engines.includes('pglite')) {
      results.push({ label: 'unit (PGlite)', passed: 0, failed: 0, skipped: 0, seconds: 0, notRun: '--engine postgres' });
    } else if (!interrupted) {
      results.push(await runVitest('unit (PGlite)', 'vitest.config.ts', opts, baseEnv, reportDir));
    }

    // 4. PostgreSQL.
    if (runUnit && !usePostgres) {
      results.push({ label: 'unit (PostgreSQL)', passed: 0, failed: 0, skipped: 0, seconds: 0, notRun: '--engine pglite' });
    } else if (usePostgres && !interrupted) {
      const label = 'unit (PostgreSQL)';
      let url = givenUrl;
      if (!url && havePostgres) {
        try {
          const t0 = Date.now();
          postgres = await startThrowawayPostgres();
          url = postgres.url;
          console.log(`\nthrowaway PostgreSQL on port ${postgres.port} (started in ${Date.now() - t0} ms)`);
        } catch (e) {
          console.error((e as Error).message);
          results.push({ label, passed: 0, failed: 1, skipped: 0, seconds: 0, problem: 'PostgreSQL did not start (see above)' });
        }
      } else if (!url) {
        results.push(toolsMissing(label));
      }
      if (url && !interrupted) {
        results.push(await runVitest(label, 'vitest.config.ts', opts, { ...baseEnv, TEST_DATABASE_URL: url }, reportDir));
      }
      await postgres?.stop();
      postgres = undefined;
    }

    // 5. Browser tests.
    if (!runE2e) {
      const why = !opts.e2e ? '--no-e2e' : e2eFiles.length === 0 ? 'no browser test yet' : 'no matching test file';
      results.push({ label: 'browser (e2e)', passed: 0, failed: 0, skipped: 0, seconds: 0, notRun: why });
    } else if (!interrupted) {
      if (haveChromium) {
        results.push(await runVitest('browser (e2e)', 'vitest.e2e.config.ts', opts, baseEnv, reportDir));
      } else {
        results.push(toolsMissing('browser (e2e)'));
      }
    }
  } finally {
    await postgres?.stop().catch(() => {});
    fs.rmSync(reportDir, { recursive: true, force: true });
  }

  // 6. Summary: per run, then the total as the very last line.
  const counted = results.filter((r) => !r.notRun);
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const r of counted) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
  }
  // An interrupted run is never green, even if what ran so far passed.
  if (interrupted && total.failed === 0) total.failed = 1;
  console.log('\n━━━ summary ━━━');
  const width = Math.max(...results.map((r) => r.label.length), 10);
  for (const r of results) {
    if (r.notRun) {
      console.log(`  ${r.label.padEnd(width)}  left out: ${r.notRun}`);
      continue;
    }
    console.log(`  ${r.label.padEnd(width)}  ${countLine(r).padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s`);
    if (r.problem) console.log(`  ${''.padEnd(width)}  ↳ ${r.problem}`);
  }
  if (interrupted) console.log(`  interrupted by ${interrupted}: not a complete run`);
  const last = countLine(total);
  if (process.env.TEST_SUMMARY_FILE) fs.writeFileSync(process.env.TEST_SUMMARY_FILE, `${last}\n`);
  console.log(last);
  if (interrupted) return 128 + os.constants.signals[interrupted];
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    const last = '0 passed, 1 failed';
    if (process.env.TEST_SUMMARY_FILE) fs.writeFileSync(process.env.TEST_SUMMARY_FILE, `${last}\n`);
    console.log(`test runner crashed: counted as 1 failed\n${last}`);
    process.exitCode = 1;
  },
);
