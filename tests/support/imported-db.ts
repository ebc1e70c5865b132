/**
 * Databases with the full Bavarian official data already imported, cheap enough for one per test.
 *
 * The import itself takes a few seconds, so it runs once: into a template that every call copies.
 * - PGlite: the template is a closed data directory under `.test-data/imported-<fingerprint>/`.
 *   Vitest runs files in parallel processes; a lock file (O_EXCL) lets one build while the others
 *   wait, and the build happens in a temporary directory renamed into place when complete, so a
 *   half-built template is never seen. Each call copies the directory and opens the copy.
 * - PostgreSQL (TEST_DATABASE_URL): the template is a database built under an advisory lock;
 *   each call creates a database from it (`create database … template …`).
 * The fingerprint covers the migrations, the import code, the data files and the PGlite version:
 * change any of them and a fresh template is built.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { importOfficialData } from '../../src/gebiete/gebiete.import';
import { type Database, openDatabase } from '../../src/shared/db';
import { createPostgresDatabase, testEngine } from './db';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The official data for tests: OFFICIAL_DATA_DIR, or `../shared/data` beside the project. */
export function officialDataDir(): string {
  return path.resolve(projectRoot, process.env.OFFICIAL_DATA_DIR ?? '../shared/data');
}

function filesBelow(dir: string, filter: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && filter(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Changes whenever the imported template would come out differently. */
function fingerprint(): string {
  const hash = crypto.createHash('sha256');
  const code = [
    ...filesBelow(path.join(projectRoot, 'migrations'), () => true),
    ...filesBelow(path.join(projectRoot, 'src/gebiete'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && !n.endsWith('.fixtures.ts')),
    ...['csv.ts', 'text.ts', 'schema.ts', 'db.ts'].map((f) => path.join(projectRoot, 'src/shared', f)),
    path.join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'),
  ];
  for (const file of code) hash.update(file).update(fs.readFileSync(file));
  // The data files are large: their size and modification time stand for their content.
  for (const file of filesBelow(officialDataDir(), () => true)) {
    const st = fs.statSync(file);
    hash.update(`${file}:${st.size}:${st.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function importInto(database: Database): Promise<void> {
  await importOfficialData(database, { officialDataDir: officialDataDir(), land: '09', actor: 'test-template' });
}

/* ------------------------------------------------------------------ PGlite */

const testDataDir = path.join(projectRoot, '.test-data');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Tries to take the build lock; a lock of a process that died is taken over. */
function tryLock(lockFile: string): boolean {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    if (Number.isFinite(pid) && isAlive(pid)) return false;
    fs.rmSync(lockFile, { force: true });
    return tryLock(lockFile);
  }
}

async function buildPgliteTemplate(templateDir: string, lockFile: string): Promise<void> {
  const staging = `${templateDir}.tmp-${process.pid}`;
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: staging });
    try {
      await importInto(database);
    } finally {
      await database.close();
    }
    // Templates of other fingerprints are of no further use once nobody runs that code any more;
    // an hour's grace keeps a parallel run on another working copy state from losing its template.
    const own = path.basename(templateDir);
    for (const name of fs.readdirSync(testDataDir)) {
      const other = path.join(testDataDir, name);
      const stale = /^imported-[0-9a-f]{16}$/.test(name) && name !== own && Date.now() - fs.statSync(other).mtimeMs > 60 * 60_000;
      // Half-built templates of processes that were killed.
      const abandoned = /^imported-[0-9a-f]{16}\.tmp-(\d+)$/.exec(name);
      if (stale || (abandoned && !isAlive(Number(abandoned[1])))) fs.rmSync(other, { recursive: true, force: true });
    }
    try {
      fs.renameSync(staging, templateDir);
    } catch (e) {
      // Two builders after a stale lock was taken over twice: the first complete template wins.
      if (!fs.existsSync(templateDir)) throw e;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(lockFile, { force: true });
  }
}

/** Path of the complete template directory, building it if no process has. */
async function pgliteTemplate(): Promise<string> {
  fs.mkdirSync(testDataDir, { recursive: true });
  const templateDir = path.join(testDataDir, `imported-${fingerprint()}`);
  const lockFile = `${templateDir}.lock`;
  const deadline = Date.now() + 5 * 60_000;
  while (!fs.existsSync(templateDir)) {
    if (tryLock(lockFile)) {
      // Another process may have finished between our check and the lock.
      if (fs.existsSync(templateDir)) fs.rmSync(lockFile, { force: true });
      else await buildPgliteTemplate(templateDir, lockFile);
      break;
    }
    if (Date.now() > deadline) throw new Error(`Vorlage ${templateDir} wurde nach 5 Minuten nicht fertig (Sperrdatei ${lockFile})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // Marks the template as in use (see the clean-up of other fingerprints above).
  const now = new Date();
  fs.utimesSync(templateDir, now, now);
  return templateDir;
}

async function openPgliteCopy(templateDir: string): Promise<Database> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'da-imported-'));
  fs.cpSync(templateDir, copy, { recursive: true });
  const database = await openDatabase({ dataDir: copy });
  const close = database.close.bind(database);
  return {
    ...database,
    async close() {
      await close();
      fs.rmSync(copy, { recursive: true, force: true });
    },
  };
}

/* ------------------------------------------------------------------ PostgreSQL */

const TEMPLATE_LOCK = 727101;

async function postgresTemplate(): Promise<string> {
  const name = `da_tpl_imported_${fingerprint()}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      const url = await createPostgresDatabase();
      const building = new URL(url).pathname.slice(1);
      const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
      try {
        await importInto(database);
      } finally {
        await database.close();
      }
      // The server ends the closed connections asynchronously; renaming needs them gone.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`alter database ${building} rename to ${name}`);
          break;
        } catch (e) {
          if (attempt >= 40) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    await admin.end();
  }
  return name;
}

/* ------------------------------------------------------------------ public */

let template: Promise<string> | undefined;

/**
 * A database of its own with the Bavarian official data (Gebietsstand of the data files) imported:
 * 2,056 Gemeinden, 1,463 Behörden, the OZG/LeiKa catalogue and the VG5000 geometries. Close it in
 * `afterAll` (PGlite holds about 700 MB per instance).
 */
export async function openImportedTestDatabase(): Promise<Database> {
  if (testEngine() === 'postgres') {
    template ??= postgresTemplate();
    return openDatabase({ databaseUrl: await createPostgresDatabase(await template), poolSize: 4 });
  }
  template ??= pgliteTemplate();
  let dir = await template;
  // A template removed meanwhile (`.test-data` cleaned) is built again rather than failing every later test.
  if (!fs.existsSync(dir)) {
    template = pgliteTemplate();
    dir = await template;
  }
  return openPgliteCopy(dir);
}
