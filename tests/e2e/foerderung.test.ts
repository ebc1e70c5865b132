/**
 * The Förderprogramm journey in a real browser, with and without JavaScript: the Nürnberg editor
 * drafts an application with one ineligible cost item (refused with its reason) and submits it;
 * officer A checks it and cannot decide it (four eyes, visible); officer B approves it and the
 * Bescheid PDF names the applicant and the amount; the editor submits the proof of use; A checks it
 * and gives the first payout release, cannot give the second; B gives it and the grant is paid
 * out. Overview, statistics and ledger agree. axe on every page.
 *
 * Contract: the server runs with demo data and the demo accounts (DEMO_PASSWORD): Nürnberg has no
 * demo applications and links well over 20 counting online services. Each run asks 8,000 EUR, so
 * both runs together stay under the 20,000 EUR cap per applicant.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowsers, DEMO_PASSWORD, expectNoAxeViolations, failedRequests, lastDocumentStatus, newPage, serverUnderTest } from './support/browser';

const NUERNBERG = '095640000000';
const EDITOR = 'redaktion.nuernberg@demo.example';
const OFFICER_A = 'foerderung.a@demo.example';
const OFFICER_B = 'foerderung.b@demo.example';

async function login(page: Page, email: string) {
  await page.goto('/anmelden');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
  expect(lastDocumentStatus(page)).toBe(200);
}

async function klick(page: Page, name: string | RegExp) {
  await page.getByRole('button', { name }).first().click();
  await page.waitForLoadState('load');
}

/** A counting, mobile-ready procedure Nürnberg links (the portal data the rules check). */
async function einVerlinkterMobilerDienst(): Promise<string> {
  const base = serverUnderTest().baseUrl;
  const links = (await (await fetch(`${base}/api/v1/behoerden/${NUERNBERG}/verlinkungen`)).json()) as { verfahrenId: string; name: string; zaehlt: boolean }[];
  for (const l of links.filter((x) => x.zaehlt)) {
    const v = (await (await fetch(`${base}/api/v1/verfahren/${l.verfahrenId}`)).json()) as { mobilOptimiert: boolean };
    if (v.mobilOptimiert) return l.name;
  }
  throw new Error('Nürnberg links no mobile-ready counting procedure');
}

describe.each([
  { javaScriptEnabled: true, mode: 'with JavaScript' },
  { javaScriptEnabled: false, mode: 'without JavaScript' },
])('Förderprogramm $mode', ({ javaScriptEnabled }) => {
  let editor: Page;
  let a: Page;
  let b: Page;
  let akte = '';

  beforeAll(async () => {
    [editor, a, b] = await Promise.all([newPage({ javaScriptEnabled }), newPage({ javaScriptEnabled }), newPage({ javaScriptEnabled })]);
    await login(editor, EDITOR);
    await login(a, OFFICER_A);
    await login(b, OFFICER_B);
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('the editor drafts an application with an ineligible item, sees the reason and submits it', async () => {
    await editor.goto('/foerderung');
    expect(lastDocumentStatus(editor)).toBe(200);
    await expectNoAxeViolations(editor);
    await editor.getByRole('link', { name: /Förderantrag für .*Nürnberg/ }).click();
    await editor.waitForLoadState('load');
    await expectNoAxeViolations(editor);
    const dienst = await einVerlinkterMobilerDienst();
    await editor.fill('#massnahme', `Digitale Antragsstrecke (${javaScriptEnabled ? 'JS' : 'ohne JS'})`);
    await editor.fill('#onlineDienste', dienst);
    await editor.selectOption('#kosten-1-art', 'software_kauf');
    await editor.fill('#kosten-1-bezeichnung', 'Formularserver');
    await editor.fill('#kosten-1-betrag', '10.000,00');
    await editor.selectOption('#kosten-2-art', 'wartung');
    await editor.fill('#kosten-2-bezeichnung', 'Wartungsvertrag');
    await editor.fill('#kosten-2-betrag', '1.200');
    await editor.check('#erklaerung-erstmalig');
    await editor.check('#erklaerung-bayernId');
    await editor.check('#erklaerung-mobil');
    await editor.check('#postkorb-ja');
    await editor.check('#ePayment-nicht_erforderlich');
    await editor.fill('#kontoinhaber', 'Stadtkasse Nürnberg');
    await editor.fill('#iban', 'DE02 1203 0000 0000 2020 51');
    await editor.fill('#kontaktName', 'Erika Muster');
    await editor.fill('#kontaktEmail', 'foerderung@nuernberg.example');
    await editor.check('#erklaerung-richtigkeit');
    await klick(editor, 'Entwurf speichern');
    expect(lastDocumentStatus(editor)).toBe(200);
    akte = new URL(editor.url()).pathname;
    expect(akte).toMatch(/^\/foerderung\/antraege\/[0-9a-f-]{36}$/);
    const text = (await editor.locator('main').textContent()) ?? '';
    expect(text).toContain('Der Entwurf ist gespeichert');
    expect(text).toContain('Wartung und Pflege sind laufende Kosten und nicht förderfähig');
    expect(text).toContain('8.000,00 €');
    await expectNoAxeViolations(editor);
    // The Akte with its rule check also at 390 px: axe-clean, nothing but tables scroll sideways.
    await editor.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(editor);
    expect(await editor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await editor.setViewportSize({ width: 1280, height: 900 });
    await klick(editor, 'Antrag einreichen');
    expect(await editor.locator('[role="status"]').first().textContent()).toContain('eingereicht');
    await expectNoAxeViolations(editor);
  });

  it('officer A checks it and is then refused the decision (four eyes), officer B approves it', async () => {
    await a.goto('/foerderung/arbeitsliste');
    expect(lastDocumentStatus(a)).toBe(200);
    await expectNoAxeViolations(a);
    await a.goto(akte);
    await expectNoAxeViolations(a);
    await a.check('#empfehlung-bewilligen');
    await klick(a, 'Prüfung abschließen');
    const nachPruefung = (await a.locator('main').textContent()) ?? '';
    expect(nachPruefung).toContain('Vier-Augen-Prinzip: Sie haben diesen Antrag geprüft');
    expect(await a.getByRole('button', { name: 'Entscheidung speichern' }).count()).toBe(0);
    await expectNoAxeViolations(a);

    await b.goto(akte);
    await b.check('#entscheidung-bewilligen');
    await klick(b, 'Entscheidung speichern');
    expect(await b.locator('[role="status"]').first().textContent()).toContain('bewilligt');
    await expectNoAxeViolations(b);
    const pdfHref = await b.getByRole('link', { name: /Zuwendungsbescheid vom/ }).getAttribute('href');
    const pdf = await b.request.get(pdfHref as string);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the editor submits the proof of use; A checks it and releases once; B releases again and it is paid', async () => {
    await editor.goto(akte);
    await editor.fill('#ausgaben', '10.000,00');
    await editor.fill('#sachbericht', 'Der Formularserver ist eingeführt und der Online-Dienst im BayernPortal verlinkt.');
    await klick(editor, 'Verwendungsnachweis einreichen');
    expect(await editor.locator('[role="status"]').first().textContent()).toContain('Verwendungsnachweis ist eingegangen');
    await expectNoAxeViolations(editor);

    await a.goto(akte);
    await klick(a, 'Verwendungsnachweis als geprüft vermerken');
    expect(await a.locator('[role="status"]').first().textContent()).toContain('geprüft');
    await klick(a, 'Auszahlung freigeben (1. Freigabe)');
    expect(await a.locator('[role="status"]').first().textContent()).toContain('erste Freigabe');
    expect((await a.locator('main').textContent()) ?? '').toContain('Sie haben die Auszahlung bereits freigegeben');
    expect(await a.getByRole('button', { name: /Zweite Freigabe/ }).count()).toBe(0);
    await expectNoAxeViolations(a);

    await b.goto(akte);
    await klick(b, 'Zweite Freigabe erteilen und auszahlen');
    expect(await b.locator('[role="status"]').first().textContent()).toContain('Auszahlung ist freigegeben');
    const text = (await b.locator('main').textContent()) ?? '';
    expect(text).toContain('Ausgezahlt');
    expect(text).toContain('Förder-Sachbearbeitung A');
    expect(text).toContain('Förder-Sachbearbeitung B');
    await expectNoAxeViolations(b);
  });

  it('overview, statistics and ledger agree and pass axe', async () => {
    await b.goto('/foerderung/uebersicht?q=n%C3%BCrnberg');
    expect(lastDocumentStatus(b)).toBe(200);
    expect((await b.locator('main table').textContent()) ?? '').toContain('Nürnberg');
    await expectNoAxeViolations(b);
    await b.goto('/foerderung/statistik');
    expect(await b.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
    await expectNoAxeViolations(b);
    await b.goto('/foerderung/haushalt');
    expect((await b.locator('main').textContent()) ?? '').toContain('Abgleich stimmt');
    await expectNoAxeViolations(b);
    expect(failedRequests(b)).toEqual([]);
  });
});
