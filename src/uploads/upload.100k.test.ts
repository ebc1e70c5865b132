/**
 * 100,000 rows in one upload: correct, set-based, all or nothing. Timing is for the benchmark
 * (bench/upload.bench.ts), not for this test: it only checks what was written.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { openImportedTestDatabase } from '../../tests/support/imported-db';

import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { parseUploadCsv } from './csv-upload.parser';
import { grosseUploadCsv } from './upload.fixtures';
import { type Handelnde } from '../shared/handelnde';
import { createServices, type Services } from '../services/services';

let database: Database;
let services: Services;

const zahl = async (query: ReturnType<typeof sql>) => Number(((await database.db.execute(query)).rows[0] as { n: number }).n);

beforeAll(async () => {
  database = await openImportedTestDatabase();
  services = createServices({ config: testConfig(), database });
});
afterAll(async () => {
  await database.close();
});

describe('an upload of 100,000 rows', () => {
  it('checks and takes over 20 Behörden × 5,000 procedures, and a second upload of it changes nothing', { timeout: 600_000 }, async () => {
    const behoerden = ((await database.db.execute(sql`select ars from behoerden where length(ars) = 12 order by ars limit 20`)).rows as { ars: string }[]).map((r) => r.ars);
    const leika = ((await database.db.execute(sql`select schluessel from leika_leistungen where schluessel is not null order by id limit 500`)).rows as { schluessel: string }[]).map(
      (r) => r.schluessel,
    );
    const u = await aUser(database, 'it_dienstleister', behoerden);
    const user: Handelnde = { id: u.id, email: u.email, role: u.role, behoerden };
    const gelesen = parseUploadCsv(Buffer.from(grosseUploadCsv({ behoerden, verfahrenProBehoerde: 5_000, art: 'gemeinsam', leika })));
    expect(gelesen.fehler).toEqual([]);
    expect(gelesen.zeilen).toHaveLength(100_000);

    const vorher = {
      verfahren: await zahl(sql`select count(*)::int as n from online_verfahren`),
      ereignisse: await zahl(sql`select count(*)::int as n from verlinkung_ereignisse`),
    };
    const upload = await services.uploads.pruefeUndSpeichere(user, { format: 'csv', dateiname: 'gross.csv', zeilen: gelesen.zeilen, lesefehler: [] });
    expect(upload.fehler).toEqual([]);
    expect(upload.statistik).toMatchObject({ zeilen: 100_000, verfahrenNeu: 5_000, verlinkungenNeu: 100_000, behoerdenBetroffen: 20 });

    const ergebnis = await services.uploads.uebernehme(upload.id, user);
    expect(ergebnis.status).toBe('uebernommen');
    expect(await zahl(sql`select count(*)::int as n from online_verfahren`)).toBe(vorher.verfahren + 5_000);
    expect(await zahl(sql`select count(*)::int as n from online_verfahren where anbieter_user_id = ${user.id}`)).toBe(5_000);
    expect(await zahl(sql`select count(*)::int as n from verfahren_leistungen vl join online_verfahren o on o.id = vl.verfahren_id where o.anbieter_user_id = ${user.id}`)).toBe(10_000);
    expect(await zahl(sql`select count(*)::int as n from verlinkungen where linked_by = ${user.id}`)).toBe(100_000);
    // The first Behörde's URL is the catalogue's; the 19 others keep their own (…?gemeinde=ARS).
    expect(await zahl(sql`select count(*)::int as n from verlinkungen where linked_by = ${user.id} and url is not null`)).toBe(95_000);
    // One event per Behörde, listing its 5,000 new links.
    expect(await zahl(sql`select count(*)::int as n from verlinkung_ereignisse`)).toBe(vorher.ereignisse + 20);
    expect(
      await zahl(sql`select count(*)::int as n from verlinkung_ereignisse e where upload_id = ${upload.id} and quelle = 'csv' and aktion = 'upload'
        and (nachher->>'anzahl')::int = 5000 and jsonb_array_length(nachher->'verfahren') = 5000
        and not exists (select 1 from jsonb_array_elements_text(e.nachher->'verfahren') as x(id)
          where not exists (select 1 from verlinkungen v where v.behoerde_ars = e.behoerde_ars and v.verfahren_id = x.id::uuid and v.linked_by = ${user.id}))`),
    ).toBe(20);
    expect(await zahl(sql`select count(*)::int as n from audit_log where object_id = ${upload.id} and action = 'upload.uebernehmen'`)).toBe(1);
    for (const ars of [behoerden[0], behoerden[19]]) expect((await services.verlinkung.zaehlstand(ars)).anzahl).toBe(5_000);
    // The embedded database has no autovacuum: the commit refreshed the planner's statistics of the
    // tables it wrote (with the old ones the next upload's check for these Behörden took minutes).
    if (database.kind === 'pglite') {
      for (const tabelle of ['online_verfahren', 'verfahren_leistungen', 'verlinkungen']) {
        const [{ geschaetzt, gezaehlt }] = (await database.db.execute(sql.raw(`select (select reltuples from pg_class where relname = '${tabelle}')::float8 as geschaetzt, (select count(*) from ${tabelle})::float8 as gezaehlt`))).rows as { geschaetzt: number; gezaehlt: number }[];
        expect(Math.abs(Number(geschaetzt) - Number(gezaehlt)) / Number(gezaehlt), `planner's row estimate of ${tabelle}`).toBeLessThan(0.1);
      }
    }

    const nochmal = await services.uploads.pruefeUndSpeichere(user, { format: 'csv', dateiname: 'gross.csv', zeilen: gelesen.zeilen, lesefehler: [] });
    expect(nochmal.statistik).toMatchObject({ verfahrenNeu: 0, verfahrenVorhanden: 5_000, verlinkungenNeu: 0, verlinkungenUnveraendert: 100_000, behoerdenBetroffen: 0 });
  });
});
