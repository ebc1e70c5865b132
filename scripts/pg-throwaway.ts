/**
 * A throwaway PostgreSQL cluster for the PostgreSQL test run: a new cluster in a temp directory on
 * a free loopback port, stopped and deleted afterwards (also on an error, Ctrl-C or SIGTERM).
 *
 * As a module (scripts/test.ts):  const pg = await startThrowawayPostgres(); … await pg.stop();
 * As a command:
 *   npx tsx scripts/pg-throwaway.ts                 start, print the URL, stop on Ctrl-C
 *   npx tsx scripts/pg-throwaway.ts -- npm start    run a command with DATABASE_URL and
 *                                                   TEST_DATABASE_URL set, then stop
 *
 * `initdb` refuses to run as root, so as root the cluster belongs to the `postgres` user (the
 * sequence in ../shared/TECH-NOTES.md); otherwise it runs as the current user.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface ThrowawayPostgres {
  /** URL of the database `app_test` as superuser `postgres` (trust auth, loopback only). */
  url: string;
  port: number;
  dir: string;
  /** Stops the server and deletes the cluster; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps the cluster, as a restart or failover does: `pg_ctl stop -m fast`
   * terminates every connection (clients see `57P01 terminating connection due to administrator
   * command`). For the fault tests.
   */
  pause(): Promise<void>;
  /** Starts the paused server again, on the same port with the same data. */
  resume(): Promise<void>;
}

/** Directory with initdb/pg_ctl: the newest /usr/lib/postgresql/N/bin, else whatever PATH has. */
export function findPostgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')) && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length > 0) return path.join(root, versions[0], 'bin');
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return path.dirname(found.stdout.trim());
  throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found: bash scripts/ensure-tools.sh postgres installs them.');
}

/** A port that was free a moment ago (the OS picks it; a lost race shows as a failed start and is retried). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

const pgCommand = (binDir: string, tool: string, args: string[]): [string, string[]] =>
  isRoot() ? ['runuser', ['-u', 'postgres', '--', path.join(binDir, tool), ...args]] : [path.join(binDir, tool), args];

/**
 * Runs a PostgreSQL program, as `postgres` when we are root; throws with its output on failure.
 * Asynchronous and in its own process group: a Ctrl-C meant for the tests must not kill pg_ctl
 * half-way, and the event loop stays free for signal handlers (tsx kills a child that does not
 * acknowledge a signal within 30 ms).
 */
function runPgTool(binDir: string, tool: string, args: string[]): Promise<void> {
  const [cmd, cmdArgs] = pgCommand(binDir, tool, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', (e) => reject(new Error(`${tool}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${tool} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}):\n${output}`));
    });
  });
}

/** The same, blocking: only for the last-resort cleanup when the process exits. */
function runPgToolSync(binDir: string, tool: string, args: string[]): void {
  const [cmd, cmdArgs] = pgCommand(binDir, tool, args);
  spawnSync(cmd, cmdArgs, { stdio: 'ignore', timeout: 30_000 });
}

// Cleanups of clusters still running: the last resort when the process exits without stop().
const running = new Set<() => void>();
let handlersInstalled = false;

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', () => {
    for (const cleanup of [...running]) cleanup();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // When the caller handles the signal itself (scripts/test.ts), it calls stop(). Otherwise
      // exit as the shell would; the exit handler above removes the cluster.
      if (process.listenerCount(signal) <= 1) process.exit(128 + os.constants.signals[signal]);
    });
  }
}

/** Starts a new cluster and creates the database `app_test`. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const binDir = findPostgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-pg-'));
  const dataDir = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  let started = false;

  const stopSync = () => {
    running.delete(stopSync);
    if (started) {
      runPgToolSync(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  installExitHandlers();
  running.add(stopSync);

  try {
    if (isRoot()) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      fs.chownSync(dir, uid, gid);
    }
    // --no-sync and the settings below trade durability for speed: this cluster lives for one test run.
    await runPgTool(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);

    let port = 0;
    const options = () =>
      [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
    const startServer = async () => {
      await runPgTool(binDir, 'pg_ctl', ['-D', dataDir, '-o', options(), '-l', log, '-t', '60', '-w', 'start']);
      started = true;
    };
    for (let attempt = 1; ; attempt++) {
      port = await findFreePort();
      try {
        await startServer();
        break;
      } catch (e) {
        if (attempt >= 3) {
          const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
          throw new Error(`${(e as Error).message}\n${tail}`);
        }
      }
    }

    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query('create database app_test');
    } finally {
      await admin.end();
    }

    return {
      url: `postgres://postgres@127.0.0.1:${port}/app_test`,
      port,
      dir,
      async stop() {
        if (!running.has(stopSync)) return;
        try {
          await runPgTool(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
          started = false;
        } catch {
          /* stopSync below tries harder */
        }
        stopSync();
      },
      async pause() {
        await runPgTool(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        started = false;
      },
      resume: startServer,
    };
  } catch (e) {
    stopSync();
    throw e;
  }
}

async function main(argv: string[]) {
  const sep = argv.indexOf('--');
  const command = sep >= 0 ? argv.slice(sep + 1) : [];
  const t0 = Date.now();
  const server = await startThrowawayPostgres();
  console.error(`PostgreSQL is up (${Date.now() - t0} ms) in ${server.dir}`);
  if (command.length === 0) {
    console.log(`TEST_DATABASE_URL=${server.url}`);
    console.error('Ctrl-C stops it and deletes the cluster.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.stop();
    return 0;
  }
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: server.url, TEST_DATABASE_URL: server.url },
  });
  // Ctrl-C reaches the child through the terminal; SIGTERM sent to us alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise<number>((resolve) => {
    child.on('error', (e) => {
      console.error(e.message);
      resolve(127);
    });
    child.on('exit', (c, signal) => resolve(c ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
  await server.stop();
  return code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
