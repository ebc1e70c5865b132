/**
 * Virtuelle Informationsveranstaltungen on the central components: the ministry plans events,
 * anyone registers (name and e-mail), confirms the registration through a link mailed to the
 * address (double opt-in), then gets the join link and the .ics, a reminder the day before, and
 * the ministry records attendance. No Fastify, no SQL.
 *
 * Why double opt-in: the form is public. Without it anyone could make the platform mail any
 * address, with a name of their choice in the text. Now an address gets exactly one mail it did
 * not ask for — the confirmation link, fixed text without anything the form carried — and at most
 * `bestaetigungenProTag` of those a day; everything else goes only to confirmed addresses.
 */
import crypto from 'node:crypto';

import { istMinisterium } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import { icsKalender } from './veranstaltungen.ics';
import type { VeranstaltungenRepository, VeranstaltungMitBelegung, VeranstaltungRow } from './veranstaltungen.repository';
import { type Handelnde } from '../shared/handelnde';

export const THEMEN = ['BayernPortal', 'BayernID', 'Postkorb', 'E-Payment', 'Zentrale Online-Verfahren', 'Grundkurs Digitallotse', 'Prädikat „Digitales Amt“'] as const;

export interface VeranstaltungEingabe {
  titel: string;
  thema: string;
  beschreibung: string;
  beginn: Date;
  ende: Date;
  link: string;
  kapazitaet: number;
}

const zeit = (d: Date) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' }).format(d);
export const zeitraum = (v: Pick<VeranstaltungRow, 'beginn' | 'ende'>) =>
  `${zeit(v.beginn)} bis ${new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', timeStyle: 'short' }).format(v.ende)} Uhr`;

export interface VeranstaltungenSettings {
  publicBaseUrl: string;
  /** How long a confirmation link works (never past the event's start). */
  bestaetigungStunden: number;
  /** Confirmation mails per address and 24 hours, across all events. */
  bestaetigungenProTag: number;
}

const BESTAETIGUNG_ART = 'veranstaltung.bestaetigung';
const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

export function createVeranstaltungenService(repo: VeranstaltungenRepository, mailer: Mailer, clock: Clock, opts: VeranstaltungenSettings) {
  const host = new URL(opts.publicBaseUrl).hostname;
  const seite = (id: string) => `${opts.publicBaseUrl}/veranstaltungen/${id}`;
  const eine = async (id: string) => {
    const v = await repo.eine(id);
    if (!v) throw new NotFoundError('Diese Veranstaltung gibt es nicht.');
    return v;
  };
  const ics = (vs: VeranstaltungRow[], name: string) =>
    icsKalender(
      vs.map((v) => ({ id: v.id, titel: v.titel, beschreibung: `${v.thema}. ${v.beschreibung}\n\nAnmeldung und Einwahl: ${seite(v.id)}`, beginn: v.beginn, ende: v.ende, url: seite(v.id), ort: 'Online (Videokonferenz)', sequenz: v.sequenz })),
      { name, host, jetzt: clock.now() },
    );

  return {
    /** Events that have not ended (all with `alle`). */
    async alle(o: { alle?: boolean } = {}): Promise<VeranstaltungMitBelegung[]> {
      return repo.alle(o.alle ? undefined : clock.now());
    },
    eine,

    async legeAn(user: Handelnde, e: VeranstaltungEingabe, requestId?: string) {
      if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium plant Veranstaltungen.', [], 'NUR_MINISTERIUM');
      return repo.db.transaction(async (tx) => {
        const v = await repo.legeAn(tx, { ...e, angelegtVon: user.id, angelegtAm: clock.now() });
        await recordAudit(tx, { id: user.id, label: user.email, requestId }, { action: 'veranstaltung.angelegt', objectType: 'veranstaltung', objectId: v.id, after: v });
        return v;
      });
    },

    /**
     * Registers a person, unconfirmed: refused when full, over, already registered or when the
     * address had its confirmation mails for today. Sends the one confirmation mail with the link.
     */
    async meldeAn(id: string, p: { name: string; email: string; organisation?: string }, requestId?: string) {
      const jetzt = clock.now();
      const token = crypto.randomBytes(32).toString('base64url');
      const { a, v } = await repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const v = await repo.eine(id, tx);
        if (!v) throw new NotFoundError('Diese Veranstaltung gibt es nicht.');
        if (v.beginn <= jetzt) throw new ConflictError('Die Anmeldung ist geschlossen: die Veranstaltung hat begonnen.', [], 'ANMELDUNG_GESCHLOSSEN');
        if (v.angemeldet >= v.kapazitaet) throw new ConflictError('Die Veranstaltung ist ausgebucht.', [{ field: 'name', message: 'Die Veranstaltung ist ausgebucht. Bitte wählen Sie einen anderen Termin.' }], 'VERANSTALTUNG_AUSGEBUCHT');
        const bisher = await repo.anmeldungVon(tx, id, p.email);
        if (bisher?.bestaetigtAm) throw new ConflictError('Mit dieser E-Mail-Adresse ist schon jemand angemeldet.', [{ field: 'email', message: 'Mit dieser E-Mail-Adresse ist schon jemand angemeldet.' }], 'ANMELDUNG_DOPPELT');
        if (bisher && bisher.bestaetigungBis && bisher.bestaetigungBis > jetzt) {
          throw new ConflictError('Für diese E-Mail-Adresse wartet schon eine Anmeldung auf die Bestätigung.', [
            { field: 'email', message: 'An diese E-Mail-Adresse haben wir schon einen Bestätigungslink geschickt. Bitte bestätigen Sie die Anmeldung über diesen Link.' },
          ], 'ANMELDUNG_DOPPELT');
        }
        const gesendet = await repo.bestaetigungsMailsAn(tx, p.email, new Date(jetzt.getTime() - 86_400_000), BESTAETIGUNG_ART);
        if (gesendet >= opts.bestaetigungenProTag) {
          throw new ConflictError('An diese E-Mail-Adresse gingen heute schon genug Bestätigungslinks.', [
            { field: 'email', message: `An diese E-Mail-Adresse haben wir in den letzten 24 Stunden schon ${gesendet} Bestätigungslinks geschickt. Bitte nutzen Sie einen davon oder versuchen Sie es morgen wieder.` },
          ], 'ANMELDUNG_ZU_VIELE_LINKS');
        }
        // A link that ran out frees the address for a new registration.
        if (bisher) await repo.loescheAnmeldung(tx, bisher.id);
        const bis = new Date(Math.min(jetzt.getTime() + opts.bestaetigungStunden * 3_600_000, v.beginn.getTime()));
        const a = await repo.meldeAn(tx, {
          veranstaltungId: id,
          name: p.name,
          email: p.email,
          organisation: p.organisation || null,
          angemeldetAm: jetzt,
          bestaetigungHash: tokenHash(token),
          bestaetigungBis: bis,
        });
        await recordAudit(tx, { label: `anmeldung:${p.email}`, requestId }, { action: 'veranstaltung.anmeldung', objectType: 'veranstaltung', objectId: id, after: { anmeldungId: a.id, bestaetigt: false } });
        return { a, v };
      });
      // Fixed text: nothing of what the form carried (name, organisation) goes to the address.
      await mailer.send({
        an: a.email,
        betreff: `Bitte bestätigen Sie Ihre Anmeldung: ${v.titel}`,
        text: [
          'Guten Tag,',
          '',
          `für diese E-Mail-Adresse wurde eine Anmeldung zur Informationsveranstaltung „${v.titel}“ am ${zeitraum(v)} eingegeben.`,
          'Bitte bestätigen Sie die Anmeldung über diesen Link; erst dann ist Ihr Platz reserviert und Sie erhalten den Einwahllink:',
          `${seite(v.id)}/bestaetigen?t=${token}`,
          '',
          'Wenn Sie sich nicht angemeldet haben, müssen Sie nichts tun: ohne Bestätigung verfällt die Anmeldung, und wir schreiben Ihnen nicht wieder.',
          '',
          'Bayerisches Staatsministerium für Digitales',
        ].join('\n'),
        art: BESTAETIGUNG_ART,
        objectType: 'veranstaltung_anmeldung',
        objectId: a.id,
      });
      return a;
    },

    /** The unconfirmed registration a confirmation link names, or why the link does not work. */
    async bestaetigung(id: string, token: string) {
      const v = await eine(id);
      const a = token ? await repo.unbestaetigteMitHash(repo.db, id, tokenHash(token)) : undefined;
      if (!a || a.bestaetigtAm) return { v, fehler: 'unbekannt' as const };
      if (!a.bestaetigungBis || a.bestaetigungBis <= clock.now()) return { v, fehler: 'abgelaufen' as const };
      return { v, anmeldung: a };
    },

    /**
     * Confirms a registration through its link: it takes a place (refused when the event filled
     * up meanwhile) and the now confirmed address gets the join link.
     */
    async bestaetige(id: string, token: string, requestId?: string) {
      const jetzt = clock.now();
      const { a, v } = await repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const v = await repo.eine(id, tx);
        if (!v) throw new NotFoundError('Diese Veranstaltung gibt es nicht.');
        const offen = token ? await repo.unbestaetigteMitHash(tx, id, tokenHash(token)) : undefined;
        if (!offen) throw new NotFoundError('Dieser Bestätigungslink ist ungültig oder wurde schon verwendet.');
        if (!offen.bestaetigungBis || offen.bestaetigungBis <= jetzt || v.beginn <= jetzt) {
          throw new ConflictError('Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich erneut an.', [], 'ANMELDUNG_GESCHLOSSEN');
        }
        if (v.angemeldet >= v.kapazitaet) throw new ConflictError('Die Veranstaltung ist inzwischen ausgebucht. Bitte wählen Sie einen anderen Termin.', [], 'VERANSTALTUNG_AUSGEBUCHT');
        const a = await repo.bestaetige(tx, offen.id, jetzt);
        await recordAudit(tx, { label: `anmeldung:${a.email}`, requestId }, { action: 'veranstaltung.anmeldung_bestaetigt', objectType: 'veranstaltung', objectId: id, after: { anmeldungId: a.id } });
        return { a, v };
      });
      await mailer.send({
        an: a.email,
        betreff: `Anmeldung bestätigt: ${v.titel}`,
        text: [
          `Guten Tag ${a.name},`,
          '',
          `Sie sind angemeldet für die Informationsveranstaltung „${v.titel}“ am ${zeitraum(v)}.`,
          `Einwahl: ${v.link}`,
          `Termin für Ihren Kalender (.ics): ${seite(v.id)}/termin.ics`,
          '',
          'Am Tag vorher erinnern wir Sie per E-Mail.',
          '',
          'Bayerisches Staatsministerium für Digitales',
        ].join('\n'),
        art: 'veranstaltung.anmeldung',
        objectType: 'veranstaltung_anmeldung',
        objectId: a.id,
      });
      return a;
    },

    async teilnehmende(user: Handelnde, id: string) {
      if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium sieht die Teilnehmenden.', [], 'NUR_MINISTERIUM');
      return repo.teilnehmende(id);
    },

    async erfasseTeilnahme(user: Handelnde, id: string, anwesend: string[], requestId?: string) {
      if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium erfasst die Teilnahme.', [], 'NUR_MINISTERIUM');
      await eine(id);
      await repo.db.transaction(async (tx) => {
        await repo.setzeTeilnahme(tx, id, new Set(anwesend));
        await recordAudit(tx, { id: user.id, label: user.email, requestId }, { action: 'veranstaltung.teilnahme', objectType: 'veranstaltung', objectId: id, after: { anwesend } });
      });
    },

    /**
     * Reminder mails for events starting in the next 36 hours (run daily, e.g. 08:00: covers
     * tomorrow's events in full). Each confirmed registration is reminded once; unconfirmed ones
     * whose link ran out are deleted first.
     */
    async erinnere() {
      const jetzt = clock.now();
      await repo.loescheVerfallene(jetzt);
      const faellig = await repo.beanspruche(jetzt, new Date(jetzt.getTime() + 36 * 3_600_000), jetzt);
      for (const { anmeldung: a, veranstaltung: v } of faellig) {
        await mailer.send({
          an: a.email,
          betreff: `Erinnerung: ${v.titel}`,
          text: `Guten Tag ${a.name},\n\nwir erinnern an die Informationsveranstaltung „${v.titel}“ am ${zeitraum(v)}.\nEinwahl: ${v.link}\n\nBayerisches Staatsministerium für Digitales`,
          art: 'veranstaltung.erinnerung',
          objectType: 'veranstaltung_anmeldung',
          objectId: a.id,
        });
      }
      return { erinnert: faellig.length };
    },

    async ics(id: string) {
      const v = await eine(id);
      return ics([v], v.titel);
    },

    async feed() {
      return ics(await repo.alle(new Date(clock.now().getTime() - 30 * 86_400_000)), 'Digitales Amt: Informationsveranstaltungen');
    },
  };
}

export type VeranstaltungenService = ReturnType<typeof createVeranstaltungenService>;
