/**
 * Rate limits of the public addresses with the shipped defaults: the JSON API answers 429 with
 * Retry-After once an address has used its minute, while the signet, the open data and the health
 * endpoints keep answering — they have their own, much higher limits.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/shared/config';
import type { Database } from '../../src/shared/db';
import { drosselGruppe } from '../../src/shared/drosselung';
import { aBehoerde } from '../support/builders';
import { openTestDatabase } from '../support/db';

let database: Database;
let app: FastifyInstance;
const NR = 'DA-2024-0042';

/** The real defaults, not testConfig (which switches the group limits off). */
const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SESSION_SECRET: 's'.repeat(40), SIGNET_KEK: 'k'.repeat(40), ...env });

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: config(), database });
  await app.ready();
  const b = await aBehoerde(database, { name: 'Markt Signetheim' });
  await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values (${NR}, ${b.ars}, '2024-05-02', 'gueltig')`);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('rate limits per address', () => {
  it('500 quick API calls get 429 with Retry-After after the limit, while the signet keeps answering 200', async () => {
    const limit = config().rateLimits.api;
    expect(limit).toBe(300);
    const api: number[] = [];
    const signet: number[] = [];
    let beispiel429: Awaited<ReturnType<FastifyInstance['inject']>> | undefined;
    for (let runde = 0; runde < 10; runde++) {
      const [a, s] = await Promise.all([
        Promise.all(Array.from({ length: 50 }, () => app.inject({ method: 'GET', url: '/api/v1/behoerden?pageSize=1', remoteAddress: '203.0.113.77' }))),
        Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'GET', url: `/signet/${NR}.svg`, remoteAddress: '203.0.113.77' }))),
      ]);
      api.push(...a.map((r) => r.statusCode));
      signet.push(...s.map((r) => r.statusCode));
      beispiel429 ??= a.find((r) => r.statusCode === 429);
    }
    expect(api.filter((s) => s === 200)).toHaveLength(limit);
    expect(api.filter((s) => s === 429)).toHaveLength(500 - limit);
    expect(signet.every((s) => s === 200)).toBe(true);
    expect(signet).toHaveLength(200);
    expect(Number(beispiel429?.headers['retry-after'])).toBeGreaterThan(0);
    expect(beispiel429?.json()).toEqual({ code: 'RATE_LIMITED', message: 'Too many requests; see Retry-After', details: [] });

    // The same address still gets the open data, the health check and the PNG signet…
    for (const url of ['/opendata/behoerden.csv', '/healthz', '/livez', `/signet/${NR}.png`, '/.well-known/jwks.json']) {
      expect((await app.inject({ method: 'GET', url, remoteAddress: '203.0.113.77' })).statusCode, url).toBe(200);
    }
    // …and another address still gets the API.
    expect((await app.inject({ method: 'GET', url: '/api/v1/behoerden?pageSize=1', remoteAddress: '203.0.113.78' })).statusCode).toBe(200);
  });

  it('counts the whole API as one group, also unknown API addresses', async () => {
    const klein = await buildApp({ config: config({ API_RATE_PRO_MINUTE: '3' }), database });
    try {
      const urls = ['/api/v1/behoerden?pageSize=1', '/api/v1/verfahren?pageSize=1', '/api/v1/gibt-es-nicht', '/api/openapi.json'];
      const stati = [];
      for (const url of urls) stati.push((await klein.inject({ method: 'GET', url, remoteAddress: '203.0.113.90' })).statusCode);
      expect(stati).toEqual([200, 200, 404, 429]);
    } finally {
      await klein.close();
    }
  });

  it('gives the signet, open data and health their own limits', async () => {
    const klein = await buildApp({ config: config({ SIGNET_RATE_PRO_MINUTE: '2', OPENDATA_RATE_PRO_MINUTE: '1', HEALTH_RATE_PRO_MINUTE: '1' }), database });
    try {
      const von = { remoteAddress: '203.0.113.91' };
      const stati = async (url: string, n: number) => {
        const r: number[] = [];
        for (let i = 0; i < n; i++) r.push((await klein.inject({ method: 'GET', url, ...von })).statusCode);
        return r;
      };
      expect(await stati(`/signet/${NR}.svg`, 3)).toEqual([200, 200, 429]);
      expect(await stati('/opendata/praedikate.csv', 2)).toEqual([200, 429]);
      expect(await stati('/livez', 2)).toEqual([200, 429]);
      // Pages are not in any group.
      expect(await stati('/', 3)).toEqual([200, 200, 200]);
    } finally {
      await klein.close();
    }
  });

  it('documents 429 in the OpenAPI document for the API routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json', remoteAddress: '203.0.113.99' })).json();
    for (const [pfad, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { description: string }> }>>)) {
      if (!pfad.startsWith('/api/')) continue;
      for (const [methode, op] of Object.entries(ops)) expect(op.responses['429']?.description, `${methode} ${pfad}`).toContain('Retry-After');
    }
    expect(doc.paths['/signet/{datei}'].get.responses['429']).toBeDefined();
  });

  it('sorts addresses into groups', () => {
    expect(drosselGruppe('/api/v1/behoerden?q=x')).toBe('api');
    expect(drosselGruppe('/api/openapi.json')).toBe('api');
    expect(drosselGruppe('/signet/DA-2021-0001.png?groesse=l')).toBe('signet');
    expect(drosselGruppe('/credentials/status/revocation')).toBe('signet');
    expect(drosselGruppe('/.well-known/did.json')).toBe('signet');
    expect(drosselGruppe('/opendata/behoerden.csv')).toBe('opendata');
    expect(drosselGruppe('/healthz')).toBe('gesundheit');
    expect(drosselGruppe('/metrics')).toBe('gesundheit');
    expect(drosselGruppe('/behoerden')).toBeUndefined();
    expect(drosselGruppe('/apiwas')).toBeUndefined();
  });
});
