import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type EnvironmentChecks, geheimnisse, loadConfig } from './config';

/** The problems a configuration is refused with (fails when it is accepted). */
function problemsOf(env: Record<string, string>, cwd?: string, checks?: EnvironmentChecks): string[] {
  try {
    loadConfig(env, cwd, checks);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  return expect.unreachable(`accepted: ${JSON.stringify(env)}`);
}

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

  it('accepts only the keys of the 16 Länder or "all" as IMPORT_LAND', () => {
    for (const ok of ['01', '09', '16', 'all']) expect(loadConfig({ IMPORT_LAND: ok }).importLand).toBe(ok);
    for (const bad of ['99', '00', '17', '9', 'Bayern', 'ALL']) {
      expect(problemsOf({ IMPORT_LAND: bad })).toEqual([`IMPORT_LAND: Schlüssel eines Landes von 01 bis 16 (z. B. 09 für Bayern) oder "all" (angegeben: „${bad}“)`]);
    }
  });

  it('accepts only an absolute http(s) URL as PUBLIC_BASE_URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://digitales-amt.bayern.de/' }).publicBaseUrl).toBe('https://digitales-amt.bayern.de');
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000' }).publicBaseUrl).toBe('http://localhost:3000');
    for (const bad of ['ftp://amt.example', 'javascript:alert(1)', 'digitales-amt.bayern.de', 'https://user:pw@amt.example', 'https://amt.example/?x=1', 'https://amt.example/#a']) {
      expect(problemsOf({ PUBLIC_BASE_URL: bad })[0]).toMatch(/^PUBLIC_BASE_URL: eine http\(s\)-Adresse ohne Zugangsdaten, Abfrage oder Anker/);
    }
  });

  it('says in German what is wrong and shows the value given, but never a secret', () => {
    const problems = problemsOf({ PORT: 'achtzig', LOG_LEVEL: 'laut', DATABASE_POOL_SIZE: '0', SESSION_SECRET: 'kurz-und-geheim' });
    expect(problems).toEqual([
      'PORT: muss eine Zahl sein (angegeben: „achtzig“)',
      'DATABASE_POOL_SIZE: mindestens 1 (angegeben: „0“)',
      'SESSION_SECRET: mindestens 32 Zeichen (erzeugen: openssl rand -base64 48)',
      'LOG_LEVEL: erlaubt: fatal, error, warn, info, debug, trace, silent (angegeben: „laut“)',
    ]);
  });

  it('checks the official data folder and DATA_DIR when asked, listing them with every other problem', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'da-config-'));
    try {
      const officialDataDir = (dir: string) => (fs.existsSync(dir) ? [] : [`Ordner ${dir} gibt es nicht`]);
      fs.writeFileSync(path.join(root, 'eine-datei'), '');
      const problems = problemsOf({ IMPORT_LAND: '99', OFFICIAL_DATA_DIR: 'fehlt', DATA_DIR: 'eine-datei/daten' }, root, { officialDataDir, dataDir: true });
      expect(problems).toEqual([
        'IMPORT_LAND: Schlüssel eines Landes von 01 bis 16 (z. B. 09 für Bayern) oder "all" (angegeben: „99“)',
        `OFFICIAL_DATA_DIR: Ordner ${path.join(root, 'fehlt')} gibt es nicht`,
        `DATA_DIR: ${path.join(root, 'eine-datei')} ist kein Verzeichnis`,
      ]);
      // With PostgreSQL the data directory is not used, so not checked.
      fs.mkdirSync(path.join(root, 'amtlich'));
      expect(loadConfig({ OFFICIAL_DATA_DIR: 'amtlich', DATA_DIR: 'eine-datei/daten', DATABASE_URL: 'postgres://db/amt', SESSION_SECRET: 's'.repeat(32), SIGNET_KEK: 'k'.repeat(32) }, root, { officialDataDir, dataDir: true }).databaseUrl).toBe('postgres://db/amt');
      // Without the checks (tests, most CLI commands) nothing on disk is looked at.
      expect(loadConfig({ OFFICIAL_DATA_DIR: 'fehlt' }, root).officialDataDir).toBe(path.join(root, 'fehlt'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('starts without demo data in production unless asked for', () => {
    const secret = { SESSION_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).demo.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).linkcheck.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true', ...secret }).demo.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).demo.enabled).toBe(true);
  });

  it('needs both secrets with PostgreSQL, except for the migrations alone', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/amt' })).toEqual([
      'SESSION_SECRET: ist Pflicht, wenn DATABASE_URL gesetzt ist: alle Instanzen brauchen dieselben Geheimnisse (erzeugen: openssl rand -base64 48)',
      'SIGNET_KEK: ist Pflicht, wenn DATABASE_URL gesetzt ist: alle Instanzen brauchen dieselben Geheimnisse (erzeugen: openssl rand -base64 48)',
    ]);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/amt' }, process.cwd(), { ohneGeheimnisse: true }).databaseUrl).toBe('postgres://db/amt');
  });

  it('accepts one shared demo password only for automated tests', () => {
    expect(() => loadConfig({ DEMO_PASSWORD: 'Ein-gemeinsames-Passwort' })).toThrow(/DEMO_PASSWORD: nur für automatisierte Tests/);
    expect(loadConfig({ NODE_ENV: 'test', DEMO_PASSWORD: 'Ein-gemeinsames-Passwort' }).demo.password).toBe('Ein-gemeinsames-Passwort');
  });
});
