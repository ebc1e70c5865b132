/**
 * The import on the real official data (Gebietsstand 30.11.2025), on the engine of this run
 * (PGlite, or PostgreSQL with TEST_DATABASE_URL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { officialDataDir, openImportedTestDatabase } from '../../tests/support/imported-db';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { normalizeQuery } from '../shared/text';
import { type ImportReport, ImportValidationError, importOfficialData } from './gebiete.import';

const GV100AD = 'GV100AD_30112025.txt';
const run = (database: Database, dir = officialDataDir()) => importOfficialData(database, { officialDataDir: dir, land: '09', actor: 'test' });

/** A copy of the official data folder with the GV100AD lines changed by `edit`. */
function dataCopyWith(edit: (lines: string[]) => string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtliche-daten-'));
  fs.cpSync(officialDataDir(), dir, { recursive: true });
  const file = path.join(dir, 'gemeindeverzeichnis', GV100AD);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  fs.writeFileSync(file, edit(lines).join('\n'));
  return dir;
}

/** Index of the Gemeinde record (Satzart 60) with this 12-digit ARS. */
const gemeindeLine = (lines: string[], ars: string) =>
  lines.findIndex((l) => l.startsWith('60') && l.slice(10, 15) + l.slice(18, 22) + l.slice(15, 18) === ars);

const one = async <T>(database: Database, text: string, params: unknown[] = []) => (await database.query<T>(text, params))[0];

describe('importing the Bavarian official data', () => {
  let database: Database;
  let first: ImportReport;
  const copies: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    first = await importOfficialData(database, { officialDataDir: officialDataDir(), land: '09', actor: 'test', clock: fixedClock('2025-12-01T08:00:00Z') });
  });
  afterAll(async () => {
    await database?.close();
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports everything as new on the first run', () => {
    expect(first.gebietsstand).toBe('2025-11-30');
    expect(first.gebiete).toEqual({ neu: 3875, geaendert: 0, entfallen: 0, unveraendert: 0 });
    expect(first.behoerden).toEqual({ neu: 1463, geaendert: 0, entfallen: 0, unveraendert: 0 });
    expect(first.zuordnungen.neu).toBe(2056);
    expect([first.themenfelder.neu, first.lebenslagen.neu, first.ozgLeistungen.neu, first.leikaLeistungen.neu]).toEqual([14, 58, 557, 5249]);
    expect(first.geometrien.neu).toBe(2056 + 174 + 96 + 7);
    expect(first.hinweise).toEqual([]);
  });

  it('has 2,056 Gemeinden, 25 of them kreisfreie Städte', async () => {
    const rows = await database.query<{ typ: string; n: number }>(
      "select typ, count(*)::int as n from gebiete where ebene = 'gemeinde' and textkennzeichen not in ('65', '66') group by typ order by typ",
    );
    expect(Object.fromEntries(rows.map((r) => [r.typ, r.n]))).toEqual({
      'Große Kreisstadt': 29,
      'Kreisangehörige Gemeinde': 1352,
      'Kreisfreie Stadt': 25,
      Markt: 386,
      Stadt: 264,
    });
  });

  it('derives 1,463 Behörden: 1,074 Gemeinden, 311 VGs, 71 Landkreise, 7 Bezirke', async () => {
    const rows = await database.query<{ typ: string; n: number }>('select typ, count(*)::int as n from behoerden where aktiv group by typ');
    const byTyp = Object.fromEntries(rows.map((r) => [r.typ, r.n]));
    expect(byTyp).toEqual({ gemeinde: 583, markt: 229, stadt: 208, grosse_kreisstadt: 29, kreisfreie_stadt: 25, vg: 311, landkreis: 71, bezirk: 7 });
    expect(byTyp.gemeinde + byTyp.markt + byTyp.stadt + byTyp.grosse_kreisstadt + byTyp.kreisfreie_stadt).toBe(1074);
  });

  it('assigns 982 Gemeinden to the 311 VGs and every Gemeinde to exactly one Behörde', async () => {
    const vg = await one<{ n: number; vgs: number }>(
      database,
      "select count(*)::int as n, count(distinct bg.behoerde_ars)::int as vgs from behoerde_gemeinden bg join behoerden b on b.ars = bg.behoerde_ars where b.typ = 'vg'",
    );
    expect(vg).toEqual({ n: 982, vgs: 311 });
    const ohne = await one<{ n: number }>(
      database,
      "select count(*)::int as n from gebiete g where g.ebene = 'gemeinde' and g.textkennzeichen not in ('65', '66') and not exists (select 1 from behoerde_gemeinden bg where bg.gemeinde_ars = g.ars)",
    );
    expect(ohne.n).toBe(0);
    const frei = await one<{ n: number }>(database, "select count(*)::int as n from behoerde_gemeinden bg join gebiete g on g.ars = bg.gemeinde_ars where g.textkennzeichen in ('65', '66')");
    expect(frei.n).toBe(0);
  });

  it('counts 13,248,928 inhabitants in Bavaria, in its Bezirke and in its Landkreise plus kreisfreie Städte', async () => {
    const sums = await one<{ land: number; bezirke: number; kreisebene: number; gemeindeebene: number }>(
      database,
      `select (select bevoelkerung from gebiete where ars = '09') as land,
              (select sum(bevoelkerung)::int from behoerden where typ = 'bezirk') as bezirke,
              (select sum(bevoelkerung)::int from behoerden where typ in ('landkreis', 'kreisfreie_stadt')) as kreisebene,
              (select sum(bevoelkerung)::int from behoerden where typ not in ('landkreis', 'bezirk')) as gemeindeebene`,
    );
    expect(sums).toEqual({ land: 13_248_928, bezirke: 13_248_928, kreisebene: 13_248_928, gemeindeebene: 13_248_928 });
  });

  it('keeps the two Ambergs apart: the kreisfreie Stadt and the Gemeinde in VG Türkheim', async () => {
    const rows = await database.query<{ ars: string; typ: string; kreis: string; behoerde: string; behoerde_typ: string }>(
      `select g.ars, g.typ, k.name as kreis, b.name as behoerde, b.typ as behoerde_typ
       from gebiete g join gebiete k on k.ars = g.kreis_key
       join behoerde_gemeinden bg on bg.gemeinde_ars = g.ars join behoerden b on b.ars = bg.behoerde_ars
       where g.ebene = 'gemeinde' and g.name = 'Amberg' order by g.ars`,
    );
    expect(rows).toEqual([
      { ars: '093610000000', typ: 'Kreisfreie Stadt', kreis: 'Amberg', behoerde: 'Amberg', behoerde_typ: 'kreisfreie_stadt' },
      { ars: '097785764111', typ: 'Kreisangehörige Gemeinde', kreis: 'Unterallgäu', behoerde: 'Türkheim (VGem)', behoerde_typ: 'vg' },
    ]);
  });

  it('finds "Bad Königshofen i.Grabfeld" when searching for "Koenigshofen" or "Konigshofen"', async () => {
    for (const q of ['Koenigshofen', 'Konigshofen', 'Königshofen']) {
      const rows = await database.query<{ name: string }>("select name from behoerden where suchname like '%' || $1 || '%' order by name", [normalizeQuery(q)]);
      expect(rows.map((r) => r.name)).toContain('Bad Königshofen i.Grabfeld, St');
    }
  });

  it('gives every Behörde coordinates and a PLZ, and the Bezirke their seat', async () => {
    const missing = await one<{ n: number }>(database, 'select count(*)::int as n from behoerden where lat is null or lon is null or plz is null');
    expect(missing.n).toBe(0);
    const bezirke = await database.query<{ name: string; sitz: string }>("select name, sitz from behoerden where typ = 'bezirk' order by ars");
    expect(bezirke.map((b) => `${b.name} (${b.sitz})`)).toEqual([
      'Bezirk Oberbayern (München)',
      'Bezirk Niederbayern (Landshut)',
      'Bezirk Oberpfalz (Regensburg)',
      'Bezirk Oberfranken (Bayreuth)',
      'Bezirk Mittelfranken (Ansbach)',
      'Bezirk Unterfranken (Würzburg)',
      'Bezirk Schwaben (Augsburg)',
    ]);
  });

  it('stores the catalogue with "nicht im LeiKa" as a missing key', async () => {
    const r = await one<{ ohne: number; mit: number }>(database, 'select count(*) filter (where schluessel is null)::int as ohne, count(schluessel)::int as mit from leika_leistungen');
    expect(r).toEqual({ ohne: 436, mit: 4813 });
  });

  it('records who ran it, when, and what it found in import_runs', async () => {
    const r = await one<{ actor: string; quelle: string; gebiete: number; started: string }>(
      database,
      "select actor, quelle, (statistik->'gebiete'->>'neu')::int as gebiete, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as started from import_runs where id = $1",
      [first.importRunId],
    );
    expect(r).toMatchObject({ actor: 'test', gebiete: 3875, started: '2025-12-01 08:00' });
    expect(r.quelle).toContain(GV100AD);
  });

  it('reports no changes when the same data is imported again', async () => {
    const before = await one<{ t: string }>(database, 'select max(updated_at)::text as t from behoerden');
    const again = await run(database);
    for (const bereich of ['gebiete', 'behoerden', 'zuordnungen', 'themenfelder', 'lebenslagen', 'ozgLeistungen', 'leikaLeistungen', 'geometrien'] as const) {
      expect(again[bereich], bereich).toMatchObject({ neu: 0, geaendert: 0, entfallen: 0 });
    }
    expect(again.behoerden.unveraendert).toBe(1463);
    expect(await one(database, 'select max(updated_at)::text as t from behoerden')).toEqual(before);
  });

  it('reports a changed population as changed, up through VG, Landkreis and Bezirk', async () => {
    // Gebenbach (VG Hahnbach, Landkreis Amberg-Sulzbach): 852 → 900 inhabitants.
    const dir = dataCopyWith((lines) => {
      const i = gemeindeLine(lines, '093715301123');
      lines[i] = `${lines[i].slice(0, 139)}00000000900${lines[i].slice(150)}`;
      return lines;
    });
    copies.push(dir);
    const changed = await run(database, dir);
    expect(changed.gebiete).toEqual({ neu: 0, geaendert: 5, entfallen: 0, unveraendert: 3870 }); // Gemeinde, VG, Kreis, Regierungsbezirk, Land
    expect(changed.behoerden).toEqual({ neu: 0, geaendert: 3, entfallen: 0, unveraendert: 1460 }); // VG, Landkreis, Bezirk
    const vg = await one<{ bevoelkerung: number }>(database, "select bevoelkerung from behoerden where ars = '093715301'");
    expect(vg.bevoelkerung).toBe(5839 - 852 + 900);
    expect((await run(database)).behoerden.geaendert).toBe(3);
  });

  it('keeps a Behörde that disappeared, inactive, with its links', async () => {
    // Ammerthal (verbandsfrei, Amberg-Sulzbach) has a link; then a file without it arrives.
    const [verfahren] = await database.query<{ id: string }>(
      "insert into online_verfahren (name, bereitstellung, url) values ('Testverfahren', 'kommunal', 'https://example.org') returning id",
    );
    await database.query("insert into verlinkungen (behoerde_ars, verfahren_id) values ('093710111111', $1)", [verfahren.id]);
    const dir = dataCopyWith((lines) => lines.filter((l) => !(l.slice(10, 15) === '09371' && l.slice(15, 22).trim() !== '' && l.slice(18, 22) === '0111')));
    copies.push(dir);

    const without = await run(database, dir);
    expect(without.behoerden).toMatchObject({ neu: 0, geaendert: 2, entfallen: 1 }); // Landkreis and Bezirk lose its people
    expect(without.gebiete).toMatchObject({ entfallen: 2, geaendert: 3 }); // its Gemeinde and Gemeindeverband go
    expect(without.zuordnungen).toMatchObject({ entfallen: 1 });
    const ammerthal = await one<{ aktiv: boolean; links: number }>(
      database,
      "select aktiv, (select count(*)::int from verlinkungen where behoerde_ars = b.ars) as links from behoerden b where ars = '093710111111'",
    );
    expect(ammerthal).toEqual({ aktiv: false, links: 1 });

    const back = await run(database);
    expect(back.behoerden).toMatchObject({ neu: 0, geaendert: 3, entfallen: 0 }); // active again
    expect(back.gebiete).toMatchObject({ neu: 2, geaendert: 3 });
    expect((await one<{ aktiv: boolean }>(database, "select aktiv from behoerden where ars = '093710111111'")).aktiv).toBe(true);
  });
});

describe('importing a broken Gemeindeverzeichnis', () => {
  let database: Database;
  let dir: string;

  beforeAll(async () => {
    database = await openImportedTestDatabase();
    // Line 8620 is Ingolstadt; its Bevölkerung (positions 140–150) gets a letter.
    dir = dataCopyWith((lines) => {
      lines[8619] = `${lines[8619].slice(0, 139)}00x00141185${lines[8619].slice(150)}`;
      return lines;
    });
  });
  afterAll(async () => {
    await database?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the file, line and field, and leaves the database unchanged', async () => {
    const snapshot = () =>
      one(
        database,
        `select (select count(*)::int from import_runs) as runs, (select count(*)::int from behoerden) as behoerden,
                (select sum(bevoelkerung)::int from gebiete where ebene = 'gemeinde') as bevoelkerung,
                (select max(updated_at)::text from gebiete) as geaendert`,
      );
    const before = await snapshot();
    expect(before).toMatchObject({ runs: 1, behoerden: 1463, bevoelkerung: 13_248_928 });

    const error = await run(database, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as ImportValidationError).code).toBe('IMPORT_INVALID');
    expect((error as ImportValidationError).errors).toEqual([
      { file: GV100AD, line: 8620, field: 'Bevölkerung', message: '„00x00141185“ ist keine Zahl' },
    ]);
    expect((error as ImportValidationError).details).toEqual([{ file: GV100AD, line: 8620, field: 'Bevölkerung', message: '„00x00141185“ ist keine Zahl' }]);
    expect(await snapshot()).toEqual(before);
  });
});
