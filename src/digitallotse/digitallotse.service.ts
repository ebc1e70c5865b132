/**
 * Grundkurs Digitallotse: course dates, registration of a Behörde's employee, the subsidy rule,
 * the waiting list, attendance per module and the completion certificate. No Fastify, no SQL.
 *
 * Subsidy rule (programme „Digitales Amt“, PRODUCT.md): the Freistaat pays 80 % of the fee for ONE
 * employee per Gemeinde, Landkreis or Bezirk. We apply it per Behörde (its ARS): a registered,
 * waiting or completed subsidised place uses it up; only a cancelled one frees it again.
 */

import { darfAkteSehen, istMinisterium } from '../auth/berechtigung';
import { hatRolle } from '../auth/roles';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import { berlinZeit } from '../shared/zeitplan';
import { erzeugeBescheinigungPdf } from './digitallotse.bescheinigung';
import type { AnmeldungRow, DigitallotseRepository, KursMitBelegung } from './digitallotse.repository';
import { type Handelnde } from '../shared/handelnde';

/** The six modules of the Grundkurs (BVS). */
export const MODULE = [
  'Digitale Verwaltung und OZG: Rechtsrahmen und Ziele',
  'Zentrale Komponenten: BayernPortal, BayernID, Postkorb, E-Payment',
  'Online-Verfahren verlinken und das Prädikat „Digitales Amt“',
  'Prozesse digitalisieren: Analyse und Modellierung',
  'Informationssicherheit und Datenschutz',
  'Veränderung begleiten: Kommunikation im Haus und mit den Bürgern',
] as const;
export const MODUL_ANZAHL = MODULE.length;

/** Share of the fee the Freistaat pays for the subsidised place, in percent. */
export const FOERDERSATZ_PROZENT = 80;

export interface KursEingabe {
  titel: string;
  beginn: string;
  ort: string;
  online: boolean;
  plaetze: number;
  gebuehrCent: number;
}

export interface AnmeldeEingabe {
  ars: string;
  teilnehmerName: string;
  teilnehmerEmail: string;
  /** Asks for the subsidised place (80 % of the fee). */
  foerderung: boolean;
}

const actor = (u: Handelnde, requestId?: string) => ({ id: u.id, label: u.email, requestId });

/** Last of four consecutive course days. */
export const kursEnde = (beginn: string) => {
  const d = new Date(`${beginn}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3);
  return d.toISOString().slice(0, 10);
};

export const eigenanteilCent = (gebuehrCent: number, gefoerdert: boolean) => (gefoerdert ? Math.round((gebuehrCent * (100 - FOERDERSATZ_PROZENT)) / 100) : gebuehrCent);

export const formatEuroCent = (cent: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cent / 100);

export const datumDe = (iso: string | Date) => {
  const s = typeof iso === 'string' ? iso.slice(0, 10) : berlinZeit(iso).tag;
  return s.split('-').reverse().join('.');
};

export function createDigitallotseService(repo: DigitallotseRepository, mailer: Mailer, clock: Clock) {
  const heute = () => berlinZeit(clock.now()).tag;

  const pruefeBehoerde = (user: Handelnde, ars: string) => {
    if (!darfAkteSehen(user, ars)) throw new ForbiddenError(`Sie dürfen niemanden für die Behörde ${ars} anmelden.`, [], 'BEHOERDE_NICHT_ZUGEORDNET');
  };
  const pruefeMinisterium = (user: Handelnde) => {
    if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium verwaltet die Kurse.', [], 'NUR_MINISTERIUM');
  };

  return {
    /** Courses that have not ended yet (all with `alle`), each with taken places and waiting list. */
    async kurse(opts: { alle?: boolean } = {}): Promise<KursMitBelegung[]> {
      return repo.kurse(opts.alle ? undefined : heute());
    },

    async kurs(id: string): Promise<KursMitBelegung> {
      const [k] = await repo.kurse(undefined, id);
      if (!k) throw new NotFoundError('Diesen Kurstermin gibt es nicht.');
      return k;
    },

    async legeKursAn(user: Handelnde, e: KursEingabe, requestId?: string) {
      pruefeMinisterium(user);
      return repo.db.transaction(async (tx) => {
        const k = await repo.legeKursAn(tx, { ...e, ende: kursEnde(e.beginn), angelegtVon: user.id, angelegtAm: clock.now() });
        await recordAudit(tx, actor(user, requestId), { action: 'digitallotse.kurs', objectType: 'digitallotse_kurs', objectId: k.id, after: k });
        return k;
      });
    },

    /**
     * Registers an employee. A full course puts the registration on the waiting list. A second
     * subsidised place of the same Behörde is refused with the reason (ConflictError, field `foerderung`).
     */
    async meldeAn(user: Handelnde, kursId: string, e: AnmeldeEingabe, requestId?: string): Promise<AnmeldungRow> {
      pruefeBehoerde(user, e.ars);
      const ergebnis = await repo.db.transaction(async (tx) => {
        const kurs = await repo.kursForUpdate(tx, kursId);
        if (!kurs) throw new NotFoundError('Diesen Kurstermin gibt es nicht.');
        if (kurs.beginn <= heute()) throw new ConflictError('Die Anmeldung ist geschlossen: der Kurs hat bereits begonnen.', [], 'ANMELDUNG_GESCHLOSSEN');
        if (await repo.personAngemeldet(tx, kursId, e.teilnehmerEmail)) {
          throw new ConflictError('Diese Person ist für diesen Kurstermin bereits angemeldet.', [{ field: 'teilnehmerEmail', message: 'Diese Person ist für diesen Kurstermin bereits angemeldet.' }], 'ANMELDUNG_DOPPELT');
        }
        if (e.foerderung) {
          const vorhanden = await repo.gefoerderteAnmeldung(tx, e.ars);
          if (vorhanden) {
            const grund =
              `Die Behörde hat ihren geförderten Platz bereits vergeben (${vorhanden.teilnehmerName}, Kurs „${vorhanden.kursTitel}“ ab ${datumDe(vorhanden.kursBeginn)}). ` +
              `Der Freistaat übernimmt ${FOERDERSATZ_PROZENT} % der Gebühr nur für eine Person je Gemeinde, Landkreis oder Bezirk. Melden Sie die Person ohne Förderung an.`;
            throw new ConflictError(grund, [{ field: 'foerderung', message: grund }], 'ANMELDUNG_FALSCHER_SCHRITT');
          }
        }
        const belegt = await repo.belegtePlaetze(tx, kursId);
        const status = belegt < kurs.plaetze ? 'platz' : 'warteliste';
        const a = await repo.legeAnmeldungAn(tx, {
          kursId,
          behoerdeArs: e.ars,
          teilnehmerName: e.teilnehmerName,
          teilnehmerEmail: e.teilnehmerEmail,
          status,
          gefoerdert: e.foerderung,
          angemeldetVon: user.id,
          angemeldetAm: clock.now(),
        });
        await recordAudit(tx, actor(user, requestId), { action: 'digitallotse.anmeldung', objectType: 'behoerde', objectId: e.ars, after: a });
        return { a, kurs };
      });
      const { a, kurs } = ergebnis;
      await mailer.send({
        an: a.teilnehmerEmail,
        betreff: a.status === 'platz' ? `Anmeldung bestätigt: ${kurs.titel}` : `Warteliste: ${kurs.titel}`,
        text: [
          `Guten Tag ${a.teilnehmerName},`,
          '',
          a.status === 'platz'
            ? `Sie sind für den Grundkurs Digitallotse „${kurs.titel}“ vom ${datumDe(kurs.beginn)} bis ${datumDe(kurs.ende)} angemeldet (${kurs.online ? 'online' : kurs.ort}).`
            : `Der Kurs „${kurs.titel}“ ab ${datumDe(kurs.beginn)} ist ausgebucht. Sie stehen auf der Warteliste und rücken nach, sobald ein Platz frei wird; wir schreiben Ihnen dann.`,
          `Gebühr: ${formatEuroCent(kurs.gebuehrCent)}, Eigenanteil Ihrer Behörde: ${formatEuroCent(eigenanteilCent(kurs.gebuehrCent, a.gefoerdert))}${a.gefoerdert ? ` (der Freistaat übernimmt ${FOERDERSATZ_PROZENT} %)` : ''}.`,
          '',
          'Bayerische Verwaltungsschule und Staatsministerium für Digitales',
        ].join('\n'),
        art: a.status === 'platz' ? 'digitallotse.anmeldung' : 'digitallotse.warteliste',
        objectType: 'digitallotse_anmeldung',
        objectId: a.id,
      });
      return a;
    },

    /** Cancels a registration; a freed place goes to the first on the waiting list (with a mail). */
    async storniere(user: Handelnde, anmeldungId: string, requestId?: string) {
      const vorher = await repo.anmeldung(anmeldungId);
      if (!vorher) throw new NotFoundError('Diese Anmeldung gibt es nicht.');
      pruefeBehoerde(user, vorher.behoerdeArs);
      const nachgerueckt = await repo.db.transaction(async (tx) => {
        const kurs = await repo.kursForUpdate(tx, vorher.kursId);
        const a = await repo.anmeldung(anmeldungId, tx);
        if (!a || !kurs || a.status === 'storniert') throw new ConflictError('Die Anmeldung ist bereits storniert.', [], 'ANMELDUNG_FALSCHER_SCHRITT');
        await repo.setzeStatus(tx, a.id, { status: 'storniert', storniertAm: clock.now() });
        await recordAudit(tx, actor(user, requestId), { action: 'digitallotse.storno', objectType: 'behoerde', objectId: a.behoerdeArs, before: { status: a.status }, after: { status: 'storniert', anmeldungId: a.id } });
        if (a.status !== 'platz') return undefined;
        const naechste = await repo.ersteAufWarteliste(tx, a.kursId);
        if (!naechste) return undefined;
        await repo.setzeStatus(tx, naechste.id, { status: 'platz' });
        await recordAudit(tx, { label: 'system:warteliste', requestId }, { action: 'digitallotse.nachruecken', objectType: 'behoerde', objectId: naechste.behoerdeArs, before: { status: 'warteliste' }, after: { status: 'platz', anmeldungId: naechste.id } });
        return { naechste, kurs };
      });
      if (nachgerueckt) {
        const { naechste, kurs } = nachgerueckt;
        await mailer.send({
          an: naechste.teilnehmerEmail,
          betreff: `Platz frei geworden: ${kurs.titel}`,
          text: `Guten Tag ${naechste.teilnehmerName},\n\nfür den Grundkurs Digitallotse „${kurs.titel}“ ab ${datumDe(kurs.beginn)} ist ein Platz frei geworden. Sie sind jetzt angemeldet.\n`,
          art: 'digitallotse.nachgerueckt',
          objectType: 'digitallotse_anmeldung',
          objectId: naechste.id,
        });
      }
      return nachgerueckt?.naechste;
    },

    /** Records which of the six modules a participant attended; all six complete the course. */
    async erfasseAnwesenheit(user: Handelnde, anmeldungId: string, module: number[], requestId?: string) {
      pruefeMinisterium(user);
      if (module.some((m) => !Number.isInteger(m) || m < 1 || m > MODUL_ANZAHL)) throw new ValidationError(`Module sind 1 bis ${MODUL_ANZAHL}.`);
      return repo.db.transaction(async (tx) => {
        const a = await repo.anmeldung(anmeldungId, tx);
        if (!a) throw new NotFoundError('Diese Anmeldung gibt es nicht.');
        if (a.status !== 'platz') throw new ConflictError('Anwesenheit gibt es nur für angemeldete Teilnehmende mit Platz.', [], 'ANMELDUNG_FALSCHER_SCHRITT');
        const vorher = await repo.anwesendeModule(tx, a.id);
        for (let m = 1; m <= MODUL_ANZAHL; m++) await repo.setzeAnwesenheit(tx, a.id, m, module.includes(m), user.id, clock.now());
        const komplett = module.length > 0 && new Set(module).size === MODUL_ANZAHL;
        const abgeschlossenAm = komplett ? (a.abgeschlossenAm ?? clock.now()) : null;
        await repo.setzeStatus(tx, a.id, { abgeschlossenAm });
        await recordAudit(tx, actor(user, requestId), { action: 'digitallotse.anwesenheit', objectType: 'digitallotse_anmeldung', objectId: a.id, before: { module: vorher }, after: { module: [...new Set(module)].sort(), abgeschlossen: komplett } });
        return { abgeschlossen: komplett, kursId: a.kursId };
      });
    },

    /** Registrations of a course (ministry) or of the user's Behörden (editor). */
    /** The Behörden `user` may register employees for: a Kommune editor's own. */
    anmeldbareBehoerden(user: Handelnde | undefined): string[] {
      if (!user || !hatRolle(user, 'kommune_editor')) return [];
      return user.behoerden.filter((ars) => darfAkteSehen(user, ars));
    },

    /** The registrations a Kommune editor sees on the public course page (none for anyone else). */
    async eigeneAnmeldungen(user: Handelnde | undefined) {
      if (!user || !hatRolle(user, 'kommune_editor')) return [];
      return this.anmeldungen(user, {});
    },

    async anmeldungen(user: Handelnde, filter: { kursId?: string }) {
      if (istMinisterium(user)) return repo.anmeldungen({ kursId: filter.kursId });
      return repo.anmeldungen({ kursId: filter.kursId, behoerden: user.behoerden.filter((ars) => darfAkteSehen(user, ars)) });
    },

    /** The completion certificate (PDF) of a participant who attended all six modules. */
    async bescheinigung(user: Handelnde, anmeldungId: string): Promise<{ pdf: Buffer; dateiname: string }> {
      const a = await repo.anmeldung(anmeldungId);
      if (!a) throw new NotFoundError('Diese Anmeldung gibt es nicht.');
      pruefeBehoerde(user, a.behoerdeArs);
      if (!a.abgeschlossenAm) throw new ConflictError('Die Teilnahmebescheinigung gibt es erst, wenn alle sechs Module besucht sind.', [], 'ANMELDUNG_FALSCHER_SCHRITT');
      const kurs = await repo.kurs(a.kursId);
      const pdf = await erzeugeBescheinigungPdf({ anmeldung: a, kurs: kurs!, behoerdeName: (await repo.behoerdeName(a.behoerdeArs)) ?? a.behoerdeArs, module: [...MODULE] });
      return { pdf, dateiname: `teilnahmebescheinigung-digitallotse-${a.id.slice(0, 8)}.pdf` };
    },

    /** People of a Behörde who completed the course (for the Behörde page). */
    async digitallotsen(ars: string) {
      return repo.digitallotsen(ars);
    },
  };
}

export type DigitallotseService = ReturnType<typeof createDigitallotseService>;
