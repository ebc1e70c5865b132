/**
 * The account's security pages in a real browser, with and without JavaScript and with axe:
 * signed-in devices (end one, sign out everywhere) and personal API tokens (create, shown once,
 * use against the API, revoke).
 *
 * Contract with the pages (change both together):
 * - `/konto/sitzungen` lists the sessions in a table; other sessions have a button „Beenden“, and
 *   there is a button „Auf allen Geräten abmelden“.
 * - `/konto/tokens` has a form with `name`, `umfang`, `gueltigTage` and a button „Token anlegen“;
 *   the new token is shown once in `#neues-token`; each active token has a button „Widerrufen“.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowsers, expectNoAxeViolations, lastDocumentStatus, newPage, serverUnderTest } from './support/browser';

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
])('account security pages $mode', ({ javaScriptEnabled }) => {
  const server = serverUnderTest();
  let page: Page;
  let other: Page;

  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled });
    other = await newPage({ javaScriptEnabled });
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('creates an API token, shows it once, uses it and revokes it', async () => {
    await logIn(page, server.adminEmail, server.adminPassword);
    await page.goto('/konto/tokens');
    await expectNoAxeViolations(page);
    const name = `Browser-Test ${javaScriptEnabled ? 'js' : 'ohne-js'} ${Date.now()}`;
    await page.locator('input[name="name"]').fill(name);
    await page.locator('select[name="umfang"]').selectOption('lesen');
    await page.locator('select[name="gueltigTage"]').selectOption('30');
    await page.getByRole('button', { name: 'Token anlegen' }).click();
    await page.waitForLoadState('load');
    expect(lastDocumentStatus(page)).toBe(201);
    const token = (await page.locator('#neues-token').textContent()) ?? '';
    expect(token).toMatch(/^da_/);
    await expectNoAxeViolations(page);

    const api = await fetch(`${server.baseUrl}/api/v1/verfahren?q=Test`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);

    await page.goto('/konto/tokens');
    expect(await page.locator('#neues-token').count()).toBe(0);
    await page.locator('tr', { hasText: name }).getByRole('button', { name: /Widerrufen/ }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByText('Das Token wurde widerrufen.').count()).toBe(1);
    await expectNoAxeViolations(page);
    const after = await fetch(`${server.baseUrl}/api/v1/verfahren?q=Test`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('ends another device’s session, then signs out everywhere', async () => {
    await logIn(other, server.adminEmail, server.adminPassword);
    await page.goto('/konto/sitzungen');
    await expectNoAxeViolations(page);
    const before = await page.getByRole('button', { name: 'Beenden' }).count();
    expect(before).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Beenden' }).first().click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByText('Die Sitzung wurde beendet.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Beenden' }).count()).toBe(before - 1);

    await logIn(other, server.adminEmail, server.adminPassword);
    await page.goto('/konto/sitzungen');
    await page.getByRole('button', { name: 'Auf allen Geräten abmelden' }).click();
    await page.waitForURL(/\/anmelden/);
    await other.goto('/konto');
    await other.waitForURL(/\/anmelden/);
    expect(other.url()).toContain('/anmelden');
  });
});
