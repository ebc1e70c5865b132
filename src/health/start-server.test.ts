import { spawnSync } from 'node:child_process';
import net from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Readiness } from './health.routes';
import { createStartServer, describeListenError, ListenError, type StartServer } from './start-server';

const started: StartServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function startOnFreePort(readiness: Readiness) {
  const s = createStartServer(readiness, 'pglite');
  started.push(s);
  await s.listen(0, '127.0.0.1');
  const { port } = s.server.address() as net.AddressInfo;
  return { s, port, base: `http://127.0.0.1:${port}` };
}

describe('the server of a starting instance', () => {
  it('answers liveness 200 and readiness 503 with the current step before the app exists', async () => {
    const readiness: Readiness = { ready: false, step: 'Amtliche Daten werden eingelesen' };
    const { base } = await startOnFreePort(readiness);
    const live = await fetch(`${base}/livez`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect(live.headers.get('cache-control')).toBe('no-store');

    const ready = await fetch(`${base}/healthz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'starting', step: 'Amtliche Daten werden eingelesen', database: 'unchecked', engine: 'pglite' });
    readiness.step = 'Demodaten werden erzeugt';
    expect(((await (await fetch(`${base}/healthz`)).json()) as { step: string }).step).toBe('Demodaten werden erzeugt');
  });

  it('answers every other page with 503, Retry-After and a German message (JSON for the API)', async () => {
    const { base } = await startOnFreePort({ ready: false, step: 'Migrationen <werden> angewendet' });
    const page = await fetch(`${base}/behoerden`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('30');
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Die Plattform startet: Migrationen &#60;werden&#62; angewendet');
    const api = await fetch(`${base}/api/v1/behoerden`);
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ code: 'STARTING', message: 'Die Plattform startet: Migrationen <werden> angewendet', details: [] });
  });

  it('hands the same listening server over to the app, without a moment without a listener', async () => {
    const readiness: Readiness = { ready: false, step: 'Server wird vorbereitet' };
    const { s, port, base } = await startOnFreePort(readiness);
    const app = Fastify({ serverFactory: s.serverFactory });
    app.get('/livez', async () => ({ status: 'ok', von: 'app' }));
    app.get('/healthz', async () => ({ status: 'ok' }));
    await app.ready();
    // Built, but not handed over yet: the start server still answers.
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    expect(s.handedOver()).toBe(false);
    await app.listen({ port, host: '127.0.0.1' });
    expect(s.handedOver()).toBe(true);
    expect(await (await fetch(`${base}/livez`)).json()).toEqual({ status: 'ok', von: 'app' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // The app's close stops the one server: the port is free again.
    await app.close();
    expect(s.server.listening).toBe(false);
    await expect(fetch(`${base}/livez`)).rejects.toThrow();
  });

  it('answers probes through its helper process while this thread is blocked', { timeout: 60_000 }, async () => {
    const readiness: Readiness = { ready: false, step: 'Server wird vorbereitet' };
    const { s, base } = await startOnFreePort(readiness);
    await s.startHelper();
    try {
      // spawnSync blocks this thread; only the helper can accept the probe's connection now.
      const probe = `fetch('${base}/livez').then(async (r) => console.log(r.status, await r.text()), (e) => console.log('fehler', e.message))`;
      const blocked = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 20_000 });
      expect(blocked.stdout.trim()).toBe('200 {"status":"ok"}');
    } finally {
      await s.stopHelper();
    }
    // Without the helper the blocked thread cannot answer: the same probe times out.
    const alone = spawnSync(process.execPath, ['-e', `fetch('${base}/livez', { signal: AbortSignal.timeout(1500) }).then((r) => console.log(r.status), (e) => console.log('fehler', e.name))`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(alone.stdout.trim()).toBe('fehler TimeoutError');
  });

  it('explains a busy port in one German line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const s = createStartServer({ ready: false, step: 'Start' }, 'postgres');
      const err = await s.listen(port, '127.0.0.1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ListenError);
      expect((err as Error).message).toBe(
        `Port ${port} ist bereits belegt (127.0.0.1:${port}): Läuft der Server schon? Beenden Sie den anderen Prozess oder wählen Sie mit PORT einen anderen Port.`,
      );
      expect((err as Error).message).not.toContain('\n');
    } finally {
      blocker.close();
    }
  });

  it('names the cause of other listen failures', () => {
    const e = (code: string) => Object.assign(new Error(`listen ${code}`), { code });
    expect(describeListenError(e('EACCES'), '0.0.0.0', 80)).toMatch(/^Keine Berechtigung, auf 0\.0\.0\.0:80 zu lauschen/);
    expect(describeListenError(e('EADDRNOTAVAIL'), '10.9.9.9', 3000)).toMatch(/^Die Adresse 10\.9\.9\.9 gehört nicht zu diesem Rechner \(HOST\)/);
  });
});
