/**
 * The set-based recount (verlinkung.repository.ts, `recompute`) against the pure counting rules
 * (zaehlung.ts) on random Behörden whose links are full of near-duplicates: same count, and every
 * link that is not the first of its service points to the same first link.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { leikaLeistungen, onlineVerfahren, verfahrenLeistungen, verlinkungen } from '../shared/schema';
import { alsZaehlLink, createVerlinkungRepository } from './verlinkung.repository';
import { type Zaehlregel, zaehleVerlinkungen } from './zaehlung';

let database: Database;
const jetzt = new Date('2026-11-26T12:00:00Z');
const regel: Zaehlregel = { defekteLinks: 'karenz', karenzTage: 14 };
const LEIKA = [{ id: 990_001, schluessel: '99990000000001' }, { id: 990_002, schluessel: '99990000000002' }, { id: 990_003, schluessel: '99990000000003' }];

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.insert(leikaLeistungen).values(LEIKA.map((l) => ({ ...l, name: `Leistung ${l.schluessel}` })));
});
afterAll(async () => {
  await database.close();
});

// Few hosts, paths and keys, so that the same service under different spellings is common.
const eintrag = fc.record({
  url: fc
    .tuple(fc.constantFrom('https://formulare.example.org', 'HTTPS://Formulare.Example.org:443', 'http://portal.example'), fc.constantFrom('/parken', '/parken/', '/hund'), fc.constantFrom('', '?id=1', '?utm_source=x', '#a'))
    .map(([h, p, q]) => `${h}${p}${q}`),
  /** The address on the link (a Behörde's own address) instead of the catalogue entry. */
  eigeneAdresse: fc.boolean(),
  leika: fc.uniqueArray(fc.constantFrom(0, 1, 2), { maxLength: 2 }),
  art: fc.constantFrom('online', 'online', 'online', 'information'),
  /** Minutes after a fixed time: ties are common, then the procedure id decides. */
  minute: fc.integer({ min: 0, max: 3 }),
  zaehltNicht: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

describe('the SQL recount', () => {
  it('agrees with the pure counting rules on near-duplicates (property)', { timeout: 180_000 }, async () => {
    const repo = createVerlinkungRepository(database.db);
    await fc.assert(
      fc.asyncProperty(fc.array(eintrag, { minLength: 1, maxLength: 9 }), async (eintraege) => {
        const { ars } = await aBehoerde(database);
        for (const e of eintraege) {
          const [v] = await database.db
            .insert(onlineVerfahren)
            .values({ name: 'Verfahren', bereitstellung: 'kommunal', anbieterArs: ars, art: e.art, url: e.eigeneAdresse ? 'https://katalog.example/eintrag' : e.url })
            .returning();
          if (e.leika.length) await database.db.insert(verfahrenLeistungen).values(e.leika.map((i) => ({ verfahrenId: v.id, leikaId: LEIKA[i].id })));
          await database.db.insert(verlinkungen).values({
            behoerdeArs: ars,
            verfahrenId: v.id,
            url: e.eigeneAdresse ? e.url : null,
            linkedAt: new Date(Date.UTC(2026, 10, 20, 9, e.minute)),
          });
          if (e.zaehltNicht) {
            await database.db.execute(sql`insert into zaehlt_nicht_vermerke (behoerde_ars, verfahren_id, status, grund, gesetzt_von_label, gesetzt_am)
              values (${ars}, ${v.id}, 'aktiv', 'Test', 'pruefung@test', now())`);
          }
        }
        await database.db.transaction((tx) => repo.recompute(tx, regel, jetzt, [ars]));

        const links = await repo.linksForCounting([ars]);
        const rein = zaehleVerlinkungen(links.map((l) => alsZaehlLink(l, l.zaehlt_nicht)), regel, jetzt);
        const [{ anzahl }] = (await database.db.execute(sql`select anzahl from zaehlstaende where behoerde_ars = ${ars}`)).rows as { anzahl: number }[];
        expect(Number(anzahl)).toBe(rein.anzahl);
        const doppeltRein = Object.fromEntries(rein.nichtGezaehlt.filter((n) => n.grund === 'doppelt').map((n) => [n.verfahrenId, n.doppeltVon]));
        const doppeltSql = Object.fromEntries(links.filter((l) => l.doppelt_von).map((l) => [l.verfahren_id, l.doppelt_von]));
        expect(doppeltSql).toEqual(doppeltRein);
        expect((await repo.countsFromScratch(regel, jetzt)).get(ars) ?? 0).toBe(rein.anzahl);
      }),
      { numRuns: 40 },
    );
  });
});
