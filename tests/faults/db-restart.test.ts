/**
 * PostgreSQL going away and coming back (docs/operations.md, „PostgreSQL restarts and failover“),
 * with two real server processes on a throwaway cluster of this file's own (the suite's shared
 * cluster must not be restarted under the other test files):
 *
 * - `pg_terminate_backend` of every connection, then a restart (`pg_ctl stop -m fast`, a pause,
 *   `pg_ctl start`) while both instances take writes: both stay up, `/healthz` answers 503 while
 *   the database is away and 200 within seconds after it is back, every write is answered 201 or
 *   503 (never a 500), and every write answered 201 is in the database afterwards;
 * - a start while the database is away: `/livez` 200, `/healthz` 503 „Warte auf die Datenbank“,
 *   ready once it is back; with a short DATABASE_CONNECT_TIMEOUT_SECONDS the start gives up with
 *   exit code 3 and one line saying why.
 *
 * PostgreSQL run only (the restart is of a PostgreSQL server).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/pg-throwaway';
import { testEngine } from '../support/db';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cleanUp, type Data, HttpSession, type ServerProcess, sleep, startServerProcess, waitUntil } from './support';

const onPostgres = testEngine() === 'postgres';

let cluster: ThrowawayPostgres;
let data: Data;
let a: ServerProcess;
let b: ServerProcess;

/** GET /healthz: the status, or the network error's name. */
async function readiness(s: ServerProcess): Promise<number | string> {
  try {
    const res = await fetch(`${s.baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status;
  } catch (e) {
    return (e as Error).name;
  }
}

/** Writes API tokens through the page form on one instance until stopped; records every answer. */
function writeLoop(s: ServerProcess, session: HttpSession, prefix: string) {
  const answers: { name: string; status: number | string }[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running && i < 5000; i++) {
      const name = `${prefix}-${i}`;
      let status: number | string;
      try {
        const res = await session.api('POST', '/konto/tokens', new URLSearchParams({ name, umfang: 'lesen', gueltigTage: '30' }).toString(), 'application/x-www-form-urlencoded', 10_000);
        await res.arrayBuffer();
        status = res.status;
      } catch (e) {
        status = (e as Error).name;
      }
      answers.push({ name, status });
      if (status !== 201) await sleep(50);
    }
  })();
  return {
    answers,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe.skipIf(!onPostgres)('PostgreSQL restarts under two instances', () => {
  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    data = { kind: 'postgres', url: cluster.url, name: 'app_test' };
    // The first instance prepares the database (import); the second finds it done.
    a = await startServerProcess({ data, label: 'pg-restart-a' });
    b = await startServerProcess({ data, label: 'pg-restart-b' });
  }, 300_000);

  afterAll(async () => {
    await cleanUp();
    await cluster?.stop();
  });

  it('both instances survive terminated connections and a restart, report it in /healthz, and lose no answered write', { timeout: 300_000 }, async () => {
    const sessions = [new HttpSession(a.baseUrl), new HttpSession(b.baseUrl)];
    for (const s of sessions) await s.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const loops = [writeLoop(a, sessions[0], 'a'), writeLoop(b, sessions[1], 'b')];
    const countOk = () => loops.reduce((n, l) => n + l.answers.filter((x) => x.status === 201).length, 0);
    await waitUntil('writes on both instances', () => loops.every((l) => l.answers.some((x) => x.status === 201)), 60_000);

    // Every connection ended by the administrator: idle ones in the pools, and those in use.
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    const terminated = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'app_test' and pid <> pg_backend_pid()");
    await admin.end();
    expect(terminated.rowCount).toBeGreaterThan(0);
    const afterTerminate = countOk();
    await waitUntil('writes again after the terminated connections', () => countOk() > afterTerminate + 10, 30_000);
    expect(a.hasExited() || b.hasExited(), 'an instance ended after pg_terminate_backend').toBe(false);

    // The restart: stop (fast: connections terminated), a few seconds away, start again.
    await cluster.pause();
    const seen = new Map<ServerProcess, Set<number | string>>([
      [a, new Set()],
      [b, new Set()],
    ]);
    const downUntil = Date.now() + 4000;
    while (Date.now() < downUntil) {
      for (const s of [a, b]) seen.get(s)?.add(await readiness(s));
      await sleep(200);
    }
    for (const s of [a, b]) {
      expect(s.hasExited(), `${s.logFile}: ended while the database was away`).toBe(false);
      expect([...(seen.get(s) ?? [])], `/healthz of ${s.baseUrl} while the database was away`).toEqual([503]);
    }
    const backAt = Date.now();
    await cluster.resume();
    for (const s of [a, b]) await waitUntil(`/healthz 200 on ${s.baseUrl} after the restart`, async () => (await readiness(s)) === 200, 15_000, 100);
    const recoverySeconds = (Date.now() - backAt) / 1000;
    expect(recoverySeconds).toBeLessThan(15);
    const afterRestart = countOk();
    await waitUntil('writes again after the restart', () => countOk() > afterRestart + 10, 30_000);
    for (const l of loops) await l.stop();

    // Answers: created, or „temporarily unavailable“ (503) — never a 500, never a dropped connection.
    const all = loops.flatMap((l) => l.answers);
    const statuses = new Set(all.map((x) => x.status));
    expect([...statuses].sort()).toEqual([201, 503]);
    // Every write answered 201 is stored; the ones answered 503 may or may not be.
    const created = all.filter((x) => x.status === 201).map((x) => x.name);
    const check = new pg.Client({ connectionString: cluster.url });
    await check.connect();
    try {
      const stored = new Set((await check.query<{ name: string }>('select name from api_tokens')).rows.map((r) => r.name));
      expect(created.filter((n) => !stored.has(n))).toEqual([]);
      // More than the ten answered writes awaited after the terminated connections and again after
      // the restart (how many came before depends on the machine's speed).
      expect(created.length).toBeGreaterThan(20);
    } finally {
      await check.end();
    }
    for (const s of [a, b]) {
      expect(s.log()).not.toMatch(/Unhandled 'error' event|"level":60/);
    }
  });

  it('a start while the database is away waits for it (or gives up with exit code 3 after DATABASE_CONNECT_TIMEOUT_SECONDS)', { timeout: 180_000 }, async () => {
    await Promise.all([a.stop(), b.stop()]);
    await cluster.pause();
    const patient = await startServerProcess({ data, label: 'pg-wait', waitReady: false, env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '120' } });
    const impatient = await startServerProcess({ data, label: 'pg-give-up', waitReady: false, env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' } });

    const ended = await impatient.exited;
    expect(ended).toEqual({ code: 3, signal: null });
    expect(impatient.stderr()).toMatch(/^Die Datenbank postgres:\/\/postgres@127\.0\.0\.1:\d+\/app_test ist nicht erreichbar \(\d+ Versuche in 2 s, DATABASE_CONNECT_TIMEOUT_SECONDS\): .*ECONNREFUSED.*\n$/);

    // The waiting one answers its probes meanwhile.
    const step = await waitUntil('/healthz „Warte auf die Datenbank“', async () => {
      const res = await fetch(`${patient.baseUrl}/healthz`).catch(() => undefined);
      if (!res) return undefined;
      const body = (await res.json()) as { status: string; step?: string };
      return res.status === 503 && /^Warte auf die Datenbank \(Versuch \d+/.test(body.step ?? '') ? body.step : undefined;
    }, 30_000, 100);
    expect(step).toMatch(/ECONNREFUSED/);
    expect((await fetch(`${patient.baseUrl}/livez`)).status).toBe(200);

    await cluster.resume();
    await patient.waitReady(60_000);
    expect((await patient.stop()).code).toBe(0);
  });
});
