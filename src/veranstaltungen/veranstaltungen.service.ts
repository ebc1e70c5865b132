/**
 * Virtuelle Informationsveranstaltungen on the central components: the ministry plans events,
 * anyone registers (name and e-mail), gets a confirmation with the join link and the .ics, a
 * reminder the day before, and the ministry records attendance. No Fastify, no SQL.
 */
import type { Handelnde } from '../auth/berechtigung';
import { istMinisterium } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import { icsKalender } from './veranstaltungen.ics';
import type { VeranstaltungenRepository, VeranstaltungMitBelegung, VeranstaltungRow } from './veranstaltungen.repository';

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

export function createVeranstaltungenService(repo: VeranstaltungenRepository, mailer: Mailer, clock: Clock, opts: { publicBaseUrl: string }) {
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
      if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium plant Veranstaltungen.');
      return repo.db.transaction(async (tx) => {
        const v = await repo.legeAn(tx, { ...e, angelegtVon: user.id, angelegtAm: clock.now() });
        await recordAudit(tx, { id: user.id, label: user.email, requestId }, { action: 'veranstaltung.angelegt', objectType: 'veranstaltung', objectId: v.id, after: v });
        return v;
      });
    },

    /** Registers a person; refused when full, over or already registered. Sends the confirmation. */
    async meldeAn(id: string, p: { name: string; email: string; organisation?: string }, requestId?: string) {
      const { a, v } = await repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const v = await repo.eine(id, tx);
        if (!v) throw new NotFoundError('Diese Veranstaltung gibt es nicht.');
        if (v.beginn <= clock.now()) throw new ConflictError('Die Anmeldung ist geschlossen: die Veranstaltung hat begonnen.');
        if (v.angemeldet >= v.kapazitaet) throw new ConflictError('Die Veranstaltung ist ausgebucht.', [{ field: 'name', message: 'Die Veranstaltung ist ausgebucht. Bitte wählen Sie einen anderen Termin.' }]);
        if (await repo.angemeldet(tx, id, p.email)) throw new ConflictError('Mit dieser E-Mail-Adresse ist schon jemand angemeldet.', [{ field: 'email', message: 'Mit dieser E-Mail-Adresse ist schon jemand angemeldet.' }]);
        const a = await repo.meldeAn(tx, { veranstaltungId: id, name: p.name, email: p.email, organisation: p.organisation || null, angemeldetAm: clock.now() });
        await recordAudit(tx, { label: `anmeldung:${p.email}`, requestId }, { action: 'veranstaltung.anmeldung', objectType: 'veranstaltung', objectId: id, after: { anmeldungId: a.id } });
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
      if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium sieht die Teilnehmenden.');
      return repo.teilnehmende(id);
    },

    async erfasseTeilnahme(user: Handelnde, id: string, anwesend: string[], requestId?: string) {
      if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium erfasst die Teilnahme.');
      await eine(id);
      await repo.db.transaction(async (tx) => {
        await repo.setzeTeilnahme(tx, id, new Set(anwesend));
        await recordAudit(tx, { id: user.id, label: user.email, requestId }, { action: 'veranstaltung.teilnahme', objectType: 'veranstaltung', objectId: id, after: { anwesend } });
      });
    },

    /**
     * Reminder mails for events starting in the next 36 hours (run daily, e.g. 08:00: covers
     * tomorrow's events in full). Each registration is reminded once.
     */
    async erinnere() {
      const jetzt = clock.now();
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
