/**
 * The Förderprogramm workflow on a real database (PGlite, or PostgreSQL in that run), with mail
 * through a real local SMTP server: draft → submit → check (A) → decide (B ≠ A) → Bescheid →
 * proof of use → proof check → two payout releases by two people; the budget ledger; the overview.
 */
import type { Handelnde } from '../shared/handelnde';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { AppError } from '../shared/errors';
import type { FoerderungService } from './foerderung.service';
import { eineEingabe, einePosition, einAntragsteller, sachbearbeitung } from './testing/fixtures';
import { pdfText } from './testing/pdf-text';

let database: Database;
let app: FastifyInstance;
let smtp: TestSmtp;
let f: FoerderungService;
let officers: Handelnde[];
const clock = fixedClock('2021-03-01T09:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database, { clock, env: { ...smtp.env, FOERDER_BUDGET_EUR: '100000' } });
  f = app.services.foerderung;
  officers = await sachbearbeitung(database, 3);
});

afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await database?.close();
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return { code: (e as AppError).code, message: (e as Error).message, details: (e as AppError).details };
  }
  throw new Error('expected an error');
};

const mailsTo = (an: string) => smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes(an)).map((m) => m.subject ?? '');

describe('a Gemeinde applies, two officers approve, two officers release the payout', () => {
  it('walks the whole way, with four eyes enforced at each step, the ledger and the mails', async () => {
    const [a, b, c] = officers;
    const g = await einAntragsteller(database, app.services, { typ: 'gemeinde', dienste: 22 });
    const kontakt = `kontakt.${g.ars}@gemeinde.example`;

    // Draft with one ineligible item (maintenance) — saved, editable, then submitted.
    const entwurf = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe({ kontaktEmail: kontakt, onlineDienste: [g.dienste[0], 'Hundesteuer online'] }));
    expect(entwurf.status).toBe('entwurf');
    expect(entwurf.aktenzeichen).toMatch(/^DR-2021-\d{5}$/);
    await f.aktualisiereEntwurf(
      g.editor,
      entwurf.id,
      eineEingabe({
        kontaktEmail: kontakt,
        onlineDienste: [g.dienste[0], 'Hundesteuer online'],
        positionen: [einePosition({ betragCent: 1_234_567n }), einePosition({ art: 'wartung', bezeichnung: 'Wartungsvertrag', betragCent: 250_000n })],
      }),
    );
    const { pruefung } = await f.reicheEin(g.editor, entwurf.id);
    const wartung = pruefung.positionen.find((p) => p.art === 'wartung');
    expect(wartung?.foerderfaehigCent).toBe(0n);
    expect(wartung?.grund).toContain('Wartung und Pflege sind laufende Kosten');
    expect(pruefung.zuwendungsfaehigCent).toBe(1_234_567n);
    expect(pruefung.berechnetCent).toBe(987_653n); // 80 % of 12.345,67 = 9.876,536 → 9.876,53
    // The portal data: the first service is linked, the second not yet (open until the proof).
    expect(pruefung.regeln.find((r) => r.id === 'verlinkt')?.ergebnis).toBe('offen');
    expect(pruefung.regeln.find((r) => r.id === 'mindestanzahl')?.ergebnis).toBe('erfuellt');

    // Frozen after submission.
    expect((await codeOf(f.aktualisiereEntwurf(g.editor, entwurf.id, eineEingabe()))).code).toBe('CONFLICT');
    // Only grant officers check.
    expect((await codeOf(f.pruefe(g.editor, entwurf.id, { empfehlung: 'bewilligen' }))).code).toBe('FORBIDDEN');

    await f.pruefe(a, entwurf.id, { empfehlung: 'bewilligen', kommentar: 'Vollständig.' });
    // Four eyes: the checker cannot decide …
    const vierAugen = await codeOf(f.entscheide(a, entwurf.id, { entscheidung: 'bewilligen' }));
    expect(vierAugen.code).toBe('CONFLICT');
    expect(vierAugen.message).toContain('Vier-Augen-Prinzip');
    await expect(f.entscheide(a, entwurf.id, { entscheidung: 'bewilligen' })).rejects.toMatchObject({ code: 'CONFLICT', reason: 'FOERDERUNG_VIER_AUGEN' });
    // … and the Akte shows why.
    const akteA = await f.akte(a, entwurf.id);
    expect(akteA.aktionen.filter((x) => x.id === 'entscheiden')).toEqual([{ id: 'entscheiden', erlaubt: false, grund: expect.stringContaining('Vier-Augen-Prinzip') }]);

    const { antrag: bewilligt } = await f.entscheide(b, entwurf.id, { entscheidung: 'bewilligen' });
    expect(bewilligt.status).toBe('bewilligt');
    expect(bewilligt.foerderbetragCent).toBe(987_653n);
    expect(bewilligt.bescheidAm).toBe('2021-03-01');
    expect(bewilligt.nachweisFaelligAm).toBe('2022-03-01');
    expect(bewilligt.geprueftVon).toBe(a.id);
    expect(bewilligt.entschiedenVon).toBe(b.id);

    // A second approval of the same grant is refused and the ledger holds one commitment.
    expect((await codeOf(f.entscheide(c, entwurf.id, { entscheidung: 'bewilligen' }))).code).toBe('CONFLICT');
    let h = await f.haushalt(a);
    expect(h.stand.gebundenCent).toBe(987_653n);
    expect(h.restCent).toBe(10_000_000n - 987_653n);
    expect(h.stimmtUeberein).toBe(true);

    // The Bescheid: a PDF naming the applicant, the amount and the date.
    const { pdf } = await f.bescheid(g.editor, entwurf.id);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain(g.name);
    expect(text).toContain('9.876,53 €');
    expect(text).toContain('01.03.2021');

    // Proof of use: the second service is linked by now; payout from the proven expenditure.
    clock.set('2021-11-15T10:00:00Z');
    await f.reicheNachweisEin(g.editor, entwurf.id, { ausgabenCent: 1_100_000n, sachbericht: 'Das Fachverfahren ist eingeführt und im BayernPortal verlinkt.' });
    const offen = await codeOf(f.pruefeNachweis(c, entwurf.id, { anerkanntCent: 1_100_000n }));
    expect(offen.code).toBe('CONFLICT');
    expect(offen.message).toContain('im BayernPortal verlinkt');
    const v = await database.query<{ id: string }>(`insert into online_verfahren (name, bereitstellung, url) values ('Hundesteuer online', 'zentral', 'https://x.example/h') returning id`);
    await database.query(`insert into verlinkungen (behoerde_ars, verfahren_id) values ($1, $2)`, [g.ars, v[0].id]);
    await app.services.verlinkung.alleNeuBerechnen();
    const { auszahlungCent, entbindungCent } = await f.pruefeNachweis(c, entwurf.id, { anerkanntCent: 1_100_000n });
    expect(auszahlungCent).toBe(880_000n);
    expect(entbindungCent).toBe(107_653n);

    // Two releases by two different people.
    await f.gebeFrei(a, entwurf.id);
    const zweimal = await codeOf(f.gebeFrei(a, entwurf.id));
    expect(zweimal.code).toBe('CONFLICT');
    expect(zweimal.message).toContain('Vier-Augen-Prinzip');
    const { antrag: bezahlt, ausgezahlt } = await f.gebeFrei(c, entwurf.id);
    expect(ausgezahlt).toBe(true);
    expect(bezahlt.status).toBe('ausgezahlt');
    expect(bezahlt.freigabe1Von).toBe(a.id);
    expect(bezahlt.freigabe2Von).toBe(c.id);

    h = await f.haushalt(a);
    expect(h.stand.ausgezahltCent).toBe(880_000n);
    expect(h.stand.entbundenCent).toBe(107_653n);
    expect(h.restCent).toBe(10_000_000n - 880_000n);
    expect(h.offenCent).toBe(0n);

    // Every step is in the trail, with who and when.
    const akte = await f.akte(a, entwurf.id);
    expect(akte.schritte.map((s) => s.schritt)).toEqual(['entwurf_angelegt', 'eingereicht', 'geprueft', 'bewilligt', 'nachweis_eingereicht', 'nachweis_geprueft', 'auszahlung_freigabe_1', 'ausgezahlt']);
    expect(akte.buchungen.map((x) => x.art)).toEqual(['bindung', 'auszahlung', 'entbindung']);
    const audit = await database.query<{ action: string }>(`select action from audit_log where object_type = 'foerderantrag' and object_id = $1 order by id`, [entwurf.id]);
    expect(audit.map((x) => x.action)).toContain('foerderung.bewilligt');

    // Mails through the SMTP path: submitted, checked, approved, Bescheid, paid.
    await expect.poll(() => mailsTo(kontakt).length).toBeGreaterThanOrEqual(5);
    const betreffe = mailsTo(kontakt);
    for (const wort of ['Eingangsbestätigung', 'geprüft', 'Bewilligung', 'Zuwendungsbescheid', 'Auszahlung']) expect(betreffe.some((s) => s.includes(wort))).toBe(true);
    expect(akte.mails.every((m) => m.status === 'versendet')).toBe(true);
  });

  it('rejects with a reason, writes a rejection notice and commits nothing', async () => {
    const [a, b] = officers;
    const g = await einAntragsteller(database, app.services, { dienste: 20 });
    const antrag = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe({ kontaktEmail: `abl.${g.ars}@gemeinde.example` }));
    await f.reicheEin(g.editor, antrag.id);
    await f.pruefe(a, antrag.id, { empfehlung: 'ablehnen' });
    expect((await codeOf(f.entscheide(b, antrag.id, { entscheidung: 'ablehnen' }))).code).toBe('VALIDATION_FAILED');
    const vorher = (await f.haushalt(a)).stand.gebundenCent;
    await f.entscheide(b, antrag.id, { entscheidung: 'ablehnen', kommentar: 'Maßnahme vor Antragstellung begonnen.' });
    expect((await f.haushalt(a)).stand.gebundenCent).toBe(vorher);
    const text = pdfText((await f.bescheid(g.editor, antrag.id)).pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Ablehnungsbescheid');
    expect(text).toContain('vor Antragstellung begonnen');
    await expect.poll(() => mailsTo(`abl.${g.ars}@gemeinde.example`).some((s) => s.includes('Ablehnung'))).toBe(true);
  });

  it('caps the grants of one applicant at 20,000 EUR across all its applications', async () => {
    const [a, b] = officers;
    const g = await einAntragsteller(database, app.services, { dienste: 20 });
    const bewillige = async (betragCent: bigint) => {
      const x = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe({ positionen: [einePosition({ betragCent })] }));
      await f.reicheEin(g.editor, x.id, { nichtFoerderfaehigBestaetigt: true });
      await f.pruefe(a, x.id, { empfehlung: 'bewilligen' });
      return f.entscheide(b, x.id, { entscheidung: 'bewilligen' });
    };
    expect((await bewillige(2_000_000n)).antrag.foerderbetragCent).toBe(1_600_000n);
    // 80 % of 10,000 would be 8,000; only 4,000 are left under the cap.
    expect((await bewillige(1_000_000n)).antrag.foerderbetragCent).toBe(400_000n);
    // Nothing left: submitted only with the applicant's acknowledgement, then refused with the rule.
    const ohne = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe());
    const v = await codeOf(f.reicheEin(g.editor, ohne.id));
    expect(v.code).toBe('VALIDATION_FAILED');
    expect(v.details).toEqual([{ field: 'nichtFoerderfaehigBestaetigt', message: expect.stringContaining('Höchstbetrag') }]);
    const r = await codeOf(bewillige(1_000_000n));
    expect(r.code).toBe('CONFLICT');
    expect(r.details.map((d) => d.field)).toContain('hoechstbetrag');
  });

  it('refuses an approval that the remaining budget cannot cover', async () => {
    const [a, b] = officers;
    const stand = await f.haushalt(a);
    const g = await einAntragsteller(database, app.services, { typ: 'bezirk', regbezKey: '093', dienste: 15 });
    // Bezirk: 15 services suffice. Ask for more than is left (capped at 20,000 EUR per applicant).
    await database.query(`update foerder_haushalt set gesamt_cent = gesamt_cent - $1`, [(stand.restCent - 100_000n).toString()]);
    const x = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe());
    const { pruefung } = await f.reicheEin(g.editor, x.id, { nichtFoerderfaehigBestaetigt: true });
    expect(pruefung.regeln.find((r) => r.id === 'mindestanzahl')?.ergebnis).toBe('erfuellt');
    expect((await f.akte(a, x.id)).antrag.nichtFoerderfaehigBestaetigt).toBe(true);
    await f.pruefe(a, x.id, { empfehlung: 'bewilligen' });
    const r = await codeOf(f.entscheide(b, x.id, { entscheidung: 'bewilligen' }));
    expect(r.code).toBe('CONFLICT');
    expect(r.details.map((d) => d.field)).toContain('budget');
    expect((await f.haushalt(a)).restCent).toBe(100_000n);
    // Restore the configured total for the other tests.
    await database.db.execute(sql`update foerder_haushalt set gesamt_cent = 10000000`);
  });

  it('keeps other Behörden out of an application and refuses incomplete submissions field by field', async () => {
    const g = await einAntragsteller(database, app.services, { dienste: 1 });
    const h = await einAntragsteller(database, app.services, { dienste: 1 });
    const x = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe({ iban: 'DE02 1203 0000 0000 2020 52', massnahme: '', erklaerungen: { ...eineEingabe().erklaerungen, richtigkeit: false } }));
    expect((await codeOf(f.akte(h.editor, x.id))).code).toBe('NOT_FOUND');
    expect((await codeOf(f.erstelleEntwurf(h.editor, g.ars, eineEingabe()))).code).toBe('FORBIDDEN');
    const r = await codeOf(f.reicheEin(g.editor, x.id));
    expect(r.code).toBe('VALIDATION_FAILED');
    expect(r.details.map((d) => d.field).sort()).toEqual(['erklaerung-richtigkeit', 'iban', 'massnahme']);
  });

  it('sends the „proof of use due“ reminder once per grant', async () => {
    const [a] = officers;
    clock.set('2023-01-01T08:00:00Z');
    const erste = await f.erinnereNachweise(a);
    expect(erste.erinnert).toBeGreaterThanOrEqual(1);
    expect((await f.erinnereNachweise(a)).erinnert).toBe(0);
    await expect.poll(() => smtp.received.some((m) => (m.subject ?? '').includes('Verwendungsnachweis'))).toBe(true);
  });

  it('lists the overview with totals equal to the ledger, and filters overdue proofs', async () => {
    const [a] = officers;
    const alle = await f.uebersicht(a, { limit: 500, offset: 0 });
    const h = await f.haushalt(a);
    expect(alle.summeBewilligtCent).toBe(h.stand.gebundenCent);
    expect(alle.items.every((i) => i.status !== 'entwurf')).toBe(true);
    const ueberfaellig = await f.uebersicht(a, { ueberfaellig: true, limit: 500, offset: 0 });
    expect(ueberfaellig.items.length).toBeGreaterThan(0);
    expect(ueberfaellig.items.every((i) => i.status === 'bewilligt' && (i.nachweis_faellig_am ?? '') < '2023-01-01')).toBe(true);
    const csv = await f.uebersichtCsv(a, {});
    expect(csv.startsWith('\uFEFFAktenzeichen;Zuwendungsempfänger')).toBe(true);
    expect(csv.split('\r\n').length - 2).toBe(alle.total);
  });
});
