/**
 * All of Germany (`--land all`) on the real GV100AD file (Gebietsstand 30.11.2025): the derivation
 * for every Land and the import on the engine of this run, from Bavaria to all and back.
 * Expected counts are computed from the raw file here, independently of the parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { officialDataDir } from '../../tests/support/imported-db';
import type { Database } from '../shared/db';
import { normalizeQuery } from '../shared/text';
import { type AbgeleiteteBehoerde, deriveBehoerden, verbandRolle } from './behoerden.derivation';
import { type ImportReport, importOfficialData } from './gebiete.import';
import { type Gv100adVerzeichnis, readGv100adFile } from './gv100ad.parser';
import { readKoordinatenFile } from './koordinaten.parser';

const gvDir = () => path.join(officialDataDir(), 'gemeindeverzeichnis');

/** Gemeinden (Satzart 60) and their population per Land, straight from the fixed-width lines. */
function rawGemeinden(): { perLand: Record<string, number>; bewohnt: Record<string, number>; bevoelkerung: Record<string, number> } {
  const perLand: Record<string, number> = {};
  const bewohnt: Record<string, number> = {};
  const bevoelkerung: Record<string, number> = {};
  for (const line of fs.readFileSync(path.join(gvDir(), 'GV100AD_30112025.txt'), 'utf8').split(/\r?\n/)) {
    if (!line.startsWith('60')) continue;
    const land = line.slice(10, 12);
    perLand[land] = (perLand[land] ?? 0) + 1;
    if (!['65', '66'].includes(line.slice(122, 124))) bewohnt[land] = (bewohnt[land] ?? 0) + 1;
    bevoelkerung[land] = (bevoelkerung[land] ?? 0) + Number(line.slice(139, 150));
  }
  return { perLand, bewohnt, bevoelkerung };
}

const raw = rawGemeinden();
const sumOf = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe('verbandRolle', () => {
  it('makes Ämter, Samtgemeinden and Verbandsgemeinden the Behörde, and keeps Baden-Württemberg members on their own', () => {
    expect(['51', '52', '53', '55'].map((t) => verbandRolle(t, '01'))).toEqual(['verband', 'verband', 'verband', 'verband']);
    expect(verbandRolle('54', '09')).toBe('verband');
    expect(verbandRolle('54', '16')).toBe('verband');
    expect(verbandRolle('54', '14')).toBe('erfuellende_gemeinde');
    expect(verbandRolle('58', '16')).toBe('erfuellende_gemeinde');
    expect(verbandRolle('54', '08')).toBe('keine');
    expect(verbandRolle('56', '08')).toBe('keine');
    expect(verbandRolle('56', '14')).toBe('verband');
    expect(verbandRolle('50', '09')).toBe('keine');
  });
});

describe('deriving the Behörden of all of Germany from the real file', () => {
  let v: Gv100adVerzeichnis;
  let behoerden: AbgeleiteteBehoerde[];
  const byArs = (ars: string) => behoerden.find((b) => b.ars === ars);

  beforeAll(async () => {
    v = await readGv100adFile(path.join(gvDir(), 'GV100AD_30112025.txt'), { land: 'all' });
    const k = await readKoordinatenFile(path.join(gvDir(), 'gvisys_auszug_4q2020_mit_koordinaten.csv'));
    behoerden = deriveBehoerden(v, k.byAgs);
  });

  it('reads the Gemeinden of every Land as the file has them', () => {
    const perLand: Record<string, number> = {};
    for (const g of v.gemeinden) perLand[g.landKey] = (perLand[g.landKey] ?? 0) + 1;
    expect(perLand).toEqual(raw.perLand);
    expect(Object.keys(perLand)).toHaveLength(16);
    expect(v.gemeinden).toHaveLength(10_953);
  });

  it('puts every inhabited Gemeinde under exactly one Behörde, in every Land', () => {
    const gemeindeArs = behoerden.flatMap((b) => b.gemeinden);
    expect(new Set(gemeindeArs).size).toBe(gemeindeArs.length);
    const perLand: Record<string, number> = {};
    for (const ars of gemeindeArs) perLand[ars.slice(0, 2)] = (perLand[ars.slice(0, 2)] ?? 0) + 1;
    expect(perLand).toEqual(raw.bewohnt);
  });

  it('has Bezirke only in Bavaria, and the Bavarian Behörden unchanged (1,463)', () => {
    expect(new Set(behoerden.filter((b) => b.typ === 'bezirk').map((b) => b.landKey))).toEqual(new Set(['09']));
    expect(behoerden.filter((b) => b.landKey === '09')).toHaveLength(1463);
  });

  it('makes Berlin and Hamburg one Behörde each, Bremen two', () => {
    expect(behoerden.filter((b) => b.landKey === '11').map((b) => [b.ars, b.kurzname, b.typ])).toEqual([['110000000000', 'Berlin', 'kreisfreie_stadt']]);
    expect(behoerden.filter((b) => b.landKey === '02').map((b) => [b.ars, b.kurzname, b.typ])).toEqual([['020000000000', 'Hamburg', 'kreisfreie_stadt']]);
    expect(behoerden.filter((b) => b.landKey === '04').map((b) => b.kurzname)).toEqual(['Bremen', 'Bremerhaven']);
    expect(byArs('110000000000')?.bevoelkerung).toBe(raw.bevoelkerung['11']);
  });

  it('makes an Amt in Schleswig-Holstein the Behörde of its 14 Gemeinden', () => {
    const amt = byArs('010515163');
    expect(amt).toMatchObject({ name: 'Amt Burg-St. Michaelisdonn', typ: 'amt', sitz: 'Burg (Dithm.)', kreisKey: '01051' });
    expect(amt?.gemeinden).toHaveLength(14);
    expect(behoerden.some((b) => amt?.gemeinden.includes(b.ars) && b !== amt)).toBe(false);
  });

  it('makes a Samtgemeinde in Niedersachsen and a Verbandsgemeinde in Rheinland-Pfalz Behörden', () => {
    expect(byArs('031515402')).toMatchObject({ name: 'Samtgemeinde Brome', typ: 'samtgemeinde', plz: '38465' });
    expect(byArs('031515402')?.gemeinden).toHaveLength(7);
    expect(byArs('071315001')).toMatchObject({ name: 'Verbandsgemeinde Adenau', typ: 'verbandsgemeinde' });
    expect(byArs('071315001')?.gemeinden).toHaveLength(37);
  });

  it('keeps the members of a Gemeindeverwaltungsverband in Baden-Württemberg as Behörden', () => {
    expect(byArs('081155001')).toBeUndefined();
    expect(behoerden.filter((b) => b.ars.startsWith('081155001')).map((b) => b.kurzname)).toEqual(['Aidlingen', 'Grafenau']);
  });

  it('makes the erfüllende Gemeinde the Behörde of the Gemeinden it administers, found by searching for them', () => {
    // Heringen/Helme (Thüringen) administers Görsbach and Urbach.
    const heringen = behoerden.find((b) => b.ars.startsWith('160625053') && b.gemeinden.length > 1);
    expect(heringen).toMatchObject({ kurzname: 'Heringen/Helme', typ: 'stadt' });
    expect(heringen?.gemeinden).toHaveLength(3);
    expect(heringen?.suchname).toContain(normalizeQuery('Görsbach'));
  });

  it('names Kreise as the Körperschaft: "Kreis Dithmarschen", "Rhein-Sieg-Kreis", "Region Hannover"', () => {
    const names = new Set(behoerden.filter((b) => b.typ === 'landkreis').map((b) => b.name));
    for (const n of ['Kreis Dithmarschen', 'Rhein-Sieg-Kreis', 'Region Hannover', 'Landkreis Rostock', 'Regionalverband Saarbrücken', 'Landkreis Altötting']) {
      expect(names).toContain(n);
    }
    expect(behoerden.filter((b) => b.typ === 'landkreis')).toHaveLength(294);
  });
});

describe('importing all of Germany, from Bavaria to all and back', () => {
  let database: Database;
  let bayern: ImportReport;
  let alle: ImportReport;
  const run = (land: string) => importOfficialData(database, { officialDataDir: officialDataDir(), land, actor: 'test' });
  const one = async <T>(text: string, params: unknown[] = []) => (await database.query<T>(text, params))[0];

  beforeAll(async () => {
    database = await openTestDatabase();
    bayern = await run('09');
    alle = await run('all');
  }, 240_000);
  afterAll(async () => database?.close());

  it('adds the other Länder and leaves Bavaria unchanged', () => {
    expect(bayern.behoerden.neu).toBe(1463);
    expect(alle.behoerden).toMatchObject({ geaendert: 0, entfallen: 0, unveraendert: 1463 });
    expect(alle.behoerden.neu).toBeGreaterThan(3000);
    expect(alle.gebiete.entfallen).toBe(0);
    expect(alle.hinweise.join(' ')).toMatch(/Gemeinden ohne Koordinaten/);
  });

  it('stores the Gemeinden of every Land as in the file, and 83,577,140 inhabitants', async () => {
    const rows = await database.query<{ land_key: string; n: number }>("select land_key, count(*)::int as n from gebiete where ebene = 'gemeinde' group by land_key");
    expect(Object.fromEntries(rows.map((r) => [r.land_key, r.n]))).toEqual(raw.perLand);
    const sums = await one<{ laender: number; gemeinden: number; kreisebene: number }>(
      `select (select sum(bevoelkerung)::bigint from gebiete where ebene = 'land') as laender,
              (select sum(bevoelkerung)::bigint from gebiete where ebene = 'gemeinde') as gemeinden,
              (select sum(bevoelkerung)::bigint from behoerden where aktiv and typ in ('landkreis', 'kreisfreie_stadt')) as kreisebene`,
    );
    expect(Object.values(sums).map(Number)).toEqual([sumOf(raw.bevoelkerung), sumOf(raw.bevoelkerung), sumOf(raw.bevoelkerung)]);
    expect(sumOf(raw.bevoelkerung)).toBe(83_577_140);
  });

  it('assigns every inhabited Gemeinde of Germany to exactly one active Behörde', async () => {
    const r = await one<{ ohne: number; zugeordnet: number }>(
      `select (select count(*)::int from gebiete g where g.ebene = 'gemeinde' and g.textkennzeichen not in ('65', '66')
                and not exists (select 1 from behoerde_gemeinden bg join behoerden b on b.ars = bg.behoerde_ars and b.aktiv where bg.gemeinde_ars = g.ars)) as ohne,
              (select count(*)::int from behoerde_gemeinden) as zugeordnet`,
    );
    expect(r).toEqual({ ohne: 0, zugeordnet: sumOf(raw.bewohnt) });
  });

  it('finds Behörden in other Länder by name and by PLZ', async () => {
    const byName = await database.query<{ name: string }>("select name from behoerden where suchname like '%' || $1 || '%' order by name", [normalizeQuery('Michaelisdonn')]);
    expect(byName.map((r) => r.name)).toContain('Amt Burg-St. Michaelisdonn');
    const byPlz = await database.query<{ name: string }>("select b.name from behoerden b where b.plz = '38465'");
    expect(byPlz.map((r) => r.name)).toContain('Samtgemeinde Brome');
  });

  it('reports nothing changed when all of Germany is imported again', async () => {
    const again = await run('all');
    for (const bereich of ['gebiete', 'behoerden', 'zuordnungen'] as const) {
      expect(again[bereich]).toMatchObject({ neu: 0, geaendert: 0, entfallen: 0 });
    }
    expect(again.behoerden.unveraendert).toBe(alle.behoerden.neu + alle.behoerden.unveraendert);
  }, 240_000);

  it('updates only Bavaria when Bavaria is imported again, the other Länder stay', async () => {
    const zurueck = await run('09');
    expect(zurueck.behoerden).toEqual({ neu: 0, geaendert: 0, entfallen: 0, unveraendert: 1463 });
    const laender = await one<{ n: number }>('select count(distinct land_key)::int as n from behoerden where aktiv');
    expect(laender.n).toBe(16);
  }, 240_000);
});
