/** The demo data of the programme around the Prädikat: seeded once, dates in the future, readable through the services. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { seedUmfeldDemo } from './umfeld.demo';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.close());

describe('umfeld demo data', () => {
  it('seeds courses, a published checklist, events and information pages once', async () => {
    const heute = new Date();
    expect((await seedUmfeldDemo(database, { heute })).message).toBe('Demodaten Umfeld: 3 Kurstermine Digitallotse, 1 OZG-Checkliste, 3 Informationsveranstaltungen, 5 Seiten Informationspaket');
    expect((await seedUmfeldDemo(database, { heute })).message).toBe('Demodaten Umfeld: bereits vorhanden');
    const app = await buildTestApp(database);
    try {
      const kurse = await app.services.digitallotse.kurse();
      expect(kurse).toHaveLength(3);
      expect(kurse.every((k) => k.beginn > heute.toISOString().slice(0, 10))).toBe(true);
      expect(await app.services.veranstaltungen.alle()).toHaveLength(3);
      expect((await app.services.infopaket.veroeffentlicht('BayernID')).length).toBeGreaterThan(0);
      const [liste] = await app.services.checklisten.alle();
      expect(liste.veroeffentlicht).toBe(1);
    } finally {
      await app.close();
    }
  });
});
