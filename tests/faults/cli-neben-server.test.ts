/**
 * The command line beside the running server (docs/operations.md, ADR 0019), with real processes:
 * the server as `npm start` runs it and the CLI as `npm run cli` runs it.
 *
 * - Embedded database: the server has the data directory; `user list`, `user create`, `audit
 *   verify` and `backup erstellen` go over its admin socket and run inside it. The backup is taken
 *   while accounts are being created and restores into an empty directory only („Ziel ist nicht
 *   leer“ otherwise), each account with its audit entry.
 * - PostgreSQL: the CLI opens its own connection beside the server; the documented in-place
 *   restore (empty the database with psql, `backup einspielen`, compare `backup pruefsummen`) runs
 *   here exactly as written in docs/operations.md.
 * - Without a server the CLI opens the database itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOfficialDataFixture } from '../../src/gebiete/official-data.fixtures';
import { verifyAuditChain } from '../../src/shared/audit';
import { openDatabase } from '../../src/shared/db';
import { createPostgresDatabase, testEngine } from '../support/db';
import { ausfuehren } from '../support/process';
import { ADMIN_EMAIL, cleanUp, type Data, emptyData, HttpSession, POSTGRES_SECRETS, type ServerProcess, startServerProcess } from './support';

const ARS_INGOLSTADT = '091610000000';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'da-cli-neben-'));
let amtlicheDaten: string;
let data: Data;
let server: ServerProcess;

/** The environment an operator's shell would have for this data: the same as the server's. */
function umgebung(d: Data, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR', 'SESSION_SECRET', 'SIGNET_KEK'].includes(key) || key.startsWith('VITEST') || key.startsWith('npm_')) delete env[key];
  }
  return { ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...(d.kind === 'pglite' ? { DATA_DIR: d.dataDir } : { DATABASE_URL: d.url, ...POSTGRES_SECRETS }), ...extra };
}

// Each CLI command is a process of its own (≈ 1–2 s, much more on a busy machine): generous timeouts.

/** `npm run cli -- …` without npm's own header lines (what `npm run cli` executes: tsx src/cli/main.ts). */
const cli = (d: Data, args: string[], extra: Record<string, string> = {}) => ausfuehren(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], umgebung(d, extra));

beforeAll(async () => {
  amtlicheDaten = writeOfficialDataFixture();
  data = await emptyData();
  server = await startServerProcess({ data, label: 'cli-neben', env: { OFFICIAL_DATA_DIR: amtlicheDaten } });
});
afterAll(async () => {
  await cleanUp();
  fs.rmSync(amtlicheDaten, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`the CLI while the server runs (${testEngine()})`, () => {
  it('lists, creates and verifies while the server serves; the new account logs in at once', { timeout: 300_000 }, async () => {
    const liste = await ausfuehren('npm', ['run', '--silent', 'cli', '--', 'user', 'list'], umgebung(data));
    expect(liste.stderr).toBe('');
    expect(liste.code).toBe(0);
    expect(liste.stdout).toContain(`${ADMIN_EMAIL}\tministry_admin\taktiv\t\n`);

    const angelegt = await cli(data, ['user', 'create', '--email', 'redaktion@ingolstadt.example', '--name', 'Redaktion Ingolstadt', '--role', 'kommune_editor', '--behoerde', ARS_INGOLSTADT]);
    expect(angelegt.stderr).toBe('');
    expect(angelegt.code).toBe(0);
    const passwort = /Einmal-Passwort \(bei der ersten Anmeldung zu ändern\): (\S+)/.exec(angelegt.stdout)?.[1];
    expect(passwort).toBeTruthy();
    const sitzung = new HttpSession(server.baseUrl);
    await sitzung.login('redaktion@ingolstadt.example', passwort as string);

    const danach = await cli(data, ['user', 'list']);
    expect(danach.stdout).toContain(`redaktion@ingolstadt.example\tkommune_editor\taktiv\t${ARS_INGOLSTADT}\n`);
    const audit = await cli(data, ['audit', 'verify']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/^Audit-Protokoll unverändert: \d+ Einträge, Prüfkette vollständig\.\n$/);

    if (data.kind === 'pglite') {
      // They ran inside the server (its log names them), which kept serving.
      for (const befehl of ['user list', 'user create', 'audit verify']) expect(server.log()).toContain(`"befehl":"${befehl}"`);
    }
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses to restore over existing data: „Ziel ist nicht leer“, nothing changed', { timeout: 300_000 }, async () => {
    const datei = path.join(tmp, 'vorab.sicherung');
    expect((await cli(data, ['backup', 'erstellen', '--datei', datei])).code).toBe(0);
    const vorher = await cli(data, ['backup', 'pruefsummen']);
    const r = await cli(data, ['backup', 'einspielen', '--datei', datei]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Ziel ist nicht leer: /);
    expect((await cli(data, ['backup', 'pruefsummen'])).stdout).toBe(vorher.stdout);
  });

  it('takes a consistent backup while accounts are being created, and restores it into an empty target', { timeout: 300_000 }, async () => {
    const datei = path.join(tmp, data.kind === 'pglite' ? 'laufend.tar.gz' : 'laufend.dump');
    const anlegen = (i: number) =>
      cli(data, ['user', 'create', '--email', `gleichzeitig-${i}@ingolstadt.example`, '--name', `Gleichzeitig ${i}`, '--role', 'kommune_editor', '--behoerde', ARS_INGOLSTADT]);
    const [sicherung, ...angelegt] = await Promise.all([cli(data, ['backup', 'erstellen', '--datei', datei]), anlegen(1), anlegen(2), anlegen(3)]);
    expect(sicherung.stderr).toBe('');
    expect(sicherung.code).toBe(0);
    for (const a of angelegt) expect(a.code).toBe(0);
    expect(fs.statSync(datei).mode & 0o777).toBe(0o600);

    // Into an empty target; a second time it is no longer empty.
    const ziel: Data =
      data.kind === 'pglite' ? { kind: 'pglite', dataDir: path.join(tmp, 'ziel') } : { kind: 'postgres', url: await createPostgresDatabase(), name: '' };
    const einspielen = await cli(ziel, ['backup', 'einspielen', '--datei', datei]);
    expect(einspielen.stderr).toBe('');
    expect(einspielen.code).toBe(0);
    expect((await cli(ziel, ['backup', 'einspielen', '--datei', datei])).stderr).toMatch(/^Ziel ist nicht leer: /);

    const db = ziel.kind === 'pglite' ? await openDatabase({ dataDir: ziel.dataDir, migrate: false }) : await openDatabase({ databaseUrl: ziel.url, migrate: false, poolSize: 1 });
    try {
      expect((await verifyAuditChain(db.db)).problems).toEqual([]);
      // Every account in the copy has its audit entry and every entry its account: no half transaction.
      const konten = await db.query<{ id: string }>(`select id::text from users where email like 'gleichzeitig-%' order by 1`);
      const eintraege = await db.query<{ id: string }>(
        `select object_id as id from audit_log where action = 'user.create' and after->>'email' like 'gleichzeitig-%' order by 1`,
      );
      expect(eintraege.map((e) => e.id)).toEqual(konten.map((k) => k.id));
    } finally {
      await db.close();
    }
  });

  it('restores PostgreSQL in place exactly as docs/operations.md says', { timeout: 300_000 }, async () => {
    if (data.kind !== 'postgres') return;
    const datei = path.join(tmp, 'da.dump');
    // Before: a backup and its checksums.
    expect((await cli(data, ['backup', 'erstellen', '--datei', datei])).code).toBe(0);
    const vorher = await cli(data, ['backup', 'pruefsummen']);
    // Later changes that the restore must take back.
    expect((await cli(data, ['user', 'create', '--email', 'spaeter@ingolstadt.example', '--name', 'Später', '--role', 'ministry_reviewer'])).code).toBe(0);
    expect((await cli(data, ['backup', 'pruefsummen'])).stdout).not.toBe(vorher.stdout);

    // 1. Stop every instance.
    expect((await server.stop()).code).toBe(0);
    // 2. Empty the database.
    const leeren = await ausfuehren(
      'psql',
      [data.url, '--single-transaction', '-v', 'ON_ERROR_STOP=1', '-c', 'DROP SCHEMA IF EXISTS drizzle CASCADE', '-c', 'DROP SCHEMA public CASCADE', '-c', 'CREATE SCHEMA public'],
      umgebung(data),
    );
    // Only PostgreSQL's notices of what the cascade dropped.
    expect(leeren.stderr).not.toMatch(/ERROR|FATAL/);
    expect(leeren.code).toBe(0);
    // 3. Restore.
    const einspielen = await cli(data, ['backup', 'einspielen', '--datei', datei]);
    expect(einspielen.stderr).toBe('');
    expect(einspielen.code).toBe(0);
    // 4. Compare.
    expect((await cli(data, ['backup', 'pruefsummen'])).stdout).toBe(vorher.stdout);
    // 5. Start the instances again.
    server = await startServerProcess({ data, label: 'cli-neben-nachher', env: { OFFICIAL_DATA_DIR: amtlicheDaten } });
    expect((await cli(data, ['user', 'list'])).stdout).not.toContain('spaeter@ingolstadt.example');
  });

  it('opens the database itself when no server runs', { timeout: 300_000 }, async () => {
    expect((await server.stop()).code).toBe(0);
    const liste = await cli(data, ['user', 'list']);
    expect(liste.stderr).toBe('');
    expect(liste.code).toBe(0);
    expect(liste.stdout).toContain('redaktion@ingolstadt.example\tkommune_editor');
    if (data.kind === 'pglite') expect(fs.existsSync(path.join(data.dataDir, 'admin', 'cli.sock'))).toBe(false);
  });
});
