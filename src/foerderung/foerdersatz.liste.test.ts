/**
 * The 90 % rate from the official Gebietskulisse, read from OFFICIAL_DATA_DIR like the other
 * official data. The list here is a small invented fixture in the test's own folder — never the
 * real Gebietskulisse.
 */
import type { Handelnde } from '../shared/handelnde';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { eineEingabe, einAntragsteller, sachbearbeitung } from './testing/fixtures';

let database: Database;
let app: FastifyInstance;
let officers: Handelnde[];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtlich-'));

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, 'rmbh'));
  fs.writeFileSync(path.join(dir, 'rmbh', 'gebietskulisse.csv'), 'ars,name\r\n09199,Landkreis Probe (Testfixture)\r\n091980001001,Einzelgemeinde (Testfixture)\r\n');
  fs.writeFileSync(path.join(dir, 'rmbh', 'PROVENANCE.md'), '# Testliste, nicht amtlich\n\n- Quelle: Testfixture der Plattform\n- Stand: 2025-01-15\n');
  database = await openTestDatabase();
  app = await buildTestApp(database, { env: { OFFICIAL_DATA_DIR: dir } });
  officers = await sachbearbeitung(database, 2);
});
afterAll(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the 90 % rate from the installed Gebietskulisse', () => {
  it('gives a Gemeinde in a listed Landkreis 90 %, with the list as the rule’s source', async () => {
    const g = await einAntragsteller(database, app.services, { typ: 'markt', kreisKey: '09199', dienste: 21 });
    const x = await app.services.foerderung.erstelleEntwurf(g.editor, g.ars, eineEingabe());
    const { pruefung } = await app.services.foerderung.reicheEin(g.editor, x.id);
    expect(pruefung.foerdersatzProzent).toBe(90);
    const regel = pruefung.regeln.find((r) => r.id === 'foerdersatz');
    expect(regel).toMatchObject({ quelle: 'amtliche_liste', text: expect.stringContaining('Landkreis Probe (Testfixture) (09199)') });
    expect(regel?.text).toContain('Stand 15.01.2025');
    expect((await app.services.foerderung.akte(officers[0], x.id)).aktionen.map((a) => a.id)).not.toContain('satz_vorschlagen');
  });

  it('gives a Behörde that is not on the list 80 %, and no officer can raise it', async () => {
    const g = await einAntragsteller(database, app.services, { name: 'Stadt Nürnberg', typ: 'kreisfreie_stadt', kreisKey: '09564', dienste: 21 });
    const x = await app.services.foerderung.erstelleEntwurf(g.editor, g.ars, eineEingabe());
    const { pruefung } = await app.services.foerderung.reicheEin(g.editor, x.id);
    expect(pruefung.foerdersatzProzent).toBe(80);
    expect(pruefung.regeln.find((r) => r.id === 'foerdersatz')?.text).toContain('steht nicht auf der Gebietskulisse');
    await expect(app.services.foerderung.schlageSatzVor(officers[0], x.id, { begruendung: 'Trotzdem bitte 90 Prozent.', quelle: 'Bauchgefühl' })).rejects.toThrow('Gebietskulisse ist hinterlegt');
  });

  it('names the list like the other official data', async () => {
    const seite = await app.inject({ method: 'GET', url: '/datenquellen' });
    expect(seite.body).toContain('Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (LEP Bayern): Testfixture der Plattform, Stand 15.01.2025');
    expect(seite.body).toContain('Nr. 2.2.3 mit Anhang 2');
  });
});
