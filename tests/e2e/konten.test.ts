/**
 * The account administration in a real browser, with and without JavaScript, axe at 1280 and
 * 390 px: the ministry admin invites an editor, the invitation arrives at a local SMTP server, the
 * editor opens the link, sets a password, logs in and sees their Behörde.
 *
 * This file starts its own server (small official data set, no demo data, mail to the local SMTP
 * server of this test), so the mail can be read; the other browser tests share the global one.
 *
 * Contract with the pages (change both together):
 * - `/verwaltung/konten` has a link „Person einladen“; `/verwaltung/konten/einladen` a form with
 *   `email`, `name`, checkboxes `rollen` labelled with the role names, a textarea `behoerden` and a
 *   button „Einladung senden“; a refusal shows the error summary „Bitte korrigieren Sie …“.
 * - The invitation page `/einladung/…` has `password`, `confirm` and a button „Passwort speichern“,
 *   then the login page says „Ihr Passwort ist gespeichert“.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOfficialDataFixture } from '../../src/gebiete/official-data.fixtures';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { closeBrowsers, expectNoAxeViolations, lastDocumentStatus, newPage, type StartedServer, startServer } from './support/browser';

const INGOLSTADT = '091610000000';
const PASSWORT = 'Redaktion-Ingolstadt-plant-2027';

let smtp: TestSmtp;
let server: StartedServer;

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await startServer({ env: { OFFICIAL_DATA_DIR: writeOfficialDataFixture(), DEMO_DATA: 'false', ...smtp.env } });
});
afterAll(async () => {
  await closeBrowsers();
  await server?.stop();
  await smtp?.close();
});

/** axe at desktop and phone width; the page is left at desktop width. */
async function axeBeideBreiten(page: Page) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoAxeViolations(page);
  // Nothing wider than the phone's screen except inside the scrolling table containers.
  const zuBreit = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(zuBreit).toBe(false);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/anmelden');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: /abmelden|log out/i }).first().waitFor({ state: 'visible', timeout: 15_000 });
}

describe.each([
  { javaScriptEnabled: true, mode: 'with JavaScript' },
  { javaScriptEnabled: false, mode: 'without JavaScript' },
])('account administration $mode', ({ javaScriptEnabled, mode }) => {
  const email = `redaktion.${javaScriptEnabled ? 'js' : 'ohne-js'}.${Date.now()}@ingolstadt.example`;
  const name = `Ria Redaktion (${mode})`;
  let admin: Page;
  let editor: Page;
  let link: string;

  beforeAll(async () => {
    admin = await newPage({ javaScriptEnabled, baseURL: server.baseUrl });
    editor = await newPage({ javaScriptEnabled, baseURL: server.baseUrl });
  });

  it('the admin invites an editor (a role combination that breaks four eyes is refused first)', async () => {
    await logIn(admin, server.adminEmail, server.adminPassword);
    await admin.goto('/konto');
    await admin.getByRole('link', { name: /Konten verwalten/ }).click();
    await admin.waitForLoadState('load');
    expect(new URL(admin.url()).pathname).toBe('/verwaltung/konten');
    await axeBeideBreiten(admin);

    await admin.getByRole('link', { name: 'Person einladen' }).click();
    await admin.waitForLoadState('load');
    await admin.locator('input[name="email"]').fill(email);
    await admin.locator('input[name="name"]').fill(name);
    await admin.getByLabel('Prüfung (Ministerium)').check();
    await admin.getByLabel(/Redaktion einer Kommune/).check();
    await admin.locator('textarea[name="behoerden"]').fill(INGOLSTADT);
    await admin.getByRole('button', { name: 'Einladung senden' }).click();
    await admin.waitForLoadState('load');
    expect(lastDocumentStatus(admin)).toBe(400);
    await expect.poll(() => admin.getByText('Wer für eine Kommune das Prädikat beantragt, darf den Antrag nicht prüfen.').count()).toBeGreaterThan(0);
    await axeBeideBreiten(admin);

    const mails = smtp.received.length;
    await admin.getByLabel('Prüfung (Ministerium)').uncheck();
    await admin.getByRole('button', { name: 'Einladung senden' }).click();
    await admin.waitForLoadState('load');
    expect(lastDocumentStatus(admin)).toBe(200);
    await expect.poll(() => admin.getByText('Die Einladung wurde per E-Mail verschickt.').count()).toBe(1);
    expect(await admin.locator('h1').textContent()).toContain(name);
    await axeBeideBreiten(admin);

    const mail = (await smtp.waitFor(mails + 1)).find((m) => JSON.stringify(m.to).includes(email));
    link = mail?.text?.match(/https?:\/\/\S+\/einladung\/[A-Za-z0-9_-]+/)?.[0] as string;
    expect(link.startsWith(`${server.baseUrl}/einladung/`)).toBe(true);
  }, 240_000);

  it('the editor opens the link, sets a password, logs in and sees their Behörde', async () => {
    await editor.goto(link);
    expect(lastDocumentStatus(editor)).toBe(200);
    await axeBeideBreiten(editor);
    await editor.locator('input[name="password"]').fill(PASSWORT);
    await editor.locator('input[name="confirm"]').fill(PASSWORT);
    await editor.getByRole('button', { name: 'Passwort speichern' }).click();
    await editor.waitForLoadState('load');
    expect(new URL(editor.url()).pathname).toBe('/anmelden');
    await expect.poll(() => editor.getByText('Ihr Passwort ist gespeichert').count()).toBe(1);
    await axeBeideBreiten(editor);

    await logIn(editor, email, PASSWORT);
    await editor.goto('/konto');
    await expect.poll(() => editor.getByRole('link', { name: 'Ingolstadt' }).count()).toBeGreaterThan(0);
    expect(await editor.getByText('Redaktion einer Kommune').count()).toBeGreaterThan(0);
    await axeBeideBreiten(editor);
  }, 240_000);

  it('the link works once; the admin sees the accepted invitation in the account’s history', async () => {
    await editor.goto(link);
    expect(lastDocumentStatus(editor)).toBe(410);
    await expectNoAxeViolations(editor);

    await admin.goto('/verwaltung/konten?q=ingolstadt.example&status=aktiv');
    await admin.getByRole('link', { name }).click();
    await admin.waitForLoadState('load');
    await expect.poll(() => admin.getByText('Einladung angenommen, Passwort gesetzt').count()).toBe(1);
    await axeBeideBreiten(admin);
  }, 240_000);
});
