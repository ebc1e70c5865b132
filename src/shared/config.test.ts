import { describe, expect, it } from 'vitest';
import { ConfigError, geheimnisse, loadConfig } from './config';

describe('config', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/app/.data');
    expect(c.officialDataDir).toBe('/srv/shared/data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.thresholds).toEqual({ default: 50, bezirk: 30 });
    expect(c.demo.enabled).toBe(true);
    expect(c.importLand).toBe('09');
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'achtzig', DATABASE_URL: 'mysql://x', IMPORT_LAND: 'Bayern' });
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('IMPORT_LAND');
    }
  });

  it('has no secret of its own: without the environment nothing can sign until they are loaded', () => {
    for (const env of [{}, { NODE_ENV: 'production' }, { NODE_ENV: 'development' }]) {
      const c = loadConfig(env);
      expect(c.secrets.session).toBeUndefined();
      expect(c.secrets.signetKek).toBeUndefined();
      expect(() => geheimnisse(c)).toThrow(/Geheimnisse nicht geladen/);
    }
  });

  it('requires SESSION_SECRET and SIGNET_KEK with PostgreSQL and names both', () => {
    try {
      loadConfig({ DATABASE_URL: 'postgres://db/app' });
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems.find((p) => p.startsWith('SESSION_SECRET:'))).toMatch(/Pflicht, wenn DATABASE_URL gesetzt ist/);
      expect(problems.find((p) => p.startsWith('SIGNET_KEK:'))).toMatch(/alle Instanzen brauchen dieselben Geheimnisse/);
    }
    const c = loadConfig({ DATABASE_URL: 'postgres://db/app', SESSION_SECRET: 's'.repeat(40), SIGNET_KEK: 'k'.repeat(40) });
    expect(geheimnisse(c)).toEqual({ session: ['s'.repeat(40)], signetKek: ['k'.repeat(40)] });
  });

  it('takes earlier secrets for a rotation, current first, and refuses short ones', () => {
    const c = loadConfig({ SESSION_SECRET: 'a'.repeat(32), SESSION_SECRET_VORHER: `${'b'.repeat(32)}, ${'c'.repeat(32)}`, SIGNET_KEK: 'k'.repeat(32), SIGNET_KEK_VORHER: 'l'.repeat(32) });
    expect(geheimnisse(c)).toEqual({ session: ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)], signetKek: ['k'.repeat(32), 'l'.repeat(32)] });
    expect(() => loadConfig({ SIGNET_KEK: 'zu-kurz' })).toThrow(/SIGNET_KEK: mindestens 32 Zeichen/);
    expect(() => loadConfig({ SESSION_SECRET_VORHER: 'zu-kurz' })).toThrow(/SESSION_SECRET_VORHER/);
  });

  it('marks cookies Secure and sends HSTS only behind a TLS proxy', () => {
    expect(loadConfig({}).cookieSecure).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).cookieSecure).toBe(true);
  });

  it('switches demo data off for a real deployment', () => {
    expect(loadConfig({ DEMO_DATA: 'false' }).demo.enabled).toBe(false);
  });
});
