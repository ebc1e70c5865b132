import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { starteBehoerdenVorbereitung, vorwaermen } from '../portal/portal.vorbereitung';
import type { Database } from '../shared/db';
import { behoerdeSeitenDaten } from './behoerden.routes';

describe('background preparation of the Behörde pages', () => {
  let database: Database;
  let app: FastifyInstance;
  const ars: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    // Three peer groups (type and size class): a change of one Behörde leaves the others current.
    ars.push((await aBehoerde(database, { typ: 'gemeinde', bevoelkerung: 1000 })).ars);
    ars.push((await aBehoerde(database, { typ: 'stadt', bevoelkerung: 60000 })).ars);
    ars.push((await aBehoerde(database, { typ: 'markt', bevoelkerung: 8000 })).ars);
    app = await buildTestApp(database);
    await app.services.verlinkung.alleNeuBerechnen();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const sofort = { warten: async () => {}, weiter: () => true };

  it('loads every Behörde not current, so a first view needs no loading; after a change only what changed', async () => {
    const portal = app.services.portal;
    let geladen: string[] = [];
    const laden = (a: string) => {
      geladen.push(a);
      return behoerdeSeitenDaten(app, a);
    };
    expect(await portal.behoerdenVorbereiten(laden, sofort)).toBe(3);
    expect(geladen.sort()).toEqual([...ars].sort());

    // The first view of a page finds its data: the page's loader is not called.
    let seitenLader = 0;
    const st = await portal.datenStand();
    const daten = (await portal.behoerdeDaten(st, ars[0], async () => {
      seitenLader++;
      return {};
    })) as { behoerde?: { ars: string } };
    expect(seitenLader).toBe(0);
    expect(daten.behoerde?.ars).toBe(ars[0]);
    expect((await app.inject({ url: `/behoerden/${ars[0]}` })).statusCode).toBe(200);

    // Nothing changed: nothing to do.
    geladen = [];
    expect(await portal.behoerdenVorbereiten(laden, sofort)).toBe(0);

    // A change of one Behörde's links (it stamps the Behörde's count): only its page data is
    // loaded again (its peer group is itself here).
    await database.query(`update zaehlstaende set anzahl = anzahl + 1, berechnet_am = berechnet_am + interval '1 minute' where behoerde_ars = $1`, [ars[1]]);
    expect(await portal.behoerdenVorbereiten(laden, sofort)).toBe(1);
    expect(geladen).toEqual([ars[1]]);
    let neu = 0;
    await portal.behoerdeDaten(await portal.datenStand(), ars[1], async () => {
      neu++;
      return {};
    });
    expect(neu).toBe(0);
  });

  it('warms up one page of each peer group before the start: built once, its data kept', async () => {
    const portal = app.services.portal;
    await database.query(`update behoerden set updated_at = updated_at + interval '1 minute'`);
    const vorher = app.seitenCache.groesse().eintraege;
    expect(await vorwaermen(app)).toBe(3);
    // Three pages kept as sent (one per group: here each Behörde is its own group) …
    expect(app.seitenCache.groesse().eintraege - vorher).toBe(3);
    // … and their data of the current stand: a first view from another address needs no loading.
    const st = await portal.datenStand();
    for (const a of ars) {
      let geladen = 0;
      await portal.behoerdeDaten(st, a, async () => {
        geladen++;
        return {};
      });
      expect(geladen, a).toBe(0);
    }
    // At most `max` groups.
    await database.query(`update behoerden set updated_at = updated_at + interval '1 minute'`);
    expect(await vorwaermen(app, { max: 2 })).toBe(2);
  });

  it('stops when told to', async () => {
    const portal = app.services.portal;
    await database.query(`update behoerden set updated_at = updated_at + interval '1 minute'`);
    let n = 0;
    const geladen = await portal.behoerdenVorbereiten((a) => behoerdeSeitenDaten(app, a), { warten: async () => {}, weiter: () => n++ < 2 });
    expect(geladen).toBe(1);
  });

  it('runs by itself in the server and can be stopped', async () => {
    await database.query(`update behoerden set updated_at = updated_at + interval '1 minute'`);
    const v = starteBehoerdenVorbereitung(app, (a) => behoerdeSeitenDaten(app, a), { pauseMs: 10 });
    try {
      let n = 0;
      for (let i = 0; i < 200 && n === 0; i++) {
        n = await v.durchlauf();
        if (n === 0) await new Promise((r) => setTimeout(r, 20));
      }
      expect(n).toBe(3);
    } finally {
      v.stoppen();
    }
  });
});
