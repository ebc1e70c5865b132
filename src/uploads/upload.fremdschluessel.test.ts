/**
 * The commit on the embedded database checks the foreign keys of its bulk rows as a set instead of
 * by one trigger per row (upload.repository `fremdschluesselJeZeile`, `pruefeFremdschluessel`).
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
    // pruefeFremdschluessel checks each of these; a new key on these tables must be added there.
    expect(fks.map((f) => `${f.t}: ${f.def}`)).toEqual([
      'online_verfahren: FOREIGN KEY (anbieter_ars) REFERENCES behoerden(ars)',
      'verfahren_leistungen: FOREIGN KEY (leika_id) REFERENCES leika_leistungen(id)',
      'verfahren_leistungen: FOREIGN KEY (verfahren_id) REFERENCES online_verfahren(id)',
      'verlinkung_ereignisse: FOREIGN KEY (behoerde_ars) REFERENCES behoerden(ars)',
      'verlinkung_ereignisse: FOREIGN KEY (verfahren_id) REFERENCES online_verfahren(id)',
      'verlinkungen: FOREIGN KEY (behoerde_ars) REFERENCES behoerden(ars)',
      'verlinkungen: FOREIGN KEY (verfahren_id) REFERENCES online_verfahren(id)',
    ]);
    // session_replication_role = replica switches off every trigger: none but the keys' may exist here.
    const eigene = await rows<{ tgname: string }>(sql`
      select tgname from pg_trigger where not tgisinternal and tgrelid::regclass::text = any(${sql.param(TABELLEN)}::text[])`);
    expect(eigene).toEqual([]);
  });

  it('rolls the transaction back when a written row refers to a missing Behörde', async () => {
    const b = await aBehoerde(database, {});
    const u = await aUser(database, 'it_dienstleister', [b.ars]);
    const [{ id: verfahrenId }] = await rows<{ id: string }>(
      sql`insert into online_verfahren (name, bereitstellung, url) values ('Test', 'zentral', 'https://x.example/') returning id::text as id`,
    );
    const [{ id: uploadId }] = await rows<{ id: string }>(
      sql`insert into uploads (format, dateiname, user_id, status, zeilen) values ('csv', 't.csv', ${u.id}::uuid, 'geprueft', 1) returning id::text as id`,
    );
    const schreibe = (ars: string) =>
      database.db.transaction(async (tx) => {
        const repo = createUploadRepository(tx);
        if (database.kind === 'pglite') await repo.fremdschluesselJeZeile(false);
        await tx.execute(sql`insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, actor_label, quelle, upload_id)
          values (${ars}, ${verfahrenId}::uuid, 'verlinkt', 't', 'csv', ${uploadId}::uuid)`);
        if (database.kind === 'pglite') await repo.fremdschluesselJeZeile(true);
        await repo.pruefeFremdschluessel(uploadId, []);
      });
    // PGlite: the set check throws; PostgreSQL: the row trigger (drizzle wraps it, the cause says why).
    const fehler = await schreibe('099999999999').then(
      () => undefined,
      (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
    );
    expect(fehler).toMatch(/missing a|refer to a missing|violates foreign key/);
    expect(await rows(sql`select 1 from verlinkung_ereignisse where upload_id = ${uploadId}::uuid`)).toEqual([]);
    await schreibe(b.ars);
    expect(await rows(sql`select behoerde_ars from verlinkung_ereignisse where upload_id = ${uploadId}::uuid`)).toEqual([{ behoerde_ars: b.ars }]);
  });
});
