/** The Digitallotse service on a real database: subsidy rule, waiting list, attendance, certificate. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { pdfText } from '../foerderung/testing/pdf-text';

import { fixedClock } from '../shared/clock';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { createMailer } from '../shared/mail';
import { createDigitallotseRepository } from './digitallotse.repository';
import { createDigitallotseService, type DigitallotseService, eigenanteilCent, kursEnde } from './digitallotse.service';
import { type SessionUser } from '../shared/handelnde';

let database: Database;
let service: DigitallotseService;
let ministerium: SessionUser;
let editor: SessionUser;
let fremd: SessionUser;
let ars: string;
let ars2: string;
const clock = fixedClock('2026-03-02T09:00:00Z');

const alsSession = (u: Awaited<ReturnType<typeof aUser>>, behoerden: string[] = []) => ({ ...u, behoerden }) as unknown as SessionUser;

const einKurs = (plaetze = 2, beginn = '2026-04-13') => service.legeKursAn(ministerium, { titel: `Grundkurs ${beginn}`, beginn, ort: 'BVS Holzhausen', online: false, plaetze, gebuehrCent: 89000 });
const person = (n: string) => ({ teilnehmerName: `Person ${n}`, teilnehmerEmail: `person.${n}@gemeinde.example` });

beforeAll(async () => {
  database = await openTestDatabase();
  service = createDigitallotseService(createDigitallotseRepository(database.db), createMailer(testConfig().mail, database.db, clock), clock);
  ars = (await aBehoerde(database, { name: 'Lotsenhausen' })).ars;
  ars2 = (await aBehoerde(database, { name: 'Landkreis Lotsen', typ: 'landkreis' })).ars;
  ministerium = alsSession(await aUser(database, 'ministry_admin'));
  editor = alsSession(await aUser(database, 'kommune_editor', [ars, ars2]), [ars, ars2]);
  fremd = alsSession(await aUser(database, 'kommune_editor', [ars2]), [ars2]);
});
afterAll(async () => database.close());

describe('course dates', () => {
  it('lasts four days and the subsidised place costs a fifth of the fee', () => {
    expect(kursEnde('2026-03-30')).toBe('2026-04-02');
    expect(eigenanteilCent(89000, true)).toBe(17800);
    expect(eigenanteilCent(89000, false)).toBe(89000);
  });

  it('is created only by the ministry', async () => {
    await expect(service.legeKursAn(editor, { titel: 'X', beginn: '2026-05-04', ort: 'X', online: true, plaetze: 1, gebuehrCent: 1 })).rejects.toThrow('Nur das Ministerium');
  });
});

describe('the subsidy rule', () => {
  it('refuses a second subsidised place of the same Behörde with the reason', async () => {
    const k1 = await einKurs(5);
    const k2 = await einKurs(5, '2026-05-11');
    const erste = await service.meldeAn(editor, k1.id, { ars, ...person('a'), foerderung: true });
    expect(erste).toMatchObject({ status: 'platz', gefoerdert: true });
    const zweite = service.meldeAn(editor, k2.id, { ars, ...person('b'), foerderung: true });
    await expect(zweite).rejects.toMatchObject({ status: 409, details: [{ field: 'foerderung' }] });
    await expect(service.meldeAn(editor, k2.id, { ars, ...person('b'), foerderung: true })).rejects.toThrow(/geförderten Platz bereits vergeben \(Person a, Kurs „Grundkurs 2026-04-13“ ab 13\.04\.2026\).*nur für eine Person je Gemeinde, Landkreis oder Bezirk/);
    // Without subsidy the same person is welcome; another Behörde keeps its own subsidised place.
    expect(await service.meldeAn(editor, k2.id, { ars, ...person('b'), foerderung: false })).toMatchObject({ status: 'platz', gefoerdert: false });
    expect(await service.meldeAn(editor, k2.id, { ars: ars2, ...person('c'), foerderung: true })).toMatchObject({ gefoerdert: true });
  });

  it('frees the subsidised place again when it is cancelled', async () => {
    const k = await einKurs(5, '2026-06-08');
    const [a] = (await service.anmeldungen(editor, {})).filter((x) => x.behoerdeArs === ars && x.gefoerdert);
    await service.storniere(editor, a.id);
    expect(await service.meldeAn(editor, k.id, { ars, ...person('d'), foerderung: true })).toMatchObject({ gefoerdert: true });
  });

  it('holds in the database too, even if two requests race', async () => {
    const k = await einKurs(5, '2026-06-15');
    const results = await Promise.allSettled([service.meldeAn(editor, k.id, { ars: ars2, ...person('e'), foerderung: true }), service.meldeAn(editor, k.id, { ars: ars2, ...person('f'), foerderung: true })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(0); // ars2 already has one (person c)
    const n = await database.db.execute(sql`select count(*)::int as n from digitallotse_anmeldungen where behoerde_ars = ${ars2} and gefoerdert and status <> 'storniert'`);
    expect((n.rows[0] as { n: number }).n).toBe(1);
  });
});

describe('registration', () => {
  it('puts registrations beyond the places on the waiting list and moves the first up on a cancellation', async () => {
    const k = await einKurs(2, '2026-07-06');
    const a = await service.meldeAn(editor, k.id, { ars, ...person('w1'), foerderung: false });
    await service.meldeAn(editor, k.id, { ars, ...person('w2'), foerderung: false });
    const w3 = await service.meldeAn(editor, k.id, { ars, ...person('w3'), foerderung: false });
    clock.advance(1000);
    const w4 = await service.meldeAn(editor, k.id, { ars, ...person('w4'), foerderung: false });
    expect([w3.status, w4.status]).toEqual(['warteliste', 'warteliste']);
    expect((await service.kurs(k.id)).warteliste).toBe(2);
    const nach = await service.storniere(editor, a.id);
    expect(nach?.id).toBe(w3.id);
    const liste = await service.anmeldungen(ministerium, { kursId: k.id });
    expect(liste.map((x) => [x.teilnehmerName, x.status]).sort()).toEqual([
      ['Person w1', 'storniert'],
      ['Person w2', 'platz'],
      ['Person w3', 'platz'],
      ['Person w4', 'warteliste'],
    ]);
  });

  it('refuses the same person twice, a Behörde of someone else and a course that has begun', async () => {
    const k = await einKurs(5, '2026-07-13');
    await service.meldeAn(editor, k.id, { ars, ...person('x'), foerderung: false });
    await expect(service.meldeAn(editor, k.id, { ars, ...person('x'), foerderung: false })).rejects.toThrow('bereits angemeldet');
    await expect(service.meldeAn(fremd, k.id, { ars, ...person('y'), foerderung: false })).rejects.toMatchObject({ status: 403 });
    const vergangen = await einKurs(5, '2026-03-02');
    await expect(service.meldeAn(editor, vergangen.id, { ars, ...person('z'), foerderung: false })).rejects.toThrow('bereits begonnen');
  });
});

describe('attendance and certificate', () => {
  it('completes the course after all six modules and issues the certificate as PDF', async () => {
    const k = await einKurs(5, '2026-08-03');
    const a = await service.meldeAn(editor, k.id, { ars: ars2, teilnehmerName: 'Dana Lotsin', teilnehmerEmail: 'dana@lk.example', foerderung: false });
    expect(await service.erfasseAnwesenheit(ministerium, a.id, [1, 2, 3, 4, 5])).toMatchObject({ abgeschlossen: false });
    await expect(service.bescheinigung(editor, a.id)).rejects.toThrow('alle sechs Module');
    expect(await service.digitallotsen(ars2)).toEqual([]);
    expect(await service.erfasseAnwesenheit(ministerium, a.id, [1, 2, 3, 4, 5, 6])).toMatchObject({ abgeschlossen: true });
    const { pdf } = await service.bescheinigung(editor, a.id);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Teilnahmebescheinigung');
    expect(text).toContain('Dana Lotsin');
    expect(text).toContain('03.08.2026 bis 06.08.2026');
    expect(await service.digitallotsen(ars2)).toHaveLength(1);
    await expect(service.bescheinigung(fremd, (await service.anmeldungen(editor, {})).find((x) => x.behoerdeArs === ars)!.id)).rejects.toMatchObject({ status: 403 });
    await expect(service.erfasseAnwesenheit(editor, a.id, [1])).rejects.toMatchObject({ status: 403 });
    await expect(service.erfasseAnwesenheit(ministerium, a.id, [7])).rejects.toMatchObject({ status: 400 });
  });
});

describe('access decided in the service', () => {
  it('offers registration for a Kommune editor’s own Behörden only, and shows registrations to Kommune editors only', async () => {
    expect(service.anmeldbareBehoerden(editor)).toEqual([ars, ars2]);
    expect(service.anmeldbareBehoerden(fremd)).toEqual([ars2]);
    expect(service.anmeldbareBehoerden(ministerium)).toEqual([]);
    expect(service.anmeldbareBehoerden(undefined)).toEqual([]);
    expect(await service.eigeneAnmeldungen(ministerium)).toEqual([]);
    expect(await service.eigeneAnmeldungen(undefined)).toEqual([]);
    const k = await einKurs(5, '2026-09-07');
    const a = await service.meldeAn(editor, k.id, { ars, ...person('zugriff'), foerderung: false });
    expect((await service.eigeneAnmeldungen(editor)).map((x) => x.id)).toContain(a.id);
    expect((await service.eigeneAnmeldungen(fremd)).map((x) => x.id)).not.toContain(a.id);
    await expect(service.meldeAn(fremd, k.id, { ars, ...person('fremd'), foerderung: false })).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'BEHOERDE_NICHT_ZUGEORDNET' });
  });
});
