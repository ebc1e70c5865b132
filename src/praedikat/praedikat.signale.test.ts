import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';

import { fixedClock } from '../shared/clock';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { type Handelnde } from '../shared/handelnde';
import { createServices, type Services } from '../services/services';

let database: Database;
let services: Services;
const clock = fixedClock('2026-03-02T09:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  services = createServices({ config: testConfig(), database, clock });
});
afterAll(async () => {
  await database.close();
});

describe('review signals in the pre-check', () => {
  it('are a structured part of the pre-check stored with the application, with counts and a checklist point', async () => {
    const b = await aBehoerde(database);
    const u = await aUser(database, 'kommune_editor', [b.ars]);
    const editor: Handelnde = { id: u.id, email: u.email, role: 'kommune_editor', behoerden: [b.ars] };
    await database.db.execute(sql`insert into leika_leistungen (id, schluessel, name) values (1, '99102013000000', 'Hundesteuer') on conflict do nothing`);
    // 48 zentrale procedures with a LeiKa key, checked and working; and 4 own entries that carry signals.
    await database.db.execute(sql`
      with v as (
        insert into online_verfahren (name, bereitstellung, art, url)
        select 'Zentral ' || g, 'zentral', 'online', 'https://zentral.bayern.example/v/' || g from generate_series(1, 48) g returning id, url
      ), l as (insert into link_pruefungen (url, status, geprueft_am) select url, 'ok', now() from v returning 1),
      k as (insert into verfahren_leistungen (verfahren_id, leika_id) select id, (select min(id) from leika_leistungen) from v returning 1)
      insert into verlinkungen (behoerde_ars, verfahren_id) select ${b.ars}, id from v`);
    await database.db.execute(sql`
      with v as (
        insert into online_verfahren (name, bereitstellung, art, anbieter_ars, url) values
          ('Formular zum Ausdrucken Sperrmüll', 'kommunal', 'online', ${b.ars}, 'https://eigen.example/sperrmuell'),
          ('Informationen zur Hundesteuer', 'kommunal', 'online', ${b.ars}, 'https://eigen.example/hund'),
          ('Antrag.pdf', 'kommunal', 'online', ${b.ars}, 'https://eigen.example/antrag.pdf'),
          ('Kopie von Zentral 1', 'kommunal', 'online', ${b.ars}, 'https://zentral.bayern.example/v/1/')
        returning id)
      insert into verlinkungen (behoerde_ars, verfahren_id) select ${b.ars}, id from v`);
    await services.verlinkung.alleNeuBerechnen();

    const vp = await services.praedikat.vorpruefung(b.ars);
    expect(vp.anzahl).toBe(51);
    expect(vp.signale).toBeDefined();
    const s = vp.signale!;
    expect(s.seit).toBeNull();
    expect(s.signale.neuKommunal.anzahl).toBe(4);
    expect(s.signale.ohneLeika.anzahl).toBe(4);
    expect(s.signale.nameAuffaellig.eintraege.map((e) => e.name).sort()).toEqual(['Antrag.pdf', 'Formular zum Ausdrucken Sperrmüll', 'Informationen zur Hundesteuer']);
    // Both entries of the shared address are listed: the copy (not counted twice) and the original.
    expect(s.signale.adresseGeteilt.eintraege.map((e) => [e.name, e.zaehlt, e.hinweis])).toEqual([
      ['Kopie von Zentral 1', false, 'derselbe Dienst wie „Zentral 1“'],
      ['Zentral 1', true, 'gleiche Adresse wie ein anderer Eintrag im Katalog'],
    ]);
    expect(s.signale.linkUngeprueft.anzahl).toBe(4);
    expect(s.signale.linkDefekt.anzahl).toBe(0);
    expect(s.auffaelligZaehlend).toBe(4);
    expect(s.anzahlOhneAuffaellige).toBe(47);
    const punkt = vp.punkte.find((p) => p.id === 'signale')!;
    expect(punkt.status).toBe('warnung');
    expect(punkt.text).toContain('ohne sie wäre die Schwelle nicht erreicht');
    // Signals never block: the application goes in, and its stored pre-check keeps them.
    expect(vp.bestanden).toBe(true);
    const antrag = await services.praedikat.beantragen(editor, b.ars, {
      kontaktName: 'Maria Muster',
      kontaktEmail: 'digital@gemeinde.example',
      websiteUrl: 'https://www.gemeinde.example/',
      schildGewuenscht: false,
    });
    const gespeichert = (await services.praedikat.antrag(antrag.id)).vorpruefung as typeof vp;
    expect(gespeichert.signale?.signale.nameAuffaellig.anzahl).toBe(3);
    // After the application, the reference date of „new own entries“ is still the last closed review (none).
    expect((await services.verlinkung.pruefsignale(b.ars)).seit).toBeNull();
  });
});
