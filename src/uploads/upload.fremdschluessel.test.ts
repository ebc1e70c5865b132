/**
 * The commit on the embedded database checks the foreign keys of its bulk rows as a set instead of
 * by one trigger per row (upload.repository `fremdschluesselJeZeile`, `fehlendeSchluessel`).
 * These tests hold the two facts that make that safe against the catalogue, and show that a
 * missing key still rolls the transaction back.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { createUploadRepository } from './upload.repository';

const TABELLEN = ['online_verfahren', 'verfahren_leistungen', 'verlinkungen', 'verlinkung_ereignisse'];

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const rows = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[];

describe('foreign keys of a bulk commit, checked as a set', () => {
  it('covers exactly the foreign keys the written tables have, and those tables have no other triggers', async () => {
    const fks = await rows<{ t: string; def: string }>(sql`
      select c.conrelid::regclass::text as t, pg_get_constraintdef(c.oid) as def from pg_constraint c
      where c.contype = 'f' and c.conrelid::regclass::text = any(${sql.param(TABELLEN)}::text[]) order by 1, 2`);
    // The bulk writes check each of these (`fehlendeSchluessel`); a new key on these tables must be added there.
    expect(fks.map((f) => `${f.t}: ${f.def}`)).toEqual([
      'online_verfahren: FOREIGN KEY (anbieter_ars) REFERENCES behoerden(ars)',
      'verfahren_leistungen: FOREIGN KEY (leika_id) REFERENCES leika_leistungen(id)',
      'verfahren_leistungen: FOREIGN KEY (verfahren_id) REFERENCES online_verfahren(id)',
      'verlinkung_ereignisse: FOREIGN KEY (behoerde_ars) REFERENCES behoerden(ars)',
      'verlinkung_ereignisse: FOREIGN KEY (verfahren_id) REFERENCES online_verfahren(id)',
      'verlinkungen: FOREIGN KEY (behoerde_ars) REFERENCES behoerden(ars)',
      'verlinkungen: FOREIGN KEY (verfahren_id) REFERENCES online_verfahren(id)',
    ]);
    // session_replication_role = replica switches off every trigger but those enabled ALWAYS: only the
    // data stand of the upload check (one per statement, enabled ALWAYS) may exist here besides the keys'.
    const eigene = await rows<{ t: string; tgname: string; tgenabled: string }>(sql`
      select tgrelid::regclass::text as t, tgname, tgenabled::text as tgenabled from pg_trigger
      where not tgisinternal and tgrelid::regclass::text = any(${sql.param(TABELLEN)}::text[]) order by 1`);
    expect(eigene).toEqual(['online_verfahren', 'verfahren_leistungen', 'verlinkungen'].map((t) => ({ t, tgname: 'pruef_datenstand', tgenabled: 'A' })));
  });

  it('rolls the transaction back when a written row refers to a missing Behörde, procedure or LeiKa service', async () => {
    // The embedded database writes the bulk rows of a commit with COPY (`kopieren`); both ways are checked there.
    for (const kopieren of database.kind === 'pglite' ? [false, true] : [false]) await schluesselPruefen(kopieren);
  });

  async function schluesselPruefen(kopieren: boolean) {
    const b = await aBehoerde(database, {});
    const u = await aUser(database, 'it_dienstleister', [b.ars]);
    const [{ id: verfahrenId }] = await rows<{ id: string }>(
      sql`insert into online_verfahren (name, bereitstellung, url) values ('Test', 'zentral', 'https://x.example/') returning id::text as id`,
    );
    const [{ id: leikaId }] = await rows<{ id: number }>(
      sql`insert into leika_leistungen (id, schluessel, name) values (990001, '99102013000001', 'Testleistung') on conflict (id) do update set name = excluded.name returning id`,
    );
    const [{ id: uploadId }] = await rows<{ id: string }>(
      sql`insert into uploads (format, dateiname, user_id, status, zeilen) values ('csv', 't.csv', ${u.id}::uuid, 'geprueft', 1) returning id::text as id`,
    );
    const ctx = { at: new Date(), actorId: u.id, actorLabel: u.email, quelle: 'csv', uploadId, dateiname: 'schluessel.csv' };
    const ohneTrigger = (schreiben: (repo: ReturnType<typeof createUploadRepository>) => Promise<unknown>) =>
      database.db
        .transaction(async (tx) => {
          const repo = createUploadRepository(tx, { kopieren });
          if (database.kind === 'pglite') await repo.fremdschluesselJeZeile(false);
          await schreiben(repo);
          if (database.kind === 'pglite') await repo.fremdschluesselJeZeile(true);
        })
        .then(
          () => undefined,
          // PGlite: the set check throws; PostgreSQL: the row trigger (drizzle wraps it, the cause says why).
          (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
        );
    const fehlt = /refer to a missing|violates foreign key/;
    const neuesVerfahren = (id: string, anbieterArs: string) => ({
      id,
      name: 'Neu',
      beschreibung: '',
      url: 'https://neu.example/',
      art: 'online',
      vertrauensniveau: 'substanziell',
      externeId: null,
      anbieterArs,
      anbieterUserId: null,
      leikaIds: [],
      zeile: 2,
    });
    const verlinkt = () => rows(sql`select behoerde_ars from verlinkung_ereignisse where upload_id = ${uploadId}::uuid`);

    // A link (and its event) to a missing Behörde, through either link write.
    expect(await ohneTrigger((r) => r.schreibeNeueLinks([{ ars: '099999999999', verfahrenId, url: null }], ctx))).toMatch(fehlt);
    expect(await ohneTrigger((r) => r.schreibeLinks([{ ars: '099999999999', verfahrenId, url: null }], ctx))).toMatch(fehlt);
    // A link to a missing procedure.
    const nirgends = '00000000-0000-4000-8000-00000000dead';
    expect(await ohneTrigger((r) => r.schreibeNeueLinks([{ ars: b.ars, verfahrenId: nirgends, url: null }], ctx))).toMatch(fehlt);
    // A new procedure of a missing Behörde; a LeiKa link to a missing procedure and to a missing service.
    const id = kopieren ? '00000000-0000-4000-8000-00000000bee2' : '00000000-0000-4000-8000-00000000beef';
    expect(await ohneTrigger((r) => r.insertVerfahren([neuesVerfahren(id, '099999999999')], ctx.at))).toMatch(fehlt);
    expect(await ohneTrigger((r) => r.insertVerfahrenLeistungen([{ verfahrenId: id, leikaId }]))).toMatch(fehlt);
    expect(
      await ohneTrigger(async (r) => {
        await r.insertVerfahren([neuesVerfahren(id, b.ars)], ctx.at);
        await r.insertVerfahrenLeistungen([{ verfahrenId: id, leikaId: -1 }]);
      }),
    ).toMatch(fehlt);
    // Prepared rows that are not exactly the rows to write are refused (a kept plan lacks the names).
    if (kopieren)
      expect(await ohneTrigger((r) => r.insertVerfahren([neuesVerfahren(id, b.ars)], ctx.at, { daten: Buffer.alloc(0), zeilen: 2, stellen: new Map() }))).toMatch(
        /prepared rows for 2 rows, not 1/,
      );
    // Nothing of those stayed.
    expect(await verlinkt()).toEqual([]);
    expect(await rows(sql`select 1 from online_verfahren where id = ${id}::uuid`)).toEqual([]);

    // With every key there, the same writes go through.
    expect(
      await ohneTrigger(async (r) => {
        await r.insertVerfahren([neuesVerfahren(id, b.ars)], ctx.at);
        await r.insertVerfahrenLeistungen([{ verfahrenId: id, leikaId }]);
        await r.schreibeNeueLinks([{ ars: b.ars, verfahrenId, url: null }], ctx);
      }),
    ).toBeUndefined();
    expect(await verlinkt()).toEqual([{ behoerde_ars: b.ars }]);
    expect(await rows(sql`select leika_id from verfahren_leistungen where verfahren_id = ${id}::uuid`)).toEqual([{ leika_id: leikaId }]);
    await database.db.execute(sql`delete from verlinkung_ereignisse where upload_id = ${uploadId}::uuid`);
  }
});
