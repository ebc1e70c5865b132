/**
 * The Online-Signet over HTTP: image with accessible name and caching headers (ETag/304, CORS),
 * live status after a revocation, the credential verified by an independent verifier built from
 * jose and the published keys only, tampering, status lists, key rotation, the verify endpoint,
 * the verification page and the Urkunde (checked with pdf-lib, not our writer).
 */
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let nr: string;
let nrLang: string;
let ministerium: { id: string; email: string; role: 'ministry_reviewer'; behoerden: string[] };
let zweitePerson: { id: string; email: string; role: 'ministry_reviewer'; behoerden: string[] };

async function verleihe(ars: string, zertifikatNr: string, am = '2021-07-29') {
  await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values (${zertifikatNr}, ${ars}, ${am}, 'gueltig')`);
  await database.db.execute(sql`insert into praedikat_ereignisse (zertifikat_nr, von_status, nach_status, ereignis, automatisch, actor_label, at)
    values (${zertifikatNr}, null, 'gueltig', 'verleihung', false, 'test', ${`${am}T10:00:00Z`}::timestamptz)`);
}

/** An independent verifier: jose and the published JWKS / status lists only, no app code. */
async function unabhaengigPruefen(jwt: string): Promise<{ ok: true; payload: Record<string, unknown> } | { ok: false; why: string }> {
  const jwks = createLocalJWKSet((await app.inject({ url: '/.well-known/jwks.json' })).json());
  let payload: Record<string, unknown>;
  try {
    payload = (await jwtVerify(jwt, jwks, { algorithms: ['EdDSA'], typ: 'vc+jwt' })).payload as Record<string, unknown>;
  } catch (e) {
    return { ok: false, why: `signature: ${(e as Error).message}` };
  }
  for (const entry of payload.credentialStatus as { statusListCredential: string; statusListIndex: string; statusPurpose: string }[]) {
    const listJwt = (await app.inject({ url: new URL(entry.statusListCredential).pathname })).body;
    const list = (await jwtVerify(listJwt, jwks, { algorithms: ['EdDSA'] })).payload as { credentialSubject: { encodedList: string; statusPurpose: string } };
    expect(list.credentialSubject.statusPurpose).toBe(entry.statusPurpose);
    const bits = zlib.gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
    const i = Number(entry.statusListIndex);
    if ((bits[Math.floor(i / 8)] >> (7 - (i % 8))) & 1) return { ok: false, why: `status: ${entry.statusPurpose}` };
  }
  return { ok: true, payload };
}

function parseXml(s: string) {
  const p = new SaxesParser();
  const tags: string[] = [];
  p.on('opentag', (t) => tags.push(t.name));
  p.write(s).close();
  return tags;
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { env: { SIGNET_CACHE_TTL_SECONDS: '0', PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
  const a = await aBehoerde(database, { name: 'Bad Königshofen i.Grabfeld, St', typ: 'stadt' });
  await database.db.execute(sql`update behoerden set kurzname = 'Bad Königshofen i.Grabfeld' where ars = ${a.ars}`);
  const b = await aBehoerde(database, { name: 'Verwaltungsgemeinschaft Marktheidenfeld', typ: 'vg' });
  nr = 'DA-2021-0007';
  nrLang = 'DA-2022-0101';
  await verleihe(a.ars, nr);
  await verleihe(b.ars, nrLang, '2022-03-01');
  const u = await aUser(database, 'ministry_reviewer');
  ministerium = { id: u.id, email: u.email, role: 'ministry_reviewer', behoerden: [] };
  const u2 = await aUser(database, 'ministry_reviewer');
  zweitePerson = { id: u2.id, email: u2.email, role: 'ministry_reviewer', behoerden: [] };
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('signet image', () => {
  it('is well-formed SVG with its accessible name, safe headers and CORS', async () => {
    const res = await app.inject({ url: `/signet/${nr}.svg` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=3600');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const tags = parseXml(res.body);
    expect(tags[0]).toBe('svg');
    expect(tags).toContain('title');
    expect(res.body).toContain('role="img"');
    // The name as citizens read it: "Stadt Bad Königshofen i.Grabfeld", never "…, St".
    expect(res.body).toMatch(/aria-label="Prädikat „Digitales Amt“ des Freistaats Bayern für Stadt Bad Königshofen i.Grabfeld, verliehen 2021, Zertifikat DA-2021-0007: gültig"/);
    expect(res.body).toContain('<title>Prädikat „Digitales Amt“ des Freistaats Bayern für Stadt Bad Königshofen i.Grabfeld');
    expect(res.body).not.toMatch(/<script|@font-face|url\(http/);
  });

  it('fits a long name into two lines inside the signet', async () => {
    const res = await app.inject({ url: `/signet/${nrLang}.svg` });
    expect(res.body).toContain('>Verwaltungsgemeinschaft</text>');
    expect(res.body).toContain('>Marktheidenfeld</text>');
    for (const m of res.body.matchAll(/<text x="([\d.]+)"[^>]*textLength="([\d.]+)"/g)) expect(Number(m[1]) + Number(m[2])).toBeLessThanOrEqual(320 - 8);
  });

  it('answers 304 to If-None-Match with its ETag, and the same ETag for the same status', async () => {
    const first = await app.inject({ url: `/signet/${nr}.svg` });
    const etag = first.headers.etag as string;
    const again = await app.inject({ url: `/signet/${nr}.svg`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toContain('max-age=300');
    const weak = await app.inject({ url: `/signet/${nr}.svg`, headers: { 'if-none-match': `"x", W/${etag}` } });
    expect(weak.statusCode).toBe(304);
    const other = await app.inject({ url: `/signet/${nr}.svg`, headers: { 'if-none-match': '"anders"' } });
    expect(other.statusCode).toBe(200);
  });

  it('is a PNG too, in sizes', async () => {
    const res = await app.inject({ url: `/signet/${nr}.png?groesse=s` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(res.rawPayload.readUInt32BE(16)).toBe(160);
    const l = await app.inject({ url: `/signet/${nr}.png?groesse=l` });
    expect(l.rawPayload.readUInt32BE(16)).toBe(640);
  });

  it('gives unknown numbers a 404 image, not a crash', async () => {
    for (const url of ['/signet/DA-1999-0001.svg', '/signet/%3Cscript%3E.svg']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(parseXml(res.body)[0]).toBe('svg');
      expect(res.body).toContain('Signet nicht gefunden');
      expect(res.body).not.toContain('<script>');
    }
  });
});

describe('credential', () => {
  it('verifies with the published keys alone (independent verifier)', async () => {
    const res = await app.inject({ url: `/credentials/${nr}` });
    expect(res.headers['content-type']).toMatch(/^application\/vc\+jwt/);
    const r = await unabhaengigPruefen(res.body);
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(r.payload.validFrom).toBe('2021-07-29T00:00:00Z');
    expect(r.payload.issuer).toMatchObject({ id: 'did:web:digitales-amt.bayern.example', name: 'Bayerisches Staatsministerium für Digitales' });
    const subject = r.payload.credentialSubject as { name: string; achievement: { name: string; criteria: { narrative: string } } };
    expect(subject.name).toBe('Bad Königshofen i.Grabfeld, St');
    expect(subject.achievement.name).toBe('Digitales Amt');
    expect(subject.achievement.criteria.narrative).toContain('mindestens 50');
    const did = (await app.inject({ url: '/.well-known/did.json' })).json();
    expect(did.id).toBe('did:web:digitales-amt.bayern.example');
    expect(did.assertionMethod).toContain(`${did.id}#${decodeProtectedHeader(res.body).kid}`);
  });

  it('fails when one byte is tampered with, in the independent verifier and the verify endpoint', async () => {
    const jwt = (await app.inject({ url: `/credentials/${nr}` })).body;
    const [h, p, s] = jwt.split('.');
    const json = Buffer.from(p, 'base64url').toString('utf8').replace('Bad Königshofen', 'Bad Königshofex');
    const tampered = `${h}.${Buffer.from(json).toString('base64url')}.${s}`;
    expect(await unabhaengigPruefen(tampered)).toMatchObject({ ok: false });
    const res = await app.inject({ method: 'POST', url: '/api/v1/credentials/verify', payload: { credential: tampered } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verified: false, error: { code: 'INVALID_SIGNATURE' } });
    const ok = await app.inject({ method: 'POST', url: '/api/v1/credentials/verify', payload: { credential: jwt } });
    expect(ok.json()).toMatchObject({ verified: true });
    expect(ok.json().checks.map((c: { check: string }) => c.check)).toEqual(['format', 'signature', 'issuer', 'type', 'dates', 'status']);
  });

  it('says exactly why other credentials fail', async () => {
    const post = async (credential: string) => (await app.inject({ method: 'POST', url: '/api/v1/credentials/verify', payload: { credential } })).json();
    expect(await post('kein-jwt')).toMatchObject({ verified: false, error: { code: 'MALFORMED_CREDENTIAL' } });
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url')}.e30.c2ln`;
    expect(await post(hs)).toMatchObject({ error: { code: 'UNSUPPORTED_ALGORITHM' } });
    const fremd = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'unbekannt' })).toString('base64url')}.e30.c2ln`;
    expect(await post(fremd)).toMatchObject({ error: { code: 'UNKNOWN_KEY' } });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/credentials/verify', payload: {} });
    expect(bad.statusCode).toBe(400);
  });

  it('survives a key rotation: old credentials still verify, new ones use the new key', async () => {
    const alt = (await app.inject({ url: `/credentials/${nrLang}` })).body;
    const altKid = decodeProtectedHeader(alt).kid;
    const r = await app.services.signet.rotateKey();
    expect(r.vorher).toBe(altKid);
    const neu = (await app.inject({ url: `/credentials/${nrLang}` })).body;
    expect(decodeProtectedHeader(neu).kid).toBe(r.kid);
    const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([altKid, r.kid]));
    expect(await unabhaengigPruefen(alt)).toMatchObject({ ok: true });
    expect(await unabhaengigPruefen(neu)).toMatchObject({ ok: true });
    const stored = (await database.db.execute(sql`select private_enc from signet_schluessel`)).rows as { private_enc: string }[];
    // Wrapped under the KEK (format v2, signet.keys.ts), never in clear.
    for (const s of stored) expect(s.private_enc).toMatch(/^v2\.[A-Za-z0-9_-]{16}\./);
  });
});

describe('a status change', () => {
  it('shows on the signet, the status list, the verify endpoint and the page', async () => {
    const jwt = (await app.inject({ url: `/credentials/${nr}` })).body;
    const vorher = await app.inject({ url: `/signet/${nr}.svg` });
    await app.services.praedikat.manuell(ministerium, nr, 'aussetzen', 'Test: Schwelle dauerhaft unterschritten');
    const ausgesetzt = await app.inject({ url: `/signet/${nr}.svg`, headers: { 'if-none-match': vorher.headers.etag as string } });
    expect(ausgesetzt.statusCode).toBe(200);
    expect(ausgesetzt.body).toContain('AUSGESETZT');
    expect(ausgesetzt.body).toContain(': ausgesetzt – derzeit nicht gültig');
    expect(await unabhaengigPruefen(jwt)).toEqual({ ok: false, why: 'status: suspension' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/credentials/verify', payload: { credential: jwt } })).json()).toMatchObject({ error: { code: 'SUSPENDED' } });

    // Revocation takes two people: the request alone changes neither the signet nor the status list.
    await app.services.praedikat.manuell(ministerium, nr, 'widerrufen', 'Test: Widerruf');
    expect((await app.inject({ url: `/signet/${nr}.svg` })).body).toContain('AUSGESETZT');
    expect(await unabhaengigPruefen(jwt)).toEqual({ ok: false, why: 'status: suspension' });
    await app.services.praedikat.manuell(zweitePerson, nr, 'widerrufen', '');
    const widerrufen = await app.inject({ url: `/signet/${nr}.svg` });
    expect(widerrufen.body).toContain('WIDERRUFEN');
    expect(widerrufen.headers.etag).not.toBe(ausgesetzt.headers.etag);
    expect(await unabhaengigPruefen(jwt)).toEqual({ ok: false, why: 'status: revocation' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/credentials/verify', payload: { credential: jwt } })).json()).toMatchObject({
      verified: false,
      error: { code: 'REVOKED' },
    });
    const page = await app.inject({ url: `/pruefen/${nr}` });
    expect(page.body).toContain('Status: Widerrufen');
    // A revoked award offers no embed code and no certificate any more: 410 with a page that says why.
    expect(page.body).not.toContain('snippet-160');
    const urkunde = await app.inject({ url: `/pruefen/${nr}/urkunde.pdf` });
    expect(urkunde.statusCode).toBe(410);
    expect(urkunde.body).toContain('Die Urkunde ist nicht mehr verfügbar');
    expect(urkunde.body).toContain('Vom Ministerium widerrufen.');
  });

  it('says „vom Ministerium ausgesetzt“ with the public reason for a suspension by hand, never the internal one', async () => {
    const c = await aBehoerde(database, { name: 'Hinweisstadt, St', typ: 'stadt' });
    const nrC = 'DA-2023-0303';
    await verleihe(c.ars, nrC, '2023-05-01');
    await app.services.praedikat.manuell(ministerium, nrC, 'aussetzen', 'Intern: Beschwerde von Bürgern', undefined, { oeffentlicherGrund: 'Prüfung nach Hinweisen aus der Bevölkerung.' });
    const page = (await app.inject({ url: `/pruefen/${nrC}` })).body;
    expect(page).toContain('Das Prädikat ist vom Ministerium ausgesetzt');
    expect(page).toContain('Prüfung nach Hinweisen aus der Bevölkerung.');
    expect(page).not.toContain('nach Ablauf der Karenzzeit');
    expect(page).not.toContain('Intern: Beschwerde');
    const api = (await app.inject({ url: `/api/v1/behoerden/${c.ars}/praedikat` })).json();
    expect(api).toMatchObject({ status: 'ausgesetzt', manuellAusgesetzt: true, statusGrund: 'Prüfung nach Hinweisen aus der Bevölkerung.' });
    expect(JSON.stringify(api)).not.toContain('Intern:');
  });
});

describe('verification page and Urkunde', () => {
  it('shows who, since when, status, how it was checked and the embed code', async () => {
    const res = await app.inject({ url: `/pruefen/${nrLang}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Status: Gültig – Verwaltungsgemeinschaft Marktheidenfeld');
    expect(res.body).toContain('1. März 2022');
    expect(res.body).toContain('zählende Online-Verfahren verlinkt');
    expect(res.body).toContain('die Signatur wurde soeben erfolgreich geprüft');
    expect(res.body).toContain(`&lt;a href=&quot;https://digitales-amt.bayern.example/pruefen/${nrLang}&quot;>&lt;img src=&quot;https://digitales-amt.bayern.example/signet/${nrLang}.svg&quot;`);
    expect(res.body).not.toMatch(/style=|<script>/);
  });

  it('is in English with the language cookie, the embed code unchanged', async () => {
    const res = await app.inject({ url: `/pruefen/${nrLang}`, headers: { cookie: 'lang=en' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Verification: “Digitales Amt” label');
    expect(res.body).toContain('Status: Valid – Verwaltungsgemeinschaft Marktheidenfeld');
    expect(res.body).toContain('>Details</h2>');
    expect(res.body).toContain('>How this was verified</h2>');
    expect(res.body).toContain('>Embed the signet on your own website</h2>');
    expect(res.body).toContain('1 March 2022');
    expect(res.body).toContain('the signature was verified successfully just now');
    expect(res.body).not.toContain('So wurde geprüft');
    expect(res.body).not.toContain('Verliehen am');
    expect(res.body).toContain(`&lt;a href=&quot;https://digitales-amt.bayern.example/pruefen/${nrLang}&quot;>&lt;img src=&quot;https://digitales-amt.bayern.example/signet/${nrLang}.svg&quot;`);
  });

  it('documents the API routes in OpenAPI', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/credentials/verify', '/credentials/{nr}', '/.well-known/jwks.json', '/signet/{datei}']));
  });

  it('redirects /nachweis to /pruefen and 404s an unknown number', async () => {
    const r = await app.inject({ url: `/nachweis/${nr}` });
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe(`/pruefen/${nr}`);
    expect((await app.inject({ url: '/pruefen/DA-1999-0001' })).statusCode).toBe(404);
  });

  it('serves a tagged PDF (checked with pdf-lib) with embedded fonts', async () => {
    const res = await app.inject({ url: `/pruefen/${nrLang}/urkunde.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(res.rawPayload);
    const catalog = pdf.catalog;
    const mark = catalog.lookup(PDFName.of('MarkInfo'), PDFDict);
    expect(mark.get(PDFName.of('Marked'))?.toString()).toBe('true');
    expect(catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict)).toBeInstanceOf(PDFDict);
    expect(catalog.get(PDFName.of('Lang'))?.toString()).toContain('de-DE');
    expect(pdf.getTitle()).toBe('Urkunde „Digitales Amt“ – Verwaltungsgemeinschaft Marktheidenfeld');
    const raw = res.rawPayload.toString('latin1');
    expect(raw).toMatch(/\/FontFile2|\/FontFile3/);
    expect(raw).toContain('NotoSans');
  });
});
