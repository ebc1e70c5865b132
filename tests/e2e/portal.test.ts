/**
 * The public transparency portal as a citizen uses it, once with JavaScript and once without:
 * find a Kommune by a misspelled name, open its page, follow the map to another, download the CSV
 * and compare it with the page, read statistics and open data, in German and English — axe on
 * every page type, and the map reachable with the keyboard alone.
 *
 * Contract with the pages (change both together):
 * - `/behoerden?q=…` lists results as links to `/behoerden/<ars>` in `<main>`.
 * - A Behörde page shows „<strong>N</strong> von S nötigen Online-Verfahren verlinkt“.
 * - `/karte/<regbez>` has a link „Karte überspringen“ before the map; the map's areas are SVG
 *   `<a href="/behoerden/<ars>">` links inside `svg.karte__svg`, each with a `<title>`.
 * - `/opendata/behoerden.csv` has the columns `ars` and `online_verfahren`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv';
import { clearPageProblems, closeBrowsers, expectNoAxeViolations, failedRequests, newPage, pageErrors, resultsDir, serverUnderTest } from './support/browser';

function expectIntactPage(page: Page) {
  expect(failedRequests(page), `failed loads on ${page.url()}`).toEqual([]);
  expect(pageErrors(page), `JavaScript errors on ${page.url()}`).toEqual([]);
}

async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), `GET ${url}`).toBe(200);
  await expect.poll(() => page.locator('h1').count()).toBeGreaterThan(0);
  await expectNoAxeViolations(page);
  expectIntactPage(page);
}

/** The count a Behörde page states. */
async function countOnPage(page: Page): Promise<number> {
  const text = (await page.locator('.stand-card .kern-body--large strong').first().textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

describe.each([
  { javaScriptEnabled: true, mode: 'with JavaScript' },
  { javaScriptEnabled: false, mode: 'without JavaScript' },
])('public portal $mode', ({ javaScriptEnabled, mode }) => {
  const server = serverUnderTest();
  let page: Page;

  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled });
  });
  afterAll(async () => {
    await closeBrowsers();
  });
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const name = `portal ${mode} ${ctx.task.name}`.replace(/[^\w-]+/g, '-').toLowerCase();
      await page?.screenshot({ path: `${resultsDir}/e2e-${name}.png`, fullPage: true }).catch(() => {});
    });
    if (page) clearPageProblems(page);
  });

  it('shows the start page with key figures and the map picture', async () => {
    await visit(page, '/');
    await expect.poll(() => page.locator('.kennzahl__wert').count()).toBe(4);
    const img = page.locator('img[src="/karte/bayern.svg"]');
    expect(await img.getAttribute('alt')).toMatch(/Karte Bayerns/);
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  });

  it('finds a Kommune by a misspelled name, opens its page and finds the same number in the CSV', async () => {
    await visit(page, '/behoerden?q=Koenigshofen');
    const link = page.locator('main a[href^="/behoerden/"]', { hasText: 'Stadt Bad Königshofen i.Grabfeld' }).first();
    const href = (await link.getAttribute('href')) as string;
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Bad Königshofen');
    await expectNoAxeViolations(page);
    expectIntactPage(page);
    const count = await countOnPage(page);

    const ars = href.split('/').pop() as string;
    const res = await page.request.get(`${server.baseUrl}/opendata/behoerden.csv`);
    expect(res.status()).toBe(200);
    const { records, errors } = parseCsv(await res.text(), { delimiter: ',' });
    expect(errors).toEqual([]);
    expect(Number(records.find((r) => r.values.ars === ars)?.values.online_verfahren)).toBe(count);
  });

  it('filters the list to the Digitale Ämter of a year', async () => {
    await visit(page, '/behoerden?status=digitales_amt&jahr=2021&sort=verliehen');
    expect(await page.locator('h1').textContent()).toBe('Digitale Ämter in Bayern');
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(10);
  });

  it('reaches the map links with the keyboard and follows the map to another Behörde', async () => {
    await visit(page, '/karte/096');
    const skip = page.locator('a.skip-map');
    await skip.focus();
    let href = '';
    for (let i = 0; i < 20 && !href; i++) {
      await page.keyboard.press('Tab');
      href = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.namespaceURI === 'http://www.w3.org/2000/svg' && el.localName === 'a' ? (el.getAttribute('href') ?? '') : '';
      });
    }
    expect(href).toMatch(/^\/behoerden\/096\d+$/);
    const name = await page.evaluate(() => document.activeElement?.querySelector('title')?.textContent ?? '');
    expect(name).toMatch(/Online-Verfahren$/);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === href);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe(name.split(':')[0]);
    await expectNoAxeViolations(page);
    expectIntactPage(page);
  });

  it('shows the Bavaria map, the Landkreis layer and the table alternative', async () => {
    await visit(page, '/karte');
    expect(await page.locator('svg.karte__svg a').count()).toBeGreaterThan(1300);
    expect(await page.locator('#karte-tabelle + * table tbody tr').count()).toBe(7);
    await visit(page, '/karte?ebene=kreise&farbe=anzahl');
    expect(await page.locator('svg.karte__svg a').count()).toBe(96);
  });

  it('shows statistics with charts and tables, and open data with its dictionary', async () => {
    await visit(page, '/statistik');
    expect(await page.locator('svg.diagramm[role="img"]').count()).toBe(6);
    await visit(page, '/opendata/');
    await visit(page, '/opendata/datenlexikon');
    expect(await page.locator('code', { hasText: 'online_verfahren' }).count()).toBeGreaterThan(0);
  });

  it('shows the portal in English', async () => {
    await page.goto('/sprache?lang=en&zurueck=%2Fkarte%2F091');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNoAxeViolations(page);
    for (const url of ['/', '/statistik', '/opendata/', '/behoerden?status=nah_dran']) await visit(page, url);
    await page.goto('/sprache?lang=de&zurueck=%2F');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
  });
});
