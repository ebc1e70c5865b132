/**
 * What counts, in a real browser: a Behörde with thousands of links (uploaded in bulk) gets a small,
 * paged editor page whose buttons fit their labels at 1280 and 390 px; an action keeps search,
 * filter and page (also without JavaScript); a reviewer marks an entry „zählt nicht“ on the
 * reviewer's page, the count drops and the Kommune's page shows why. axe on every page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, closeBrowsers, expectNoAxeViolations, lastDocumentStatus, newPage, resultsDir } from './support/browser';

const FUERTH = '095630000000';
const ANZAHL = 2500;
const seite = `/verwaltung/behoerden/${FUERTH}/verlinkungen`;

async function login(page: Page, email: string) {
  await page.goto('/anmelden');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
  expect(lastDocumentStatus(page)).toBe(200);
}

const zaehlstand = async (page: Page) => (await (await page.request.get(`/api/v1/behoerden/${FUERTH}/zaehlstand`)).json()).anzahl as number;

/** Every button with the given label: its label must lie inside the button's box. */
async function knoepfePassen(page: Page, label: string) {
  return page.evaluate((text) => {
    const probleme: string[] = [];
    const knoepfe = [...document.querySelectorAll('button')].filter((b) => (b.querySelector('.kern-label')?.firstChild?.textContent ?? '').trim() === text);
    for (const b of knoepfe) {
      const k = b.getBoundingClientRect();
      const l = (b.querySelector('.kern-label') as HTMLElement).getBoundingClientRect();
      // The visible text only (the screen-reader part is clipped away).
      const range = document.createRange();
      range.selectNodeContents((b.querySelector('.kern-label') as HTMLElement).firstChild as Node);
      const t = range.getBoundingClientRect();
      if (t.left < k.left - 0.5 || t.right > k.right + 0.5 || t.top < k.top - 0.5 || t.bottom > k.bottom + 0.5 || l.width > k.width + 0.5) {
        probleme.push(`${text}: Text ${Math.round(t.left)}–${Math.round(t.right)} × ${Math.round(t.top)}–${Math.round(t.bottom)}, Knopf ${Math.round(k.left)}–${Math.round(k.right)} × ${Math.round(k.top)}–${Math.round(k.bottom)}`);
      }
      if (range.getClientRects().length > 1) probleme.push(`${text}: Beschriftung umgebrochen`);
    }
    return { anzahl: knoepfe.length, probleme };
  }, label);
}

describe('what counts, in the browser', () => {
  let it_dl: Page;
  beforeAll(async () => {
    it_dl = await newPage();
    await login(it_dl, 'it-dienstleister@demo.example');
    // Thousands of links in one upload: the IT-Dienstleister's bulk path (dry run, then commit).
    const { token } = await (await it_dl.request.get('/api/v1/csrf')).json();
    const zeilen = Array.from({ length: ANZAHL }, (_, i) => `${FUERTH};Massenverfahren ${String(i + 1).padStart(4, '0')};;https://masse.example-rechenzentrum.de/v/${i + 1};99102013000000;MASSE-${i + 1}`);
    const csv = ['ars;name;beschreibung;url;leika_schluessel;externe_id', ...zeilen].join('\n');
    const pruefung = await it_dl.request.post('/api/v1/uploads?format=csv&dateiname=masse.csv', { headers: { 'x-csrf-token': token, 'content-type': 'text/csv' }, data: csv });
    expect(pruefung.status()).toBe(201);
    const upload = await pruefung.json();
    expect(upload.fehler).toEqual([]);
    const commit = await it_dl.request.post(`/api/v1/uploads/${upload.id}/commit`, { headers: { 'x-csrf-token': token } });
    expect(commit.status()).toBe(200);
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('loads the editor page of a Behörde with thousands of links small and paged, and its buttons fit at 1280 and 390 px', async () => {
    const antwort = await it_dl.goto(seite);
    expect(antwort?.status()).toBe(200);
    const html = (await antwort?.body()) ?? Buffer.alloc(0);
    expect(html.byteLength).toBeLessThan(250_000);
    const status = (await it_dl.locator('#verlinkt ~ p[role="status"]').first().textContent()) ?? '';
    expect(status).toMatch(/^[\d.]+ Verlinkungen, Seite 1 von \d+$/);
    expect(Number(status.replace(/\./g, '').match(/^(\d+)/)?.[1])).toBeGreaterThanOrEqual(ANZAHL);
    expect(await it_dl.locator('table.kern-table--striped tbody tr').count()).toBe(50);
    await expectNoAxeViolations(it_dl);
    // The upload is one line of the history, not one per link.
    const verlauf = it_dl.locator('table:has(caption:text("Änderungsverlauf"))');
    const upload = verlauf.locator('tbody tr', { hasText: 'per Upload verlinkt' });
    expect(await upload.count()).toBe(1);
    expect((await upload.textContent())?.replace(/\s+/g, ' ')).toContain(`${ANZAHL.toLocaleString('de-DE')} Online-Verfahren`);
    expect(await upload.textContent()).toContain('Datei „masse.csv“');
    expect(await verlauf.locator('tbody tr', { hasText: 'Massenverfahren' }).count()).toBe(0);
    fs.mkdirSync(resultsDir, { recursive: true });
    for (const breite of [1280, 390]) {
      await it_dl.setViewportSize({ width: breite, height: 900 });
      await verlauf.screenshot({ path: path.join(resultsDir, `verlinkungen-verlauf-${breite}.png`) });
      for (const label of ['Verlinken', 'Entfernen']) {
        const r = await knoepfePassen(it_dl, label);
        expect(r.anzahl, label).toBeGreaterThan(0);
        expect(r.probleme, `${label} bei ${breite} px`).toEqual([]);
      }
      await it_dl.locator('ul.chancen-liste').screenshot({ path: path.join(resultsDir, `verlinkungen-chancen-${breite}.png`) });
      await it_dl.locator('ul.add-list').screenshot({ path: path.join(resultsDir, `verlinkungen-hinzufuegen-${breite}.png`) });
    }
    await it_dl.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps search, filter and page after removing a link, without JavaScript', async () => {
    const ohneJs = await newPage({ javaScriptEnabled: false });
    await login(ohneJs, 'it-dienstleister@demo.example');
    await ohneJs.goto(`${seite}?q=Massenverfahren&filter=zaehlt&seite=3`);
    expect(await ohneJs.locator('#verlinkt ~ p[role="status"]').first().textContent()).toMatch(/Seite 3 von/);
    const vorher = await zaehlstand(ohneJs);
    const zeile = ohneJs.locator('table.kern-table--striped tbody tr').first();
    await zeile.locator('button', { hasText: 'Entfernen' }).click();
    await ohneJs.waitForLoadState('load');
    const url = new URL(ohneJs.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ q: 'Massenverfahren', filter: 'zaehlt', seite: '3', meldung: 'entfernt' });
    expect(await ohneJs.locator('input#q').inputValue()).toBe('Massenverfahren');
    expect(await ohneJs.locator('#verlinkt ~ p[role="status"]').first().textContent()).toMatch(/Seite 3 von/);
    expect(await zaehlstand(ohneJs)).toBe(vorher - 1);
    await expectNoAxeViolations(ohneJs);
  });

  it('shows the upload as one line in the Akte at 1280 and 390 px', async () => {
    const pruefer = await newPage();
    await login(pruefer, 'pruefung.a@demo.example');
    for (const breite of [1280, 390]) {
      await pruefer.setViewportSize({ width: breite, height: 900 });
      await pruefer.goto(`/verwaltung/behoerden/${FUERTH}/akte`);
      expect(lastDocumentStatus(pruefer)).toBe(200);
      const zeile = pruefer.locator('main li', { hasText: 'per Upload' });
      expect(await zeile.count()).toBe(1);
      expect((await zeile.textContent())?.replace(/\s+/g, ' ')).toContain(`${ANZAHL.toLocaleString('de-DE')} Online-Verfahren per Upload „masse.csv“ verlinkt`);
      expect(await pruefer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scrolling at ${breite} px`).toBe(true);
      await expectNoAxeViolations(pruefer);
      await zeile.screenshot({ path: path.join(resultsDir, `akte-upload-${breite}.png`) });
    }
  });

  it('lets a reviewer mark an entry „zählt nicht“: the count drops and the Kommune sees why', async () => {
    const pruefer = await newPage();
    await login(pruefer, 'pruefung.a@demo.example');
    await pruefer.goto(`/verwaltung/behoerden/${FUERTH}/pruefung`);
    expect(lastDocumentStatus(pruefer)).toBe(200);
    expect(await pruefer.locator('table').first().textContent()).toContain('Neue eigene Einträge');
    await expectNoAxeViolations(pruefer);
    const vorher = await zaehlstand(pruefer);
    const eintrag = pruefer.locator('#signal-neuKommunal ~ ul li').first();
    const name = ((await eintrag.locator('bdi').first().textContent()) ?? '').trim();
    await eintrag.locator('summary').click();
    await eintrag.locator('textarea').fill('Testeintrag aus einem Massen-Upload, kein eigenes Verfahren.');
    await eintrag.locator('button', { hasText: 'Zählt nicht' }).click();
    await pruefer.waitForLoadState('load');
    expect(await pruefer.locator('[role="status"]').first().textContent()).toContain('als „zählt nicht“ markiert');
    expect(await zaehlstand(pruefer)).toBe(vorher - 1);
    await expectNoAxeViolations(pruefer);

    await it_dl.goto(seite);
    const vermerke = (await it_dl.locator('section[aria-labelledby="vermerke"]').textContent()) ?? '';
    expect(vermerke).toContain(name);
    expect(vermerke).toContain('Testeintrag aus einem Massen-Upload, kein eigenes Verfahren.');
    await expectNoAxeViolations(it_dl);
  });

  it('lets the Kommune object and a reviewer lift the mark, without JavaScript at 390 px', async () => {
    const breit = async (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    const kommune = await newPage({ javaScriptEnabled: false });
    await kommune.setViewportSize({ width: 390, height: 900 });
    await login(kommune, 'it-dienstleister@demo.example');
    await kommune.goto(seite);
    const vermerk = kommune.locator('section[aria-labelledby="vermerke"] li').first();
    const name = ((await vermerk.locator('bdi').first().textContent()) ?? '').trim();
    await vermerk.locator('textarea[name="einspruch"]').fill('Das Verfahren ist ein eigener Antrag der Stadt.');
    await vermerk.locator('button', { hasText: 'Einspruch erheben' }).click();
    await kommune.waitForLoadState('load');
    expect(lastDocumentStatus(kommune)).toBe(200);
    expect(await kommune.locator('section[aria-labelledby="vermerke"]').textContent()).toContain('liegt der Prüfung vor: Das Verfahren ist ein eigener Antrag der Stadt.');
    expect(await breit(kommune), 'editor page wider than 390 px').toBe(false);
    await expectNoAxeViolations(kommune);
    const vorher = await zaehlstand(kommune);

    const pruefer = await newPage({ javaScriptEnabled: false });
    await pruefer.setViewportSize({ width: 390, height: 900 });
    await login(pruefer, 'pruefung.a@demo.example');
    await pruefer.goto(`/verwaltung/behoerden/${FUERTH}/pruefung`);
    expect(await breit(pruefer), 'reviewer page wider than 390 px').toBe(false);
    await expectNoAxeViolations(pruefer);
    const eintrag = pruefer.locator('.vermerk-liste li', { hasText: name });
    expect(await eintrag.textContent()).toContain('Einspruch der Kommune: Das Verfahren ist ein eigener Antrag der Stadt.');
    await eintrag.locator('textarea[name="grund"]').fill('Einspruch berechtigt: eigener Antrag.');
    await eintrag.locator('button', { hasText: 'Aufheben: zählt wieder' }).click();
    await pruefer.waitForLoadState('load');
    expect(lastDocumentStatus(pruefer)).toBe(200);
    expect(await pruefer.locator('[role="status"]').first().textContent()).toContain('Vermerk ist aufgehoben');
    expect(await zaehlstand(pruefer)).toBe(vorher + 1);
    await kommune.goto(seite);
    expect(await kommune.locator('section[aria-labelledby="vermerke"] li', { hasText: name }).count()).toBe(0);
  });
});
