/**
 * The names citizens read, computed by the database (generated columns, src/shared/schema.ts), on
 * the real Bavarian Gemeindeverzeichnis; and the data migration that turns the stored coordinates
 * of existing databases into the seat's point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import { type Database, migrationsFolder } from '../shared/db';

let database: Database;
const rows = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[];

beforeAll(async () => {
  database = await openImportedTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** The official suffix form GV100AD appends. */
const ROHFORM = /, (M|St|GKSt|Landeshauptstadt)$/;

describe('display names (anzeigename)', () => {
  it('write the official designations out, in front', async () => {
    const behoerde = async (name: string) => (await rows<{ anzeigename: string }>(sql`select anzeigename from behoerden where name = ${name}`)).map((r) => r.anzeigename);
    expect(await behoerde('Simbach, M')).toEqual(['Markt Simbach']);
    expect(await behoerde('Weilheim i.OB, St')).toEqual(['Stadt Weilheim i.OB']);
    expect(await behoerde('Dachau, GKSt')).toEqual(['Große Kreisstadt Dachau']);
    expect(await behoerde('München, Landeshauptstadt')).toEqual(['Landeshauptstadt München']);
    expect(await behoerde('Türkheim (VGem)')).toEqual(['Verwaltungsgemeinschaft Türkheim']);
    expect(await behoerde('Landkreis Unterallgäu')).toEqual(['Landkreis Unterallgäu']);
    expect(await behoerde('Bezirk Schwaben')).toEqual(['Bezirk Schwaben']);
    // The kreisfreie Stadt and the Gemeinde in the VG Türkheim: no longer both "Amberg".
    expect((await rows<{ ars: string; anzeigename: string }>(sql`select ars, anzeigename from behoerden where name = 'Amberg' order by ars`)).map((r) => r.anzeigename)).toEqual(['Stadt Amberg']);
    const gebiet = async (ars: string) => (await rows<{ anzeigename: string }>(sql`select anzeigename from gebiete where ars = ${ars}`))[0]?.anzeigename;
    expect(await gebiet('097785764111')).toBe('Amberg');
    expect(await gebiet('097785764203')).toBe('Markt Türkheim');
    // A name that says "Markt" already gets it once.
    expect(await gebiet('096755616148')).toBe('Markt Einersheim');
    expect(await gebiet('09571')).toBe('Landkreis Ansbach');
    expect(await gebiet('09561')).toBe('Stadt Ansbach');
    expect(await gebiet('09162')).toBe('Landeshauptstadt München');
    expect(await gebiet('09184')).toBe('Landkreis München');
  });

  it('tell every Kreis apart and never show the suffix form', async () => {
    const kreise = await rows<{ anzeigename: string }>(sql`select anzeigename from gebiete where ebene = 'kreis'`);
    expect(kreise).toHaveLength(96);
    expect(new Set(kreise.map((k) => k.anzeigename)).size).toBe(96);
    const roh = await rows<{ anzeigename: string }>(sql`select anzeigename from gebiete union all select anzeigename from behoerden`);
    expect(roh.filter((r) => ROHFORM.test(r.anzeigename)).map((r) => r.anzeigename)).toEqual([]);
  });
});

describe('the data migration of the seat coordinates', () => {
  it('gives existing Verbände, Landkreise and Bezirke their seat Gemeinde’s point and keeps the old centre as schwerpunkt', async () => {
    const vorher = await rows<{ ars: string; lat: number | null; lon: number | null; slat: number | null; slon: number | null }>(
      sql`select ars, lat, lon, schwerpunkt_lat as slat, schwerpunkt_lon as slon from behoerden where length(ars) < 12 order by ars`,
    );
    expect(vorher.length).toBe(389);
    // A database from before: centres in lat/lon, no schwerpunkt columns filled.
    await database.db.execute(sql`update behoerden set lat = schwerpunkt_lat, lon = schwerpunkt_lon, schwerpunkt_lat = null, schwerpunkt_lon = null where length(ars) < 12`);
    const datei = fs.readdirSync(migrationsFolder).find((f) => /_sitz_koordinaten\.sql$/.test(f)) as string;
    for (const statement of fs.readFileSync(path.join(migrationsFolder, datei), 'utf8').split('--> statement-breakpoint')) {
      if (statement.replace(/--.*$/gm, '').trim()) await database.query(statement);
    }
    const nachher = await rows<{ ars: string; lat: number | null; lon: number | null; slat: number | null; slon: number | null }>(
      sql`select ars, lat, lon, schwerpunkt_lat as slat, schwerpunkt_lon as slon from behoerden where length(ars) < 12 order by ars`,
    );
    const num = (x: number | null) => (x === null ? null : Number(x));
    // The centre moved to schwerpunkt; the seat is the import's seat, or unknown — never a wrong point.
    expect(nachher.map((r) => [r.ars, num(r.slat), num(r.slon)])).toEqual(vorher.map((r) => [r.ars, num(r.slat), num(r.slon)]));
    const falsch = nachher.filter((r, i) => r.lat !== null && (num(r.lat) !== num(vorher[i].lat) || num(r.lon) !== num(vorher[i].lon)));
    expect(falsch.map((r) => r.ars)).toEqual([]);
    const unbekannt = nachher.filter((r) => r.lat === null);
    expect(unbekannt.length).toBeLessThan(vorher.length / 10);
  });
});
