/**
 * The Bürgerservice on the real Bavarian official data, with a handful of links of our own:
 * "I live in Amberg (Unterallgäu) and want to register my dog" — page, API, the member Gemeinde's
 * page and the embeddable list of a Behörde.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { aVerfahren } from '../../tests/support/builders';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import type { Database } from '../shared/db';
import { verlinkungen } from '../shared/schema';
import { EINBETTEN_CSP } from './einbetten.routes';

let database: Database;
let app: FastifyInstance;
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

const AMBERG_UNTERALLGAEU = '097785764111';
const VG_TUERKHEIM = '097785764';
const LK_UNTERALLGAEU = '09778';
const BEZIRK_SCHWABEN = '097';
const STADT_AMBERG = '093610000000';
const ids: Record<string, string> = {};

async function leistungen(verfahrenId: string, schluessel: string[]) {
  await database.db.execute(sql`
    insert into verfahren_leistungen (verfahren_id, leika_id)
    select ${verfahrenId}::uuid, id from leika_leistungen where schluessel in (${sql.join(schluessel.map((k) => sql`${k}`), sql`, `)})`);
}

async function verlinke(ars: string, verfahrenId: string, url?: string) {
  await database.db.insert(verlinkungen).values({ behoerdeArs: ars, verfahrenId, url: url ?? null });
}

beforeAll(async () => {
  database = await openImportedTestDatabase();
  app = await buildTestApp(database, { env: { PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
  const hund = await aVerfahren(database, { name: 'Hund anmelden (Hundesteuer)', url: 'https://buergerservice.bayern.example/hund' });
  await leistungen(hund.id, ['99102013000000', '99110009104000']);
  const bau = await aVerfahren(database, { name: 'Antrag auf Baugenehmigung', bereitstellung: 'kommunal', anbieterArs: LK_UNTERALLGAEU });
  await leistungen(bau.id, ['99012008001000']);
  const eingliederung = await aVerfahren(database, { name: 'Antrag auf Eingliederungshilfe' });
  await leistungen(eingliederung.id, ['99107005080000']);
  const wohngeld = await aVerfahren(database, { name: 'Antrag auf Wohngeld' }); // zentral, linked by nobody there
  await leistungen(wohngeld.id, ['99104001000000']);
  const info = await aVerfahren(database, { name: 'Hundehaltung: Informationen', art: 'information' });
  await leistungen(info.id, ['99110009000000']);
  const alt = await aVerfahren(database, { name: 'Hundesteuer: altes Verfahren', aktiv: false });
  await verlinke(VG_TUERKHEIM, hund.id, 'https://buergerservice.bayern.example/hund?ars=097785764');
  await verlinke(VG_TUERKHEIM, info.id);
  await verlinke(VG_TUERKHEIM, alt.id);
  await verlinke(LK_UNTERALLGAEU, bau.id);
  await verlinke(BEZIRK_SCHWABEN, eingliederung.id);
  await verlinke(STADT_AMBERG, hund.id);
  Object.assign(ids, { hund: hund.id, bau: bau.id, eingliederung: eingliederung.id, wohngeld: wohngeld.id, info: info.id, alt: alt.id });
  await app.services.verlinkung.alleNeuBerechnen();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/v1/buergerservice', () => {
  it('names the Behörde responsible on every level for Gemeinde Amberg in the VG Türkheim', async () => {
    const res = await get(`/api/v1/buergerservice?ort=${AMBERG_UNTERALLGAEU}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ort).toMatchObject({ ars: AMBERG_UNTERALLGAEU, name: 'Amberg', zusatz: 'Landkreis Unterallgäu' });
    expect(body.zustaendig.map((z: { ars: string; ebene: string }) => [z.ars, z.ebene])).toEqual([
      [VG_TUERKHEIM, 'vg'],
      [LK_UNTERALLGAEU, 'landkreis'],
      [BEZIRK_SCHWABEN, 'bezirk'],
      ['09', 'land'],
    ]);
    expect(body.zustaendig[0]).toMatchObject({ name: 'Türkheim (VGem)', anzeigename: 'Verwaltungsgemeinschaft Türkheim', onlineVerfahren: 1 });
    expect(body.zustaendig[1].anzeigename).toBe('Landkreis Unterallgäu');
    expect(body.zustaendig[2].anzeigename).toBe('Bezirk Schwaben');
  });

  it('lists every online procedure open to residents with its Behörde and level, the Freistaat’s zentrale ones included', async () => {
    const body = (await get(`/api/v1/buergerservice?ort=${AMBERG_UNTERALLGAEU}`)).json();
    const wer = (name: string) => body.items.filter((i: { name: string }) => i.name === name).map((i: { behoerde: { ars: string; ebene: string } }) => `${i.behoerde.ebene}:${i.behoerde.ars}`);
    expect(wer('Hund anmelden (Hundesteuer)')).toEqual([`vg:${VG_TUERKHEIM}`]);
    expect(wer('Antrag auf Baugenehmigung')).toEqual([`landkreis:${LK_UNTERALLGAEU}`]);
    expect(wer('Antrag auf Eingliederungshilfe')).toEqual([`bezirk:${BEZIRK_SCHWABEN}`]);
    // Zentral and linked by nobody here: the Freistaat's offer; a linked zentral one is the Behörde's.
    expect(wer('Antrag auf Wohngeld')).toEqual(['land:09']);
    // Not online procedures: information pages and retired procedures.
    expect(wer('Hundehaltung: Informationen')).toEqual([]);
    expect(wer('Hundesteuer: altes Verfahren')).toEqual([]);
    const hund = body.items.find((i: { name: string }) => i.name === 'Hund anmelden (Hundesteuer)');
    expect(hund).toMatchObject({
      url: 'https://buergerservice.bayern.example/hund?ars=097785764',
      leika: ['99102013000000', '99110009104000'],
      zaehlt: true,
      vertrauensniveau: 'substanziell',
      behoerde: { ars: VG_TUERKHEIM, name: 'Türkheim (VGem)', ebene: 'vg' },
    });
    expect(hund.themenfeld).toEqual(expect.any(String));
    expect(body.items.find((i: { name: string }) => i.name === 'Antrag auf Wohngeld').zaehlt).toBe(false);
  });

  it('finds the Leistung by word form, compound and everyday word', async () => {
    const namen = async (q: string) => (await get(`/api/v1/buergerservice?ort=${AMBERG_UNTERALLGAEU}&q=${encodeURIComponent(q)}`)).json().items.map((i: { name: string }) => i.name);
    for (const q of ['Hund', 'Hunde', 'hundesteuer', 'HUND']) expect(await namen(q), q).toEqual(['Hund anmelden (Hundesteuer)']);
    expect(await namen('Bauantrag')).toEqual(['Antrag auf Baugenehmigung']);
    expect(await namen('Giraffe')).toEqual([]);
  });

  it('serves a kreisfreie Stadt as Gemeinde and Kreis at once', async () => {
    const body = (await get(`/api/v1/buergerservice?ort=${STADT_AMBERG}&q=Hund`)).json();
    expect(body.zustaendig.map((z: { ars: string; ebene: string }) => [z.ars, z.ebene])).toEqual([
      [STADT_AMBERG, 'kreisfreie_stadt'],
      ['093', 'bezirk'],
      ['09', 'land'],
    ]);
    expect(body.items.map((i: { behoerde: { ars: string } }) => i.behoerde.ars)).toEqual([STADT_AMBERG]);
  });

  it('answers bad or unknown places with an English error', async () => {
    const bad = await get('/api/v1/buergerservice?ort=Amberg');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.json().details)).toContain('12-digit ARS');
    const unbekannt = await get('/api/v1/buergerservice?ort=099999999999');
    expect(unbekannt.statusCode).toBe(404);
    expect(unbekannt.json().message).toBe('No Gemeinde with ARS 099999999999');
  });

  it('looks places up by name (umlaut-tolerant), postcode and key, and tells the two Ambergs apart', async () => {
    const orte = async (q: string) => (await get(`/api/v1/orte?q=${encodeURIComponent(q)}`)).json().items as { ars: string; anzeigename: string; zusatz: string }[];
    const amberg = await orte('Amberg');
    expect(amberg.slice(0, 2).map((o) => `${o.anzeigename} (${o.zusatz})`).sort()).toEqual(['Amberg (Landkreis Unterallgäu)', 'Stadt Amberg (kreisfreie Stadt, Oberpfalz)']);
    for (const q of ['Türkheim', 'Tuerkheim', 'Turkheim']) expect((await orte(q)).map((o) => o.anzeigename), q).toContain('Markt Türkheim');
    expect((await orte('86854')).map((o) => o.ars)).toEqual([AMBERG_UNTERALLGAEU]);
    expect((await orte(AMBERG_UNTERALLGAEU)).map((o) => o.ars)).toEqual([AMBERG_UNTERALLGAEU]);
    expect((await get('/api/v1/orte?q=A')).statusCode).toBe(400);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = (await get('/api/openapi.json')).json();
    const op = doc.paths['/api/v1/buergerservice'].get;
    expect(op.tags).toEqual(['buergerservice']);
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['ort', 'q']);
    const ebene = JSON.stringify(op.responses['200']);
    for (const e of ['gemeinde', 'vg', 'kreisfreie_stadt', 'landkreis', 'bezirk', 'land']) expect(ebene).toContain(`"${e}"`);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/orte', '/einbetten/{datei}']));
  });
});

describe('the page /buergerservice', () => {
  it('lets a citizen pick one of two places of the same name, then shows the procedures with their Behörde', async () => {
    const auswahl = await get('/buergerservice?ort=Amberg&q=Hund');
    expect(auswahl.statusCode).toBe(200);
    expect(auswahl.body).toContain(`href="/buergerservice?ort=${AMBERG_UNTERALLGAEU}&amp;q=Hund"`);
    expect(auswahl.body).toContain('Amberg (Landkreis Unterallgäu)');
    expect(auswahl.body).toContain('Stadt Amberg (kreisfreie Stadt, Oberpfalz)');

    const seite = await get(`/buergerservice?ort=${AMBERG_UNTERALLGAEU}&q=Hund`);
    expect(seite.statusCode).toBe(200);
    expect(seite.body).toContain('Zuständig für Amberg (Landkreis Unterallgäu)');
    expect(seite.body).toContain(`href="/behoerden/${VG_TUERKHEIM}">Verwaltungsgemeinschaft Türkheim</a>`);
    expect(seite.body).toContain('href="https://buergerservice.bayern.example/hund?ars=097785764"');
    expect(seite.body).toContain('1 Online-Verfahren zu „Hund“');
    expect(seite.body).toContain('Vertrauensniveau substanziell');
    expect(seite.body).not.toMatch(/ style=/);
  });

  it('goes straight to a place that is unique, by name or postcode', async () => {
    const res = await get('/buergerservice?ort=Wiedergeltingen&q=Hund');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/buergerservice?ort=097785764216&q=Hund');
    expect((await get('/buergerservice?ort=86854')).headers.location).toBe(`/buergerservice?ort=${AMBERG_UNTERALLGAEU}`);
    // The choice list's wording finds exactly one place again.
    expect((await get(`/buergerservice?ort=${encodeURIComponent('Amberg (Landkreis Unterallgäu)')}`)).headers.location).toBe(`/buergerservice?ort=${AMBERG_UNTERALLGAEU}`);
  });

  it('explains an unknown place or postcode at the field, in German', async () => {
    const res = await get('/buergerservice?ort=Atlantis');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Keine Gemeinde „Atlantis“ gefunden');
    expect(res.body).toContain('aria-invalid="true"');
    const plz = await get('/buergerservice?ort=12345');
    expect(plz.body).toContain('nur eine Postleitzahl');
    expect((await get(`/buergerservice?ort=${'x'.repeat(101)}`)).statusCode).toBe(400);
  });

  it('is in English by link, with English quotes', async () => {
    const res = await get(`/buergerservice?ort=${AMBERG_UNTERALLGAEU}&q=Hund&lang=en`);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('1 online procedure for “Hund”');
    expect(res.body.replace(/<span lang="de">[\s\S]*?<\/span>/g, '')).not.toContain('„');
  });
});

describe('a member Gemeinde of a VG', () => {
  it('has a page of its own naming its VG with count and Prädikat, and its Bürgerservice — never a 404', async () => {
    const res = await get(`/behoerden/${AMBERG_UNTERALLGAEU}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="kern-heading-large">Amberg</h1>');
    expect(res.body).toContain('Zuständige Behörde: Verwaltungsgemeinschaft Türkheim');
    expect(res.body).toContain('<strong>1</strong> von 50 nötigen Online-Verfahren verlinkt');
    expect(res.body).toContain(`href="/behoerden/${VG_TUERKHEIM}"`);
    expect(res.body).toContain(`href="/buergerservice?ort=${AMBERG_UNTERALLGAEU}"`);
    expect(res.body).toContain('1.508'); // population (GV100AD 2025)
    // An unknown key stays a 404.
    expect((await get('/behoerden/099999999999')).statusCode).toBe(404);
  });
});

describe('embedding a Behörde’s list on a Kommune website', () => {
  it('serves a script-free page that any site may frame, and nothing else may be framed', async () => {
    const res = await get(`/einbetten/${VG_TUERKHEIM}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toBe(EINBETTEN_CSP);
    expect(res.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('Online-Verfahren: Verwaltungsgemeinschaft Türkheim');
    expect(res.body).toContain('href="https://buergerservice.bayern.example/hund?ars=097785764"');
    expect(res.body).not.toContain('Hundehaltung: Informationen'); // not an online procedure
    const sonst = await get(`/behoerden/${VG_TUERKHEIM}`);
    expect(sonst.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(sonst.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('offers the same as JSON with open CORS, and a member Gemeinde leads to its VG', async () => {
    const json = await get(`/einbetten/${VG_TUERKHEIM}.json`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['access-control-allow-origin']).toBe('*');
    const d = json.json();
    expect(d).toMatchObject({ behoerde: { ars: VG_TUERKHEIM, anzeigename: 'Verwaltungsgemeinschaft Türkheim' }, anzahl: 1, praedikat: null, seite: `https://digitales-amt.bayern.example/behoerden/${VG_TUERKHEIM}` });
    expect(d.gruppen.flatMap((g: { verfahren: { name: string }[] }) => g.verfahren.map((v) => v.name))).toEqual(['Hund anmelden (Hundesteuer)']);
    const member = await get(`/einbetten/${AMBERG_UNTERALLGAEU}?lang=en`);
    expect(member.statusCode).toBe(302);
    expect(member.headers.location).toBe(`/einbetten/${VG_TUERKHEIM}?lang=en`);
    const fehlt = await get('/einbetten/099999999999');
    expect(fehlt.statusCode).toBe(404);
    expect(fehlt.body).toContain('Keine Behörde mit dem Schlüssel 099999999999');
    expect(fehlt.headers['content-security-policy']).toBe(EINBETTEN_CSP);
    const fehltJson = await get('/einbetten/099999999999.json');
    expect(fehltJson.statusCode).toBe(404);
    expect(fehltJson.json()).toMatchObject({ code: 'NOT_FOUND', message: 'No Behörde with key 099999999999' });
    expect((await get('/einbetten/abc')).statusCode).toBe(400);
  });

  it('is cached: an ETag per Behörde stand, 304 on revalidation, a new ETag after a link change', async () => {
    const res = await get(`/einbetten/${LK_UNTERALLGAEU}`);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`/einbetten/${LK_UNTERALLGAEU}`, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(`/einbetten/${LK_UNTERALLGAEU}?lang=en`)).headers.etag).not.toBe(etag);
    const admin = { id: '00000000-0000-4000-8000-000000000001', email: 'embed@example.org', role: 'ministry_admin' as const, behoerden: [] };
    await app.services.verlinkung.verlinke(admin, LK_UNTERALLGAEU, ids.wohngeld, { quelle: 'system' });
    const danach = await get(`/einbetten/${LK_UNTERALLGAEU}`, { 'if-none-match': etag });
    expect(danach.statusCode).toBe(200);
    expect(danach.body).toContain('Antrag auf Wohngeld');
  });

  it('shows the snippet on the Behörde’s editor page', async () => {
    const { Browser, aUser } = await import('../../tests/support/app');
    const redakteur = await aUser(database, 'kommune_editor', [VG_TUERKHEIM]);
    const browser = new Browser(app);
    await browser.login(redakteur.email);
    const res = await browser.get(`/verwaltung/behoerden/${VG_TUERKHEIM}/verlinkungen`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`&lt;iframe src=&quot;https://digitales-amt.bayern.example/einbetten/${VG_TUERKHEIM}&quot;`);
  });
});
