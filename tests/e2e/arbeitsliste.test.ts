/**
 * (Each test has five minutes: axe on a page of 100 rows, at two widths, takes its time on a busy machine.)
 *
 * The officers' work lists in a real browser without JavaScript: the grant work list with the demo
 * data shows a page of 100 with submission date, age, amounts and rule check, filters by status
 * (decided ones too) and Regierungsbezirk, sorts, pages, and names an unknown filter value instead
 * of failing; the Prädikat work list likewise. axe at 1280 and 390 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowsers, expectNoAxeViolations, lastDocumentStatus, loginAs, newPage } from './support/browser';

const login = (page: Page, email: string) => loginAs(page, email);

const zeilen = (page: Page) => page.locator('main table tbody tr').count();

async function axeBeidenBreiten(page: Page) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoAxeViolations(page);
  // At 390 px nothing but the table itself may scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('work lists officers can use (JavaScript off)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  it('the grant work list shows 100 rows with date, age, amounts and rule check, and filters, sorts and pages', async () => {
    await login(page, 'foerderung.a@demo.example');
    await page.goto('/foerderung/arbeitsliste?status=alle');
    expect(lastDocumentStatus(page)).toBe(200);
    expect(await zeilen(page)).toBe(100);
    const kopf = (await page.locator('main table thead').textContent()) ?? '';
    for (const spalte of ['Eingereicht am', 'Alter (Tage)', 'Beantragt', 'Zuwendung', 'Regelprüfung']) expect(kopf).toContain(spalte);
    await axeBeidenBreiten(page);

    await page.selectOption('#status', 'bewilligt');
    await page.selectOption('#sort', 'betrag');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('status')).toBe('bewilligt');
    const status = await page.locator('main table tbody tr td:nth-child(3)').allTextContents();
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((s) => s.includes('Bewilligt'))).toBe(true);

    await page.goto('/foerderung/arbeitsliste?status=alle');
    await page.getByRole('link', { name: /Nächste Seite/ }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('seite')).toBe('2');
    expect(await zeilen(page)).toBeGreaterThan(0);

    await page.goto('/foerderung/arbeitsliste?status=verliehen&regierungsbezirk=999');
    expect(lastDocumentStatus(page)).toBe(200);
    expect((await page.locator('main').textContent()) ?? '').toContain('Einige Filterangaben waren unbekannt');
    await expectNoAxeViolations(page);
  }, 300_000);

  it('the Prädikat work list shows decided applications too and is usable at 390 px', async () => {
    await page.getByRole('button', { name: /abmelden/i }).click();
    await page.waitForLoadState('load');
    await login(page, 'pruefung.a@demo.example');
    await page.goto('/verwaltung/praedikat?status=verliehen&proSeite=100');
    expect(lastDocumentStatus(page)).toBe(200);
    expect(await zeilen(page)).toBeGreaterThan(0);
    expect((await page.locator('main table thead').textContent()) ?? '').toContain('Eingereicht am');
    await axeBeidenBreiten(page);
    await page.goto('/verwaltung/praedikat?status=quatsch');
    expect(lastDocumentStatus(page)).toBe(200);
    expect((await page.locator('main').textContent()) ?? '').toContain('Stand: „quatsch“');
  }, 300_000);
});
