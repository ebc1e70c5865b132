/**
 * The support programme around the Prädikat in a real browser, JavaScript off (forms must work
 * without it), axe on every page: a Kommune editor registers a subsidised Digitallotse and is
 * refused a second subsidised place with the reason; works through the demo OZG checklist; the
 * ministry publishes a new version and the answer is kept.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, closeBrowsers, expectNoAxeViolations, lastDocumentStatus, newPage, serverUnderTest } from './support/browser';

const NUERNBERG = '095640000000';

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

const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('Grundkurs Digitallotse and OZG-Checklisten', () => {
  let page: Page;
  const stempel = Date.now();

  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('shows the course dates publicly', async () => {
    await page.goto('/digitallotse');
    expect(lastDocumentStatus(page)).toBe(200);
    expect(await main(page)).toContain('80 % der Kursgebühr');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Grundkurs Digitallotse – online' }).click();
    await page.waitForLoadState('load');
    expect(await main(page)).toContain('Melden Sie sich an');
    await expectNoAxeViolations(page);
  });

  it('a Kommune editor registers a subsidised employee; a second subsidised place is refused with the reason', async () => {
    await login(page, 'redaktion.nuernberg@demo.example');
    await page.goto('/digitallotse');
    await page.getByRole('link', { name: 'Grundkurs Digitallotse – online' }).click();
    await page.waitForLoadState('load');
    await expectNoAxeViolations(page);
    await page.fill('#teilnehmerName', 'Erika Lotsin');
    await page.fill('#teilnehmerEmail', `erika.${stempel}@nuernberg.example`);
    await page.check('#foerderung');
    await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('der Platz ist sicher');
    expect(await main(page)).toContain('Erika Lotsin');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Grundkurs Digitallotse – Holzhausen' }).click();
    await page.waitForLoadState('load');
    await page.fill('#teilnehmerName', 'Max Zweiter');
    await page.fill('#teilnehmerEmail', `max.${stempel}@nuernberg.example`);
    await page.check('#foerderung');
    await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
    await page.waitForLoadState('load');
    expect(lastDocumentStatus(page)).toBe(409);
    const fehler = (await page.locator('[role="alert"]').textContent()) ?? '';
    expect(fehler).toContain('Die Behörde hat ihren geförderten Platz bereits vergeben (Erika Lotsin');
    expect(fehler).toContain('nur für eine Person je Gemeinde, Landkreis oder Bezirk');
    await expectNoAxeViolations(page);
  });

  it('the editor works through the OZG checklist and sees progress', async () => {
    await page.goto(`/verwaltung/behoerden/${NUERNBERG}/checklisten`);
    expect(lastDocumentStatus(page)).toBe(200);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'OZG-Umsetzung in der Kommune' }).click();
    await page.waitForLoadState('load');
    await expectNoAxeViolations(page);
    await page.check('#status-verantwortung-erledigt');
    await page.fill('#kommentar-verantwortung', 'Frau Lotsin');
    await page.check('#status-epayment-nicht_relevant');
    await page.getByRole('button', { name: 'Antworten speichern' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Ihre Antworten sind gespeichert');
    expect(await main(page)).toContain('2 von 9 Punkten bearbeitet (22 %)');
    await expectNoAxeViolations(page);
    await logout(page);
  });

  it('the ministry publishes a new version and the answers are kept', async () => {
    await login(page, serverUnderTest().adminEmail, serverUnderTest().adminPassword);
    await page.goto('/verwaltung/checklisten');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'OZG-Umsetzung in der Kommune' }).click();
    await page.waitForLoadState('load');
    expect(await main(page)).toContain('Fortschritt in Bayern (Version 1)');
    await expectNoAxeViolations(page);
    const text = await page.inputValue('#quelltext');
    await page.fill('#quelltext', `${text}- [onlinedienste-${stempel}] Neue Online-Dienste werden im Team vorgestellt.\n`);
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: /veröffentlichen/ }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Antworten auf unveränderte Punkte bleiben erhalten');
    await page.goto(`/verwaltung/behoerden/${NUERNBERG}/checklisten`);
    expect(await main(page)).toContain('2 von 10 Punkten bearbeitet (20 %)');
    await expectNoAxeViolations(page);
  });
});

describe('virtuelle Informationsveranstaltungen', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('registers for an event without an account and offers the .ics', async () => {
    await page.goto('/veranstaltungen');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'E-Payment einrichten: Schritt für Schritt' }).click();
    await page.waitForLoadState('load');
    await expectNoAxeViolations(page);
    await page.fill('#name', 'Erika Muster');
    await page.fill('#email', `erika.${Date.now()}@gemeinde.example`);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForLoadState('load');
    // Double opt-in: the place is reserved once the link in the mail is confirmed.
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Bitte bestätigen Sie Ihre Anmeldung über den Link');
    await expectNoAxeViolations(page);
    const href = await page.getByRole('link', { name: /Termin in den Kalender/ }).getAttribute('href');
    const ics = await (await fetch(`${serverUnderTest().baseUrl}${href}`)).text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('SUMMARY:E-Payment einrichten: Schritt für Schritt');
    // A link that is not (or no longer) valid says so on an accessible page.
    const response = await page.goto(`${href?.replace(/\/termin\.ics$/, '')}/bestaetigen?t=${'x'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await main(page)).toContain('Dieser Bestätigungslink ist ungültig oder wurde schon verwendet.');
    await expectNoAxeViolations(page);
  });
});

describe('Informationspaket and outreach', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('finds an information page through the search', async () => {
    await page.goto('/informationen');
    await expectNoAxeViolations(page);
    await page.fill('#q', 'Postkorb');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Postkorb: Bescheide sicher zustellen' }).click();
    await page.waitForLoadState('load');
    expect(await main(page)).toContain('an jedem Arbeitstag lesen');
    await expectNoAxeViolations(page);
  });

  it('the ministry selects hesitant Behörden and previews the mails', async () => {
    await login(page, serverUnderTest().adminEmail, serverUnderTest().adminPassword);
    await page.goto('/verwaltung/outreach?anteilUnter=50&regbezKey=095');
    expect(await main(page)).toMatch(/\d+ Behörden ausgewählt/);
    await expectNoAxeViolations(page);
  });
});
