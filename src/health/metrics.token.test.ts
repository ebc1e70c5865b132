/** `/metrics` in production: closed without a configured token, compared in constant time. */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { buildApp } from '../app';
import { loadConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { metricsTokenStimmt } from './metrics';

let database: Database;
const apps: FastifyInstance[] = [];
const TOKEN = 'prometheus-liest-hier-0123456789';

const produktion = async (env: Record<string, string> = {}) => {
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), SIGNET_KEK: 'k'.repeat(40), LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env });
  const app = await buildApp({ config, database });
  apps.push(app);
  return app;
};
const metrics = (app: FastifyInstance, authorization?: string) =>
  app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await database.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('/metrics in production', () => {
  it('is closed without a configured token, whatever the request sends', async () => {
    const app = await produktion();
    for (const h of [undefined, 'Bearer ', 'Bearer undefined', `Bearer ${TOKEN}`]) {
      const res = await metrics(app, h);
      expect(res.statusCode, String(h)).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.body).not.toContain('da_http_requests_total');
    }
  });

  it('answers Prometheus with the configured token only', async () => {
    const app = await produktion({ METRICS_TOKEN: TOKEN });
    expect((await metrics(app, `Bearer ${TOKEN}`)).statusCode).toBe(200);
    expect((await metrics(app, `bearer ${TOKEN}`)).body).toContain('da_process_uptime_seconds');
    for (const falsch of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer x', `Basic ${TOKEN}`, TOKEN]) {
      expect((await metrics(app, falsch)).statusCode, String(falsch)).toBe(401);
    }
  });
});

describe('metricsTokenStimmt', () => {
  it('compares SHA-256 digests of equal length with crypto.timingSafeEqual, also for a token of another length', () => {
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    expect(metricsTokenStimmt(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsTokenStimmt('Bearer kurz', TOKEN)).toBe(false);
    expect(metricsTokenStimmt(`Bearer ${TOKEN}${'x'.repeat(100)}`, TOKEN)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(3);
    for (const [a, b] of spy.mock.calls as [Buffer, Buffer][]) {
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
    }
    expect(metricsTokenStimmt(undefined, undefined)).toBe(false);
  });
});
