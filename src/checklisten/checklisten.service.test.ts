/** Checklists on a real database: drafts, publishing, answers, and a new version keeping the answers that still apply. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';

import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { createChecklistenRepository } from './checklisten.repository';
import { createChecklistenService, type ChecklistenService } from './checklisten.service';
import { type SessionUser } from '../shared/handelnde';

let database: Database;
let service: ChecklistenService;
let ministerium: SessionUser;
let editor: SessionUser;
let ars: string;
let id: string;
const clock = fixedClock('2026-03-02T09:00:00Z');
const alsSession = (u: Awaited<ReturnType<typeof aUser>>, behoerden: string[] = []) => ({ ...u, behoerden }) as unknown as SessionUser;

const V1 = ['# Organisation', '- [verantwortung] Eine verantwortliche Person ist benannt.', '- [lotse] Eine Digitallotsin ist ausgebildet.', '# Technik', '- [bayernid] BayernID ist angebunden.', '- [epay] E-Payment ist eingerichtet.'].join('\n');
const V2 = [
  '# Organisation',
  '- [verantwortung] Eine verantwortliche Person ist benannt.', // unchanged: answer kept
  '- [lotse] Mindestens eine Digitallotsin oder ein Digitallotse ist ausgebildet.', // reworded: open again
  '# Technik',
  '- [bayernid] BayernID ist angebunden.', // unchanged
  '- [postkorb] Der Postkorb wird täglich gelesen.', // new
].join('\n'); // [epay] removed

beforeAll(async () => {
  database = await openTestDatabase();
  service = createChecklistenService(createChecklistenRepository(database.db), clock);
  ars = (await aBehoerde(database, { name: 'Listenstadt' })).ars;
  ministerium = alsSession(await aUser(database, 'ministry_admin'));
  editor = alsSession(await aUser(database, 'kommune_editor', [ars]), [ars]);
  id = (await service.legeAn(ministerium, { titel: 'OZG-Umsetzung in der Kommune', beschreibung: '' })).id;
});
afterAll(async () => database.close());

describe('writing checklists', () => {
  it('refuses a draft with format errors, listing each line', async () => {
    await expect(service.speichereEntwurf(ministerium, id, '# A\nquatsch')).rejects.toMatchObject({ status: 400, details: [{ message: expect.stringContaining('Zeile 2') }] });
  });

  it('lets only the ministry write, and shows nothing to Kommunen before publishing', async () => {
    await expect(service.speichereEntwurf(editor, id, V1)).rejects.toMatchObject({ status: 403 });
    await service.speichereEntwurf(ministerium, id, V1);
    await expect(service.ansicht(editor, ars, id)).rejects.toThrow('noch nicht veröffentlicht');
    expect(await service.veroeffentliche(ministerium, id)).toBe(1);
    await expect(service.veroeffentliche(ministerium, id)).rejects.toThrow('keinen Entwurf');
  });
});

describe('working through a checklist', () => {
  it('records status, comment, who and when, and computes progress', async () => {
    await service.beantworte(editor, ars, id, [
      { punkt: 'verantwortung', status: 'erledigt', kommentar: 'Frau Huber' },
      { punkt: 'lotse', status: 'erledigt', kommentar: '' },
      { punkt: 'bayernid', status: 'nicht_relevant', kommentar: 'über den Landkreis' },
      { punkt: 'epay', status: 'offen', kommentar: '' },
    ]);
    const a = await service.ansicht(editor, ars, id);
    expect(a.fortschritt).toEqual({ gesamt: 4, erledigt: 2, nichtRelevant: 1, offen: 1, prozent: 75 });
    expect(a.abschnitte[0].punkte[0]).toMatchObject({ status: 'erledigt', kommentar: 'Frau Huber', geaendertVon: editor.email, geaendertAm: clock.now() });
    const b = await service.uebersicht(ministerium, id);
    expect(b).toMatchObject({ begonnen: 1, fertig: 0, mittlererFortschritt: 75, behoerden: [{ ars, name: 'Listenstadt' }] });
  });

  it('refuses answers for Behörden of others and unknown items', async () => {
    const fremd = (await aBehoerde(database)).ars;
    const anderer = alsSession(await aUser(database, 'kommune_editor', [fremd]), [fremd]);
    await expect(service.beantworte(anderer, ars, id, [])).rejects.toMatchObject({ status: 403 });
    await expect(service.beantworte(editor, ars, id, [{ punkt: 'gibtsnicht', status: 'erledigt', kommentar: '' }])).rejects.toMatchObject({ status: 400 });
  });
});

describe('a new version', () => {
  it('keeps the answers that still apply, reopens reworded items and counts new ones as open', async () => {
    await service.speichereEntwurf(ministerium, id, V2);
    // the draft changes nothing for the Kommune yet
    expect((await service.ansicht(editor, ars, id)).version).toBe(1);
    expect(await service.veroeffentliche(ministerium, id)).toBe(2);
    const a = await service.ansicht(editor, ars, id);
    expect(a.version).toBe(2);
    const punkte = Object.fromEntries(a.abschnitte.flatMap((x) => x.punkte).map((p) => [p.schluessel, p]));
    expect(punkte.verantwortung).toMatchObject({ status: 'erledigt', kommentar: 'Frau Huber' });
    expect(punkte.bayernid).toMatchObject({ status: 'nicht_relevant', kommentar: 'über den Landkreis' });
    expect(punkte.lotse).toMatchObject({ status: 'offen', frueher: { status: 'erledigt', version: 1 } });
    expect(punkte.postkorb).toMatchObject({ status: 'offen' });
    expect(punkte.epay).toBeUndefined();
    expect(a.fortschritt).toEqual({ gesamt: 4, erledigt: 1, nichtRelevant: 1, offen: 2, prozent: 50 });
    // answering the reworded item again counts it for version 2
    await service.beantworte(editor, ars, id, [{ punkt: 'lotse', status: 'erledigt', kommentar: 'Kurs im April' }]);
    expect((await service.ansicht(editor, ars, id)).fortschritt.prozent).toBe(75);
  });
});

describe('access decided in the service', () => {
  it('refuses the list, a checklist and answers for a Behörde that is not the editor’s, naming the reason', async () => {
    const andere = (await aBehoerde(database, { name: 'Fremdstadt' })).ars;
    const fremd = alsSession(await aUser(database, 'kommune_editor', [andere]), [andere]);
    const erwartet = { code: 'FORBIDDEN', status: 403, reason: 'BEHOERDE_NICHT_ZUGEORDNET' };
    await expect(service.fuerBehoerde(fremd, ars)).rejects.toMatchObject(erwartet);
    await expect(service.ansicht(fremd, ars, id)).rejects.toMatchObject(erwartet);
    await expect(service.beantworte(fremd, ars, id, [])).rejects.toMatchObject(erwartet);
    expect(Array.isArray(await service.fuerBehoerde(editor, ars))).toBe(true);
    expect(Array.isArray(await service.fuerBehoerde(ministerium, ars))).toBe(true);
  });
});
