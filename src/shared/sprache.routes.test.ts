/**
 * Language by link: `?lang=en` makes a page English for a fresh browser (no cookie) and remembers
 * it; every public page names its language alternates; tables scroll in named, focusable regions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from './db';
import { sprachAdresse, TabellenBereich } from './layout';

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { env: { PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('?lang=', () => {
  it('shows English to a browser without cookie and remembers it for the next page', async () => {
    const res = await app.inject({ method: 'GET', url: '/statistik?lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('<h1 class="kern-heading-large">Statistics</h1>');
    const cookie = res.cookies.find((c) => c.name === 'lang');
    expect(cookie?.value).toBe('en');
    const weiter = await app.inject({ method: 'GET', url: '/opendata/', headers: { cookie: 'lang=en' } });
    expect(weiter.body).toContain('<html lang="en"');
    // ?lang=de wins over the cookie, and so back to German.
    const de = await app.inject({ method: 'GET', url: '/opendata/?lang=de', headers: { cookie: 'lang=en' } });
    expect(de.body).toContain('<html lang="de"');
    expect(de.cookies.find((c) => c.name === 'lang')?.value).toBe('de');
  });

  it('names the alternates of every public page and links the switch to the same page and filters', async () => {
    const res = await app.inject({ method: 'GET', url: '/behoerden?q=Amberg&typ=stadt' });
    expect(res.body).toContain('<link rel="alternate" hreflang="en" href="https://digitales-amt.bayern.example/behoerden?q=Amberg&amp;typ=stadt&amp;lang=en"/>');
    expect(res.body).toContain('<link rel="alternate" hreflang="de" href="https://digitales-amt.bayern.example/behoerden?q=Amberg&amp;typ=stadt&amp;lang=de"/>');
    expect(res.body).toContain('hreflang="x-default"');
    expect(res.body).toMatch(/<a class="kern-link" href="\/behoerden\?q=Amberg&amp;typ=stadt&amp;lang=en" lang="en"/);
    expect(sprachAdresse({ path: '/karte', query: 'lang=de&ebene=kreise' }, 'en')).toBe('/karte?ebene=kreise&lang=en');
  });

  it('ignores an invalid language and sets no cookie for downloads and the API', async () => {
    const res = await app.inject({ method: 'GET', url: '/?lang=fr' });
    expect(res.body).toContain('<html lang="de"');
    expect(res.cookies.find((c) => c.name === 'lang')).toBeUndefined();
    const api = await app.inject({ method: 'GET', url: '/feeds/praedikate.atom?lang=en' });
    expect(api.cookies.find((c) => c.name === 'lang')).toBeUndefined();
  });
});

describe('tables', () => {
  it('scroll in a region that takes keyboard focus and has a name', () => {
    const html = renderToString(TabellenBereich({ label: 'Abdeckung je Landkreis', children: null }));
    expect(html).toBe('<div class="kern-table-responsive" tabindex="0" role="region" aria-label="Abdeckung je Landkreis"></div>');
  });

  it('are all wrapped that way: no view writes the scrolling wrapper by hand', () => {
    const src = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
    const dateien = fs.readdirSync(src, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx'));
    const vonHand = dateien
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => !f.endsWith(path.join('shared', 'layout.tsx')) && fs.readFileSync(f, 'utf8').includes('class="kern-table-responsive'));
    expect(vonHand).toEqual([]);
  });
});
