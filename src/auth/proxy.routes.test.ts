/**
 * TRUST_PROXY: the client address comes from X-Forwarded-For only as far as trusted proxies wrote
 * it, so a client cannot choose the address the login rate limit counts, and cannot choose the
 * request id that goes into logs and the audit trail.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await database.close();
});

const LIMIT = 5;
const appMit = async (trustProxy?: string) => {
  const app = await buildTestApp(database, { env: { LOGIN_RATE_PRO_MINUTE: String(LIMIT), ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) } });
  apps.push(app);
  return app;
};

let zaehler = 0;
/** A login attempt (no CSRF token: the rate limit counts before any other check). */
const versuch = (app: FastifyInstance, opts: { von?: string; xff?: string } = {}) =>
  app.inject({
    method: 'POST',
    url: '/anmelden',
    remoteAddress: opts.von ?? '127.0.0.1',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.xff ? { 'x-forwarded-for': opts.xff } : {}) },
    payload: 'email=a%40b.example&password=x',
  });
/** A fresh address a client writes into the header itself. */
const erfunden = () => `198.18.${Math.floor(++zaehler / 250)}.${zaehler % 250}`;

async function statiVon(n: number, f: () => ReturnType<typeof versuch>) {
  const stati: number[] = [];
  for (let i = 0; i < n; i++) stati.push((await f()).statusCode);
  return stati;
}

describe('login rate limit behind proxies', () => {
  it('without TRUST_PROXY ignores X-Forwarded-For: a new header per attempt does not help', async () => {
    const app = await appMit();
    const stati = await statiVon(LIMIT + 2, () => versuch(app, { von: '203.0.113.10', xff: erfunden() }));
    expect(stati.slice(0, LIMIT).every((s) => s !== 429)).toBe(true);
    expect(stati.slice(LIMIT)).toEqual([429, 429]);
  });

  it('with TRUST_PROXY=1 counts the address the own proxy appended, not what the client wrote before it', async () => {
    const app = await appMit('1');
    // The client writes any address; the proxy (127.0.0.1) appends the one it saw, 203.0.113.20.
    const stati = await statiVon(LIMIT + 2, () => versuch(app, { xff: `${erfunden()}, 203.0.113.20` }));
    expect(stati.slice(LIMIT)).toEqual([429, 429]);
    const antwort = await versuch(app, { xff: `${erfunden()}, 203.0.113.20` });
    expect(antwort.headers['retry-after']).toBeDefined();
    // Another real client behind the same proxy has its own budget.
    expect((await versuch(app, { xff: '203.0.113.21' })).statusCode).not.toBe(429);
  });

  it('treats TRUST_PROXY=true as one proxy, never as "the left-most address"', async () => {
    const app = await appMit('true');
    const stati = await statiVon(LIMIT + 1, () => versuch(app, { xff: `${erfunden()}, 203.0.113.30` }));
    expect(stati[LIMIT]).toBe(429);
  });

  it('with TRUST_PROXY=<address> reads the header only from that proxy', async () => {
    const app = await appMit('10.0.0.1,192.168.0.0/16');
    const ueberProxy = await statiVon(LIMIT + 1, () => versuch(app, { von: '10.0.0.1', xff: `${erfunden()}, 203.0.113.40` }));
    expect(ueberProxy[LIMIT]).toBe(429);
    // Straight from the internet, with a made-up header: keyed on the socket address.
    const direkt = await statiVon(LIMIT + 1, () => versuch(app, { von: '203.0.113.41', xff: erfunden() }));
    expect(direkt[LIMIT]).toBe(429);
    // A second proxy of the listed network counts as trusted too.
    expect((await versuch(app, { von: '192.168.7.7', xff: '203.0.113.42' })).statusCode).not.toBe(429);
  });

  it('refuses a TRUST_PROXY value it does not understand, naming it', async () => {
    await expect(appMit('proxy.intern')).rejects.toThrow(/TRUST_PROXY.*proxy\.intern/s);
  });
});

describe('request id', () => {
  const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('is made by the server; a client cannot choose it', async () => {
    const app = await appMit();
    for (const id of [UUID, 'mein-id', 'a'.repeat(32), "x\r\nset-cookie: a=1"]) {
      const res = await app.inject({ method: 'GET', url: '/livez', headers: { 'x-request-id': id } });
      expect(res.headers['x-request-id']).not.toBe(id);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('is taken over from a trusted proxy, only as a UUID or 32 hex digits', async () => {
    const app = await appMit('10.0.0.1');
    const vomProxy = (id: string) => app.inject({ method: 'GET', url: '/livez', remoteAddress: '10.0.0.1', headers: { 'x-request-id': id } });
    expect((await vomProxy(UUID)).headers['x-request-id']).toBe(UUID);
    expect((await vomProxy('0123456789abcdef0123456789abcdef')).headers['x-request-id']).toBe('0123456789abcdef0123456789abcdef');
    expect((await vomProxy('frei-gewaehlt-123')).headers['x-request-id']).not.toBe('frei-gewaehlt-123');
    const direkt = await app.inject({ method: 'GET', url: '/livez', remoteAddress: '203.0.113.9', headers: { 'x-request-id': UUID } });
    expect(direkt.headers['x-request-id']).not.toBe(UUID);
  });
});
