/**
 * The start and the stop as an orchestrator or supervisor sees them (docs/operations.md,
 * „Probes“, „Exit codes“, „Stopping“; ADR 0015), with the real server process:
 *
 * - a first start, stopped with SIGTERM in the middle of its preparation, ends with exit code 0
 *   and leaves data the next start completes;
 * - a first start (official data and demo data, as `npm start` ships) polled every 200 ms:
 *   `/livez` answers 200 within a second every time from the first answer on, `/healthz` says 503
 *   with the step until it is ready; stdout carries only JSON log lines (the probes not among
 *   them), the one-time passwords go to stderr;
 * - SIGTERM to the PID a supervisor holds — `npm start`'s or `node dist/server.js`'s — stops the
 *   server: port closed, processes gone, exit code 0;
 * - bad settings, a busy port, a data directory in use: the documented exit code and a plain
 *   German message, no stack.
 *
 * Runs on both engines (the first starts); the checks that do not depend on the engine only on PGlite.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/db';
import { cleanUp, connectionRefused, copyOf, type Data, emptyData, repoRoot, type ServerProcess, sleep, startServerProcess, usePreparedData, waitUntil, withData } from './support';

afterAll(cleanUp);

const engine = testEngine();
/** What the issue asks of a liveness probe: an answer within a second at every moment. */
const LIVENESS_LIMIT_MS = 1000;

interface Probe {
  at: number;
  ms: number;
  status: number | string;
}

/** Polls `/livez` and `/healthz` every 200 ms until `/healthz` is 200 (or the process ends). */
async function pollUntilReady(s: ServerProcess, timeoutMs: number) {
  const livez: Probe[] = [];
  const steps: string[] = [];
  const t0 = Date.now();
  for (;;) {
    if (s.hasExited()) throw new Error(`the server ended during the start:\n${s.log().slice(-3000)}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`not ready after ${timeoutMs / 1000} s; steps: ${steps.join(' → ')}`);
    const started = Date.now();
    try {
      const res = await fetch(`${s.baseUrl}/livez`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      livez.push({ at: started - t0, ms: Date.now() - started, status: res.status });
      const health = await fetch(`${s.baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
      const body = (await health.json()) as { status: string; step?: string };
      if (health.status === 200) return { livez, steps };
      expect(health.status).toBe(503);
      if (body.step && steps.at(-1) !== body.step) steps.push(body.step);
    } catch (e) {
      livez.push({ at: started - t0, ms: Date.now() - started, status: (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name });
    }
    await sleep(Math.max(0, 200 - (Date.now() - started)));
  }
}

const jsonLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe(`start and stop of the server (${engine})`, () => {
  let data: Data;

  it('a SIGTERM during the first start ends it with exit code 0; the next first start, polled every 200 ms, answers /livez within a second every time', { timeout: 900_000 }, async () => {
    data = await emptyData();
    const env = { DEMO_DATA: 'true', LINKCHECK_ENABLED: 'false' };
    const first = await startServerProcess({ data, env, waitReady: false, label: 'start-sigterm' });
    await waitUntil('the first start preparing the data', async () => {
      const res = await fetch(`${first.baseUrl}/healthz`).catch(() => undefined);
      const body = res ? ((await res.json()) as { step?: string }) : undefined;
      return /^Amtliche Daten/.test(body?.step ?? '');
    }, 300_000, 100);
    first.signalPid('SIGTERM');
    const t = Date.now();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - t).toBeLessThan(20_000);
    expect(await connectionRefused(first.port)).toBe(true);

    const second = await startServerProcess({ data, env, waitReady: false, label: 'start-probes' });
    const { livez, steps } = await pollUntilReady(second, 600_000);
    const firstAnswer = livez.findIndex((p) => typeof p.status === 'number');
    expect(firstAnswer).toBeGreaterThanOrEqual(0);
    const answered = livez.slice(firstAnswer);
    const slow = answered.filter((p) => p.status !== 200 || p.ms >= LIVENESS_LIMIT_MS);
    // What the probes before the first answer got (refused while the process loads its modules; anything else is worth a look).
    const vorher = new Map<string, number>();
    for (const p of livez.slice(0, firstAnswer)) {
      const art = `${p.status}${p.ms >= 1000 ? ' after ≥ 1 s' : ''}`;
      vorher.set(art, (vorher.get(art) ?? 0) + 1);
    }
    console.log(
      `/livez during the first start (${engine}): ${answered.length} answers, max ${Math.max(...answered.map((p) => p.ms))} ms; ` +
        `first answer ${livez[firstAnswer].at} ms after the spawn; ready after ${((livez.at(-1)?.at ?? 0) / 1000).toFixed(1)} s; ` +
        `before the first answer: ${[...vorher].map(([k, n]) => `${n}× ${k}`).join(', ') || 'none'}; steps seen: ${steps.join(' → ')}`,
    );
    expect(slow, 'every /livez from the first answer on: 200 within a second').toEqual([]);
    // The probes were answered while the data was prepared, not only at the end.
    expect(steps.some((s) => /^Amtliche Daten/.test(s)), steps.join(' → ')).toBe(true);
    expect(steps.some((s) => /^Demodaten/.test(s)), steps.join(' → ')).toBe(true);
    expect(answered.length).toBeGreaterThan(10);

    // stdout: JSON log lines only, the probes not among them; the passwords on stderr only.
    const stdout = jsonLines(second.stdout());
    const parsed = stdout.map((l) => JSON.parse(l) as { level: number; msg: string; req?: { url?: string } });
    expect(parsed.filter((l) => /^\/(livez|healthz)/.test(l.req?.url ?? '') && l.level <= 30)).toEqual([]);
    expect(parsed.some((l) => /Zugangsdaten für \d+ neue Konten wurden einmalig auf stderr ausgegeben/.test(l.msg))).toBe(true);
    expect(second.stdout()).not.toMatch(/Passwort/);
    expect(second.stderr()).toMatch(/Erstanmeldung – diese Zugangsdaten werden nur jetzt angezeigt/);
    expect(second.stderr()).toMatch(/E-Mail: +redaktion\.nuernberg@demo\.example/);

    expect(await second.stop()).toEqual({ code: 0, signal: null });
    await withData(data, async (database) => {
      const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from import_runs');
      expect(n).toBe(1);
    });
    usePreparedData(data);
  });

  it.skipIf(engine !== 'pglite')('SIGTERM to the PID a supervisor holds stops the server: `npm start` and `node dist/server.js`', { timeout: 300_000 }, async () => {
    for (const command of ['npm start', 'node'] as const) {
      const s = await startServerProcess({ data: await copyOf(data), command, label: `supervised-${command.replace(' ', '-')}` });
      // The server's own pid, from its JSON log lines (under npm it is a child of npm).
      const serverPid = (JSON.parse(jsonLines(s.stdout()).find((l) => l.startsWith('{')) ?? '{}') as { pid?: number }).pid as number;
      expect(serverPid).toBeGreaterThan(0);
      if (command === 'node') expect(serverPid).toBe(s.pid);
      else expect(serverPid).not.toBe(s.pid);
      s.signalPid('SIGTERM');
      expect(await s.exited, command).toEqual({ code: 0, signal: null });
      expect(await connectionRefused(s.port), `${command}: port closed`).toBe(true);
      expect(() => process.kill(serverPid, 0), `${command}: server process gone`).toThrow(/ESRCH/);
      expect(s.log()).toMatch(/"msg":"Beendet \(SIGTERM\)"/);
    }
  });

  it.skipIf(engine !== 'pglite')('bad settings: exit code 2 with every problem listed at once, before anything else happens', async () => {
    const s = await startServerProcess({
      data: { kind: 'pglite', dataDir: path.join(repoRoot, 'test-results', 'nie-angelegt') },
      waitReady: false,
      label: 'bad-config',
      env: { IMPORT_LAND: '99', OFFICIAL_DATA_DIR: '/gibt/es/nicht', PUBLIC_BASE_URL: 'ftp://amt.example', DATABASE_POOL_SIZE: 'viele' },
    });
    expect(await s.exited).toEqual({ code: 2, signal: null });
    expect(s.stderr()).toBe(
      [
        'Ungültige Konfiguration:',
        '  - DATABASE_POOL_SIZE: muss eine Zahl sein (angegeben: „viele“)',
        '  - IMPORT_LAND: Schlüssel eines Landes von 01 bis 16 (z. B. 09 für Bayern) oder "all" (angegeben: „99“)',
        '  - PUBLIC_BASE_URL: eine http(s)-Adresse ohne Zugangsdaten, Abfrage oder Anker, z. B. https://digitales-amt.bayern.de (angegeben: „ftp://amt.example“)',
        '  - OFFICIAL_DATA_DIR: Ordner /gibt/es/nicht gibt es nicht (erwartet: gemeindeverzeichnis, ozg-leika, geo-bayern)',
        '',
      ].join('\n'),
    );
    expect(s.stdout()).toBe('');
    expect(fs.existsSync(path.join(repoRoot, 'test-results', 'nie-angelegt'))).toBe(false);
  });

  it.skipIf(engine !== 'pglite')('a busy port: exit code 4 and one German line; a data directory in use: exit code 3', { timeout: 120_000 }, async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const busy = await startServerProcess({ data: await emptyData(), waitReady: false, label: 'busy-port', env: { PORT: String(port) } });
      expect(await busy.exited).toEqual({ code: 4, signal: null });
      expect(busy.stderr()).toBe(`Port ${port} ist bereits belegt (127.0.0.1:${port}): Läuft der Server schon? Beenden Sie den anderen Prozess oder wählen Sie mit PORT einen anderen Port.\n`);
    } finally {
      blocker.close();
    }

    const running = await startServerProcess({ data: await copyOf(data), label: 'owner' });
    try {
      const second = await startServerProcess({ data: running.data, waitReady: false, label: 'second-opener' });
      expect(await second.exited).toEqual({ code: 3, signal: null });
      expect(second.stderr()).toMatch(new RegExp(`^Das Datenverzeichnis .+ wird bereits von Prozess ${running.pid} verwendet\\. .+\\n$`));
      // The refused second process did not disturb the first.
      expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
