/**
 * The ministry's measures on an award. Suspension protects the public at once and is one person's
 * step. Revocation (final) and reinstatement after a suspension need four eyes: the first person's
 * call records a request and changes nothing public; the same call by a second, different person
 * makes it take effect; either may withdraw the request (praedikat.zustand.ts `vierAugenMassnahme`).
 *
 * A confirmed revocation does, in one transaction: the award's status and history (with the reason
 * for the Kommune and the public reason), the cancellation of every sign order not yet delivered,
 * and the audit entry. Then the Kommune and the print shop are told by mail. Everything public
 * follows from the status: the signet and status lists, the 410 of the sign and certificate files,
 * the revoked box on the Behörde page, no embed code, and the waiting period for a new application.
 */
import { istMinisterium } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { Db } from '../shared/db';
import { tagInBayern } from '../shared/i18n';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import type { VerlinkungService } from '../verlinkung/verlinkung.service';
import { praedikatTexte } from './praedikat.mails';
import { createPraedikatRepository, type PraedikatRepository } from './praedikat.repository';
import { ablehnungsCode, type MassnahmeArt, manuellerUebergang, plusMonate, type PraedikatStatus, type PraedikatZustand, vierAugenMassnahme } from './praedikat.zustand';
import { type Handelnde } from '../shared/handelnde';

export interface MassnahmenSettings {
  publicBaseUrl: string;
  /** Months after a revocation before the Behörde may apply again. */
  sperrfristMonate: number;
  /** Where sign orders and their cancellations go (the print shop). */
  schildDruckereiEmail: string;
}

export type ManuelleArt = 'aussetzen' | MassnahmeArt;

/** What a measure did: `wirksam` (suspension), `beantragt` (first person), `bestaetigt` (second person). */
export interface MassnahmeErgebnis {
  status: PraedikatStatus;
  schritt: 'wirksam' | 'beantragt' | 'bestaetigt';
  /** Sign orders cancelled by a confirmed revocation. */
  stornierteSchilder: number;
}

const MAX_TEXT = 2000;
const deutsch = (iso: string) => iso.split('-').reverse().join('.');

/** The award's state for the state machine: its status plus grace period and manual-suspension marker. */
export async function zustandAus(repo: PraedikatRepository, nr: string, status: string, tx?: Db): Promise<PraedikatZustand> {
  const s = await repo.status(nr, tx);
  return { status: status as PraedikatStatus, unterSchwelleSeit: s?.unterSchwelleSeit ?? null, karenzBis: s?.karenzBis ?? null, manuellAusgesetzt: s?.manuellAusgesetzt ?? false };
}

export function createPraedikatMassnahmen(d: {
  repo: PraedikatRepository;
  verlinkung: VerlinkungService;
  mailer: Mailer;
  clock: Clock;
  settings: MassnahmenSettings;
}) {
  const { repo, verlinkung, mailer, clock, settings } = d;

  const pruefeMinisterium = (user: Handelnde) => {
    if (!istMinisterium(user)) throw new ForbiddenError('Nur die Prüfung im Staatsministerium darf diesen Schritt tun.', [], 'NUR_MINISTERIUM');
  };

  const zustandVon = (nr: string, status: string, tx: Db) => zustandAus(repo, nr, status, tx);

  const text = (v: string | undefined, feld: string, name: string) => {
    const t = (v ?? '').trim();
    if (t.length > MAX_TEXT) throw new ValidationError(`${name} ist länger als ${MAX_TEXT} Zeichen.`, [{ field: feld, message: `${name} ist länger als ${MAX_TEXT} Zeichen.` }]);
    return t;
  };

  const an = async (ars: string) => repo.empfaenger(ars);
  const sende = async (ars: string, art: string, mail: { betreff: string; text: string }, empfaenger?: string[]) => {
    for (const e of empfaenger ?? (await an(ars))) await mailer.send({ an: e, betreff: mail.betreff, text: mail.text, art, objectType: 'behoerde', objectId: ars });
  };

  /** The first day a new application is possible after a revocation on `widerrufenAm` (UTC instant). */
  const neuerAntragAb = (widerrufenAm: Date) => plusMonate(tagInBayern(widerrufenAm), settings.sperrfristMonate);

  return {
    neuerAntragAb,

    /**
     * Suspension (at once), revocation or reinstatement (four eyes) with the reason for the Kommune
     * and, optionally, the reason the public pages show (else a neutral standard text). For a
     * confirmation the request's reasons apply; `grund` is then the confirming person's comment.
     */
    async manuell(user: Handelnde, nr: string, art: ManuelleArt, grundEingabe: string, requestId?: string, opts: { oeffentlicherGrund?: string } = {}): Promise<MassnahmeErgebnis> {
      pruefeMinisterium(user);
      const grund = text(grundEingabe, 'grund', 'Der Grund');
      const oeffentlich = text(opts.oeffentlicherGrund, 'oeffentlicherGrund', 'Die öffentliche Begründung') || null;
      const p = await repo.praedikat(nr);
      if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
      // Outside the transaction (PGlite runs one statement at a time).
      const stand = await verlinkung.zaehlstand(p.behoerdeArs);
      const jetzt = clock.now();
      const actor = { id: user.id, label: user.email, role: user.role, requestId };
      const ergebnis = await repo.db.transaction(async (tx) => {
        const r = createPraedikatRepository(tx);
        const locked = await r.praedikatForUpdate(tx, nr);
        if (!locked) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
        const vorher = await zustandVon(nr, locked.status, tx);

        const wirkt = async (zustand: PraedikatZustand, ereignis: string, g: string, oeffentlicherGrund: string | null, actorLabel: string) => {
          await r.setPraedikatStatus(tx, nr, zustand.status);
          await r.upsertStatus(tx, { zertifikatNr: nr, unterSchwelleSeit: zustand.unterSchwelleSeit, karenzBis: zustand.karenzBis, manuellAusgesetzt: zustand.manuellAusgesetzt, statusSeit: jetzt });
          await r.insertEreignis(tx, { zertifikatNr: nr, vonStatus: vorher.status, nachStatus: zustand.status, ereignis, grund: g, oeffentlicherGrund, automatisch: false, actorId: user.id, actorLabel, anzahl: String(stand.anzahl), at: jetzt });
        };

        if (art === 'aussetzen') {
          if (!grund) throw new ValidationError('Bitte nennen Sie den Grund.', [{ field: 'grund', message: 'Bitte nennen Sie den Grund für die Kommune.' }]);
          const u = manuellerUebergang(vorher, { art: 'aussetzen' });
          if (!u.ok) throw new ConflictError(u.grund, [], ablehnungsCode(u.grund));
          await wirkt(u.zustand, 'aussetzung', grund, oeffentlich, user.email);
          await recordAudit(tx, actor, { action: 'praedikat.aussetzen', objectType: 'praedikat', objectId: nr, before: { status: vorher.status }, after: { status: u.zustand.status, grund, oeffentlicherGrund: oeffentlich } });
          return { status: u.zustand.status, schritt: 'wirksam' as const, schilder: [], grund };
        }

        const offen = await r.offeneMassnahme(nr, tx);
        const v = vierAugenMassnahme(
          vorher,
          offen ? { art: offen.art as MassnahmeArt, von: offen.beantragtVon } : null,
          art === 'wiederherstellen' ? { art, von: user.id, erreicht: stand.erreicht } : { art, von: user.id },
        );
        if (!v.ok) throw new ConflictError(v.grund, [], ablehnungsCode(v.grund));
        if (v.schritt === 'beantragt') {
          if (!grund) throw new ValidationError('Bitte nennen Sie den Grund.', [{ field: 'grund', message: 'Bitte nennen Sie den Grund für die Kommune.' }]);
          const m = await r.insertMassnahme(tx, { zertifikatNr: nr, art, status: 'offen', grund, oeffentlicherGrund: oeffentlich, beantragtVon: user.id, beantragtVonLabel: user.email, beantragtAm: jetzt });
          await recordAudit(tx, actor, { action: `praedikat.${art}.beantragt`, objectType: 'praedikat', objectId: nr, before: { status: vorher.status }, after: { massnahme: m.id, art, grund, oeffentlicherGrund: oeffentlich } });
          return { status: vorher.status, schritt: 'beantragt' as const, schilder: [], grund };
        }
        if (v.schritt !== 'bestaetigt' || !offen) throw new ConflictError('Unerwarteter Schritt.', [], 'PRAEDIKAT_FALSCHER_SCHRITT');
        await wirkt(v.zustand, v.ereignis, offen.grund, offen.oeffentlicherGrund, `${user.email} (beantragt von ${offen.beantragtVonLabel})`);
        await r.erledigeMassnahme(tx, offen.id, { status: 'bestaetigt', erledigtVon: user.id, erledigtVonLabel: user.email, erledigtAm: jetzt, erledigtKommentar: grund || null });
        const schilder = art === 'widerrufen' ? await r.offeneSchilderVon(tx, nr) : [];
        for (const s of schilder) {
          const verlauf = [...(s.verlauf as unknown[]), { status: 'storniert', am: jetzt.toISOString(), von: user.email, grund: 'Prädikat widerrufen' }];
          await r.updateSchild(tx, s.id, { status: 'storniert', verlauf, aktualisiertAm: jetzt });
        }
        await recordAudit(tx, actor, {
          action: `praedikat.${art}`,
          objectType: 'praedikat',
          objectId: nr,
          before: { status: vorher.status, beantragtVon: offen.beantragtVonLabel },
          after: { status: v.zustand.status, massnahme: offen.id, grund: offen.grund, oeffentlicherGrund: offen.oeffentlicherGrund, stornierteSchilder: schilder.map((s) => s.id) },
        });
        return { status: v.zustand.status, schritt: 'bestaetigt' as const, schilder, grund: offen.grund };
      });

      // After the commit: a failed delivery never undoes the measure (the mail log keeps it).
      if (ergebnis.schritt !== 'beantragt') {
        const name = stand.name;
        if (art === 'aussetzen') await sende(p.behoerdeArs, 'praedikat.aussetzen', praedikatTexte.manuellAusgesetzt(name, nr, ergebnis.grund));
        else if (art === 'wiederherstellen') await sende(p.behoerdeArs, 'praedikat.wiederherstellen', praedikatTexte.wiederhergestellt(name, nr, settings.publicBaseUrl));
        else {
          await sende(p.behoerdeArs, 'praedikat.widerrufen', praedikatTexte.widerrufen(name, nr, ergebnis.grund, deutsch(neuerAntragAb(jetzt))));
          for (const s of ergebnis.schilder) {
            await sende(p.behoerdeArs, 'praedikat.schild_storniert', praedikatTexte.schildStorniert(name, nr, s.id, s.format, s.status), [settings.schildDruckereiEmail]);
          }
        }
      }
      return { status: ergebnis.status, schritt: ergebnis.schritt, stornierteSchilder: ergebnis.schilder.length };
    },

    /** Withdraws the open request of an award (the requester or another person of the ministry). */
    async zuruecknehmen(user: Handelnde, nr: string, kommentarEingabe: string, requestId?: string) {
      pruefeMinisterium(user);
      const kommentar = text(kommentarEingabe, 'kommentar', 'Der Kommentar') || null;
      const jetzt = clock.now();
      return repo.db.transaction(async (tx) => {
        const r = createPraedikatRepository(tx);
        const locked = await r.praedikatForUpdate(tx, nr);
        if (!locked) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
        const offen = await r.offeneMassnahme(nr, tx);
        const v = vierAugenMassnahme(await zustandVon(nr, locked.status, tx), offen ? { art: offen.art as MassnahmeArt, von: offen.beantragtVon } : null, { art: 'zuruecknehmen', von: user.id });
        if (!v.ok || !offen) throw new ConflictError(v.ok ? 'Es gibt keinen offenen Antrag.' : v.grund, [], v.ok ? 'PRAEDIKAT_FALSCHER_SCHRITT' : ablehnungsCode(v.grund));
        await r.erledigeMassnahme(tx, offen.id, { status: 'zurueckgenommen', erledigtVon: user.id, erledigtVonLabel: user.email, erledigtAm: jetzt, erledigtKommentar: kommentar });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId }, { action: `praedikat.${offen.art}.zurueckgenommen`, objectType: 'praedikat', objectId: nr, before: { massnahme: offen.id, art: offen.art }, after: { status: 'zurueckgenommen', kommentar } });
        return { art: offen.art as MassnahmeArt };
      });
    },

    offeneMassnahme: (nr: string) => repo.offeneMassnahme(nr),
    offeneMassnahmen: () => repo.offeneMassnahmen(),

    /** What a revocation of `nr` would do now: for the confirmation page that names the consequences. */
    async widerrufFolgen(nr: string) {
      const p = await repo.praedikat(nr);
      if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
      const schilder = (await repo.schilder([nr])).filter((s) => s.status === 'bestellt' || s.status === 'produziert');
      return { praedikat: p, schilder, neuerAntragAb: neuerAntragAb(clock.now()), sperrfristMonate: settings.sperrfristMonate, offen: await repo.offeneMassnahme(nr) };
    },
  };
}

export type PraedikatMassnahmen = ReturnType<typeof createPraedikatMassnahmen>;
