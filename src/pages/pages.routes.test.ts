import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const DESTATIS = '© Statistisches Bundesamt (Destatis), 2025';
const BKG = '© GeoBasis-DE / BKG 2021 (Daten verändert)';

const pages = [
  { url: '/impressum', de: 'Impressum', en: 'Legal notice' },
  { url: '/datenschutz', de: 'Datenschutzerklärung', en: 'Privacy statement' },
  { url: '/barrierefreiheit', de: 'Erklärung zur Barrierefreiheit', en: 'Accessibility statement' },
  { url: '/leichte-sprache', de: 'Leichte Sprache', en: 'Easy Read' },
  { url: '/datenquellen', de: 'Datenquellen und Lizenzen', en: 'Data sources and licences' },
];

const get = (url: string, lang?: 'de' | 'en') => app.inject({ method: 'GET', url, headers: lang ? { cookie: `lang=${lang}` } : {} });
const h1s = (html: string) => [...html.matchAll(/<h1[\s>][\s\S]*?<\/h1>/g)].map((m) => m[0].replace(/<[^>]+>/g, '').trim());
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
const footer = (html: string) => html.slice(html.indexOf('<footer'), html.indexOf('</footer>'));

describe.each(pages)('$url', ({ url, de, en }) => {
  it('answers in German by default, with its title and one h1', async () => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="de">');
    expect(res.body).toContain(`<title>${de} – Digitales Amt</title>`);
    expect(h1s(res.body)).toEqual([de]);
  });

  it('answers in English with the language cookie', async () => {
    const res = await get(url, 'en');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="en">');
    expect(h1s(res.body)).toEqual([en]);
  });

  it('names both attributions in the footer', async () => {
    for (const lang of ['de', 'en'] as const) {
      const f = footer((await get(url, lang)).body);
      expect(f).toContain(DESTATIS);
      expect(f).toContain(BKG);
    }
  });

  it('has no inline styles and no inline scripts (the CSP forbids both)', async () => {
    for (const lang of ['de', 'en'] as const) {
      const { body } = await get(url, lang);
      expect(body).not.toMatch(/\sstyle=/i);
      expect(body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    }
  });

  it('keeps the heading order: no level skipped after the h1', async () => {
    for (const lang of ['de', 'en'] as const) {
      const levels = [...main((await get(url, lang)).body).matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      expect(levels[0]).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
    }
  });

  it('gives every link a meaningful text', async () => {
    const links = [...main((await get(url)).body).matchAll(/<a\s[^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
    expect(links.length).toBeGreaterThan(0);
    for (const text of links) {
      expect(text.length).toBeGreaterThan(2);
      expect(text.toLowerCase()).not.toMatch(/^(hier|here|mehr|more|link)$/);
    }
  });
});

describe('language switch', () => {
  it('switches the information pages to English through /sprache', async () => {
    const sw = await app.inject({ method: 'GET', url: '/sprache?lang=en&zurueck=%2Fimpressum' });
    expect(sw.statusCode).toBe(303);
    expect(sw.headers.location).toBe('/impressum');
    const lang = sw.cookies.find((c) => c.name === 'lang');
    expect(lang?.value).toBe('en');
    const res = await app.inject({ method: 'GET', url: '/impressum', cookies: { lang: lang!.value } });
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('>Legal notice</h1>');
  });
});

describe('/datenquellen', () => {
  it('lists each official data set with its attribution, date and the licence link', async () => {
    const m = main((await get('/datenquellen')).body);
    expect(m).toContain(DESTATIS);
    expect(m).toContain(BKG);
    expect(m).toContain('href="http://www.bkg.bund.de"');
    expect(m).toContain('Gebietsstand 30.11.2025');
    expect(m).toContain('01.01.2021');
    expect(m).toContain('OZG-Umsetzungskatalog und Leistungskatalog (LeiKa)');
    expect(m).toContain('href="https://www.govdata.de/dl-de/by-2-0"');
    expect(m).toContain('Datenlizenz Deutschland – Namensnennung – Version 2.0');
  });

  it('says that the links between Behörden and Online-Verfahren are simulated when demo data is on', async () => {
    const m = main((await get('/datenquellen')).body);
    expect(m).toContain('Demodaten');
    expect(m).toContain('simuliert');
  });

  it('marks the German licence name as German on the English page', async () => {
    const m = main((await get('/datenquellen', 'en')).body);
    expect(m).toContain('<span lang="de">Datenlizenz Deutschland – Namensnennung – Version 2.0</span>');
  });
});

describe('/impressum', () => {
  it('names the ministry as publisher with its address and says the instance is a demonstration', async () => {
    const m = main((await get('/impressum')).body);
    expect(m).toContain('Bayerisches Staatsministerium für Digitales');
    expect(m).toContain('Oskar-von-Miller-Ring 35');
    expect(m).toContain('80333 München');
    expect(m).toContain('§ 5 Digitale-Dienste-Gesetz');
    expect(m).toContain('§ 18 Abs. 2 MStV');
    expect(m).toContain('Demonstrationsplattform');
    expect(m).toContain('Demodaten');
  });
});

describe('/datenschutz', () => {
  it('describes the three cookies, the session timeouts from the configuration and the supervisory authority', async () => {
    const m = main((await get('/datenschutz')).body);
    for (const cookie of ['_csrf', 'da_sitzung', 'lang']) expect(m).toContain(`<code>${cookie}</code>`);
    expect(m).toContain('§ 25 Abs. 2 Nr. 2');
    expect(m).toContain('nach 60 Minuten ohne Aktivität, spätestens nach 12 Stunden');
    expect(m).toContain('Art. 4 Abs. 1 BayDSG');
    expect(m).toContain('Der Bayerische Landesbeauftragte für den Datenschutz');
    expect(m).toContain('Wagmüllerstraße 18');
    expect(m).toContain('Art. 15 DSGVO');
    expect(m).toContain('Art. 21 DSGVO');
  });

  it('states that logging is off when the log level is silent', async () => {
    // The test app runs with LOG_LEVEL=silent.
    expect(main((await get('/datenschutz')).body)).toContain('Protokollierung des Servers abgeschaltet');
  });
});

describe('/barrierefreiheit', () => {
  it('states the conformity status, the date, the method, feedback and the enforcement body', async () => {
    const m = main((await get('/barrierefreiheit')).body);
    expect(m).toContain('teilweise vereinbar');
    expect(m).toContain('WCAG');
    expect(m).toContain('EN 301 549');
    expect(m).toMatch(/<time datetime="2026-11-26">26. November 2026<\/time>/i);
    expect(m).toContain('Selbstbewertung');
    expect(m).toMatch(/href="mailto:[^"]+\?subject=/);
    expect(m).toContain('Landesamt für Digitalisierung, Breitband und Vermessung');
  });
});

describe('/leichte-sprache', () => {
  it('explains the thresholds from the configuration and links to the list of Behörden', async () => {
    const m = main((await get('/leichte-sprache')).body);
    expect(m).toContain('Online·Verfahren');
    expect(m).toContain('mindestens 50 Online·Verfahren');
    expect(m).toContain('Für Bezirke gilt eine andere Zahl: 30.');
    expect(m).toContain('href="/behoerden"');
  });

  it('follows other thresholds when they are configured', async () => {
    const db2 = await openTestDatabase();
    const other = await buildTestApp(db2, { env: { THRESHOLD_DEFAULT: '60', THRESHOLD_BEZIRK: '35' } });
    try {
      const m = main((await other.inject({ method: 'GET', url: '/leichte-sprache' })).body);
      expect(m).toContain('mindestens 60 Online·Verfahren');
      expect(m).toContain('Für Bezirke gilt eine andere Zahl: 35.');
    } finally {
      await other.close();
      await db2.close();
    }
  });
});

describe('start page', () => {
  it('still answers with its heading', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(h1s(res.body)).toEqual(['Digitales Amt']);
  });
});
