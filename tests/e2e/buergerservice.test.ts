/**
 * A citizen on a phone (390 px): „I live in Amberg (Unterallgäu) and want to register my dog“,
 * once with JavaScript and once without; then every public page at phone width with axe, charts
 * readable, a Kommune embedding its list in an iframe, and English pages linked by `?lang=en`.
 *
 * Contract with the pages (change both together):
 * - `/buergerservice` has a GET form with the fields `ort` and `q` and a submit button „Online-Verfahren
 *   anzeigen“; several places of one name are links in `ul.orte-auswahl`; results are `li.angebot`
 *   with the procedure link `a.angebot__link` and the Behörde in `.angebot__angaben`.
 * - Charts are `svg.diagramm` with a viewBox; tables scroll in `.kern-table-responsive` regions.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearPageProblems, closeBrowsers, DEMO_PASSWORD, expectNoAxeViolations, failedRequests, newPage, pageErrors, resultsDir, serverUnderTest } from './support/browser';

const TELEFON = 390;

function expectIntactPage(page: Page) {
  expect(failedRequests(page), `failed loads on ${page.url()}`).toEqual([]);
  expect(pageErrors(page), `JavaScript errors on ${page.url()}`).toEqual([]);
}

/** Nothing wider than the phone but the scrolling table regions and the map. */
async function expectNoSidewaysScrolling(page: Page) {
  const breite = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(breite, `page width on ${page.url()}`).toBeLessThanOrEqual(TELEFON);
}

let page: Page | undefined;
beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    const name = `buergerservice ${ctx.task.name}`.replace(/[^\w-]+/g, '-').toLowerCase().slice(0, 100);
    await page?.screenshot({ path: `${resultsDir}/e2e-${name}.png`, fullPage: true }).catch(() => {});
  });
  if (page) clearPageProblems(page);
});
afterAll(async () => {
  await closeBrowsers();
});

describe.each([
  { javaScriptEnabled: true, mode: 'with JavaScript' },
  { javaScriptEnabled: false, mode: 'without JavaScript' },
])('a citizen on a phone $mode', ({ javaScriptEnabled }) => {
  it('finds Amberg (Unterallgäu), then „Hund“: the VG’s online procedure, with the Landkreis, Bezirk and Freistaat named', async () => {
    page = await newPage({ javaScriptEnabled, width: TELEFON });
    await page.goto('/');
    await page.locator('header a[href="/buergerservice"]').click();
    await page.waitForURL((u) => u.pathname === '/buergerservice');
    await expectNoAxeViolations(page);
    await page.locator('#ort').fill('Amberg');
    await page.locator('#q').fill('Hund');
    await page.getByRole('button', { name: 'Online-Verfahren anzeigen' }).click();
    await page.waitForURL((u) => u.searchParams.get('ort') === 'Amberg');
    // Two places are called Amberg: the choice names their Landkreis.
    const wahl = page.locator('ul.orte-auswahl a', { hasText: 'Amberg (Landkreis Unterallgäu)' });
    expect(await page.locator('ul.orte-auswahl a', { hasText: 'Stadt Amberg (kreisfreie Stadt, Oberpfalz)' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await wahl.click();
    await page.waitForURL((u) => u.searchParams.get('ort') === '097785764111' && u.searchParams.get('q') === 'Hund');
    await expect.poll(() => page?.locator('h1').textContent()).toBe('Bürgerservice: Amberg (Landkreis Unterallgäu)');

    const zustaendig = (await page.locator('.zustaendig-liste li').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(zustaendig[0]).toContain('Verwaltungsgemeinschaft Türkheim');
    expect(zustaendig[1]).toContain('Landkreis Unterallgäu');
    expect(zustaendig[2]).toContain('Bezirk Schwaben');
    expect(zustaendig[3]).toContain('Freistaat Bayern');
    const treffer = page.locator('li.angebot', { hasText: 'Verwaltungsgemeinschaft Türkheim' });
    expect(await treffer.count()).toBeGreaterThan(0);
    const link = treffer.first().locator('a.angebot__link');
    expect(await link.textContent()).toMatch(/Hund/);
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/.+ars=097785764$/);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrolling(page);
    expectIntactPage(page);
    await page.context().close();
  });
});

describe('every public page at phone width', () => {
  it('is clean for axe, has no sideways scrolling, and its scrolling tables take keyboard focus', { timeout: 600_000 }, async () => {
    page = await newPage({ width: TELEFON });
    const base = serverUnderTest().baseUrl;
    // The pages a visitor reaches from the start page, one of each kind, plus the deep ones.
    const seiten = new Set(['/', '/buergerservice?ort=Amberg', '/buergerservice?ort=097785764111&q=Bauantrag', '/behoerden/097785764111', '/einbetten/097785764', '/karte/097', '/anmelden', '/behoerden/095640000000', '/nachweis/DA-2021-0001']);
    await page.goto('/');
    const gesehen = new Set<string>();
    const muster = (u: URL) => `${u.pathname.replace(/\/\d{3,}/g, '/:n').replace(/\/[0-9a-f-]{36}/g, '/:id').replace(/\/DA-\d{4}-\d{4}/g, '/:nr').replace(/^\/informationen\/[a-z0-9-]+$/, '/informationen/:slug')}`;
    const offen = [...seiten];
    const besucht: string[] = [];
    while (offen.length > 0 && besucht.length < 60) {
      const url = offen.shift() as string;
      const u = new URL(url, base);
      const m = muster(u);
      if (gesehen.has(`${m}?${[...u.searchParams.keys()].sort().join('&')}`) && !seiten.has(url)) continue;
      gesehen.add(`${m}?${[...u.searchParams.keys()].sort().join('&')}`);
      const res = await page.goto(url);
      expect(res?.status(), `GET ${url}`).toBe(200);
      besucht.push(url);
      await expectNoAxeViolations(page);
      expectIntactPage(page);
      if (!url.startsWith('/karte')) await expectNoSidewaysScrolling(page);
      // Every table region is reachable with the keyboard and named.
      const regionen = await page.locator('.kern-table-responsive').evaluateAll((els) => els.map((e) => [e.getAttribute('tabindex'), e.getAttribute('role'), e.getAttribute('aria-label')]));
      for (const r of regionen) expect(r, url).toEqual(['0', 'region', expect.stringMatching(/\S/)]);
      // Links to follow: same site, pages (no files, no API, no language or login detours).
      // getAttribute: the map's SVG links have no string `href` property.
      const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => new URL(a.getAttribute('href') as string, document.baseURI).href));
      for (const l of links) {
        const v = new URL(l);
        if (v.origin !== new URL(base).origin || /\.(csv|json|geojson|svg|png|pdf|ics|atom|js)$/.test(v.pathname)) continue;
        if (/^\/(api|sprache|abmelden|verwaltung|konto|assets|feeds|outreach|credentials)\b/.test(v.pathname) || v.searchParams.has('lang') || v.searchParams.has('zurueck')) continue;
        const key = `${muster(v)}?${[...v.searchParams.keys()].sort().join('&')}`;
        if (!gesehen.has(key) && offen.length < 200) offen.push(v.pathname + v.search);
      }
    }
    // All kinds of public pages were there: the crawl did not stop early.
    for (const pfad of ['/statistik', '/opendata/datenlexikon', '/karte', '/behoerden', '/verfahren', '/impressum', '/barrierefreiheit', '/leichte-sprache', '/datenquellen', '/veranstaltungen', '/digitallotse', '/informationen']) {
      expect(besucht.some((b) => b === pfad || b.startsWith(`${pfad}?`)), pfad).toBe(true);
    }
    expect(besucht.some((b) => /^\/behoerden\/\d+$/.test(b))).toBe(true);
    expect(besucht.some((b) => /^\/(nachweis|pruefen)\//.test(b))).toBe(true);
    await page.context().close();
  });

  it('draws chart text at 12 px or more', async () => {
    page = await newPage({ width: TELEFON });
    for (const url of ['/statistik', '/behoerden/097785764']) {
      await page.goto(url);
      const groessen = await page.locator('svg.diagramm').evaluateAll((svgs) =>
        svgs.flatMap((svg) => {
          const s = svg as SVGSVGElement;
          const faktor = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
          return [...s.querySelectorAll('text')].map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * faktor);
        }),
      );
      expect(groessen.length, url).toBeGreaterThan(0);
      expect(Math.min(...groessen), url).toBeGreaterThanOrEqual(12);
    }
    await page.context().close();
  });

  it('shows the upload page of an IT-Dienstleister clean for axe', async () => {
    page = await newPage({ width: TELEFON });
    await page.goto('/anmelden');
    await page.locator('#email').fill('it-dienstleister@demo.example');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /anmelden/i }).click();
    await page.waitForURL((u) => u.pathname !== '/anmelden');
    const res = await page.goto('/verwaltung/uploads');
    expect(res?.status()).toBe(200);
    await expectNoAxeViolations(page);
    expectIntactPage(page);
    await page.context().close();
  });
});

describe('a Kommune website', () => {
  it('embeds its list in an iframe; other pages refuse to be framed', async () => {
    page = await newPage();
    const base = serverUnderTest().baseUrl;
    // A page of another site (another origin, served from this machine like the platform, so
    // Chromium's local-network rules do not interfere) with two frames.
    const website = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="de"><title>Gemeinde</title><h1>Unsere Online-Dienste</h1>
        <iframe id="liste" title="Online-Verfahren" src="${base}/einbetten/09778"></iframe>
        <iframe id="seite" title="Behörde" src="${base}/behoerden/09778"></iframe>`);
    });
    await new Promise<void>((resolve) => website.listen(0, '127.0.0.1', resolve));
    const fremd = `http://127.0.0.1:${(website.address() as AddressInfo).port}/`;
    expect(new URL(fremd).origin).not.toBe(new URL(base).origin);
    await page.goto(fremd);
    const liste = page.frameLocator('#liste');
    await expect.poll(() => liste.locator('h1').textContent()).toBe('Online-Verfahren: Landkreis Unterallgäu');
    expect(await liste.locator('summary').count()).toBeGreaterThan(0);
    // The ordinary page stays empty in a foreign frame (frame-ancestors 'none').
    const gesperrt = page.frames().find((f) => f.url().endsWith('/behoerden/09778'));
    const text = gesperrt ? await gesperrt.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
    expect(text).not.toContain('Landkreis Unterallgäu');
    await page.context().close();
    await new Promise((resolve) => website.close(resolve));
  });
});

describe('English by link', () => {
  it('shows /?lang=en in English to a fresh browser, and the links stay English', async () => {
    page = await newPage({ width: TELEFON });
    await page.goto('/?lang=en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('link[rel="alternate"][hreflang="de"]').getAttribute('href')).toMatch(/\/\?lang=de$/);
    await expectNoAxeViolations(page);
    await page.locator('header a[href="/statistik"]').click();
    await page.waitForURL((u) => u.pathname === '/statistik');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Statistics');
    await page.goto('/statistik?lang=de');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.context().close();
  });
});
