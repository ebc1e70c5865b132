import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { testConfig } from '../shared/config';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('health and metrics', () => {
  it('answers readiness with the database checked and liveness always', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
  });

  it('answers liveness 200 and readiness 503 with the step while the app is not ready; pages wait', async () => {
    const readiness = { ready: false, step: 'Zählstände werden berechnet' };
    const starting = await buildApp({ config: testConfig(), database, readiness });
    try {
      expect((await starting.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
      const healthz = await starting.inject({ method: 'GET', url: '/healthz' });
      expect(healthz.statusCode).toBe(503);
      expect(healthz.json()).toMatchObject({ status: 'starting', step: 'Zählstände werden berechnet' });
      expect((await starting.inject({ method: 'GET', url: '/behoerden' })).statusCode).toBe(503);
      readiness.ready = true;
      expect((await starting.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await starting.close();
    }
  });

  it('counts requests by route and status class in Prometheus format', async () => {
    await app.inject({ method: 'GET', url: '/anmelden' });
    await app.inject({ method: 'GET', url: '/gibt-es-nicht' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(res.body).toMatch(/da_http_requests_total\{method="GET",route="\/anmelden",status="2xx"\} [1-9]/);
    expect(res.body).toMatch(/da_http_requests_total\{method="GET",route="nicht_gefunden",status="4xx"\} [1-9]/);
    expect(res.body).toContain('da_http_request_duration_seconds_bucket{method="GET",route="/anmelden",le="+Inf"}');
    for (const line of res.body.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) .+|[a-z_]+(\{.*\})? [0-9.e+-]+)$/);
  });

  it('asks for a token when one is configured', async () => {
    const locked = await buildTestApp(database, { env: { METRICS_TOKEN: 'geheim-geheim-geheim' } });
    try {
      expect((await locked.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await locked.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer geheim-geheim-geheim' } })).statusCode).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
