/**
 * The signet image's fast path in front of Fastify (signet.schnellpfad.ts), on a listening server:
 * it answers from memory with the same bytes and headers as the Fastify route, and leaves
 * everything it cannot answer from memory to the route.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { buildApp } from '../app';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let base: string;
const NR = 'DA-2021-0042';

beforeAll(async () => {
  database = await openTestDatabase();
  const b = await aBehoerde(database, { name: 'Schnellhausen' });
  await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values (${NR}, ${b.ars}, '2021-07-29', 'gueltig')`);
  app = await buildApp({ config: testConfig(), database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function get(pfad: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pfad}`, { method, headers }, (res) => {
      const teile: Buffer[] = [];
      res.on('data', (c: Buffer) => teile.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(teile) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ohneVeraenderliche = (h: http.IncomingHttpHeaders) => {
  const { date: _d, 'x-request-id': _id, connection: _c, 'keep-alive': _k, ...rest } = h;
  return rest;
};

describe('the signet fast path', () => {
  it('answers repeated requests from memory with the bytes and headers of the Fastify route', async () => {
    const vorher = app.signetSchnellpfad.beantwortet();
    const erst = await get(`/signet/${NR}.svg`);
    expect(erst.status).toBe(200);
    expect(app.signetSchnellpfad.beantwortet()).toBe(vorher); // first: the route renders and caches
    const dann = await get(`/signet/${NR}.svg`);
    expect(app.signetSchnellpfad.beantwortet()).toBe(vorher + 1);
    expect(dann.body.equals(erst.body)).toBe(true);
    expect(ohneVeraenderliche(dann.headers)).toEqual(ohneVeraenderliche(erst.headers));
    expect(dann.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(dann.headers['x-request-id']).not.toBe(erst.headers['x-request-id']);
    expect(dann.headers['cache-control']).toMatch(/^public, max-age=\d+/);

    const nicht = await get(`/signet/${NR}.svg`, { 'if-none-match': String(dann.headers.etag) });
    expect(nicht.status).toBe(304);
    expect(nicht.body.length).toBe(0);
    expect(app.signetSchnellpfad.beantwortet()).toBe(vorher + 2);
  });

  it('sends the Brotli body once the route has compressed it, and PNG sizes too', async () => {
    const erst = await get(`/signet/${NR}.svg`, { 'accept-encoding': 'gzip, deflate, br' });
    const n = app.signetSchnellpfad.beantwortet();
    const dann = await get(`/signet/${NR}.svg`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(app.signetSchnellpfad.beantwortet()).toBe(n + 1);
    expect(dann.headers['content-encoding']).toBe('br');
    expect(dann.headers.vary).toBe('accept-encoding');
    expect(dann.headers.etag).toBe(erst.headers.etag);
    expect(dann.headers.etag).toMatch(/^W\//);
    expect(zlib.brotliDecompressSync(dann.body).toString()).toContain('Schnellhausen');
    await get(`/signet/${NR}.png?groesse=s`);
    const png = await get(`/signet/${NR}.png?groesse=s`);
    expect(app.signetSchnellpfad.beantwortet()).toBe(n + 2);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers.vary).toBeUndefined();
  });

  it('leaves unknown numbers, HEAD, other parameters and requests with credentials to the route', async () => {
    await get(`/signet/${NR}.svg`);
    const n = app.signetSchnellpfad.beantwortet();
    expect((await get('/signet/DA-2099-9999.svg')).status).toBe(404);
    expect((await get(`/signet/${NR}.svg`, {}, 'HEAD')).status).toBe(200);
    expect((await get(`/signet/${NR}.svg?groesse=riesig`)).status).toBe(400);
    // An unknown token is refused as on every route (401, which a page address turns into the login redirect).
    expect((await get(`/signet/${NR}.svg`, { authorization: 'Bearer da_unbekannt' })).status).toBe(302);
    expect(app.signetSchnellpfad.beantwortet()).toBe(n);
    const metrics = await get('/metrics');
    expect(metrics.body.toString()).toMatch(/da_http_requests_total\{method="GET",route="\/signet\/:datei",status="2xx"\} \d+/);
  });
});
