import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase, testEngine } from '../../tests/support/db';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { onlineVerfahren, verlinkungen } from '../shared/schema';
import { runLinkcheckCommand } from './linkcheck.command';
import { startTestServer, type TestServer, testnetzFuer } from './linkcheck.fixtures';
import type { Netzzugang } from './linkcheck.probe';
import { LINKCHECK_LOCK } from './linkcheck.repository';
import { createLinkcheckService, type LinkcheckSettings, pruefeLinks } from './linkcheck.service';
import { testConfig } from '../shared/config';
import { createServices } from '../services/services';

const settings: LinkcheckSettings = {
  timeoutMs: 500,
  maxRedirects: 5,
  userAgent: 'DigitalesAmt-Linkpruefung/1.0 (+http://localhost)',
  concurrency: 16,
  concurrencyPerHost: 2,
  zaehlregel: { defekteLinks: 'karenz', karenzTage: 14 },
  laufzeitMs: 60_000,
  maxUrlsProBehoerde: 500,
};
/** The test exception for the shared test server (the link check refuses local addresses otherwise). */
const netz = (): Netzzugang => ({ testnetz: testnetzFuer(server) });

const T0 = new Date('2026-03-02T02:00:00Z');
const tage = (n: number) => new Date(T0.getTime() + n * 86_400_000);

let database: Database;
let server: TestServer;

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startTestServer({ verzoegerungMs: 40 });
});
afterAll(async () => {
  await server.close();
  await database.close();
});
afterEach(() => {
  server.schalter = 404;
});

let n = 0;
async function aVerfahren(url: string, extra: Partial<typeof onlineVerfahren.$inferInsert> = {}) {
  n += 1;
  const [v] = await database.db
    .insert(onlineVerfahren)
    .values({ name: `Verfahren ${n}`, bereitstellung: 'zentral', url, ...extra })
    .returning({ id: onlineVerfahren.id });
  return v.id;
}
const verlinke = (ars: string, verfahrenId: string, url: string | null = null) => database.db.insert(verlinkungen).values({ behoerdeArs: ars, verfahrenId, url });

const pruefung = async (url: string) =>
  (await database.query<{ status: string; http_status: number | null; fehler: string | null; defekt_seit: Date | null; geprueft_am: Date }>(
    'select status, http_status, fehler, defekt_seit, geprueft_am from link_pruefungen where url = $1',
    [url],
  ))[0];
const anzahl = async (ars: string) => (await database.query<{ anzahl: number }>('select anzahl from zaehlstaende where behoerde_ars = $1', [ars]))[0]?.anzahl;

describe('pruefeLinks', () => {
  it('checks every distinct effective URL once (own URL of a Behörde over the catalogue URL) and summarises', async () => {
    const a = await aBehoerde(database);
    const b = await aBehoerde(database);
    const zentral = await aVerfahren(server.url('/ok?v=zentral'));
    const mitEigener = await aVerfahren(server.url('/404?v=katalog'));
    await verlinke(a.ars, zentral);
    await verlinke(b.ars, zentral);
    await verlinke(a.ars, mitEigener, server.url('/ok?v=eigene'));
    await verlinke(b.ars, mitEigener);

    const vorher = server.anfragen.length;
    const r = await pruefeLinks(database, settings, { netz: netz(), now: T0, urls: undefined });
    const pfade = server.anfragen.slice(vorher).map((x) => `${x.method} ${x.path}`);
    expect(pfade.filter((p) => p === 'HEAD /ok')).toHaveLength(2); // zentral once for two Behörden, plus the own URL
    expect(r.ergebnisse.map((e) => e.url).sort()).toEqual([server.url('/404?v=katalog'), server.url('/ok?v=eigene'), server.url('/ok?v=zentral')]);
    expect(r).toMatchObject({ umfang: 'alle', geprueft: 3, ok: 2, defekt: 1, neuDefekt: 1, repariert: 0, abgebrochen: false });
    expect(await pruefung(server.url('/404?v=katalog'))).toMatchObject({ status: 'defekt', http_status: 404, fehler: 'HTTP 404 Not Found' });
    expect((await pruefung(server.url('/ok?v=eigene'))).status).toBe('ok');
    const [lauf] = await database.query<{ actor: string; geprueft: number }>(
      "select actor, (statistik->>'geprueft')::int as geprueft from import_runs where quelle = 'linkpruefung' order by id desc limit 1",
    );
    expect(lauf).toEqual({ actor: 'system', geprueft: 3 });
  });

  it('keeps defekt_seit across failing runs and clears it on repair', async () => {
    const url = server.url('/schalter?fall=defekt-seit');
    await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: T0 });
    expect((await pruefung(url)).defekt_seit).toEqual(T0);

    const zweiter = await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(3) });
    const p = await pruefung(url);
    expect(p.defekt_seit).toEqual(T0);
    expect(p.geprueft_am).toEqual(tage(3));
    expect(zweiter).toMatchObject({ defekt: 1, neuDefekt: 0, repariert: 0 });

    server.schalter = 200;
    const dritter = await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(4) });
    expect(await pruefung(url)).toMatchObject({ status: 'ok', defekt_seit: null, fehler: null, http_status: 200 });
    expect(dritter).toMatchObject({ ok: 1, repariert: 1 });

    server.schalter = 500;
    await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(5) });
    expect((await pruefung(url)).defekt_seit).toEqual(tage(5));
  });

  it('lets a broken link count within the grace period and drops it after (fixed now)', async () => {
    const b = await aBehoerde(database);
    const url = server.url('/schalter?fall=karenz');
    await verlinke(b.ars, await aVerfahren(server.url('/ok?fall=karenz-1')));
    await verlinke(b.ars, await aVerfahren(server.url('/ok?fall=karenz-2')));
    await verlinke(b.ars, await aVerfahren(url));

    await pruefeLinks(database, settings, { netz: netz(), now: T0 });
    expect(await anzahl(b.ars)).toBe(3);
    await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(14) });
    expect(await anzahl(b.ars)).toBe(3); // 14 days: still within the grace period
    await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(15) });
    expect(await anzahl(b.ars)).toBe(2);

    server.schalter = 200;
    await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(16) });
    expect(await anzahl(b.ars)).toBe(3);
  });

  it('applies the rules zaehlt_nicht (drops at once) and zaehlt (never drops)', async () => {
    const b = await aBehoerde(database);
    const url = server.url('/404?fall=regeln');
    await verlinke(b.ars, await aVerfahren(url));
    await pruefeLinks(database, { ...settings, zaehlregel: { defekteLinks: 'zaehlt_nicht', karenzTage: 14 } }, { netz: netz(), urls: [url], now: T0 });
    expect(await anzahl(b.ars)).toBe(0);
    await pruefeLinks(database, { ...settings, zaehlregel: { defekteLinks: 'zaehlt', karenzTage: 14 } }, { netz: netz(), urls: [url], now: tage(100) });
    expect(await anzahl(b.ars)).toBe(1);
  });

  it('re-checks only the broken URLs with nurDefekte', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, await aVerfahren(server.url('/404?fall=nur-defekte')));
    await verlinke(b.ars, await aVerfahren(server.url('/ok?fall=nur-defekte')));
    await pruefeLinks(database, settings, { netz: netz(), now: T0 });
    const vorher = server.anfragen.length;
    const r = await pruefeLinks(database, settings, { netz: netz(), nurDefekte: true, now: tage(1) });
    expect(r.umfang).toBe('defekte');
    expect(r.ergebnisse.every((e) => e.status === 'defekt')).toBe(true);
    expect(server.anfragen.slice(vorher).some((a) => a.path === '/ok')).toBe(false);
  });

  it('keeps to the per-host limit over a whole run', async () => {
    const s = await startTestServer({ verzoegerungMs: 50 });
    try {
      const b = await aBehoerde(database);
      for (let i = 0; i < 8; i++) await verlinke(b.ars, await aVerfahren(s.url(`/parallel/${i}`)));
      const r = await pruefeLinks(database, settings, { netz: { testnetz: testnetzFuer(s) }, urls: Array.from({ length: 8 }, (_, i) => s.url(`/parallel/${i}`)), now: T0 });
      expect(r.ok).toBe(8);
      expect(s.maxGleichzeitig).toBeLessThanOrEqual(settings.concurrencyPerHost);
      expect(s.maxGleichzeitig).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('stops at the deadline of the run: stores what was decided, leaves the rest as it was', async () => {
    const schnell = server.url('/ok?fall=frist');
    const langsam = server.url('/langsam?fall=frist');
    const r = await pruefeLinks(database, { ...settings, timeoutMs: 5000, laufzeitMs: 300 }, { netz: netz(), urls: [schnell, langsam], now: T0 });
    expect(r).toMatchObject({ geprueft: 1, ok: 1, nichtGeprueft: 1, abgebrochen: false });
    expect((await pruefung(schnell)).status).toBe('ok');
    expect(await pruefung(langsam)).toBeUndefined();
  });

  it('checks at most the cap of URLs per Behörde in one run, those checked longest ago first', async () => {
    const b = await aBehoerde(database);
    const urls = ['a', 'b', 'c'].map((x) => server.url(`/ok?fall=grenze-${x}`));
    for (const u of urls) await verlinke(b.ars, await aVerfahren(u));
    const eigene = (r: { ergebnisse: { url: string }[] }) => r.ergebnisse.map((e) => e.url).filter((u) => urls.includes(u)).sort();
    const erster = await pruefeLinks(database, { ...settings, maxUrlsProBehoerde: 2 }, { netz: netz(), now: tage(40) });
    expect(eigene(erster)).toEqual(urls.slice(0, 2));
    expect(erster.ueberGrenze).toBeGreaterThanOrEqual(1);
    const zweiter = await pruefeLinks(database, { ...settings, maxUrlsProBehoerde: 2 }, { netz: netz(), now: tage(41) });
    expect(eigene(zweiter)).toContain(urls[2]);
    expect(eigene(zweiter)).toHaveLength(2);
  });

  it('stores nothing when aborted', async () => {
    const ac = new AbortController();
    const url = server.url('/langsam?fall=abbruch');
    const lauf = pruefeLinks(database, { ...settings, timeoutMs: 5000 }, { netz: netz(), urls: [url], now: T0, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const r = await lauf;
    expect(r.abgebrochen).toBe(true);
    expect(await pruefung(url)).toBeUndefined();
  });
});

describe('service', () => {
  const service = () => createLinkcheckService(database, { ...settings, syncMaxUrls: 25 }, fixedClock(tage(20)), { netz: netz() });

  it('lists broken URLs with the number of linking Behörden, filterable by Regierungsbezirk, and whether they still count', async () => {
    const url = server.url('/500?fall=liste');
    const v = await aVerfahren(url);
    const ober = await aBehoerde(database, { regbezKey: '091' });
    const nieder = await aBehoerde(database, { regbezKey: '092' });
    const nieder2 = await aBehoerde(database, { regbezKey: '092' });
    for (const b of [ober, nieder, nieder2]) await verlinke(b.ars, v);
    await pruefeLinks(database, settings, { netz: netz(), urls: [url], now: tage(10) });

    const alle = await service().defekte({ page: 1, pageSize: 100 });
    const eintrag = alle.items.find((i) => i.url === url);
    expect(eintrag).toMatchObject({ behoerden: 3, httpStatus: 500, fehler: 'HTTP 500 Internal Server Error', zaehlt: true, defektSeit: tage(10).toISOString(), karenzBis: tage(24).toISOString() });
    const nurNieder = await service().defekte({ regierungsbezirk: '092', page: 1, pageSize: 100 });
    expect(nurNieder.items.find((i) => i.url === url)?.behoerden).toBe(2);
    const nurSchwaben = await service().defekte({ regierungsbezirk: '097', page: 1, pageSize: 100 });
    expect(nurSchwaben.items.find((i) => i.url === url)).toBeUndefined();

    const spaeter = createLinkcheckService(database, { ...settings, syncMaxUrls: 25 }, fixedClock(tage(30)), { netz: netz() });
    expect((await spaeter.defekte({ page: 1, pageSize: 100 })).items.find((i) => i.url === url)?.zaehlt).toBe(false);
    // The public sees that the link is broken, not why; the ministry and the Behörde's editors see the reason.
    const oeffentlich = (await spaeter.defekteLinksVon(nieder.ars))?.items ?? [];
    expect(oeffentlich).toMatchObject([{ url, status: 'defekt', zaehlt: false }]);
    expect(oeffentlich[0]).not.toHaveProperty('fehler');
    expect(oeffentlich[0]).not.toHaveProperty('httpStatus');
    const ministerium = { id: 'x', email: 'm@test.example', role: 'ministry_reviewer' as const, behoerden: [] };
    const redaktion = { id: 'y', email: 'r@test.example', role: 'kommune_editor' as const, behoerden: [nieder.ars] };
    const fremdeRedaktion = { ...redaktion, behoerden: [ober.ars] };
    expect((await spaeter.defekteLinksVon(nieder.ars, ministerium))?.items).toMatchObject([{ url, httpStatus: 500, fehler: 'HTTP 500 Internal Server Error' }]);
    expect((await spaeter.defekteLinksVon(nieder.ars, redaktion))?.items).toMatchObject([{ url, fehler: 'HTTP 500 Internal Server Error' }]);
    expect((await spaeter.defekteLinksVon(nieder.ars, fremdeRedaktion))?.items[0]).not.toHaveProperty('fehler');
    expect(await spaeter.defekteLinksVon('099999999999')).toBeUndefined();
  });

  it('runs only one check at a time in a process', async () => {
    const s = service();
    const [a, b] = await Promise.all([s.geplanterLauf(), s.geplanterLauf()]);
    expect([a.modus, b.modus].sort()).toEqual(['fertig', 'laeuft_bereits']);
  });

  it.runIf(testEngine() === 'postgres')('skips the full run while another instance holds the advisory lock', async () => {
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    const andere = await pool.connect();
    try {
      await andere.query('select pg_advisory_lock($1)', [LINKCHECK_LOCK]);
      const s = service();
      expect((await s.geplanterLauf()).modus).toBe('gesperrt');
      expect(await s.pruefeExklusiv()).toBeUndefined();
      expect((await s.starte('alle', { label: 'test' })).modus).toBe('gesperrt');
      expect(await s.status()).toMatchObject({ laeuft: true, andereInstanz: true });
      await andere.query('select pg_advisory_unlock($1)', [LINKCHECK_LOCK]);
      expect((await s.geplanterLauf()).modus).toBe('fertig');
    } finally {
      andere.release();
    }
  });
});

describe('CLI linkcheck', () => {
  it('checks the given URLs and prints a summary table with the broken ones', async () => {
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`FEHLER ${l}`) };
    const config = testConfig({ LINKCHECK_TIMEOUT_MS: '500' });
    const services = createServices({ database, config, clock: fixedClock(T0), linkcheckNetz: netz() });
    const code = await runLinkcheckCommand(services.linkcheck, ['--url', server.url('/ok?cli'), '--url', server.url('/404?cli')], { out }).finally(() => services.mailer.close());
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/Geprüft\s+2/);
    expect(text).toMatch(/Defekt\s+1/);
    expect(text).toContain(`404   HTTP 404 Not Found`);
    expect(text).toContain(server.url('/404?cli'));
  });

  it('rejects unknown options with the usage', async () => {
    const lines: string[] = [];
    const services = createServices({ database, config: testConfig() });
    const code = await runLinkcheckCommand(services.linkcheck, ['--alles'], { out: { log: (l) => lines.push(l), error: (l) => lines.push(l) } }).finally(() => services.mailer.close());
    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('npm run cli -- linkcheck');
  });
});
