/**
 * Fixture builders: `aBehoerde({ typ: 'bezirk' })` inserts a Behörde with its territory, so
 * tests say only what matters to them.
 */
import { behoerdeGemeinden, behoerden, gebiete, onlineVerfahren } from '../../src/shared/schema';
import type { Database } from '../../src/shared/db';
import { searchKey } from '../../src/shared/text';

let counter = 0;

export interface BehoerdeFixture {
  ars?: string;
  name?: string;
  typ?: 'gemeinde' | 'markt' | 'stadt' | 'grosse_kreisstadt' | 'kreisfreie_stadt' | 'vg' | 'landkreis' | 'bezirk';
  regbezKey?: string;
  kreisKey?: string;
  bevoelkerung?: number;
  plz?: string;
  /** For a VG: names of the member Gemeinden to create. */
  mitglieder?: string[];
}

async function ensureGebiet(database: Database, ars: string, ebene: string, name: string, extra: Partial<typeof gebiete.$inferInsert> = {}) {
  await database.db
    .insert(gebiete)
    .values({ ars, ebene, satzart: { land: 10, regierungsbezirk: 20, kreis: 40, gemeindeverband: 50, gemeinde: 60 }[ebene] ?? 60, name, landKey: '09', gebietsstand: '2025-11-30', ...extra })
    .onConflictDoNothing();
}

export async function aBehoerde(database: Database, f: BehoerdeFixture = {}) {
  counter += 1;
  const typ = f.typ ?? 'gemeinde';
  const regbezKey = f.regbezKey ?? '091';
  const kreisKey = f.kreisKey ?? `${regbezKey}${String(70 + (counter % 20)).padStart(2, '0')}`;
  await ensureGebiet(database, regbezKey, 'regierungsbezirk', `Regierungsbezirk ${regbezKey}`, { regbezKey });
  await ensureGebiet(database, kreisKey, 'kreis', `Landkreis ${kreisKey}`, { regbezKey, kreisKey });
  const n = String(counter).padStart(3, '0');
  const ars =
    f.ars ?? (typ === 'bezirk' ? regbezKey : typ === 'landkreis' ? kreisKey : typ === 'vg' ? `${kreisKey}5${n}` : `${kreisKey}0${n}${n}`);
  const name = f.name ?? `Testgemeinde ${counter}`;
  const mitgliedNamen = typ === 'vg' ? (f.mitglieder ?? [`Mitglied ${counter}a`, `Mitglied ${counter}b`]) : [];
  await database.db.insert(behoerden).values({
    ars,
    name,
    kurzname: name,
    typ,
    landKey: '09',
    regbezKey,
    kreisKey: typ === 'bezirk' ? null : kreisKey,
    plz: f.plz ?? null,
    bevoelkerung: f.bevoelkerung ?? 1000,
    suchname: [name, ...mitgliedNamen].map(searchKey).join(' | '),
  });
  if (typ === 'vg') {
    for (const [i, m] of mitgliedNamen.entries()) {
      const gArs = `${ars}${String(100 + i)}`;
      await ensureGebiet(database, gArs, 'gemeinde', m, { regbezKey, kreisKey, verbandArs: ars, bevoelkerung: 500 });
      await database.db.insert(behoerdeGemeinden).values({ behoerdeArs: ars, gemeindeArs: gArs });
    }
  } else if (!['landkreis', 'bezirk'].includes(typ)) {
    await ensureGebiet(database, ars, 'gemeinde', name, { regbezKey, kreisKey, bevoelkerung: f.bevoelkerung ?? 1000, plz: f.plz });
    await database.db.insert(behoerdeGemeinden).values({ behoerdeArs: ars, gemeindeArs: ars });
  }
  return { ars, name, typ };
}

export interface VerfahrenFixture {
  name?: string;
  art?: 'online' | 'information' | 'formular_pdf';
  bereitstellung?: 'zentral' | 'kommunal';
  anbieterArs?: string;
  anbieterUserId?: string;
  url?: string;
  aktiv?: boolean;
}

/** Inserts an Online-Verfahren (zentral and counting by default). */
export async function aVerfahren(database: Database, f: VerfahrenFixture = {}) {
  counter += 1;
  const name = f.name ?? `Testverfahren ${counter}`;
  const [row] = await database.db
    .insert(onlineVerfahren)
    .values({
      name,
      beschreibung: `Beschreibung von ${name}`,
      bereitstellung: f.bereitstellung ?? 'zentral',
      art: f.art ?? 'online',
      anbieterArs: f.anbieterArs ?? null,
      anbieterUserId: f.anbieterUserId ?? null,
      url: f.url ?? `https://verfahren.bayern.example/v/${counter}`,
      aktiv: f.aktiv ?? true,
    })
    .returning();
  return row;
}
