/**
 * The access log (docs/operations.md „Logging“): one line per request with the request id, none
 * for successful answers of hot public resources at `info`, errors always with the request id.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBehoerde } from '../tests/support/builders';
import { openTestDatabase } from '../tests/support/db';
import { buildApp } from './app';
import { testConfig } from './shared/config';
import type { Database } from './shared/db';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  const b = await aBehoerde(database, {});
  await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values ('DA-2021-0099', ${b.ars}, '2021-07-29', 'gueltig')`);
});
afterAll(async () => {
  await database.close();
});

async function appMitLog(level: string, bereit = true): Promise<{ app: FastifyInstance; zeilen: Record<string, unknown>[] }> {
  const zeilen: Record<string, unknown>[] = [];
  const ziel = new Writable({
    write(chunk, _enc, cb) {
      for (const z of String(chunk).split('\n').filter(Boolean)) zeilen.push(JSON.parse(z));
      cb();
    },
  });
  const app = await buildApp({ config: testConfig({ LOG_LEVEL: level }), database, logDestination: ziel, readiness: { ready: bereit, step: 'Test' } });
  app.get('/test/fehler', { config: { access: 'public' } }, async () => {
    throw new Error('kaputt');
  });
  await app.ready();
  return { app, zeilen };
}

describe('the access log', () => {
  it('writes one line per request at info, with request id, method, URL, status and time', async () => {
    const { app, zeilen } = await appMitLog('info');
    const r = await app.inject({ method: 'GET', url: '/impressum?x=1' });
    const signet = await app.inject({ method: 'GET', url: '/signet/DA-2021-0099.svg' });
    const css = await app.inject({ method: 'GET', url: '/assets/app.css' });
    const unbekannt = await app.inject({ method: 'GET', url: '/signet/DA-2099-0001.svg' });
    const fehler = await app.inject({ method: 'GET', url: '/test/fehler' });
    await app.close();
    expect([r.statusCode, signet.statusCode, css.statusCode, unbekannt.statusCode, fehler.statusCode]).toEqual([200, 200, 200, 404, 500]);
    const anfragen = zeilen.filter((z) => z.msg === 'request completed' || z.msg === 'incoming request');
    expect(anfragen.map((z) => [z.level, z.url, z.statusCode])).toEqual([
      [30, '/impressum?x=1', 200],
      [30, '/signet/DA-2099-0001.svg', 404],
      [50, '/test/fehler', 500],
    ]);
    expect(anfragen[0]).toMatchObject({ reqId: r.headers['x-request-id'], method: 'GET', responseTime: expect.any(Number) });
    const failed = zeilen.find((z) => z.msg === 'request failed');
    expect(failed).toMatchObject({ level: 50, reqId: fehler.headers['x-request-id'], err: { message: 'kaputt' } });
  });

  it('logs a 503 while starting as a warning, not as an error', async () => {
    const { app, zeilen } = await appMitLog('info', false);
    const r = await app.inject({ method: 'GET', url: '/impressum' });
    await app.close();
    expect(r.statusCode).toBe(503);
    expect(zeilen.filter((z) => z.msg === 'request completed').map((z) => [z.level, z.url])).toEqual([[40, '/impressum']]);
    expect(zeilen.filter((z) => Number(z.level) >= 50)).toEqual([]);
  });

  it('at debug also logs the incoming request and the hot resources', async () => {
    const { app, zeilen } = await appMitLog('debug');
    await app.inject({ method: 'GET', url: '/signet/DA-2021-0099.svg' });
    await app.close();
    expect(zeilen.filter((z) => z.url === '/signet/DA-2021-0099.svg' || (z.req as { url?: string })?.url === '/signet/DA-2021-0099.svg').map((z) => [z.level, z.msg])).toEqual([
      [20, 'incoming request'],
      [20, 'request completed'],
    ]);
  });
});
