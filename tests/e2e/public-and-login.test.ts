/**
 * The public pages and the login, as a person sees them: once with JavaScript and once without
 * (every page must work without it, STYLE.md "Pages"), with axe on every page visited.
 *
 * Contract with the pages (change both together):
 * - `/behoerden` has a GET search form with a field `q`; each result links to `/behoerden/<ars>`
 *   inside `<main>`. `/behoerden?q=Amberg` finds both places named Amberg, told apart: the kreisfreie
 *   „Stadt Amberg“ (Oberpfalz) and the Gemeinde Amberg through its Behörde, „Verwaltungsgemeinschaft
 *   Türkheim“ (Landkreis Unterallgäu),
 *   where the matching member is emphasised (`<strong>`); whole-word matches come before Bamberg.
 * - `/anmelden` has a form with the fields `email` and `password` and a submit button.
 * - Logged in, every page has a button „Abmelden“ (a POST form), which ends the session.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearPageProblems,
  closeBrowsers,
  expectNoAxeViolations,
  failedRequests,
  lastDocumentStatus,
  newPage,
  pageErrors,
  resultsDir,
  serverUnderTest,
} from './support/browser';

/** Distinct links to Behörde detail pages in the main content, in page order. */
async function behoerdeLinks(page: Page): Promise<{ path: string; text: string }[]> {
  const links = await page.locator('main a[href]').evaluateAll((anchors) =>
    anchors.map((a) => ({ path: (a as HTMLAnchorElement).pathname, search: (a as HTMLAnchorElement).search, text: a.textContent ?? '' })),
  );
  const seen = new Map<string, string>();
  for (const l of links) {
    if (/^\/behoerden\/[^/]+\/?$/.test(l.path) && l.search === '' && !seen.has(l.path)) seen.set(l.path, l.text.replace(/\s+/g, ' ').trim());
  }
  return [...seen].map(([path, text]) => ({ path, text }));
}

/** Everything the page loaded arrived (styles, fonts, images) and its JavaScript threw nothing. */
function expectIntactPage(page: Page) {
  expect(failedRequests(page), `failed loads on ${page.url()}`).toEqual([]);
  expect(pageErrors(page), `JavaScript errors on ${page.url()}`).toEqual([]);
}

/** Opens a URL, checks it answered 200, has a heading and loaded completely, and runs axe. */
async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), `GET ${url}`).toBe(200);
  await expect.poll(() => page.locator('h1').count()).toBeGreaterThan(0);
  await expectNoAxeViolations(page);
  expectIntactPage(page);
}

const logoutButton = (page: Page) => page.getByRole('button', { name: /abmelden|log out/i });

describe.each([
  { javaScriptEnabled: true, mode: 'with JavaScript' },
  { javaScriptEnabled: false, mode: 'without JavaScript' },
])('public pages and login $mode', ({ javaScriptEnabled, mode }) => {
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
      const name = `${mode} ${ctx.task.name}`.replace(/[^\w-]+/g, '-').toLowerCase();
      await page?.screenshot({ path: `${resultsDir}/e2e-${name}.png`, fullPage: true }).catch(() => {});
    });
    // Problems of the previous test are not this test's.
    if (page) clearPageProblems(page);
  });

  it('shows the start page', async () => {
    await visit(page, '/');
    expectIntactPage(page);
  });

  it('lists the Behörden', async () => {
    await visit(page, '/behoerden');
    expect((await behoerdeLinks(page)).length).toBeGreaterThan(0);
    expectIntactPage(page);
  });

  it('finds both places named Amberg and tells them apart', async () => {
    await visit(page, '/behoerden?q=Amberg');
    const rows = await page.locator('main table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        text: [...tr.querySelectorAll('th, td')].map((c) => c.querySelector('a')?.textContent ?? c.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim(),
        strong: tr.querySelector('strong')?.textContent ?? '',
      })),
    );
    // Names as citizens read them, the count and the Prädikat first, then type and area.
    const stadt = rows.findIndex((r) => r.text.startsWith('Stadt Amberg ') && r.text.includes('Kreisfreie Stadt') && r.text.includes('Oberpfalz'));
    const vg = rows.findIndex((r) => r.text.startsWith('Verwaltungsgemeinschaft Türkheim ') && r.text.includes('Landkreis Unterallgäu') && r.strong === 'Amberg');
    const bamberg = rows.findIndex((r) => /^(Stadt|Landkreis) Bamberg /.test(r.text));
    expect(stadt, JSON.stringify(rows)).toBeGreaterThanOrEqual(0);
    expect(vg, JSON.stringify(rows)).toBeGreaterThanOrEqual(0);
    expect(bamberg).toBeGreaterThan(Math.max(stadt, vg));
    const results = await behoerdeLinks(page);

    // The same through the search form.
    await page.goto('/behoerden');
    await page.locator('main input[name="q"]').fill('Amberg');
    await page.locator('main input[name="q"]').press('Enter');
    await page.waitForURL(/[?&]q=Amberg/);
    expect(await behoerdeLinks(page)).toEqual(results);
    expectIntactPage(page);
  });

  it('takes a citizen from the start page to the online procedures of Amberg (Unterallgäu), its member page and its embeddable list', async () => {
    await visit(page, '/');
    await page.locator('main form[action="/buergerservice"] input[name="ort"]').fill('Amberg');
    await page.locator('main form[action="/buergerservice"] input[name="q"]').fill('Hund');
    await page.locator('main form[action="/buergerservice"] button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname === '/buergerservice' && u.searchParams.get('ort') === 'Amberg');
    await expectNoAxeViolations(page);
    await page.locator('ul.orte-auswahl a', { hasText: 'Amberg (Landkreis Unterallgäu)' }).click();
    await page.waitForURL((u) => u.searchParams.get('ort') === '097785764111');
    await expectNoAxeViolations(page);
    const angebot = page.locator('li.angebot', { hasText: 'Verwaltungsgemeinschaft Türkheim' }).first().locator('a.angebot__link');
    expect(await angebot.getAttribute('href')).toMatch(/^https:\/\//);
    expectIntactPage(page);
    await visit(page, '/behoerden/097785764111');
    expect(await page.locator('main').textContent()).toContain('Verwaltungsgemeinschaft Türkheim');
    await visit(page, '/einbetten/097785764');
    expect(await page.locator('a').count()).toBeGreaterThan(0);
    expectIntactPage(page);
  });

  it('shows the detail page of a Behörde', async () => {
    await page.goto('/behoerden?q=Amberg');
    const [first] = await behoerdeLinks(page);
    expect(first).toBeDefined();
    await page.locator(`main a[href$="${first.path}"]`).first().click();
    await page.waitForURL((url) => url.pathname === first.path);
    await page.waitForLoadState('load');
    expect(lastDocumentStatus(page)).toBe(200);
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Amberg');
    await expectNoAxeViolations(page);
    expectIntactPage(page);
  });

  it('shows the information pages in German and English', async () => {
    for (const url of ['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache', '/datenquellen']) await visit(page, url);
    await page.goto('/sprache?lang=en&zurueck=%2Fbehoerden');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNoAxeViolations(page);
    for (const url of ['/', '/leichte-sprache', '/behoerden/095640000000']) await visit(page, url);
    await page.goto('/sprache?lang=de&zurueck=%2F');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
  });

  it('shows a form error summary a screen reader can follow', async () => {
    await page.goto('/anmelden');
    const form = page.locator('form:has(input[name="password"])');
    await form.locator('input[name="email"]').fill('niemand@example.org');
    await form.locator('input[name="password"]').fill('falsch-falsch-falsch');
    await form.locator('button[type="submit"]').click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('[role="alert"]').count()).toBe(1);
    expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
  });

  it('logs the admin in and out', async () => {
    await visit(page, '/anmelden');
    const form = page.locator('form:has(input[name="password"])');
    await form.locator('input[name="email"]').fill(server.adminEmail);
    await form.locator('input[name="password"]').fill(server.adminPassword);
    await form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first().click();

    await logoutButton(page).waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForLoadState('load');
    expect(lastDocumentStatus(page)).toBe(200);
    await expectNoAxeViolations(page);

    await logoutButton(page).click();
    await logoutButton(page).waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForLoadState('load');
    expect(lastDocumentStatus(page)).toBe(200);
    await expectNoAxeViolations(page);

    // The session really ended: a fresh load shows no logged-in state either.
    await page.goto('/');
    expect(await logoutButton(page).count()).toBe(0);
    expectIntactPage(page);
  });
});
