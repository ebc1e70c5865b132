/**
 * Decisions that hold: no self-decisions, the pre-check recorded at submission (immutable, in the
 * audit chain), revocation and reinstatement under four eyes with everything a revocation does,
 * the waiting period, and public versus internal reasons.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';

import { fixedClock } from '../shared/clock';
import { handelnde as handelndeIn, verlinke as verlinkeIn } from './testing/helfer';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import type { Vorpruefung } from './praedikat.service';
import { vergleiche } from './praedikat.vergleich';
import { type Handelnde } from '../shared/handelnde';
import { createServices, type Services } from '../services/services';

let database: Database;
let smtp: TestSmtp;
let services: Services;
const clock = fixedClock('2026-03-02T09:00:00Z');
const DRUCKEREI = 'schilder@druckerei.example';

const handelnde = (role: Handelnde['role'], behoerden: string[] = []) => handelndeIn(database, role, behoerden);

const verlinke = (ars: string, n: number) => verlinkeIn(database, services, ars, n);

const eingabe = { kontaktName: 'Maria Muster', kontaktEmail: 'digital@gemeinde.example', websiteUrl: 'https://www.gemeinde.example/', schildGewuenscht: true, schildFormat: 'A3', lieferadresse: 'Rathausplatz 1, 97631 Musterstadt' };

/** An awarded Behörde (with a sign order) and three reviewers. */
async function verliehen(name = 'Prüfstadt, St') {
  const b = await aBehoerde(database, { name, typ: 'stadt' });
  await verlinke(b.ars, 55);
  const editor = await handelnde('kommune_editor', [b.ars]);
  const [a, bb, c] = [await handelnde('ministry_reviewer'), await handelnde('ministry_reviewer'), await handelnde('ministry_admin')];
  const antrag = await services.praedikat.beantragen(editor, b.ars, eingabe);
  await services.praedikat.empfehlen(a, antrag.id, 'verleihen', 'Interne Notiz: Stichprobe von 10 Links.');
  const { zertifikatNr } = await services.praedikat.entscheiden(bb, antrag.id, 'verleihen', 'Interne Notiz der Entscheidung.');
  return { b, editor, a, bb, c, nr: zertifikatNr as string, antrag };
}

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  services = createServices({ config: testConfig({ ...smtp.env, SCHILD_DRUCKEREI_EMAIL: DRUCKEREI }), database, clock });
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

describe('no self-decisions', () => {
  it('refuses a ministry admin who submitted the application both recommending and deciding it', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, 50);
    const admin = await handelnde('ministry_admin');
    const other = await handelnde('ministry_reviewer');
    const antrag = await services.praedikat.beantragen(admin, b.ars, { ...eingabe, schildGewuenscht: false });
    await expect(services.praedikat.empfehlen(admin, antrag.id, 'verleihen', 'selbst')).rejects.toThrow('Befangenheit');
    await services.praedikat.empfehlen(other, antrag.id, 'verleihen', 'geprüft');
    const e = await services.praedikat.entscheiden(admin, antrag.id, 'verleihen', '').catch((x) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as Error).message).toContain('Befangenheit');
    expect((await services.praedikat.antrag(antrag.id)).status).toBe('empfohlen');
  });

  it('also refuses whoever resubmitted an application that was sent back', async () => {
    const b = await aBehoerde(database);
    await verlinke(b.ars, 50);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const admin = await handelnde('ministry_admin');
    const [r1, r2] = [await handelnde('ministry_reviewer'), await handelnde('ministry_reviewer')];
    const antrag = await services.praedikat.beantragen(editor, b.ars, { ...eingabe, schildGewuenscht: false });
    await services.praedikat.empfehlen(r1, antrag.id, 'zurueckgeben', 'Website fehlt.');
    await services.praedikat.entscheiden(r2, antrag.id, 'zurueckgeben', 'Bitte Website angeben.');
    await services.praedikat.erneutEinreichen(admin, antrag.id, { ...eingabe, schildGewuenscht: false });
    await expect(services.praedikat.empfehlen(admin, antrag.id, 'verleihen', 'x')).rejects.toThrow('Befangenheit');
    expect((await services.praedikat.antrag(antrag.id)).eingereichtVonIds).toEqual(expect.arrayContaining([editor.id, admin.id]));
  });
});

describe('the pre-check is a record', () => {
  it('keeps the pre-check of the submission with its own time through the decision, immutable and in the audit chain', async () => {
    clock.set('2026-03-02T09:00:00Z');
    const { antrag, b } = await verliehen('Protokollstadt, St');
    clock.set('2026-03-20T15:30:00Z');
    const a = await services.praedikat.antrag(antrag.id);
    expect(a.vorpruefungBeiEinreichung?.anlass).toBe('einreichung');
    expect((a.vorpruefungBeiEinreichung?.ergebnis as { am: string }).am).toBe('2026-03-02T09:00:00.000Z');
    expect(a.vorpruefungen.map((v) => v.anlass)).toEqual(['einreichung', 'entscheidung']);
    // The whole result as computed, every field of it.
    expect(a.vorpruefungBeiEinreichung?.ergebnis).toEqual(antrag.vorpruefung);
    await expect(database.query(`update praedikat_vorpruefungen set ergebnis = '{}'::jsonb where antrag_id = '${antrag.id}'`)).rejects.toThrow(/unveränderlich/);
    await expect(database.query(`delete from praedikat_vorpruefungen where antrag_id = '${antrag.id}'`)).rejects.toThrow(/unveränderlich/);
    await expect(database.query('truncate praedikat_vorpruefungen')).rejects.toThrow(/unveränderlich/);
    const [audit] = (await database.db.execute(sql`select after from audit_log where action = 'praedikat.antrag' and object_id = ${b.ars}`)).rows as { after: { vorpruefung: { am: string; punkte: unknown[] } } }[];
    expect(audit.after.vorpruefung.am).toBe('2026-03-02T09:00:00.000Z');
    expect(audit.after.vorpruefung.punkte.length).toBeGreaterThan(0);
    clock.set('2026-03-02T09:00:00Z');
  });

  it('records every link with its state, so a link that broke after the submission shows as a difference', async () => {
    const b = await aBehoerde(database, { name: 'Linkstadt, St', typ: 'stadt' });
    await verlinke(b.ars, 52);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const antrag = await services.praedikat.beantragen(editor, b.ars, { ...eingabe, schildGewuenscht: false });
    const gespeichert = (await services.praedikat.antrag(antrag.id)).vorpruefungBeiEinreichung?.ergebnis as Vorpruefung;
    expect(gespeichert.links).toHaveLength(52);
    expect(gespeichert.links.every((l) => l.zaehlt && l.linkpruefung === 'ungeprüft')).toBe(true);
    // One link fails the link check after the submission.
    const [kaputt] = (
      await database.db.execute(sql`
        insert into link_pruefungen (url, status, http_status, geprueft_am, defekt_seit)
        select o.url, 'defekt', 404, now(), now() from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        where v.behoerde_ars = ${b.ars} order by o.name limit 1 returning url`)
    ).rows as { url: string }[];
    expect(kaputt).toBeDefined();
    const jetzt = await services.praedikat.vorpruefung(b.ars);
    const alle = vergleiche(gespeichert, jetzt).filter((z) => z.geaendert);
    // The review signals (their own tests: praedikat.signale) move the entry from „never checked“
    // to „broken“; everything else that changed is the link and its checklist point.
    const signale = alle.filter((z) => z.pfad[0] === 'signale' || (z.pfad[0] === 'punkte' && z.pfad[1] === 'signale'));
    expect(signale.some((z) => z.pfad.join('.') === 'signale.signale.linkDefekt.anzahl' && z.alt === '0' && z.neu === '1')).toBe(true);
    const geaendert = alle.filter((z) => !signale.includes(z));
    expect(geaendert).toHaveLength(3);
    expect(geaendert).toEqual(expect.arrayContaining([
      expect.objectContaining({ namen: ['links', gespeichert.links.find((l) => jetzt.links.find((n) => n.id === l.id)?.linkpruefung === 'nicht erreichbar')?.titel, 'linkpruefung'], alt: 'ungeprüft', neu: 'nicht erreichbar' }),
      expect.objectContaining({ namen: ['punkte', 'Links erreichbar', 'status'] }),
      expect.objectContaining({ namen: ['punkte', 'Links erreichbar', 'text'] }),
    ]));
    // The stored record did not change with it.
    expect((await services.praedikat.antrag(antrag.id)).vorpruefungBeiEinreichung?.ergebnis).toEqual(gespeichert);
  });
});

describe('revocation under four eyes', () => {
  it('changes nothing public on the request; the second person makes it take effect and it does everything at once', async () => {
    const { b, a, bb, c, nr } = await verliehen('Widerrufstadt, St');
    const vorher = await services.praedikat.praedikatVon(b.ars);
    const versionVorher = (await database.db.execute(sql`select count(*)::int as n from praedikat_ereignisse where zertifikat_nr = ${nr}`)).rows[0];

    const r1 = await services.praedikat.manuell(a, nr, 'widerrufen', 'Interner Grund: gefälschte Verlinkungen.', undefined, { oeffentlicherGrund: 'Die Voraussetzungen lagen nicht vor.' });
    expect(r1).toEqual({ status: 'gueltig', schritt: 'beantragt', stornierteSchilder: 0 });
    expect(await services.praedikat.praedikatVon(b.ars)).toEqual(vorher);
    expect((await database.db.execute(sql`select count(*)::int as n from praedikat_ereignisse where zertifikat_nr = ${nr}`)).rows[0]).toEqual(versionVorher);
    expect((await services.praedikat.akte(b.ars)).praedikate[0].schilder.map((s) => s.status)).toEqual(['bestellt']);
    expect((await services.praedikat.offeneMassnahmen()).map((m) => m.zertifikatNr)).toContain(nr);

    await expect(services.praedikat.manuell(a, nr, 'widerrufen', 'nochmal')).rejects.toThrow('Vier-Augen-Prinzip');
    await expect(services.praedikat.manuell(c, nr, 'wiederherstellen', 'x')).rejects.toBeInstanceOf(ConflictError);

    const sent = smtp.received.length;
    const r2 = await services.praedikat.manuell(bb, nr, 'widerrufen', 'Bestätigt nach Rücksprache.');
    expect(r2).toEqual({ status: 'widerrufen', schritt: 'bestaetigt', stornierteSchilder: 1 });
    const p = await services.praedikat.praedikatVon(b.ars);
    expect(p).toMatchObject({ status: 'widerrufen', statusGrund: 'Die Voraussetzungen lagen nicht vor.', widerrufenAm: '2026-03-02T09:00:00.000Z', neuerAntragAb: '2026-09-02' });
    // Public: the public reason, never the internal one, and no staff names.
    expect(JSON.stringify(p)).not.toContain('Interner Grund');
    expect(JSON.stringify(p)).not.toContain('Interne Notiz');
    expect(p?.historie.every((h) => !h.von.includes('@'))).toBe(true);
    const akte = await services.praedikat.akte(b.ars);
    expect(akte.praedikate[0].schilder[0].status).toBe('storniert');
    expect(akte.praedikate[0].massnahmen[0]).toMatchObject({ status: 'bestaetigt', beantragtVon: a.id, erledigtVon: bb.id });
    const mails = (await smtp.waitFor(sent + 3)).slice(sent);
    const storno = mails.find((m) => m.subject?.startsWith('STORNO'));
    expect((storno?.to as { text: string }).text).toBe(DRUCKEREI);
    expect(storno?.text).toContain(nr);
    const anKommune = mails.find((m) => m.subject?.includes('widerrufen'));
    expect(anKommune?.text).toContain('Interner Grund: gefälschte Verlinkungen.');
    expect(anKommune?.text).toContain('ab dem 02.09.2026');
    const [audit] = (await database.db.execute(sql`select after from audit_log where action = 'praedikat.widerrufen' and object_id = ${nr}`)).rows as { after: { status: string } }[];
    expect(audit.after.status).toBe('widerrufen');
  });

  it('lets either person withdraw a request, and a withdrawn request changes nothing', async () => {
    const { b, a, bb, nr } = await verliehen();
    await services.praedikat.manuell(a, nr, 'widerrufen', 'Verdacht.');
    await services.praedikat.zuruecknehmen(bb, nr, 'Verdacht ausgeräumt.');
    expect((await services.praedikat.praedikatVon(b.ars))?.status).toBe('gueltig');
    await expect(services.praedikat.zuruecknehmen(a, nr, '')).rejects.toThrow('keinen offenen Antrag');
    // After a withdrawal the next request starts a new round: its requester cannot confirm it.
    await services.praedikat.manuell(bb, nr, 'widerrufen', 'Neuer Verdacht.');
    await expect(services.praedikat.manuell(bb, nr, 'widerrufen', '')).rejects.toThrow('Vier-Augen-Prinzip');
    await services.praedikat.zuruecknehmen(bb, nr, '');
  });

  it('needs four eyes for a reinstatement after a suspension too; the suspension itself is one step', async () => {
    const { b, a, bb, nr } = await verliehen('Pausenstadt, St');
    expect(await services.praedikat.manuell(a, nr, 'aussetzen', 'Intern: Beschwerden.', undefined, { oeffentlicherGrund: 'Prüfung wegen Beschwerden.' })).toMatchObject({ schritt: 'wirksam', status: 'ausgesetzt' });
    const p = await services.praedikat.praedikatVon(b.ars);
    expect(p).toMatchObject({ status: 'ausgesetzt', manuellAusgesetzt: true, statusGrund: 'Prüfung wegen Beschwerden.' });
    expect(await services.praedikat.manuell(a, nr, 'wiederherstellen', 'Beschwerden geklärt.')).toMatchObject({ schritt: 'beantragt', status: 'ausgesetzt' });
    await expect(services.praedikat.manuell(a, nr, 'wiederherstellen', '')).rejects.toThrow('Vier-Augen-Prinzip');
    expect(await services.praedikat.manuell(bb, nr, 'wiederherstellen', '')).toMatchObject({ schritt: 'bestaetigt', status: 'gueltig' });
  });
});

describe('waiting period after a revocation', () => {
  it('refuses a new application until the date it names, then allows it', async () => {
    clock.set('2026-03-02T09:00:00Z');
    const { b, a, bb, nr, editor } = await verliehen();
    await services.praedikat.manuell(a, nr, 'widerrufen', 'Grund.');
    await services.praedikat.manuell(bb, nr, 'widerrufen', '');
    const vp = await services.praedikat.vorpruefung(b.ars);
    expect(vp.bestanden).toBe(false);
    expect(vp.punkte.find((x) => x.id === 'bestehend')?.text).toContain('ab dem 02.09.2026');
    await expect(services.praedikat.beantragen(editor, b.ars, eingabe)).rejects.toThrow('ab dem 02.09.2026');
    clock.set('2026-09-02T06:00:00Z');
    expect((await services.praedikat.vorpruefung(b.ars)).bestanden).toBe(true);
    await services.praedikat.beantragen(editor, b.ars, eingabe);
    clock.set('2026-03-02T09:00:00Z');
  });
});

describe('access and refusal reasons decided in the service', () => {
  const grund = async (p: Promise<unknown> | (() => unknown)) =>
    (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
      () => undefined,
      (x: unknown) => x,
    );

  it('lets only the editors of the Behörde and the ministry see the application, the Akte, the pre-check, the print file and the page', async () => {
    const { b, editor, a, nr, antrag } = await verliehen('Zugriffstadt, St');
    const fremd = await handelnde('kommune_editor', [(await aBehoerde(database)).ars]);
    const dienstleister = await handelnde('it_dienstleister', [b.ars]);
    const erwartet = { code: 'FORBIDDEN', status: 403, reason: 'BEHOERDE_NICHT_ZUGEORDNET' };
    for (const wer of [fremd, dienstleister, undefined]) {
      for (const e of [
        await grund(services.praedikat.antragFuer(wer, antrag.id)),
        await grund(services.praedikat.akteFuer(wer, b.ars)),
        await grund(services.praedikat.vorpruefungFuer(wer, b.ars)),
        await grund(services.praedikat.praedikatFuerDruck(wer, nr)),
        await grund(() => services.praedikat.pruefeSeitenrecht(wer, b.ars)),
      ]) {
        expect(e).toBeInstanceOf(ForbiddenError);
        expect(e).toMatchObject(erwartet);
      }
    }
    for (const wer of [editor, a]) {
      expect((await services.praedikat.antragFuer(wer, antrag.id)).id).toBe(antrag.id);
      expect((await services.praedikat.akteFuer(wer, b.ars)).praedikate[0].zertifikatNr).toBe(nr);
      expect((await services.praedikat.vorpruefungFuer(wer, b.ars)).anzahl).toBe(55);
      expect((await services.praedikat.praedikatFuerDruck(wer, nr)).behoerdeArs).toBe(b.ars);
      expect(services.praedikat.pruefeSeitenrecht(wer, b.ars)).toBeUndefined();
    }
    expect(await grund(services.praedikat.praedikatFuerDruck(editor, 'DA-1999-0001'))).toBeInstanceOf(NotFoundError);
  });

  it('decides by every role of an account: a second role of the ministry may take the ministry step', async () => {
    const { nr } = await verliehen();
    const nurFoerderung = await handelnde('grant_officer');
    expect(await grund(services.praedikat.manuell(nurFoerderung, nr, 'aussetzen', 'x'))).toMatchObject({ code: 'FORBIDDEN', reason: 'NUR_MINISTERIUM' });
    // An account whose main role is not the ministry's but which holds a ministry role too.
    const zwei: Handelnde = { ...(await handelnde('grant_officer')), roles: ['ministry_reviewer', 'grant_officer'] };
    expect((await services.praedikat.manuell(zwei, nr, 'aussetzen', 'Prüfung')).status).toBe('ausgesetzt');
  });

  it('names the four-eyes refusal, the self-decision, the open measure and the wrong step', async () => {
    const { nr, a, bb, c } = await verliehen();
    await services.praedikat.manuell(a, nr, 'widerrufen', 'Verdacht.');
    expect(await grund(services.praedikat.manuell(a, nr, 'widerrufen', 'nochmal'))).toMatchObject({ code: 'CONFLICT', reason: 'PRAEDIKAT_VIER_AUGEN' });
    expect(await grund(services.praedikat.manuell(bb, nr, 'wiederherstellen', 'x'))).toMatchObject({ code: 'CONFLICT', reason: 'PRAEDIKAT_MASSNAHME_OFFEN' });
    const b2 = await aBehoerde(database);
    await verlinke(b2.ars, 50);
    const antrag = await services.praedikat.beantragen(c, b2.ars, { ...eingabe, schildGewuenscht: false });
    expect(await grund(services.praedikat.empfehlen(c, antrag.id, 'verleihen', 'selbst'))).toMatchObject({ code: 'CONFLICT', reason: 'PRAEDIKAT_BEFANGEN' });
    expect(await grund(services.praedikat.entscheiden(a, antrag.id, 'verleihen', 'zu früh'))).toMatchObject({ code: 'CONFLICT', reason: 'PRAEDIKAT_FALSCHER_SCHRITT' });
    expect(await grund(services.praedikat.beantragen(c, b2.ars, { ...eingabe, schildGewuenscht: false }))).toMatchObject({ code: 'CONFLICT', reason: 'PRAEDIKAT_ANTRAG_OFFEN' });
  });
});
