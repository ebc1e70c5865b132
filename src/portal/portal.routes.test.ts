/**
 * The public portal on the full Bavarian demo data (seed 20210729): every page and every export,
 * checked for content, and the exports checked against the API they must agree with.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import { seedDemoData } from '../demo/demo.service';
import { fixedClock } from '../shared/clock';
import { parseCsv } from '../shared/csv';
import type { Database } from '../shared/db';
import { SPALTEN_JE_DATEI } from './opendata.lexikon';
import { createPortalRepository } from './portal.repository';
import { createPortalService } from './portal.service';
import { STAENDE, STAND_FARBE, STAND_LABELS, standVon } from '../shared/stand';

let database: Database;
let app: FastifyInstance;
const clock = fixedClock('2026-11-26T10:00:00Z');
const IPHOFEN = '096755616';
const admin = { id: '00000000-0000-4000-8000-000000000001', email: 'portal-test@example.org', role: 'ministry_admin' as const, behoerden: [] };

interface ApiBehoerde {
  ars: string;
  name: string;
  anzeigename: string;
  typ: string;
  onlineVerfahren: number;
  schwelle: number;
  praedikat: { zertifikatNr: string; verliehenAm: string; status: string } | null;
}

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

/** Every Behörde through the paged API (the reference the exports must agree with). */
async function alleUeberApi(qs = ''): Promise<ApiBehoerde[]> {
  const all: ApiBehoerde[] = [];
  for (let page = 1; ; page++) {
    const body = (await get(`/api/v1/behoerden?pageSize=200&page=${page}${qs}`)).json();
    all.push(...body.items);
    if (all.length >= body.total) return all;
  }
}

const csv = (text: string) => {
  const r = parseCsv(text, { delimiter: ',' });
  expect(r.errors).toEqual([]);
  return r;
};

beforeAll(async () => {
  database = await openImportedTestDatabase();
  await seedDemoData(database, { seed: 20210729, today: '2026-11-26' });
  app = await buildTestApp(database, { clock });
  await app.services.verlinkung.alleNeuBerechnen();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('start page', () => {
  it('shows how many are Digitale Ämter and close, the newest awards, the map and the criteria', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    const digitale = (await get('/api/v1/behoerden?status=digitales_amt&pageSize=1')).json().total;
    const nah = (await get('/api/v1/behoerden?status=nah_dran&pageSize=1')).json().total;
    expect(digitale).toBeGreaterThan(300);
    expect(nah).toBeGreaterThan(0);
    const figures = [...res.body.matchAll(/<span class="kennzahl__wert">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(figures[0]).toBe(new Intl.NumberFormat('de-DE').format(digitale));
    expect(figures[1]).toBe(String(nah));
    expect(res.body).toContain('Neueste Verleihungen');
    expect(res.body).toContain('src="/karte/bayern.svg"');
    expect(res.body).toContain('Was zählt');
    expect(res.body).toContain('Informationsseiten und Formulare zum Ausdrucken zählen nicht');
    expect(res.body).toContain('Demodaten (simuliert)');
    // The legend names every colour of the map picture, purple (suspended, revoked) included.
    for (const stand of STAENDE) {
      expect(res.body, stand).toContain(`fill="${STAND_FARBE[stand]}"`);
      expect(res.body, stand).toContain(STAND_LABELS[stand].de);
    }
    // The Bürgerservice is one search away.
    expect(res.body).toContain('action="/buergerservice"');
    // The newest award listed first is the newest current award of the feed.
    const feed = (await get('/feeds/praedikate.atom')).body;
    const newestLink = /<a class="kern-link" href="\/behoerden\/(\d+)">/.exec(res.body.slice(res.body.indexOf('id="neueste"')))?.[1];
    expect(feed).toContain(`/behoerden/${newestLink}`);
  });

  it('is in English with the language cookie', async () => {
    const res = await get('/', { cookie: 'lang=en' });
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('authorities hold the “Digitales Amt” label');
    // English texts quote the English way.
    expect(res.body.replace(/<span lang="de">[\s\S]*?<\/span>/g, '')).not.toContain('„');
    expect(res.body).toContain('Demo data (simulated)');
  });
});

describe('list of Behörden and Digitale Ämter', () => {
  it('finds misspelled and member names: Koenigshofen, Bad Königshofen, Markt Einersheim', async () => {
    for (const q of ['Koenigshofen', 'Bad Königshofen']) {
      const names = (await get(`/api/v1/behoerden?q=${encodeURIComponent(q)}`)).json().items.map((i: ApiBehoerde) => i.name);
      expect(names, q).toContain('Bad Königshofen i.Grabfeld, St');
    }
    const vg = (await get(`/api/v1/behoerden?q=${encodeURIComponent('Markt Einersheim')}`)).json().items;
    expect(vg.map((i: ApiBehoerde) => i.ars)).toContain(IPHOFEN);
    const page = await get(`/behoerden?q=${encodeURIComponent('Koenigshofen')}`);
    // The list reads the designation in front: "Stadt Bad Königshofen i.Grabfeld", not "…, St".
    expect(page.body).toContain('>Stadt Bad Königshofen i.Grabfeld</a>');
    expect(page.body).not.toContain('i.Grabfeld, St');
  });

  it('filters by status with the same rule as the pure Stand function, for every Behörde', async () => {
    const alle = await alleUeberApi();
    expect(alle.length).toBe(1463);
    let summe = 0;
    for (const stand of STAENDE) {
      const gefiltert = new Set((await alleUeberApi(`&status=${stand}`)).map((b) => b.ars));
      const erwartet = new Set(alle.filter((b) => standVon({ anzahl: b.onlineVerfahren, schwelle: b.schwelle, praedikatStatus: b.praedikat?.status ?? null }) === stand).map((b) => b.ars));
      expect(gefiltert, stand).toEqual(erwartet);
      summe += gefiltert.size;
    }
    expect(summe).toBe(alle.length);
  });

  it('filters by award year, sorts by award date and pages', async () => {
    const body = (await get('/api/v1/behoerden?jahr=2021&sort=verliehen&pageSize=20&page=2')).json();
    expect(body.total).toBeGreaterThan(20);
    expect(body.items).toHaveLength(20);
    expect(body.items.every((i: ApiBehoerde) => i.praedikat?.verliehenAm.startsWith('2021'))).toBe(true);
    const dates = body.items.map((i: ApiBehoerde) => i.praedikat?.verliehenAm);
    expect(dates).toEqual([...dates].sort().reverse());
    const bad = await get('/api/v1/behoerden?status=gibtsnicht');
    expect(bad.statusCode).toBe(400);
  });

  it('shows the filters, the Digitale Ämter heading and downloads of the same selection', async () => {
    const res = await get('/behoerden?status=digitales_amt&sort=verliehen&regierungsbezirk=096');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="kern-heading-large">Digitale Ämter in Bayern</h1>');
    expect(res.body).toContain('<select class="kern-form-input__select" id="jahr" name="jahr">');
    expect(res.body).toContain('href="/opendata/behoerden.csv?regierungsbezirk=096&amp;status=digitales_amt"');
    expect(res.body).toContain('href="/feeds/praedikate.atom"');
    const redirect = await get('/digitale-aemter');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/behoerden?status=digitales_amt&sort=verliehen');
  });
});

describe('names citizens read', () => {
  /** The official suffix form ("Simbach, M", "Weilheim i.OB, St", "Dachau, GKSt", "München, Landeshauptstadt"). */
  const ROHFORM = /, (M|St|GKSt|Landeshauptstadt)(?=[\s<,;)"]|$)/;
  const optionen = (html: string) =>
    [...html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)].map((m) => ({ name: m[1], labels: [...m[2].matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((o) => o[1]) }));

  it('no two options of any filter read the same (Stadt and Landkreis Ansbach, Rosenheim, Würzburg …)', async () => {
    for (const url of ['/behoerden', '/behoerden?regierungsbezirk=095', '/karte', '/verfahren', '/buergerservice']) {
      const selects = optionen((await get(url)).body);
      for (const s of selects) expect(s.labels.filter((l, i) => s.labels.indexOf(l) !== i), `${url} ${s.name}`).toEqual([]);
      if (url === '/behoerden') {
        const kreise = selects.find((x) => x.name === 'landkreis')?.labels ?? [];
        expect(kreise).toHaveLength(97);
        expect(kreise).toEqual(expect.arrayContaining(['Stadt Ansbach', 'Landkreis Ansbach', 'Landeshauptstadt München', 'Landkreis München']));
      }
    }
  });

  it('shows no raw suffix form in any list, table, map title, feed or export display field', async () => {
    const seiten = ['/', '/karte', '/karte/091', '/karte/095', '/statistik', '/feeds/praedikate.atom', '/feeds/praedikate.atom?lang=en'];
    for (let page = 1; page <= 8; page++) seiten.push(`/behoerden?pageSize=200&page=${page}`);
    for (const url of seiten) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body.match(ROHFORM)?.[0], url).toBeUndefined();
    }
    const b = csv((await get('/opendata/behoerden.csv')).body).records;
    expect(b.filter((r) => ROHFORM.test(r.values.anzeigename) || ROHFORM.test(r.values.kreis_anzeigename)).map((r) => r.values.anzeigename)).toEqual([]);
    // The official name stays where it is documented.
    const simbach = b.find((r) => r.values.name === 'Simbach, M');
    expect(simbach?.values.anzeigename).toBe('Markt Simbach');
    expect(b.find((r) => r.values.ars === '09778')).toMatchObject({ values: expect.objectContaining({ name: 'Unterallgäu', anzeigename: 'Landkreis Unterallgäu' }) });
    expect(b.find((r) => r.values.ars === '093610000000')?.values.anzeigename).toBe('Stadt Amberg');
    expect(b.find((r) => r.values.ars === '097785764')?.values.anzeigename).toBe('Verwaltungsgemeinschaft Türkheim');
    const weilheim = b.find((r) => r.values.name === 'Weilheim i.OB, St');
    expect(weilheim?.values.anzeigename).toBe('Stadt Weilheim i.OB');
    for (const datei of ['/opendata/praedikate.csv', '/statistik/landkreise.csv']) {
      const rows = csv((await get(datei)).body).records;
      const feld = datei.includes('praedikate') ? 'behoerde_anzeigename' : 'anzeigename';
      expect(rows.filter((r) => ROHFORM.test(r.values[feld])).map((r) => r.values[feld]), datei).toEqual([]);
    }
  });

  it('writes member lists without comma ambiguity', async () => {
    const res = await get(`/behoerden?q=${encodeURIComponent('Türkheim')}`);
    expect(res.body.replace(/<[^>]+>/g, '')).toContain('Amberg, Rammingen, Markt Türkheim und Wiedergeltingen');
  });
});

describe('Behörde page', () => {
  it('shows count, chart with table, members, procedures by Themenfeld, award and gap', async () => {
    const api = (await get(`/api/v1/behoerden/${IPHOFEN}`)).json();
    const res = await get(`/behoerden/${IPHOFEN}`);
    expect(res.statusCode).toBe(200);
    const b = res.body;
    expect(b).toContain(`<strong>${api.onlineVerfahren}</strong> von 50 nötigen Online-Verfahren verlinkt`);
    expect(b).toMatch(/<svg class="diagramm"[^>]*role="img" aria-labelledby="d-verlauf-titel d-verlauf-beschreibung"/);
    expect(b).toContain('Schwelle 50');
    expect(b).toMatch(/Daten als Tabelle \(\d+ Zeilen\)/);
    expect(b).toContain('Mitgliedsgemeinden');
    expect(b).toContain('>Markt Einersheim</a>');
    expect(b).not.toContain('Markt Einersheim, M');
    expect(b).toContain('<h1 class="kern-heading-large">Verwaltungsgemeinschaft Iphofen</h1>');
    // The official name stays on the page, among the details.
    expect(b).toContain('Iphofen (VGem)');
    expect(b).toContain('Verlinkte Online-Verfahren nach OZG-Themenfeld');
    const gruppen = [...b.matchAll(/<summary class="kern-body">([^<]+) \((\d+)\)<\/summary>/g)];
    expect(gruppen.length).toBeGreaterThan(3);
    expect(b).toContain('Abdeckung der OZG-Themenfelder');
    expect(b).toContain('id="chancen"');
    expect(b).toContain(`/karte/${api.regierungsbezirk.key}`);
    expect(b).not.toMatch(/ style=/);
    if (api.praedikat) {
      expect(b).toContain(`href="/nachweis/${api.praedikat.zertifikatNr}"`);
      // The picture only while the signet is on (its routes are registered): never a broken image.
      if (app.services.signetAn) expect(b).toContain(`src="/signet/${api.praedikat.zertifikatNr}.svg"`);
      else expect(b).not.toContain('src="/signet/');
    }
  });

  it('has the signet on, and then its image route registered, so the pages may link the image', () => {
    expect(app.services.signetAn).toBe(true);
    expect(app.routeTable.some((r) => r.method === 'GET' && r.url.startsWith('/signet/'))).toBe(true);
  });

  it('lists linked procedures that do not count with their reason', async () => {
    const links = (await get(`/api/v1/behoerden/${IPHOFEN}/verlinkungen`)).json() as { zaehlt: boolean }[];
    const ars = links.some((l) => !l.zaehlt)
      ? IPHOFEN
      : (((await database.db.execute(
          (await import('drizzle-orm')).sql`select v.behoerde_ars from verlinkungen v join online_verfahren o on o.id = v.verfahren_id where o.art <> 'online' limit 1`,
        )).rows[0] as { behoerde_ars: string }).behoerde_ars);
    const res = await get(`/behoerden/${ars}`);
    expect(res.body).toContain('Verlinkt, aber nicht gezählt');
    expect(res.body).toContain('Zählt nicht: keine elektronische Einreichung');
  });

  it('is in English', async () => {
    const res = await get(`/behoerden/${IPHOFEN}`, { cookie: 'lang=en' });
    expect(res.body).toContain('Linked online procedures by OZG topic area');
    expect(res.body).toContain('Member municipalities');
    expect(res.body).toContain('Count over time');
  });
});

describe('map', () => {
  it('draws every Behörde of the Gemeinde level as a link with a name, and the table of Regierungsbezirke', async () => {
    const res = await get('/karte');
    expect(res.statusCode).toBe(200);
    const svg = /<svg[^>]*class="karte__svg"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    const links = [...svg.matchAll(/<a href="\/behoerden\/(\d+)"><title>([^<]+)<\/title><path d="M[^"]+"\/><\/a>/g)];
    expect(links.length).toBeGreaterThan(1350);
    expect(links.find((l) => l[1] === IPHOFEN)?.[2]).toMatch(/^Verwaltungsgemeinschaft Iphofen: /);
    expect(svg).not.toMatch(/ style=/);
    expect(svg.length).toBeLessThan(350_000);
    expect(res.body).toContain('href="#karte-tabelle"');
    expect(res.body).toContain('Regierungsbezirke im Überblick');
    expect([...res.body.matchAll(/<a class="kern-link" href="\/karte\/09\d">/g)].length).toBeGreaterThanOrEqual(7);
    expect(res.body).toContain('© GeoBasis-DE / BKG');
  });

  it('colours every inhabited Bavarian Gemeinde (geo file ARS of 2021 joined by AGS)', async () => {
    const portal = app.services.portal;
    const karte = await portal.karte(await portal.datenStand(), { ausschnitt: null, ebene: 'gemeinden', faerbung: 'status', locale: 'de', links: true, titel: 'Test' });
    const gefaerbt = new Set([...karte.gefaerbt].map((ars) => ars.slice(0, 5) + ars.slice(9)));
    const { sql } = await import('drizzle-orm');
    const bewohnt = (await database.db.execute(sql`select ags, name from gebiete where ebene = 'gemeinde' and land_key = '09' and bevoelkerung > 0`)).rows as { ags: string; name: string }[];
    expect(bewohnt.length).toBe(2056);
    expect(bewohnt.filter((g) => !gefaerbt.has(g.ags)).map((g) => g.name)).toEqual([]);
  });

  it('zooms to a Regierungsbezirk with the table of all its Behörden', async () => {
    const res = await get('/karte/096');
    expect(res.statusCode).toBe(200);
    const svg = /<svg[^>]*class="karte__svg"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    const arsInMap = [...svg.matchAll(/href="\/behoerden\/(\d+)"/g)].map((m) => m[1]);
    expect(arsInMap).toContain(IPHOFEN);
    expect(arsInMap.every((a) => a.startsWith('096'))).toBe(true);
    expect(res.body).toContain('Alle Behörden in Unterfranken');
    expect(res.body).toContain(`<a class="kern-link" href="/behoerden/${IPHOFEN}">Verwaltungsgemeinschaft Iphofen</a>`);
    expect((await get('/karte/099')).statusCode).toBe(400);
    expect((await get('/karte?farbe=rot')).statusCode).toBe(400);
  });

  it('shows Landkreise and kreisfreie Städte or Bezirke as areas, coloured by count on request', async () => {
    const kreise = await get('/karte?ebene=kreise&farbe=anzahl');
    expect(kreise.body).toContain('href="/behoerden/09675"'); // Landkreis Kitzingen
    expect(kreise.body).toContain('href="/behoerden/096630000000"'); // kreisfreie Stadt Würzburg
    expect(kreise.body).toContain('100 und mehr');
    const bezirke = await get('/karte?ebene=bezirke');
    expect([...bezirke.body.matchAll(/<a href="\/behoerden\/(09\d)"><title>/g)].map((m) => m[1]).sort()).toEqual(['091', '092', '093', '094', '095', '096', '097']);
  });

  it('serves the plain picture with validators and answers 304 when unchanged', async () => {
    const res = await get('/karte/bayern.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(res.body).not.toContain('<a ');
    const again = await get('/karte/bayern.svg', { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('statistics', () => {
  it('shows every chart with its table and a CSV link', async () => {
    const res = await get('/statistik');
    expect(res.statusCode).toBe(200);
    expect([...res.body.matchAll(/<svg class="diagramm"[^>]*role="img"/g)].length).toBe(6);
    for (const name of ['verleihungen', 'regierungsbezirke', 'landkreise', 'verteilung', 'verfahren', 'themenfelder']) expect(res.body).toContain(`href="/statistik/${name}.csv"`);
    expect(res.body).toContain('Oberbayern');
    expect(res.body).toContain('Bayern insgesamt');
    expect(res.body).not.toMatch(/ style=/);
  });

  it('documents every statistics file in the Datenlexikon, column by column', async () => {
    for (const name of ['verleihungen', 'regierungsbezirke', 'landkreise', 'verteilung', 'verfahren', 'themenfelder']) {
      const pfad = `/statistik/${name}.csv`;
      expect(SPALTEN_JE_DATEI[pfad], pfad).toBeDefined();
      expect(csv((await get(pfad)).body).header, pfad).toEqual(SPALTEN_JE_DATEI[pfad]);
    }
    const lexikon = (await get('/opendata/datenlexikon')).body;
    expect(lexikon).toContain('<code>/statistik/landkreise.csv</code>');
  });

  it('offers CSV files whose numbers add up to the API', async () => {
    const digitale = (await get('/api/v1/behoerden?status=digitales_amt&pageSize=1')).json().total;
    const regbez = csv((await get('/statistik/regierungsbezirke.csv')).body);
    expect(regbez.header).toEqual(SPALTEN_JE_DATEI['/statistik/regierungsbezirke.csv']);
    expect(regbez.header.slice(0, 8)).toEqual(['ars', 'name', 'behoerden', 'digitale_aemter', 'anteil_behoerden_prozent', 'einwohner', 'einwohner_digitales_amt', 'anteil_einwohner_prozent']);
    expect(regbez.records).toHaveLength(7);
    expect(regbez.records.reduce((s, r) => s + Number(r.values.digitale_aemter), 0)).toBe(digitale);
    expect(regbez.records.reduce((s, r) => s + Number(r.values.behoerden), 0)).toBe(1463);
    const verteilung = csv((await get('/statistik/verteilung.csv')).body);
    expect(verteilung.records.reduce((s, r) => s + Number(r.values.behoerden), 0)).toBe(1463);
    const verleihungen = csv((await get('/statistik/verleihungen.csv')).body);
    const praedikate = csv((await get('/opendata/praedikate.csv')).body);
    expect(Number(verleihungen.records.at(-1)?.values.insgesamt)).toBe(praedikate.records.length);
    expect(csv((await get('/statistik/themenfelder.csv')).body).records).toHaveLength(14);
    expect((await get('/statistik/gibtsnicht.csv')).statusCode).toBe(404);
  });
});

describe('open data', () => {
  it('has an index page with files, licence and attributions, and a data dictionary', async () => {
    const index = await get('/opendata/');
    expect(index.statusCode).toBe(200);
    for (const f of ['behoerden.csv', 'behoerden.json', 'behoerden.geojson', 'praedikate.csv', 'verfahren-je-behoerde.csv', 'praedikate.atom']) expect(index.body).toContain(f);
    expect(index.body).toContain('dl-de/by-2-0');
    expect(index.body).toContain('© GeoBasis-DE / BKG 2021 (Daten verändert)');
    expect(index.body).toContain('© Statistisches Bundesamt (Destatis)');
    expect((await get('/opendata')).headers.location).toBe('/opendata/');
    const lexikon = await get('/opendata/datenlexikon');
    for (const spalten of Object.values(SPALTEN_JE_DATEI)) for (const s of spalten) expect(lexikon.body).toContain(`<code>${s}</code>`);
  });

  it('behoerden.csv has the documented columns, licence headers, and the same numbers as the API', async () => {
    const res = await get('/opendata/behoerden.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers.link).toContain('<https://www.govdata.de/dl-de/by-2-0>; rel="license"');
    expect(res.headers.link).toContain('</opendata/datenlexikon>; rel="describedby"');
    expect(res.body.charCodeAt(0)).not.toBe(0xfeff);
    const { header, records } = csv(res.body);
    expect(header).toEqual(SPALTEN_JE_DATEI['/opendata/behoerden.csv']);
    const api = new Map((await alleUeberApi()).map((b) => [b.ars, b]));
    expect(records).toHaveLength(api.size);
    for (const r of records) {
      const b = api.get(r.values.ars);
      expect(b, r.values.ars).toBeDefined();
      expect(Number(r.values.online_verfahren), r.values.ars).toBe(b?.onlineVerfahren);
      expect(Number(r.values.schwelle)).toBe(b?.schwelle);
      expect(r.values.zertifikat_nr).toBe(b?.praedikat?.zertifikatNr ?? '');
      expect(r.values.verliehen_am).toBe(b?.praedikat?.verliehenAm ?? '');
      expect(r.values.status).toBe(standVon({ anzahl: b?.onlineVerfahren ?? 0, schwelle: b?.schwelle ?? 50, praedikatStatus: b?.praedikat?.status ?? null }));
      // The API keeps the stored name ("Landkreis Unterallgäu"); the file the official one ("Unterallgäu").
      expect(r.values.anzeigename).toBe(b?.anzeigename);
      if (b?.typ === 'landkreis' || b?.typ === 'bezirk') expect(`${b.typ === 'bezirk' ? 'Bezirk' : 'Landkreis'} ${r.values.name}`).toBe(b.name);
      else expect(r.values.name).toBe(b?.name);
    }
    const iphofen = records.find((r) => r.values.ars === IPHOFEN);
    expect(iphofen?.values.mitgliedsgemeinden_ars.split(' ')).toHaveLength(4);
    expect(iphofen?.values.demodaten).toBe('true');
  });

  it('takes the list filters: a filtered CSV holds exactly the API selection', async () => {
    const api = await alleUeberApi('&status=digitales_amt&regierungsbezirk=096');
    const { records } = csv((await get('/opendata/behoerden.csv?status=digitales_amt&regierungsbezirk=096')).body);
    expect(records.map((r) => r.values.ars).sort()).toEqual(api.map((b) => b.ars).sort());
    expect(records.every((r) => r.values.status === 'digitales_amt')).toBe(true);
  });

  it('offers every CSV for German spreadsheets: semicolons, byte order mark, decimal comma, same rows', async () => {
    const normal = csv((await get('/opendata/behoerden.csv')).body);
    const excel = await get('/opendata/behoerden.csv?format=excel');
    expect(excel.statusCode).toBe(200);
    expect(excel.body.charCodeAt(0)).toBe(0xfeff);
    expect(excel.headers['content-disposition']).toContain('behoerden-excel.csv');
    const r = parseCsv(excel.body, { delimiter: ';' });
    expect(r.errors).toEqual([]);
    expect(r.header).toEqual(normal.header);
    expect(r.records.map((x) => x.values.ars)).toEqual(normal.records.map((x) => x.values.ars));
    const amberg = r.records.find((x) => x.values.ars === '093610000000');
    expect(amberg?.values.lat).toMatch(/^49,\d+$/);
    expect(amberg?.values.name).toBe('Amberg');
    expect(excel.headers.etag).not.toBe((await get('/opendata/behoerden.csv')).headers.etag);
    for (const datei of ['/opendata/praedikate.csv', '/statistik/landkreise.csv']) {
      const e = await get(`${datei}?format=excel`);
      expect(e.body.startsWith('\uFEFF'), datei).toBe(true);
      expect(parseCsv(e.body, { delimiter: ';' }).errors, datei).toEqual([]);
    }
    expect((await get('/opendata/behoerden.csv?format=xls')).statusCode).toBe(400);
  });

  it('says where the coordinates are: the seat in lat/lon, the centre of the area in schwerpunkt', async () => {
    const rows = csv((await get('/opendata/behoerden.csv')).body).records;
    const bezirk = rows.find((x) => x.values.ars === '092'); // Bezirk Niederbayern, seat Landshut
    const landshut = rows.find((x) => x.values.ars === '092610000000');
    expect([bezirk?.values.lat, bezirk?.values.lon]).toEqual([landshut?.values.lat, landshut?.values.lon]);
    expect(bezirk?.values.schwerpunkt_lat).not.toBe(bezirk?.values.lat);
    expect(landshut?.values.schwerpunkt_lat).toBe(landshut?.values.lat);
    // Absolute addresses from PUBLIC_BASE_URL.
    expect(rows[0].values.url).toBe(`${app.config.publicBaseUrl}/behoerden/${rows[0].values.ars}`);
  });

  it('behoerden.json and behoerden.geojson carry licence, attribution and the same rows', async () => {
    const json = (await get('/opendata/behoerden.json')).json();
    expect(json.metadaten.lizenz.id).toBe('dl-de/by-2-0');
    expect(json.metadaten.namensnennung).toEqual(expect.arrayContaining(['© GeoBasis-DE / BKG 2021 (Daten verändert)']));
    expect(json.metadaten.demodaten).toBe(true);
    expect(json.daten).toHaveLength(1463);
    expect(Object.keys(json.daten[0])).toEqual(SPALTEN_JE_DATEI['/opendata/behoerden.csv']);
    const geo = await get('/opendata/behoerden.geojson');
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const g = geo.json();
    expect(g.type).toBe('FeatureCollection');
    expect(g.metadaten.lizenz.url).toBe('https://www.govdata.de/dl-de/by-2-0');
    expect(g.features).toHaveLength(1463);
    const f = g.features.find((x: { id: string }) => x.id === IPHOFEN);
    expect(f.geometry.type).toBe('Point');
    const [lon, lat] = f.geometry.coordinates;
    expect(lon).toBeGreaterThan(8.9);
    expect(lon).toBeLessThan(13.9);
    expect(lat).toBeGreaterThan(47.2);
    expect(lat).toBeLessThan(50.6);
    expect(f.properties.online_verfahren).toBe(json.daten.find((d: { ars: string }) => d.ars === IPHOFEN).online_verfahren);
  });

  it('praedikate.csv lists every award; verfahren-je-behoerde.csv counts add up to the published counts', async () => {
    const p = csv((await get('/opendata/praedikate.csv')).body);
    expect(p.header).toEqual(SPALTEN_JE_DATEI['/opendata/praedikate.csv']);
    expect(p.records.length).toBeGreaterThan(400);
    expect(p.records.every((r) => /^DA-\d{4}-\d{4}$/.test(r.values.zertifikat_nr))).toBe(true);
    const v = csv((await get('/opendata/verfahren-je-behoerde.csv')).body);
    expect(v.header).toEqual(SPALTEN_JE_DATEI['/opendata/verfahren-je-behoerde.csv']);
    const zaehlend = new Map<string, Set<string>>();
    for (const r of v.records) {
      if (r.values.zaehlt !== 'true') continue;
      const set = zaehlend.get(r.values.behoerde_ars) ?? new Set<string>();
      set.add(r.values.verfahren_id);
      zaehlend.set(r.values.behoerde_ars, set);
    }
    const b = csv((await get('/opendata/behoerden.csv')).body);
    const falsch = b.records.filter((r) => (zaehlend.get(r.values.ars)?.size ?? 0) !== Number(r.values.online_verfahren));
    expect(falsch.map((r) => r.values.ars)).toEqual([]);
  });

  it('answers conditional requests with 304 and changes ETag, numbers and map after a link change', async () => {
    const first = await get('/opendata/behoerden.csv');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toBeDefined();
    expect((await get('/opendata/behoerden.csv', { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get('/opendata/behoerden.csv', { 'if-modified-since': first.headers['last-modified'] as string })).statusCode).toBe(304);
    const mapBefore = (await get('/karte')).body;

    const vorschlag = (await get(`/api/v1/behoerden/${IPHOFEN}/chancen`)).json().vorschlaege[0];
    const vorher = (await get(`/api/v1/behoerden/${IPHOFEN}`)).json().onlineVerfahren;
    await app.services.verlinkung.verlinke(admin, IPHOFEN, vorschlag.verfahrenId, { quelle: 'system' });

    const after = await get('/opendata/behoerden.csv', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const row = csv(after.body).records.find((r) => r.values.ars === IPHOFEN);
    expect(Number(row?.values.online_verfahren)).toBe(vorher + 1);
    const mapAfter = (await get('/karte')).body;
    expect(mapAfter).not.toBe(mapBefore);
    expect(mapAfter).toContain(`Verwaltungsgemeinschaft Iphofen: Digitales Amt, ${vorher + 1} Online-Verfahren`);
    const page = await get(`/behoerden/${IPHOFEN}`);
    expect(page.body).toContain(`<strong>${vorher + 1}</strong>`);
  });

  it('neutralises spreadsheet formulas in text cells', async () => {
    const { sql } = await import('drizzle-orm');
    await database.db.execute(sql`update behoerden set kurzname = '=HYPERLINK("http://x.example","klick")', updated_at = now() where ars = ${IPHOFEN}`);
    const body = (await get('/opendata/behoerden.csv')).body;
    const row = csv(body).records.find((r) => r.values.ars === IPHOFEN);
    expect(row?.values.kurzname).toBe(`'=HYPERLINK("http://x.example","klick")`);
    await database.db.execute(sql`update behoerden set kurzname = 'Iphofen', updated_at = now() where ars = ${IPHOFEN}`);
  });
});

describe('after a data change', () => {
  it('keeps the statistics of procedures and Themenfelder equal to the published links after changes at two Behörden', async () => {
    // The first view reads every counting link; later ones read only the Behörden that changed.
    await get('/statistik/verfahren.csv');
    const vorschlag = (await get(`/api/v1/behoerden/${IPHOFEN}/chancen`)).json().vorschlaege[0];
    await app.services.verlinkung.verlinke(admin, IPHOFEN, vorschlag.verfahrenId, { quelle: 'system' });
    const vorher = csv((await get('/opendata/verfahren-je-behoerde.csv')).body).records;
    const weg = vorher.find((r) => r.values.zaehlt === 'true' && r.values.behoerde_ars !== IPHOFEN && r.values.behoerde_ars.startsWith('091'));
    if (!weg) throw new Error('no counting link in Oberbayern');
    await app.services.verlinkung.entferne(admin, weg.values.behoerde_ars, weg.values.verfahren_id, { quelle: 'system' });

    const links = csv((await get('/opendata/verfahren-je-behoerde.csv')).body).records.filter((r) => r.values.zaehlt === 'true');
    expect(links.some((r) => r.values.behoerde_ars === weg.values.behoerde_ars && r.values.verfahren_id === weg.values.verfahren_id)).toBe(false);
    const jeVerfahren = new Map<string, Set<string>>();
    const jeThema = new Map<string, { behoerden: Set<string>; verlinkungen: number }>();
    for (const r of links) {
      jeVerfahren.set(r.values.verfahren_id, (jeVerfahren.get(r.values.verfahren_id) ?? new Set()).add(r.values.behoerde_ars));
      for (const t of r.values.themenfelder.split('; ').filter(Boolean)) {
        const e = jeThema.get(t) ?? { behoerden: new Set<string>(), verlinkungen: 0 };
        e.behoerden.add(r.values.behoerde_ars);
        e.verlinkungen += 1;
        jeThema.set(t, e);
      }
    }
    const verfahren = csv((await get('/statistik/verfahren.csv')).body).records;
    expect(verfahren).toHaveLength(20);
    for (const r of verfahren) expect([r.values.verfahren_id, Number(r.values.behoerden)]).toEqual([r.values.verfahren_id, jeVerfahren.get(r.values.verfahren_id)?.size ?? 0]);
    const top = [...jeVerfahren.values()].map((x) => x.size).sort((a, b) => b - a).slice(0, 20);
    expect(verfahren.map((r) => Number(r.values.behoerden))).toEqual(top);
    expect(verfahren.map((r) => r.values.verfahren_id)).toContain(vorschlag.verfahrenId);
    const themen = csv((await get('/statistik/themenfelder.csv')).body).records;
    for (const r of themen) {
      const e = jeThema.get(r.values.themenfeld);
      expect([r.values.themenfeld, Number(r.values.behoerden), Number(r.values.verlinkungen)]).toEqual([r.values.themenfeld, e?.behoerden.size ?? 0, e?.verlinkungen ?? 0]);
    }
  });

  it('assembles the overview from its parts exactly as the single query over all tables does', async () => {
    const p = app.services.portal;
    const st = await p.datenStand();
    const alle = await p.uebersicht(st);
    const referenz = await createPortalRepository(database.db).uebersicht();
    expect(alle.map((b) => b.ars)).toEqual(referenz.map((r) => r.ars));
    const byArs = new Map(alle.map((b) => [b.ars, b]));
    const abweichend = referenz.filter((r) => {
      const b = byArs.get(r.ars);
      const erwartet = JSON.stringify([r.name, r.kreis_name, r.anzahl, r.zertifikat_nr, r.praedikat_status, r.verliehen_am, app.config.demo.enabled || r.demo_links || Boolean(r.praedikat_demo), r.mitglieder]);
      return JSON.stringify([b?.name, b?.kreis?.name ?? null, b?.anzahl, b?.praedikat?.zertifikatNr ?? null, b?.praedikat?.status ?? null, b?.praedikat?.verliehenAm ?? null, b?.demo, b?.mitglieder]) !== erwartet;
    });
    expect(abweichend.map((r) => r.ars)).toEqual([]);
    expect(referenz.some((r) => r.zertifikat_nr && r.anzahl > 0)).toBe(true);
  });

  it('loads a Behörde page again when its own links, its award or its peers change, not for a change elsewhere', async () => {
    const { sql } = await import('drizzle-orm');
    const { groessenklasseVon } = await import('../verlinkung/verlinkung.service');
    // A service of its own: the loader below stands in for the page data.
    const p = createPortalService({
      db: database.db,
      schwellen: app.config.thresholds,
      regel: app.config.zaehlregel,
      clock,
      demo: app.config.demo.enabled,
      publicBaseUrl: app.config.publicBaseUrl,
      attributions: [],
      behoerden: app.services.behoerden,
    });
    const geladen: string[] = [];
    const lade = async (ars: string) => p.behoerdeDaten(await p.datenStand(), ars, async () => geladen.push(ars));
    const [iphofen] = (await database.db.execute(sql`select typ, bevoelkerung from behoerden where ars = ${IPHOFEN}`)).rows as { typ: string; bevoelkerung: number }[];
    const [von, bis] = groessenklasseVon(Number(iphofen.bevoelkerung));
    const [peer] = (await database.db.execute(sql`select ars from behoerden where aktiv and typ = ${iphofen.typ} and ars <> ${IPHOFEN} and bevoelkerung >= ${von} and bevoelkerung < ${bis} order by ars limit 1`)).rows as { ars: string }[];
    const [anderer] = (await database.db.execute(sql`select b.ars from behoerden b join praedikate pr on pr.behoerde_ars = b.ars where b.aktiv and b.typ <> ${iphofen.typ} and pr.status = 'gueltig' order by b.ars limit 1`)).rows as { ars: string }[];
    const seiten = [IPHOFEN, peer.ars, anderer.ars];
    for (const a of seiten) await lade(a);
    geladen.length = 0;
    for (const a of seiten) await lade(a);
    expect(geladen).toEqual([]);

    // A link of Iphofen: its page and its peer's (the gap advice ranks by the peers' links).
    const vorher = (await get(`/api/v1/behoerden/${IPHOFEN}`)).json().onlineVerfahren;
    const vorschlag = (await get(`/api/v1/behoerden/${IPHOFEN}/chancen`)).json().vorschlaege[0];
    await app.services.verlinkung.verlinke(admin, IPHOFEN, vorschlag.verfahrenId, { quelle: 'system' });
    for (const a of seiten) await lade(a);
    expect(geladen.sort()).toEqual([IPHOFEN, peer.ars].sort());
    expect((await get(`/behoerden/${IPHOFEN}`)).body).toContain(`<strong>${vorher + 1}</strong>`);

    // The award of the other Behörde is suspended: its page only.
    geladen.length = 0;
    await database.db.execute(sql`update praedikate set status = 'ausgesetzt' where behoerde_ars = ${anderer.ars} and status = 'gueltig'`);
    for (const a of seiten) await lade(a);
    expect(geladen).toEqual([anderer.ars]);
    expect((await get(`/behoerden/${anderer.ars}`)).body).toMatch(/ausgesetzt/i);
    await database.db.execute(sql`update praedikate set status = 'gueltig' where behoerde_ars = ${anderer.ars} and status = 'ausgesetzt'`);
  });
});

describe('Atom feed', () => {
  it('lists the 50 newest awards, newest first, in German and English', async () => {
    const res = await get('/feeds/praedikate.atom');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect(res.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">');
    expect(res.body).toContain('Demodaten (simuliert)');
    const updated = [...res.body.matchAll(/<entry>[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => m[1]);
    expect(updated).toHaveLength(50);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(res.body).toMatch(/<id>tag:[^,]+,2021:digitales-amt\/praedikat\/DA-\d{4}-\d{4}<\/id>/);
    const en = await get('/feeds/praedikate.atom?lang=en');
    expect(en.body).toContain('xml:lang="en"');
    expect(en.body).toContain('New “Digitales Amt” labels in Bavaria');
    // One id per language: the feeds are two documents, their entries differ in language.
    const feedId = (x: string) => /<feed[^>]*>\s*<id>([^<]+)<\/id>/.exec(x)?.[1];
    expect(feedId(en.body)).not.toBe(feedId(res.body));
    expect(en.body).toMatch(/<id>tag:[^,]+,2021:digitales-amt\/praedikat\/DA-\d{4}-\d{4}\/en<\/id>/);
    expect((await get('/feeds/praedikate.atom', { 'if-none-match': res.headers.etag as string })).statusCode).toBe(304);
  });

  it('documents the data routes in the OpenAPI description', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.paths['/opendata/behoerden.csv'].get.tags).toEqual(['opendata']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/opendata/behoerden.json', '/opendata/behoerden.geojson', '/opendata/praedikate.csv', '/feeds/praedikate.atom']));
  });
});
