/**
 * Three real server processes started at the same moment on one empty PostgreSQL database, with
 * demo data (docs/operations.md, „Several instances“, „Migrations“): all three become ready, and
 * the data is there once — the same row count in every table as after a single first start
 * (`cli setup` on a second empty database), the one-time passwords printed by one instance only.
 * Before the preparation was serialised, the second instance aborted on a duplicate key while
 * seeding, and course dates were doubled.
 *
 * And `npm run cli -- migrate`: only the migrations, exit code 0, also when nothing is left to do.
 *
 * PostgreSQL run only (a PGlite directory belongs to one process).
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build';
import { testEngine } from '../support/db';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cleanUp, POSTGRES_SECRETS, type Data, emptyData, repoRoot, type ServerProcess, startServerProcess } from './support';

afterAll(cleanUp);

const onPostgres = testEngine() === 'postgres';

/** Runs a command in the repository with extra environment; resolves with exit code and output. */
function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    for (const key of Object.keys(base)) if (key === 'DATABASE_URL' || key === 'DATA_DIR' || key.startsWith('VITEST')) delete base[key];
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Row count of every table (public schema). */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1")).rows.map((r) => r.t);
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await client.query<{ n: string }>(`select count(*) as n from "${t}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

const urlOf = (d: Data) => (d.kind === 'postgres' ? d.url : '');

describe.skipIf(!onPostgres)('several instances starting together on an empty database', () => {
  it('`npm run cli -- migrate` (`node dist/cli.js migrate`) applies only the migrations and exits 0, again when up to date', { timeout: 120_000 }, async () => {
    ensureBuilt();
    const data = await emptyData();
    const env = { DATABASE_URL: urlOf(data), NODE_ENV: 'test' };
    const first = await run('npm', ['run', '--silent', 'cli', '--', 'migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^(\d+) Migrationen angewendet in [\d.]+ s; jetzt \1 von \1\.\n$/);
    const counts = await rowCounts(urlOf(data));
    expect(Object.keys(counts).length).toBeGreaterThan(20);
    // Only the schema: no import, no accounts.
    expect(counts.behoerden).toBe(0);
    expect(counts.users).toBe(0);
    // The same command as the container and the systemd unit run it.
    const again = await run(process.execPath, ['dist/cli.js', 'migrate'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Die Datenbank ist auf dem neuesten Stand \((\d+) von \1 Migrationen angewendet\)\.\n$/);
  });

  it('three instances started at once all become ready, with the data once', { timeout: 900_000 }, async () => {
    const env = { DEMO_DATA: 'true', DEMO_SEED: '20210729', LINKCHECK_ENABLED: 'false' };
    const [shared, reference] = [await emptyData(), await emptyData()];
    ensureBuilt();
    // The reference: one first start without a server, the same preparation (`cli setup`).
    const single = run(process.execPath, ['dist/cli.js', 'setup'], { ...env, DATABASE_URL: urlOf(reference), ADMIN_EMAIL, INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD, NODE_ENV: 'test', ...POSTGRES_SECRETS });
    const instances: ServerProcess[] = await Promise.all(
      ['eins', 'zwei', 'drei'].map((label) => startServerProcess({ data: shared, env, label: `together-${label}`, timeoutMs: 600_000 })),
    );
    const setup = await single;
    expect(setup.code, setup.stderr).toBe(0);

    for (const s of instances) {
      expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
      expect(s.log()).not.toMatch(/duplicate key|Start abgebrochen/);
    }
    // One instance prepared, the others waited for it.
    expect(instances.filter((s) => /Erster Start: amtliche Daten werden/.test(s.log()))).toHaveLength(1);
    expect(instances.filter((s) => /Eine andere Instanz richtet die Datenbank gerade ein/.test(s.log())).length).toBeGreaterThanOrEqual(1);
    expect(instances.filter((s) => /Erstanmeldung/.test(s.stderr()))).toHaveLength(1);

    const [together, once] = [await rowCounts(urlOf(shared)), await rowCounts(urlOf(reference))];
    expect(together).toEqual(once);
    expect(together.import_runs).toBe(1);
    expect(together.digitallotse_kurse).toBe(3);
    expect(together.checklisten).toBe(1);
    expect(together.behoerden).toBe(1463);
    for (const s of instances) expect((await s.stop()).code).toBe(0);
  });
});
