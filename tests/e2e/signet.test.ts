/**
 * The Online-Signet in a real browser against the real server (demo data): the verification page
 * of an award with its signet image loaded, axe-clean with and without JavaScript and in English; the Behörde
 * page's /nachweis link leads there; the signet's caching headers over real HTTP (ETag → 304);
 * a credential fetched from the server verifies with jose and the published JWKS only.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowsers, expectNoAxeViolations, failedRequests, lastDocumentStatus, newPage, pageErrors, serverUnderTest } from './support/browser';

const base = () => serverUnderTest().baseUrl;

/** A Behörde with a valid Prädikat in the demo data. */
async function ausgezeichnet(): Promise<{ ars: string; name: string; anzeigename: string; nr: string }> {
  for (let p = 1; p <= 8; p++) {
    const list = await (await fetch(`${base()}/api/v1/behoerden?sort=anzahl&pageSize=200&page=${p}`)).json();
    const hit = list.items.find((b: { praedikat: { status: string } | null }) => b.praedikat?.status === 'gueltig');
    if (hit) return { ars: hit.ars, name: hit.name, anzeigename: hit.anzeigename, nr: hit.praedikat.zertifikatNr };
  }
  throw new Error('no awarded Behörde in the demo data');
}

describe('Online-Signet', () => {
  let ziel: { ars: string; name: string; anzeigename: string; nr: string };
  beforeAll(async () => {
    ziel = await ausgezeichnet();
  });
  afterAll(async () => {
    await closeBrowsers();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`shows the verification page with the signet (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const page = await newPage({ javaScriptEnabled });
      await page.goto(`/nachweis/${ziel.nr}`);
      expect(new URL(page.url()).pathname).toBe(`/pruefen/${ziel.nr}`);
      expect(lastDocumentStatus(page)).toBe(200);
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain(`Status: Gültig – ${ziel.anzeigename}`);
      expect(main).toContain('die Signatur wurde soeben erfolgreich geprüft');
      const img = page.locator('.signet-pruefen__bild img');
      await img.waitFor();
      if (javaScriptEnabled) expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
      await expectNoAxeViolations(page);
      expect(failedRequests(page)).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    });
  }

  it('shows the verification page in English after the language switch, axe-clean', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`/sprache?lang=en&zurueck=${encodeURIComponent(`/pruefen/${ziel.nr}`)}`);
    expect(new URL(page.url()).pathname).toBe(`/pruefen/${ziel.nr}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await page.locator('h1').textContent()) ?? '').toContain('Verification: “Digitales Amt” label');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(`Status: Valid – ${ziel.anzeigename}`);
    expect(main).toContain('How this was verified');
    await expectNoAxeViolations(page);
    expect(failedRequests(page)).toEqual([]);
  });

  it('serves the signet with a strong ETag and 304 over real HTTP, embeddable cross-origin', async () => {
    const url = `${base()}/signet/${ziel.nr}.svg`;
    const first = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"/);
    expect(await first.text()).toContain('role="img"');
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Compressed (as browsers ask): the weak form of the same ETag (another content coding), which validates too.
    const br = await fetch(url, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('etag')).toBe(`W/${etag}`);
    expect(await br.text()).toContain('role="img"');
    expect((await fetch(url, { headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
  });

  it('issues a credential that verifies with the published keys alone', async () => {
    const jwt = await (await fetch(`${base()}/credentials/${ziel.nr}`)).text();
    const jwks = createLocalJWKSet(await (await fetch(`${base()}/.well-known/jwks.json`)).json());
    const { payload } = await jwtVerify(jwt, jwks, { algorithms: ['EdDSA'] });
    expect((payload.credentialSubject as { name: string }).name).toBe(ziel.name);
  });
});
