import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ausfuehren } from '../../tests/support/process';
import { ConfigError, geheimnisse, loadConfig } from './config';
import { GEHEIMNIS_DATEI, ladeGeheimnisse, leseGeheimnisDatei } from './geheimnisse';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'da-geheimnisse-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const neuesVerzeichnis = () => path.join(tmp, `installation-${++n}`);
const installation = (dataDir: string, env: Record<string, string> = {}) => ladeGeheimnisse(loadConfig({ DATA_DIR: dataDir, ...env }));

describe('secrets of an installation', () => {
  it('gives two fresh installations different secrets, generated at the first start', () => {
    const a = geheimnisse(installation(neuesVerzeichnis()));
    const b = geheimnisse(installation(neuesVerzeichnis()));
    expect(a.session[0]).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a.signetKek[0]).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a.session[0]).not.toBe(b.session[0]);
    expect(a.signetKek[0]).not.toBe(b.signetKek[0]);
    expect(a.session[0]).not.toBe(a.signetKek[0]);
  });

  it('keeps them in DATA_DIR with mode 600 (directory 700) and reads the same ones at the next start', () => {
    const dir = neuesVerzeichnis();
    const erst = installation(dir);
    const datei = path.join(dir, GEHEIMNIS_DATEI);
    expect(fs.statSync(datei).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual([GEHEIMNIS_DATEI]); // no temporary file left
    const wieder = installation(dir);
    expect(geheimnisse(wieder)).toEqual(geheimnisse(erst));
    expect(wieder.secrets.signetKekQuelle).toBe('datei');
  });

  it('refuses a secrets file that others may read, naming the fix', () => {
    const dir = neuesVerzeichnis();
    installation(dir);
    const datei = path.join(dir, GEHEIMNIS_DATEI);
    fs.chmodSync(datei, 0o644);
    expect(() => installation(dir)).toThrow(ConfigError);
    expect(() => installation(dir)).toThrow(`Zugriffsrechte 644 sind zu offen – die Geheimnisse darf nur der Eigentümer lesen. Beheben mit: chmod 600 ${datei}`);
    fs.chmodSync(datei, 0o600);
    expect(() => installation(dir)).not.toThrow();
  });

  it('refuses a damaged secrets file instead of generating new secrets over it', () => {
    const dir = neuesVerzeichnis();
    installation(dir);
    const datei = path.join(dir, GEHEIMNIS_DATEI);
    fs.writeFileSync(datei, '{"version":1,"SESSION_SECRET":"kurz"}');
    expect(() => installation(dir)).toThrow(/geheimnisse\.json: (erstelltAm|SESSION_SECRET)/);
    expect(fs.readFileSync(datei, 'utf8')).toBe('{"version":1,"SESSION_SECRET":"kurz"}');
  });

  it('takes the environment first and keeps accepting what the file held before', () => {
    const dir = neuesVerzeichnis();
    const ausDatei = geheimnisse(installation(dir));
    const s = 's'.repeat(40);
    const k = 'k'.repeat(40);
    const c = installation(dir, { SESSION_SECRET: s, SIGNET_KEK: k });
    expect(geheimnisse(c)).toEqual({ session: [s, ausDatei.session[0]], signetKek: [k, ausDatei.signetKek[0]] });
    expect(c.secrets.signetKekQuelle).toBe('umgebung');
    // All from the environment and no file yet: none is created.
    const leer = neuesVerzeichnis();
    expect(geheimnisse(installation(leer, { SESSION_SECRET: s, SIGNET_KEK: k }))).toEqual({ session: [s], signetKek: [k] });
    expect(fs.existsSync(path.join(leer, GEHEIMNIS_DATEI))).toBe(false);
  });

  it('creates the file once when several processes start at the same moment', async () => {
    const dir = neuesVerzeichnis();
    const script = `import { erzeugeGeheimnisDatei } from './src/shared/geheimnisse.ts'; const r = erzeugeGeheimnisDatei(${JSON.stringify(dir)}); console.log(JSON.stringify({ s: r.inhalt.SESSION_SECRET, erzeugt: r.erzeugt }));`;
    const laeufe = await Promise.all([1, 2, 3, 4].map(() => ausfuehren(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], process.env)));
    const ergebnisse = laeufe.map((l) => {
      expect(l.stderr).toBe('');
      return JSON.parse(l.stdout) as { s: string; erzeugt: boolean };
    });
    expect(new Set(ergebnisse.map((e) => e.s)).size).toBe(1);
    expect(ergebnisse.filter((e) => e.erzeugt)).toHaveLength(1);
    expect(leseGeheimnisDatei(dir)?.SESSION_SECRET).toBe(ergebnisse[0].s);
  });

  it('stops the server with PostgreSQL and no secrets: exit code 2 and a German message naming both variables', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgres://nutzer@127.0.0.1:1/gibt_es_nicht', DATA_DIR: neuesVerzeichnis() };
    for (const key of ['SESSION_SECRET', 'SIGNET_KEK', 'SESSION_SECRET_VORHER', 'SIGNET_KEK_VORHER', 'NODE_ENV']) delete env[key];
    const r = await ausfuehren(process.execPath, ['--import', 'tsx', 'src/server.ts'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Ungültige Konfiguration:');
    expect(r.stderr).toContain('SESSION_SECRET: ist Pflicht, wenn DATABASE_URL gesetzt ist: alle Instanzen brauchen dieselben Geheimnisse');
    expect(r.stderr).toContain('SIGNET_KEK: ist Pflicht, wenn DATABASE_URL gesetzt ist');
    expect(fs.existsSync(path.join(env.DATA_DIR as string, GEHEIMNIS_DATEI))).toBe(false);
  });
});
