import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';

import { fixedClock } from '../shared/clock';
import { handelnde as handelndeIn, verlinke as verlinkeIn } from './testing/helfer';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { type Handelnde } from '../shared/handelnde';
import { createServices, type Services } from '../services/services';

let database: Database;
let smtp: TestSmtp;
let services: Services;
const clock = fixedClock('2026-03-02T09:00:00Z');

const handelnde = (role: Handelnde['role'], behoerden: string[] = []) => handelndeIn(database, role, behoerden);

const verlinke = (ars: string, n: number) => verlinkeIn(database, services, ars, n);

async function entferneAlle(ars: string, behalten: number) {
  await database.db.execute(sql`delete from verlinkungen where behoerde_ars = ${ars} and verfahren_id not in (select verfahren_id from verlinkungen where behoerde_ars = ${ars} order by verfahren_id limit ${behalten})`);
  await services.verlinkung.alleNeuBerechnen();
}

const eingabe = { kontaktName: 'Maria Muster', kontaktEmail: 'digital@gemeinde.example', websiteUrl: 'https://www.gemeinde.example/', schildGewuenscht: true, schildFormat: 'A3', lieferadresse: 'Rathausplatz 1, 97631 Musterstadt' };

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  services = createServices({ config: testConfig(smtp.env), database, clock });
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

describe('application', () => {
  it('is refused while not eligible, naming the exact gap', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    await verlinke(b.ars, 47);
    await expect(services.praedikat.beantragen(editor, b.ars, eingabe)).rejects.toThrow('Es fehlen noch 3');
  });

  it('validates every field and names it', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    await verlinke(b.ars, 50);
    const e = await services.praedikat
      .beantragen(editor, b.ars, { kontaktName: '', kontaktEmail: 'kein-at', websiteUrl: 'http://x', schildGewuenscht: true, schildFormat: 'A9', lieferadresse: '' })
      .catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).details.map((d) => d.field).sort()).toEqual(['kontaktEmail', 'kontaktName', 'lieferadresse', 'schildFormat', 'websiteUrl']);
  });

  it('allows one open application per Behörde and only its own editors', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, 52);
    await expect(services.praedikat.beantragen(await handelnde('kommune_editor', [(await aBehoerde(database)).ars]), b.ars, eingabe)).rejects.toBeInstanceOf(ForbiddenError);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const results = await Promise.allSettled([services.praedikat.beantragen(editor, b.ars, eingabe), services.praedikat.beantragen(editor, b.ars, eingabe)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  });
});

describe('four-eyes check and award', () => {
  it('awards after a recommendation and a decision by two different reviewers, with number, sign order and mail', async () => {
    const b = await aBehoerde(database, { name: 'Vierauge, M', typ: 'markt' });
    await verlinke(b.ars, 55);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const a = await handelnde('ministry_reviewer');
    const bb = await handelnde('ministry_reviewer');
    const sent = smtp.received.length;
    const antrag = await services.praedikat.beantragen(editor, b.ars, eingabe);
    expect(antrag.vorpruefung).toMatchObject({ anzahl: 55, erreicht: true, bestanden: true });
    await services.praedikat.empfehlen(a, antrag.id, 'verleihen', 'Alle Verfahren geprüft.');
    await expect(services.praedikat.entscheiden(a, antrag.id, 'verleihen', '')).rejects.toThrow('Vier-Augen-Prinzip');
    const { zertifikatNr } = await services.praedikat.entscheiden(bb, antrag.id, 'verleihen', 'Einverstanden.');
    expect(zertifikatNr).toMatch(/^DA-2026-\d{4}$/);
    const p = await services.praedikat.praedikatVon(b.ars);
    expect(p).toMatchObject({ zertifikatNr, status: 'gueltig', verliehenAm: '2026-03-02' });
    expect(p?.historie.map((h) => h.ereignis)).toEqual(['verleihung']);
    const akte = await services.praedikat.akte(b.ars);
    expect(akte.antraege[0].schritte.map((s) => [s.schritt, s.actorLabel])).toEqual([
      ['eingereicht', editor.email],
      ['empfehlung_verleihen', a.email],
      ['entscheidung_verleihen', bb.email],
    ]);
    expect(akte.praedikate[0].schilder[0]).toMatchObject({ status: 'bestellt', format: 'A3' });
    const mails = await smtp.waitFor(sent + 2);
    const subjects = mails.slice(sent).map((m) => m.subject);
    expect(subjects).toContain('Antrag auf das Prädikat „Digitales Amt“ eingegangen – Vierauge, M');
    expect(subjects).toContain('Herzlichen Glückwunsch: Vierauge, M ist „Digitales Amt“');
    expect(akte.mails.map((m) => m.status)).toEqual(expect.arrayContaining(['versendet']));
  });

  it('gives concurrent awards distinct certificate numbers', async () => {
    const reviewerA = await handelnde('ministry_reviewer');
    const reviewerB = await handelnde('ministry_admin');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const b = await aBehoerde(database);
      await verlinke(b.ars, 50);
      const antrag = await services.praedikat.beantragen(await handelnde('kommune_editor', [b.ars]), b.ars, { ...eingabe, schildGewuenscht: false });
      await services.praedikat.empfehlen(reviewerA, antrag.id, 'verleihen', 'ok');
      ids.push(antrag.id);
    }
    const nummern = await Promise.all(ids.map((id) => services.praedikat.entscheiden(reviewerB, id, 'verleihen', '').then((r) => r.zertifikatNr)));
    expect(new Set(nummern).size).toBe(4);
  });

  it('sends an application back with reasons and accepts it again after revision', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, 50);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const a = await handelnde('ministry_reviewer');
    const bb = await handelnde('ministry_reviewer');
    const antrag = await services.praedikat.beantragen(editor, b.ars, eingabe);
    await services.praedikat.empfehlen(a, antrag.id, 'zurueckgeben', 'Website-Adresse führt auf eine falsche Seite.');
    await expect(services.praedikat.entscheiden(bb, antrag.id, 'zurueckgeben', '')).rejects.toBeInstanceOf(ValidationError);
    const sent = smtp.received.length;
    await services.praedikat.entscheiden(bb, antrag.id, 'zurueckgeben', 'Bitte die Website-Adresse korrigieren.');
    const [mail] = (await smtp.waitFor(sent + 1)).slice(sent);
    expect(mail.text).toContain('Bitte die Website-Adresse korrigieren.');
    await services.praedikat.erneutEinreichen(editor, antrag.id, { ...eingabe, websiteUrl: 'https://www.gemeinde.example/digital' });
    const again = await services.praedikat.antrag(antrag.id);
    expect(again.status).toBe('eingereicht');
    expect(again.websiteUrl).toBe('https://www.gemeinde.example/digital');
    // The person who recommended before may not decide now either: the new round starts clean.
    await services.praedikat.empfehlen(bb, antrag.id, 'verleihen', 'Jetzt in Ordnung.');
    await expect(services.praedikat.entscheiden(bb, antrag.id, 'verleihen', '')).rejects.toThrow('Vier-Augen-Prinzip');
    await services.praedikat.entscheiden(a, antrag.id, 'verleihen', '');
    expect((await services.praedikat.praedikatVon(b.ars))?.status).toBe('gueltig');
  });

  it('refuses an award when the count fell below the threshold since the submission', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, 50);
    const antrag = await services.praedikat.beantragen(await handelnde('kommune_editor', [b.ars]), b.ars, eingabe);
    await services.praedikat.empfehlen(await handelnde('ministry_reviewer'), antrag.id, 'verleihen', 'ok');
    await entferneAlle(b.ars, 40);
    await expect(services.praedikat.entscheiden(await handelnde('ministry_reviewer'), antrag.id, 'verleihen', '')).rejects.toThrow('Vorprüfung zum Entscheidungszeitpunkt');
  });

  it('lets only ministry staff review', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, 50);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const antrag = await services.praedikat.beantragen(editor, b.ars, eingabe);
    await expect(services.praedikat.empfehlen(editor, antrag.id, 'verleihen', 'selbst')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services.praedikat.empfehlen(await handelnde('grant_officer'), antrag.id, 'verleihen', 'x')).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('re-check', () => {
  it('notifies below the threshold, suspends after the grace period, reinstates when back; revocation is final', async () => {
    const b = await aBehoerde(database, { name: 'Wackelstadt, St', typ: 'stadt' });
    await verlinke(b.ars, 60);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const antrag = await services.praedikat.beantragen(editor, b.ars, eingabe);
    await services.praedikat.empfehlen(await handelnde('ministry_reviewer'), antrag.id, 'verleihen', 'ok');
    const { zertifikatNr } = await services.praedikat.entscheiden(await handelnde('ministry_reviewer'), antrag.id, 'verleihen', '');
    const nr = zertifikatNr as string;

    await entferneAlle(b.ars, 45);
    let sent = smtp.received.length;
    const r1 = await services.praedikat.recheckAlle();
    expect(r1.aenderungen).toContainEqual({ zertifikatNr: nr, ars: b.ars, ereignis: 'unterschreitung', status: 'gueltig' });
    expect((await smtp.waitFor(sent + 1)).slice(sent).some((m) => m.subject?.includes('unter der Schwelle') && m.text?.includes('31.05.') === false)).toBe(true);
    expect((await services.praedikat.praedikatVon(b.ars))?.karenzBis).toBe('2026-05-31');

    clock.set('2026-05-31T12:00:00Z');
    expect((await services.praedikat.recheckAlle()).aenderungen.filter((x) => x.zertifikatNr === nr)).toEqual([]);
    clock.set('2026-06-01T08:00:00Z');
    sent = smtp.received.length;
    await services.praedikat.recheckAlle();
    expect((await services.praedikat.praedikatVon(b.ars))?.status).toBe('ausgesetzt');
    expect((await smtp.waitFor(sent + 1)).slice(sent).map((m) => m.subject)).toContain('Prädikat „Digitales Amt“ für Wackelstadt, St ausgesetzt');

    await verlinke(b.ars, 10);
    await services.praedikat.recheckAlle();
    expect((await services.praedikat.praedikatVon(b.ars))?.status).toBe('gueltig');

    const admin = await handelnde('ministry_admin');
    const zweite = await handelnde('ministry_reviewer');
    await expect(services.praedikat.manuell(admin, nr, 'widerrufen', '')).rejects.toBeInstanceOf(ValidationError);
    expect(await services.praedikat.manuell(admin, nr, 'widerrufen', 'Signet missbräuchlich verwendet.')).toMatchObject({ schritt: 'beantragt', status: 'gueltig' });
    expect(await services.praedikat.manuell(zweite, nr, 'widerrufen', '')).toMatchObject({ schritt: 'bestaetigt', status: 'widerrufen' });
    await expect(services.praedikat.manuell(admin, nr, 'wiederherstellen', 'Versuch')).rejects.toThrow('widerrufenes Prädikat');
    await services.praedikat.recheckAlle();
    const p = await services.praedikat.praedikatVon(b.ars);
    expect(p?.status).toBe('widerrufen');
    expect(p?.historie.map((h) => h.ereignis)).toEqual(['verleihung', 'unterschreitung', 'aussetzung', 'wiederherstellung', 'widerruf']);
    clock.set('2026-03-02T09:00:00Z');
  });
});

describe('existing awards', () => {
  it('get an application decided with four eyes and an award event, once', async () => {
    const b = await aBehoerde(database);
    await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status, demo) values ('DA-2021-0901', ${b.ars}, '2021-07-29', 'gueltig', true)`);
    const r1 = await services.praedikat.bestandUebernehmen();
    expect(r1.uebernommen).toBeGreaterThanOrEqual(1);
    expect((await services.praedikat.bestandUebernehmen()).uebernommen).toBe(0);
    const akte = await services.praedikat.akte(b.ars);
    expect(akte.antraege[0]).toMatchObject({ status: 'verliehen', zertifikatNr: 'DA-2021-0901' });
    expect(akte.antraege[0].schritte.map((s) => s.schritt)).toEqual(['eingereicht', 'empfehlung_verleihen', 'entscheidung_verleihen']);
    expect((await services.praedikat.praedikatVon(b.ars))?.historie[0]).toMatchObject({ ereignis: 'verleihung', am: '2021-07-29T10:00:00.000Z' });
  });
});
