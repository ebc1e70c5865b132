/**
 * The Prädikat journey in a real browser: an application is made, reviewer A recommends and may
 * not decide, reviewer B awards; the public list and API show it at once; the Akte shows every
 * step (in German and English); reviewer A requests the revocation behind a page naming its consequences and nothing
 * public changes, reviewer B confirms it and the Urkunde is gone (410) and the Behörde page says why. axe on every page
 * (also at 390 px), the whole journey once without JavaScript (forms must work without it) and once with it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, closeBrowsers, expectNoAxeViolations, lastDocumentStatus, newPage, serverUnderTest } from './support/browser';

const base = () => serverUnderTest().baseUrl;
const json = async (url: string) => (await fetch(`${base()}${url}`)).json();

async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/anmelden');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
}

async function logout(page: Page) {
  await page.getByRole('button', { name: /abmelden/i }).click();
  await page.waitForLoadState('load');
}

/** Behörden an earlier run of the journey used (revoked ones wait for their waiting period). */
const genutzt = new Set<string>();

/** An eligible Behörde without a Prädikat (the demo data has a few) that no earlier run used. */
async function candidate(): Promise<{ ars: string; name: string }> {
  for (let p = 1; p <= 8; p++) {
    const list = await json(`/api/v1/behoerden?sort=anzahl&pageSize=200&page=${p}`);
    const hit = list.items.find((b: { ars: string; praedikat: unknown; onlineVerfahren: number; schwelle: number }) => !b.praedikat && b.onlineVerfahren >= b.schwelle && !genutzt.has(b.ars));
    if (hit) {
      genutzt.add(hit.ars);
      return { ars: hit.ars, name: hit.name };
    }
  }
  throw new Error('no eligible Behörde without a Prädikat in the demo data');
}

describe.each([
  { javaScriptEnabled: false, mode: 'without JavaScript' },
  { javaScriptEnabled: true, mode: 'with JavaScript' },
])('Prädikat journey $mode', ({ javaScriptEnabled }) => {
  let page: Page;
  let ziel: { ars: string; name: string };
  let antragUrl = '';

  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled });
    ziel = await candidate();
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('an application is made with the pre-check shown', async () => {
    await login(page, serverUnderTest().adminEmail, serverUnderTest().adminPassword);
    await page.goto(`/verwaltung/behoerden/${ziel.ars}/praedikat`);
    expect(lastDocumentStatus(page)).toBe(200);
    expect(await page.locator('main').textContent()).toContain('Automatische Vorprüfung');
    await expectNoAxeViolations(page);
    await page.fill('#kontaktName', 'Erika Musterfrau');
    await page.fill('#kontaktEmail', 'digital@kommune.example');
    await page.fill('#websiteUrl', 'https://www.kommune.example/');
    await page.locator('form#antrag button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Ihr Antrag ist eingereicht');
    await expectNoAxeViolations(page);
    await logout(page);
  });

  it('reviewer A recommends and may not decide', async () => {
    await login(page, 'pruefung.a@demo.example');
    await page.goto('/verwaltung/praedikat');
    await expectNoAxeViolations(page);
    await page.locator('main table a', { hasText: ziel.name }).first().click();
    await page.waitForLoadState('load');
    antragUrl = new URL(page.url()).pathname;
    await expectNoAxeViolations(page);
    await page.check('#wahl-verleihen');
    await page.fill('#kommentar', 'Alle Verfahren stichprobenartig geprüft.');
    await page.locator('form[action$="/empfehlung"] button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('Vier-Augen-Prinzip: Sie haben die Empfehlung abgegeben');
    expect(await page.locator('form[action$="/entscheidung"]').count()).toBe(0);
    await expectNoAxeViolations(page);
    await logout(page);
  });

  it('reviewer B awards; the public list and API show it at once', async () => {
    await login(page, 'pruefung.b@demo.example');
    await page.goto(antragUrl);
    await page.check('#wahl-verleihen');
    await page.locator('form[action$="/entscheidung"] button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Entscheidung ist gespeichert');
    const p = await json(`/api/v1/behoerden/${ziel.ars}/praedikat`);
    expect(p).toMatchObject({ status: 'gueltig', zertifikatNr: expect.stringMatching(/^DA-20\d\d-\d{4}$/) });
    await page.goto(`/behoerden?q=${encodeURIComponent(ziel.name)}`);
    const row = page.locator('main table tbody tr', { hasText: ziel.name }).first();
    expect(await row.textContent()).toContain('Digitales Amt');
    await page.goto(`/verwaltung/behoerden/${ziel.ars}/akte`);
    const akte = (await page.locator('main').textContent()) ?? '';
    for (const step of ['Antrag eingereicht', 'Erste Prüfung: Verleihung empfohlen', 'Zweite Prüfung: Prädikat verliehen', 'pruefung.a@demo.example', 'pruefung.b@demo.example']) {
      expect(akte).toContain(step);
    }
    await expectNoAxeViolations(page);
    // The same pages in English, axe-clean too.
    await page.goto(`/sprache?lang=en&zurueck=${encodeURIComponent(`/verwaltung/behoerden/${ziel.ars}/akte`)}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('main').textContent()).toContain('Second review: label awarded');
    await expectNoAxeViolations(page);
    for (const [url, heading] of [
      [antragUrl, `Application: ${ziel.name}`],
      ['/verwaltung/praedikat', 'Review: applications for the label'],
      [`/verwaltung/behoerden/${ziel.ars}/praedikat`, `“Digitales Amt” label: ${ziel.name}`],
    ]) {
      await page.goto(url);
      expect(await page.locator('h1').textContent()).toBe(heading);
      await expectNoAxeViolations(page);
    }
    await page.goto('/sprache?lang=de&zurueck=%2F');
    await logout(page);
  });

  it('reviewer A requests the revocation behind a page that names the consequences; nothing public changes', async () => {
    await login(page, 'pruefung.a@demo.example');
    await page.goto(`/verwaltung/behoerden/${ziel.ars}/akte`);
    expect(await page.locator('button[formaction$="/widerrufen"]').count()).toBe(0);
    await page.getByRole('link', { name: 'Widerruf beantragen …' }).click();
    await page.waitForLoadState('load');
    const folgen = (await page.locator('main').textContent()) ?? '';
    for (const f of ['nicht mehr ausgegeben', 'nicht mehr angeboten', 'Sperrfrist', 'Solange keine zweite Person bestätigt, ändert sich nichts Öffentliches.']) expect(folgen).toContain(f);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('#grund', 'Interner Grund: Verlinkungen nicht belegt.');
    await page.fill('#oeffentlicherGrund', 'Die Voraussetzungen lagen nicht vor.');
    await page.getByRole('button', { name: 'Widerruf beantragen' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Der Widerruf ist beantragt');
    expect((await page.locator('main').textContent()) ?? '').toContain('Vier-Augen-Prinzip: Sie haben den Widerruf beantragt');
    await expectNoAxeViolations(page);
    const p = await json(`/api/v1/behoerden/${ziel.ars}/praedikat`);
    expect(p.status).toBe('gueltig');
    expect((await fetch(`${base()}/pruefen/${p.zertifikatNr}/urkunde.pdf`)).status).toBe(200);
    await logout(page);
  });

  it('reviewer B finds and confirms it: the Urkunde answers 410 and the Behörde page says why', async () => {
    await login(page, 'pruefung.b@demo.example');
    await page.goto('/verwaltung/praedikat');
    await page.locator('section[aria-labelledby="massnahmen-offen"] a', { hasText: ziel.name }).first().click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Widerruf bestätigen …' }).click();
    await page.waitForLoadState('load');
    expect((await page.locator('main').textContent()) ?? '').toContain('Interner Grund: Verlinkungen nicht belegt.');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Widerruf bestätigen' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Das Prädikat ist widerrufen');
    expect(await page.locator('#massnahmen').count()).toBe(0);
    await expectNoAxeViolations(page);
    const p = await json(`/api/v1/behoerden/${ziel.ars}/praedikat`);
    expect(p).toMatchObject({ status: 'widerrufen', statusGrund: 'Die Voraussetzungen lagen nicht vor.' });
    await page.goto(`/pruefen/${p.zertifikatNr}/urkunde.pdf`);
    expect(lastDocumentStatus(page)).toBe(410);
    expect((await page.locator('main').textContent()) ?? '').toContain('Die Urkunde ist nicht mehr verfügbar');
    await expectNoAxeViolations(page);
    await page.goto(`/behoerden/${ziel.ars}`);
    const seite = (await page.locator('main').textContent()) ?? '';
    expect(seite).toContain('Prädikat widerrufen am');
    expect(seite).toContain('Die Voraussetzungen lagen nicht vor.');
    expect(seite).not.toContain('Interner Grund');
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await logout(page);
  });
});
