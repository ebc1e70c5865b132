/**
 * The Verlinkung journey in a real browser, with and without JavaScript: a Kommune editor links a
 * zentrales Verfahren, sees the count rise at once (and agree with the public API), removes it
 * again, and is refused another Behörde's page. axe on every page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, closeBrowsers, expectNoAxeViolations, lastDocumentStatus, newPage, serverUnderTest } from './support/browser';

const NUERNBERG = '095640000000';
const KOENIGSHOFEN = '096730141141';

async function login(page: Page, email: string) {
  await page.goto('/anmelden');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
  expect(lastDocumentStatus(page)).toBe(200);
}

const countOf = async (page: Page) => {
  const text = (await page.locator('#stand').locator('xpath=ancestor::section').textContent()) ?? '';
  return Number(/(\d+)\s*von\s*\d+/.exec(text.replace(/\./g, ''))?.[1]);
};

const apiCount = async (ars: string) => (await (await fetch(`${serverUnderTest().baseUrl}/api/v1/behoerden/${ars}/zaehlstand`)).json()).anzahl as number;

describe.each([
  { javaScriptEnabled: true, mode: 'with JavaScript' },
  { javaScriptEnabled: false, mode: 'without JavaScript' },
])('Verlinkung $mode', ({ javaScriptEnabled }) => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled });
    await login(page, 'redaktion.nuernberg@demo.example');
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('links a procedure, the count rises at once, and unlinking lowers it again', async () => {
    await page.goto(`/verwaltung/behoerden/${NUERNBERG}/verlinkungen`);
    expect(lastDocumentStatus(page)).toBe(200);
    await expectNoAxeViolations(page);
    const before = await countOf(page);
    expect(before).toBe(await apiCount(NUERNBERG));

    const addForm = page.locator('ul.add-list form').first();
    const name = (await addForm.locator('xpath=ancestor::li').locator('bdi').first().textContent())?.trim() ?? '';
    await addForm.locator('button').click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain('verlinkt');
    const counts = (await page.locator('ul.add-list li', { hasText: name }).first().textContent()) ?? '';
    const after = await countOf(page);
    // A counting procedure raises the count by one; one that does not count leaves it.
    expect(after === before + 1 || (after === before && counts.includes('zählt nicht'))).toBe(true);
    expect(after).toBe(await apiCount(NUERNBERG));
    await expectNoAxeViolations(page);

    const row = page.locator('table tbody tr', { hasText: name }).first();
    await row.locator('button', { hasText: 'Entfernen' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain('entfernt');
    expect(await countOf(page)).toBe(before);
    expect(await apiCount(NUERNBERG)).toBe(before);
    // The history names both changes.
    const history = (await page.locator('table').last().textContent()) ?? '';
    expect(history).toContain('verlinkt');
    expect(history).toContain('entfernt');
  });

  it('refuses the page of another Behörde', async () => {
    const res = await page.goto(`/verwaltung/behoerden/${KOENIGSHOFEN}/verlinkungen`);
    expect(res?.status()).toBe(403);
    await expectNoAxeViolations(page);
  });
});
