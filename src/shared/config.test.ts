import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

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

  it('requires a session secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/PUBLIC_BASE_URL/);
    const prod = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example/' });
    expect(prod.session.secret).toBe('x'.repeat(40));
    // Absolute addresses (open data, feeds, embed code) start with the configured address, never localhost.
    expect(prod.publicBaseUrl).toBe('https://digitales-amt.bayern.example');
  });

  it('marks cookies Secure and sends HSTS only behind a TLS proxy', () => {
    expect(loadConfig({}).cookieSecure).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).cookieSecure).toBe(true);
  });

  it('switches demo data off for a real deployment', () => {
    expect(loadConfig({ DEMO_DATA: 'false' }).demo.enabled).toBe(false);
  });
});
