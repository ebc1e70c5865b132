/**
 * The Prädikat workflow: application with automatic pre-check, four-eyes ministry check, award
 * (certificate number, publication, sign order), daily re-check with grace period, suspension,
 * reinstatement and revocation, notifications and the complete file (Akte) of a Behörde.
 * Decisions come from praedikat.zustand.ts; SQL is in the repository; no Fastify here.
 */
import { darfAkteSehen, istMinisterium } from '../auth/berechtigung';
import { hatRolle } from '../auth/roles';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { Db } from '../shared/db';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type ErrorDetail } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import type { VerlinkungService } from '../verlinkung/verlinkung.service';
import { pruefeUrl } from '../verlinkung/verlinkung.service';
import { fehlendeVerfahren, zahlMitWort } from '../shared/i18n';
import { schwelleFuer } from '../shared/schwellen';
import type { Pruefsignale } from '../verlinkung/pruefsignale';
import { praedikatTexte } from './praedikat.mails';
import { createPraedikatMassnahmen, zustandAus } from './praedikat.massnahmen';
import { type ArbeitslisteFilter, createPraedikatRepository, type AntragRow, type PraedikatRepository } from './praedikat.repository';
import { oeffentlicheHistorie, oeffentlicherText } from './praedikat.oeffentlich';
import { ablehnungsCode, type AntragStatus, antragUebergang, type Empfehlung, type PraedikatStatus, recheck } from './praedikat.zustand';
import { SIGNAL_EINTRAEGE_IN_VORPRUEFUNG, signalPruefpunkt } from './praedikat.signale';
import type { Handelnde } from '../shared/handelnde';

export interface PraedikatSettings {
  /** Days below the threshold before an award is suspended. */
  karenzTage: number;
  publicBaseUrl: string;
  /** Months after a revocation before the Behörde may apply again. */
  sperrfristMonate: number;
  /** The print shop that produces the signs: gets each order and each cancellation. */
  schildDruckereiEmail: string;
}

export interface AntragEingabe {
  kontaktName: string;
  kontaktEmail: string;
  kontaktTelefon?: string;
  websiteUrl: string;
  schildGewuenscht: boolean;
  schildFormat?: string;
  lieferadresse?: string;
}

export type PruefStatus = 'ok' | 'warnung' | 'fehler';
export interface Pruefpunkt {
  id: string;
  titel: string;
  status: PruefStatus;
  text: string;
}
export interface VorpruefungLink {
  id: string;
  titel: string;
  zaehlt: boolean;
  linkpruefung: 'erreichbar' | 'nicht erreichbar' | 'ungeprüft';
}

export interface Vorpruefung {
  am: string;
  anzahl: number;
  schwelle: number;
  erreicht: boolean;
  fehlend: number;
  punkte: Pruefpunkt[];
  /** True when nothing in the checklist is an error. */
  bestanden: boolean;
  /** Every linked procedure: whether it counts and the state of its link at the last check. */
  links: VorpruefungLink[];
  /** Review signals for the four-eyes check (praedikat.signale.ts); never block on their own. */
  signale?: Pruefsignale;
  /** Further parts of the result are stored, compared and shown as they are. */
  [weitererTeil: string]: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const deutsch = (iso: string) => iso.split('-').reverse().join('.');

export const createPraedikatService = (repo: PraedikatRepository, verlinkung: VerlinkungService, mailer: Mailer, clock: Clock, settings: PraedikatSettings) => {
  const massnahmen = createPraedikatMassnahmen({ repo, verlinkung, mailer, clock, settings });
  const pruefeMinisterium = (user: Handelnde) => {
    if (!istMinisterium(user)) throw new ForbiddenError('Nur die Prüfung im Staatsministerium darf diesen Schritt tun.', [], 'NUR_MINISTERIUM');
  };
  const pruefeAntragsrecht = (user: Handelnde, ars: string) => {
    const eigene = hatRolle(user, 'kommune_editor') && user.behoerden.includes(ars);
    if (!eigene && !hatRolle(user, 'ministry_admin')) throw new ForbiddenError('Den Antrag stellt die Redaktion der Behörde.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
  };
  /** The Akte, the applications, the pre-check and the print file of a Behörde: its editors and the ministry. */
  const pruefeAktenrecht = (user: Handelnde | undefined, ars: string, text: string) => {
    if (!darfAkteSehen(user, ars)) throw new ForbiddenError(text, [], 'BEHOERDE_NICHT_ZUGEORDNET');
  };

  const validiereEingabe = (e: AntragEingabe): ErrorDetail[] => {
    const fehler: ErrorDetail[] = [];
    if (!e.kontaktName.trim()) fehler.push({ field: 'kontaktName', message: 'Bitte nennen Sie eine Ansprechperson.' });
    if (e.kontaktName.length > 200) fehler.push({ field: 'kontaktName', message: 'Der Name ist länger als 200 Zeichen.' });
    if (!EMAIL.test(e.kontaktEmail.trim())) fehler.push({ field: 'kontaktEmail', message: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' });
    if (e.kontaktTelefon && !/^[+0-9 ()/-]{5,30}$/.test(e.kontaktTelefon.trim())) {
      fehler.push({ field: 'kontaktTelefon', message: 'Die Telefonnummer darf nur Ziffern, Leerzeichen und + ( ) / - enthalten.' });
    }
    const urlFehler = pruefeUrl(e.websiteUrl.trim());
    if (urlFehler) fehler.push({ field: 'websiteUrl', message: `Website für das Signet: ${urlFehler}` });
    if (e.schildGewuenscht) {
      if (!e.schildFormat || !['A3', 'A4'].includes(e.schildFormat)) fehler.push({ field: 'schildFormat', message: 'Bitte wählen Sie das Format des Schildes (A3 oder A4).' });
      if (!e.lieferadresse || e.lieferadresse.trim().length < 10) fehler.push({ field: 'lieferadresse', message: 'Bitte geben Sie die vollständige Lieferadresse für das Schild an.' });
      if (e.lieferadresse && e.lieferadresse.length > 500) fehler.push({ field: 'lieferadresse', message: 'Die Lieferadresse ist länger als 500 Zeichen.' });
    }
    return fehler;
  };

  /** Sends a notification to every recipient of the Behörde; the mail log keeps each. */
  const benachrichtige = async (ars: string, objectId: string, art: string, mail: { betreff: string; text: string }, an?: string[]) => {
    const empfaenger = an ?? (await repo.empfaenger(ars));
    for (const e of empfaenger) await mailer.send({ an: e, betreff: mail.betreff, text: mail.text, art, objectType: 'behoerde', objectId: ars });
  };

  const zustandVon = (nr: string, status: string, tx?: Db) => zustandAus(repo, nr, status, tx);

  const service = {
    settings,

    /** The automatic pre-check: the reviewer sees it as a checklist. */
    async vorpruefung(ars: string): Promise<Vorpruefung> {
      const stand = await verlinkung.zaehlstand(ars);
      const links = await verlinkung.verlinkungen(ars);
      const aktuell = await repo.aktuellesPraedikat(ars);
      const widerrufenAm = aktuell?.status === 'widerrufen' ? await repo.widerrufenAm(aktuell.zertifikatNr) : undefined;
      const sperreBis = widerrufenAm ? massnahmen.neuerAntragAb(widerrufenAm) : undefined;
      const gesperrt = sperreBis !== undefined && isoDate(clock.now()) < sperreBis;
      const signale = await verlinkung.pruefsignale(ars, { maxEintraege: SIGNAL_EINTRAEGE_IN_VORPRUEFUNG });
      const defekt = links.filter((l) => l.link?.status === 'defekt');
      const defektZaehlend = defekt.filter((l) => l.zaehlt);
      const nichtZaehlend = links.filter((l) => !l.zaehlt);
      const punkte: Pruefpunkt[] = [
        {
          id: 'schwelle',
          titel: 'Schwelle erreicht',
          status: stand.erreicht ? 'ok' : 'fehler',
          text: stand.erreicht
            ? `${zahlMitWort('de', stand.anzahl, 'zählendes Online-Verfahren', 'zählende Online-Verfahren')} verlinkt; nötig sind ${stand.schwelle}.`
            : `${zahlMitWort('de', stand.anzahl, 'zählendes Online-Verfahren', 'zählende Online-Verfahren')} verlinkt; nötig sind ${stand.schwelle}. ${stand.fehlend === 1 ? 'Es fehlt 1' : `Es fehlen ${stand.fehlend}`}.`,
        },
        {
          id: 'links',
          titel: 'Links erreichbar',
          status: defekt.length === 0 ? 'ok' : stand.anzahl - defektZaehlend.length >= stand.schwelle ? 'warnung' : 'fehler',
          text:
            defekt.length === 0
              ? 'Bei der letzten Linkprüfung waren alle verlinkten Adressen erreichbar (oder noch nicht geprüft).'
              : `${zahlMitWort('de', defekt.length, 'verlinkte Adresse war', 'verlinkte Adressen waren')} bei der letzten Prüfung nicht erreichbar, ${defektZaehlend.length} davon ${defektZaehlend.length === 1 ? 'zählt' : 'zählen'} in der Karenzzeit noch: ${defekt
                  .slice(0, 5)
                  .map((l) => l.name)
                  .join('; ')}${defekt.length > 5 ? ' …' : ''}.${stand.anzahl - defektZaehlend.length >= stand.schwelle ? ' Auch ohne sie ist die Schwelle erreicht.' : ' Ohne sie wäre die Schwelle nicht erreicht.'}`,
        },
        {
          id: 'nicht_zaehlend',
          titel: 'Nicht zählende Verlinkungen',
          status: 'ok',
          text:
            nichtZaehlend.length === 0
              ? 'Alle Verlinkungen zählen.'
              : `${zahlMitWort('de', nichtZaehlend.length, 'Verlinkung zählt', 'Verlinkungen zählen')} nicht (Informationsseiten, Formulare zum Ausdrucken, außer Betrieb, doppelte Einträge, von der Prüfung ausgenommene); sie sind nicht mitgerechnet.`,
        },
        {
          id: 'bestehend',
          titel: 'Kein gültiges Prädikat, keine Sperrfrist',
          status: (aktuell && aktuell.status !== 'widerrufen') || gesperrt ? 'fehler' : 'ok',
          text:
            aktuell && aktuell.status !== 'widerrufen'
              ? `Die Behörde hält bereits das Prädikat ${aktuell.zertifikatNr} (${aktuell.status}).`
              : aktuell && sperreBis
                ? `Das frühere Prädikat ${aktuell.zertifikatNr} wurde am ${deutsch(isoDate(widerrufenAm as Date))} widerrufen; ${gesperrt ? `ein neuer Antrag ist ab dem ${deutsch(sperreBis)} möglich` : 'ein neuer Antrag ist möglich'} (Sperrfrist ${settings.sperrfristMonate} Monate).`
                : 'Die Behörde hält das Prädikat noch nicht.',
        },
        signalPruefpunkt(signale, stand),
      ];
      return {
        am: clock.now().toISOString(),
        anzahl: stand.anzahl,
        schwelle: stand.schwelle,
        erreicht: stand.erreicht,
        fehlend: stand.fehlend,
        punkte,
        bestanden: punkte.every((p) => p.status !== 'fehler'),
        links: links.map((l) => ({
          id: l.verfahrenId,
          titel: l.name,
          zaehlt: l.zaehlt,
          linkpruefung: l.link.status === 'ok' ? 'erreichbar' : l.link.status === 'defekt' ? 'nicht erreichbar' : 'ungeprüft',
        })),
        signale,
      };
    },

    /** Application by the Behörde's editor; refused with the exact gap while not eligible. */
    async beantragen(user: Handelnde, ars: string, eingabe: AntragEingabe, requestId?: string) {
      pruefeAntragsrecht(user, ars);
      const fehler = validiereEingabe(eingabe);
      if (fehler.length > 0) throw new ValidationError('Der Antrag ist unvollständig.', fehler);
      const vp = await service.vorpruefung(ars);
      if (!vp.erreicht) {
        throw new ConflictError(`Noch nicht antragsberechtigt: ${vp.anzahl} von ${vp.schwelle} zählenden Online-Verfahren verlinkt. ${vp.fehlend === 1 ? 'Es fehlt noch 1' : `Es fehlen noch ${vp.fehlend}`}.`, [
          { field: 'schwelle', message: `${fehlendeVerfahren(vp.fehlend)}.` },
        ], 'PRAEDIKAT_NICHT_ANTRAGSBERECHTIGT');
      }
      if (!vp.bestanden) {
        const p = vp.punkte.find((x) => x.status === 'fehler');
        throw new ConflictError(`Der Antrag kann nicht gestellt werden: ${p?.text}`, [], 'PRAEDIKAT_NICHT_ANTRAGSBERECHTIGT');
      }
      const jetzt = clock.now();
      const antrag = await repo.db.transaction(async (tx) => {
        const r = createPraedikatRepository(tx);
        if (await r.offenerAntrag(ars, tx)) throw new ConflictError('Für diese Behörde gibt es bereits einen offenen Antrag.', [], 'PRAEDIKAT_ANTRAG_OFFEN');
        const a = await r.insertAntrag(tx, {
          behoerdeArs: ars,
          status: 'eingereicht',
          kontaktName: eingabe.kontaktName.trim(),
          kontaktEmail: eingabe.kontaktEmail.trim(),
          kontaktTelefon: eingabe.kontaktTelefon?.trim() || null,
          websiteUrl: eingabe.websiteUrl.trim(),
          schildGewuenscht: eingabe.schildGewuenscht,
          schildFormat: eingabe.schildGewuenscht ? (eingabe.schildFormat ?? null) : null,
          lieferadresse: eingabe.schildGewuenscht ? (eingabe.lieferadresse?.trim() ?? null) : null,
          vorpruefung: vp,
          eingereichtVon: user.id,
          eingereichtAm: jetzt,
          aktualisiertAm: jetzt,
        });
        await r.insertSchritt(tx, { antragId: a.id, schritt: 'eingereicht', vonStatus: null, nachStatus: 'eingereicht', actorId: user.id, actorLabel: user.email, at: jetzt, daten: { vorpruefung: vp } });
        await r.insertVorpruefung(tx, { antragId: a.id, anlass: 'einreichung', ergebnis: vp, am: new Date(vp.am), actorLabel: user.email });
        // The audit chain holds the whole pre-check at submission too.
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId }, { action: 'praedikat.antrag', objectType: 'behoerde', objectId: ars, after: { antragId: a.id, status: 'eingereicht', vorpruefung: vp } });
        return a;
      }).catch((e: unknown) => {
        // The partial unique index is the last guard against two concurrent applications.
        if ((e as { code?: string; cause?: { code?: string } }).code === '23505' || (e as { cause?: { code?: string } }).cause?.code === '23505') {
          throw new ConflictError('Für diese Behörde gibt es bereits einen offenen Antrag.', [], 'PRAEDIKAT_ANTRAG_OFFEN');
        }
        throw e;
      });
      const name = (await verlinkung.zaehlstand(ars)).name;
      await benachrichtige(ars, ars, 'praedikat.antrag_eingegangen', praedikatTexte.eingegangen(name, antrag.id, settings.publicBaseUrl), [antrag.kontaktEmail]);
      return antrag;
    },

    /** The Kommune revises an application that was sent back and submits it again. */
    async erneutEinreichen(user: Handelnde, antragId: string, eingabe: AntragEingabe, requestId?: string) {
      const antrag = await repo.antrag(antragId);
      if (!antrag) throw new NotFoundError('Diesen Antrag gibt es nicht.');
      pruefeAntragsrecht(user, antrag.behoerdeArs);
      const fehler = validiereEingabe(eingabe);
      if (fehler.length > 0) throw new ValidationError('Der Antrag ist unvollständig.', fehler);
      const vp = await service.vorpruefung(antrag.behoerdeArs);
      if (!vp.erreicht) throw new ConflictError(`Noch nicht antragsberechtigt: ${fehlendeVerfahren(vp.fehlend)}.`, [], 'PRAEDIKAT_NICHT_ANTRAGSBERECHTIGT');
      return service.schritt(user, antragId, { art: 'erneut_einreichen', von: user.id }, undefined, requestId, { ...eingabe, vorpruefung: vp });
    },

    async zurueckziehen(user: Handelnde, antragId: string, requestId?: string) {
      const antrag = await repo.antrag(antragId);
      if (!antrag) throw new NotFoundError('Diesen Antrag gibt es nicht.');
      pruefeAntragsrecht(user, antrag.behoerdeArs);
      return service.schritt(user, antragId, { art: 'zurueckziehen', von: user.id }, undefined, requestId);
    },

    /** First reviewer: checks and recommends (award, reject, send back) with a comment. */
    async empfehlen(user: Handelnde, antragId: string, empfehlung: Empfehlung, kommentar: string, requestId?: string) {
      pruefeMinisterium(user);
      if (!kommentar.trim()) throw new ValidationError('Bitte begründen Sie die Empfehlung.', [{ field: 'kommentar', message: 'Bitte begründen Sie die Empfehlung.' }]);
      return service.schritt(user, antragId, { art: 'empfehlen', von: user.id, empfehlung }, kommentar, requestId);
    },

    /** Second reviewer (never the first): decides. An award gets its number and is public at once. */
    async entscheiden(user: Handelnde, antragId: string, entscheidung: Empfehlung, kommentar: string, requestId?: string) {
      pruefeMinisterium(user);
      if (entscheidung !== 'verleihen' && !kommentar.trim()) {
        throw new ValidationError('Bitte begründen Sie die Entscheidung.', [{ field: 'kommentar', message: 'Eine Ablehnung oder Rückgabe braucht eine Begründung für die Kommune.' }]);
      }
      return service.schritt(user, antragId, { art: 'entscheiden', von: user.id, entscheidung }, kommentar, requestId);
    },

    /** Applies one step of the application state machine in a transaction, with history, audit and mail. */
    async schritt(
      user: Handelnde,
      antragId: string,
      aktion: Parameters<typeof antragUebergang>[1],
      kommentar: string | undefined,
      requestId: string | undefined,
      neu?: AntragEingabe & { vorpruefung: Vorpruefung },
    ) {
      const jetzt = clock.now();
      // Re-run the pre-check at decision time: the count may have changed since the submission.
      const antragVorher = await repo.antrag(antragId);
      if (!antragVorher) throw new NotFoundError('Diesen Antrag gibt es nicht.');
      const vpJetzt = aktion.art === 'entscheiden' ? await service.vorpruefung(antragVorher.behoerdeArs) : undefined;
      if (aktion.art === 'entscheiden' && aktion.entscheidung === 'verleihen' && vpJetzt && !vpJetzt.bestanden) {
        const p = vpJetzt.punkte.find((x) => x.status === 'fehler');
        throw new ConflictError(`Verleihung nicht möglich, die Vorprüfung zum Entscheidungszeitpunkt scheitert: ${p?.text}`, [], 'PRAEDIKAT_VORPRUEFUNG_SCHEITERT');
      }
      const ergebnis = await repo.db.transaction(async (tx) => {
        const r = createPraedikatRepository(tx);
        const antrag = await r.antragForUpdate(tx, antragId);
        if (!antrag) throw new NotFoundError('Diesen Antrag gibt es nicht.');
        const eingereichtVon = await r.einreicher(antragId, tx);
        const u = antragUebergang({ status: antrag.status as AntragStatus, empfohlenVon: antrag.empfohlenVon, empfehlung: antrag.empfehlung as Empfehlung | null, eingereichtVon }, aktion);
        if (!u.ok) throw new ConflictError(u.grund, [], ablehnungsCode(u.grund));
        const set: Partial<AntragRow> = { status: u.zustand.status, aktualisiertAm: jetzt };
        if (aktion.art === 'empfehlen') Object.assign(set, { empfehlung: aktion.empfehlung, empfohlenVon: user.id, empfohlenAm: jetzt });
        // The pre-check of the submission stays as it was; the decision's own is recorded beside it.
        if (aktion.art === 'entscheiden') Object.assign(set, { entschiedenVon: user.id, entschiedenAm: jetzt });
        if (vpJetzt) await r.insertVorpruefung(tx, { antragId, anlass: 'entscheidung', ergebnis: vpJetzt, am: new Date(vpJetzt.am), actorLabel: user.email });
        if (aktion.art === 'erneut_einreichen' && neu) await r.insertVorpruefung(tx, { antragId, anlass: 'erneute_einreichung', ergebnis: neu.vorpruefung, am: new Date(neu.vorpruefung.am), actorLabel: user.email });
        if (aktion.art === 'entscheiden' && aktion.entscheidung === 'zurueckgeben') Object.assign(set, { empfehlung: null, empfohlenVon: null, empfohlenAm: null, entschiedenVon: null, entschiedenAm: null });
        if (aktion.art === 'erneut_einreichen' && neu) {
          Object.assign(set, {
            kontaktName: neu.kontaktName.trim(),
            kontaktEmail: neu.kontaktEmail.trim(),
            kontaktTelefon: neu.kontaktTelefon?.trim() || null,
            websiteUrl: neu.websiteUrl.trim(),
            schildGewuenscht: neu.schildGewuenscht,
            schildFormat: neu.schildGewuenscht ? (neu.schildFormat ?? null) : null,
            lieferadresse: neu.schildGewuenscht ? (neu.lieferadresse?.trim() ?? null) : null,
            vorpruefung: neu.vorpruefung,
            eingereichtAm: jetzt,
          });
        }
        let zertifikatNr: string | undefined;
        let schild: { id: string; format: string; lieferadresse: string } | undefined;
        if (u.zustand.status === 'verliehen') {
          zertifikatNr = await r.naechsteNummer(tx, jetzt.getUTCFullYear());
          set.zertifikatNr = zertifikatNr;
          await r.insertPraedikat(tx, { zertifikatNr, behoerdeArs: antrag.behoerdeArs, verliehenAm: isoDate(jetzt), status: 'gueltig', demo: false, createdAt: jetzt });
          await r.upsertStatus(tx, { zertifikatNr, unterSchwelleSeit: null, karenzBis: null, manuellAusgesetzt: false, statusSeit: jetzt });
          await r.insertEreignis(tx, {
            zertifikatNr,
            vonStatus: null,
            nachStatus: 'gueltig',
            ereignis: 'verleihung',
            grund: kommentar?.trim() || 'Verliehen nach Prüfung im Vier-Augen-Prinzip.',
            automatisch: false,
            actorId: user.id,
            actorLabel: user.email,
            anzahl: String(vpJetzt?.anzahl ?? ''),
            at: jetzt,
          });
          if (antrag.schildGewuenscht && antrag.lieferadresse) {
            schild = await r.insertSchild(tx, {
              zertifikatNr,
              format: antrag.schildFormat ?? 'A3',
              lieferadresse: antrag.lieferadresse,
              status: 'bestellt',
              verlauf: [{ status: 'bestellt', am: jetzt.toISOString(), von: user.email }],
              bestelltAm: jetzt,
              aktualisiertAm: jetzt,
            });
          }
        }
        await r.updateAntrag(tx, antragId, set);
        await r.insertSchritt(tx, {
          antragId,
          schritt: aktion.art === 'entscheiden' ? `entscheidung_${aktion.entscheidung}` : aktion.art === 'empfehlen' ? `empfehlung_${aktion.empfehlung}` : aktion.art,
          vonStatus: antrag.status,
          nachStatus: u.zustand.status,
          actorId: user.id,
          actorLabel: user.email,
          kommentar: kommentar?.trim() || null,
          daten: vpJetzt ? { vorpruefung: vpJetzt, zertifikatNr } : neu ? { vorpruefung: neu.vorpruefung } : zertifikatNr ? { zertifikatNr } : null,
          at: jetzt,
        });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId }, {
          action: `praedikat.antrag.${aktion.art}`,
          objectType: 'behoerde',
          objectId: antrag.behoerdeArs,
          before: { antragId, status: antrag.status },
          after: { antragId, status: u.zustand.status, zertifikatNr, kommentar: kommentar?.trim() || undefined, vorpruefung: vpJetzt ?? neu?.vorpruefung },
        });
        return { antrag: { ...antrag, ...set } as AntragRow, zertifikatNr, schild };
      });
      const a = ergebnis.antrag;
      const name = (await verlinkung.zaehlstand(a.behoerdeArs)).name;
      if (a.status === 'verliehen' && ergebnis.zertifikatNr) {
        await benachrichtige(a.behoerdeArs, a.behoerdeArs, 'praedikat.verliehen', praedikatTexte.verliehen(name, ergebnis.zertifikatNr, settings.publicBaseUrl, a.schildGewuenscht));
        const s = ergebnis.schild;
        if (s) await benachrichtige(a.behoerdeArs, a.behoerdeArs, 'praedikat.schild_bestellt', praedikatTexte.schildBestellt(name, ergebnis.zertifikatNr, s.id, s.format, s.lieferadresse, settings.publicBaseUrl), [settings.schildDruckereiEmail]);
      } else if (a.status === 'zurueckgegeben' && aktion.art === 'entscheiden') {
        await benachrichtige(a.behoerdeArs, a.behoerdeArs, 'praedikat.zurueckgegeben', praedikatTexte.zurueckgegeben(name, kommentar ?? '', settings.publicBaseUrl, a.behoerdeArs), [a.kontaktEmail]);
      } else if (a.status === 'abgelehnt') {
        await benachrichtige(a.behoerdeArs, a.behoerdeArs, 'praedikat.abgelehnt', praedikatTexte.abgelehnt(name, kommentar ?? ''), [a.kontaktEmail]);
      } else if (aktion.art === 'erneut_einreichen') {
        await benachrichtige(a.behoerdeArs, a.behoerdeArs, 'praedikat.antrag_eingegangen', praedikatTexte.eingegangen(name, a.id, settings.publicBaseUrl), [a.kontaktEmail]);
      }
      return ergebnis;
    },

    /**
     * The daily re-check of every award: below the threshold → notify and start the grace
     * period; after it → suspend; back above → reinstate. Returns what changed.
     */
    async recheckAlle() {
      const jetzt = clock.now();
      const kandidaten = await repo.fuerRecheck();
      const aenderungen: { zertifikatNr: string; ars: string; ereignis: string; status: string }[] = [];
      for (const k of kandidaten) {
        const erreicht = k.anzahl >= schwelleFuer(k.typ, verlinkung.settings.schwellen);
        const res = await repo.db.transaction(async (tx) => {
          const r = createPraedikatRepository(tx);
          const p = await r.praedikatForUpdate(tx, k.zertifikat_nr);
          if (!p) return undefined;
          const vorher = await zustandVon(p.zertifikatNr, p.status, tx);
          const e = recheck(vorher, erreicht, jetzt, settings.karenzTage);
          if (!e.ereignis) return undefined;
          if (e.zustand.status !== vorher.status) await r.setPraedikatStatus(tx, p.zertifikatNr, e.zustand.status);
          await r.upsertStatus(tx, { zertifikatNr: p.zertifikatNr, unterSchwelleSeit: e.zustand.unterSchwelleSeit, karenzBis: e.zustand.karenzBis, manuellAusgesetzt: e.zustand.manuellAusgesetzt, statusSeit: e.zustand.status !== vorher.status ? jetzt : jetzt });
          await r.insertEreignis(tx, {
            zertifikatNr: p.zertifikatNr,
            vonStatus: vorher.status,
            nachStatus: e.zustand.status,
            ereignis: e.ereignis,
            grund:
              e.ereignis === 'unterschreitung'
                ? `Zählstand ${k.anzahl} unter der Schwelle; Karenzzeit bis ${e.zustand.karenzBis}.`
                : e.ereignis === 'aussetzung'
                  ? `Karenzzeit abgelaufen, Zählstand ${k.anzahl} weiterhin unter der Schwelle.`
                  : `Zählstand ${k.anzahl} wieder an oder über der Schwelle.`,
            automatisch: true,
            actorId: null,
            actorLabel: 'Tägliche Nachprüfung',
            anzahl: String(k.anzahl),
            at: jetzt,
          });
          if (e.ereignis === 'wiederherstellung') {
            // A reinstatement requested by hand is done: the re-check reinstated the award itself.
            const offen = await r.offeneMassnahme(p.zertifikatNr, tx);
            if (offen?.art === 'wiederherstellen') {
              await r.erledigeMassnahme(tx, offen.id, { status: 'zurueckgenommen', erledigtVon: null, erledigtVonLabel: 'Tägliche Nachprüfung', erledigtAm: jetzt, erledigtKommentar: 'Durch die tägliche Nachprüfung erledigt: Schwelle wieder erreicht.' });
            }
          }
          await recordAudit(tx, { label: 'system:nachpruefung' }, {
            action: `praedikat.${e.ereignis}`,
            objectType: 'praedikat',
            objectId: p.zertifikatNr,
            before: { status: vorher.status, karenzBis: vorher.karenzBis },
            after: { status: e.zustand.status, karenzBis: e.zustand.karenzBis },
          });
          return e;
        });
        if (!res?.ereignis) continue;
        aenderungen.push({ zertifikatNr: k.zertifikat_nr, ars: k.behoerde_ars, ereignis: res.ereignis, status: res.zustand.status });
        const stand = await verlinkung.zaehlstand(k.behoerde_ars);
        const text =
          res.ereignis === 'unterschreitung'
            ? praedikatTexte.unterschritten(stand.name, k.zertifikat_nr, stand.anzahl, stand.schwelle, res.zustand.karenzBis ?? '', settings.publicBaseUrl, k.behoerde_ars)
            : res.ereignis === 'aussetzung'
              ? praedikatTexte.ausgesetzt(stand.name, k.zertifikat_nr, stand.anzahl, stand.schwelle, settings.publicBaseUrl, k.behoerde_ars)
              : res.ereignis === 'wiederherstellung'
                ? praedikatTexte.wiederhergestellt(stand.name, k.zertifikat_nr, settings.publicBaseUrl)
                : praedikatTexte.erholt(stand.name, k.zertifikat_nr);
        await benachrichtige(k.behoerde_ars, k.behoerde_ars, `praedikat.${res.ereignis}`, text);
      }
      return { geprueft: kandidaten.length, aenderungen };
    },

    ...massnahmen,

    /** Sign order: bestellt → produziert → geliefert. */
    async schildWeiter(user: Handelnde, id: string, requestId?: string) {
      pruefeMinisterium(user);
      const jetzt = clock.now();
      return repo.db.transaction(async (tx) => {
        const r = createPraedikatRepository(tx);
        const s = await r.schild(id, tx);
        if (!s) throw new NotFoundError('Diese Schild-Bestellung gibt es nicht.');
        if (s.status === 'storniert') throw new ConflictError('Diese Schild-Bestellung ist storniert: Das Prädikat wurde widerrufen.', [], 'SCHILD_FALSCHER_SCHRITT');
        const naechster = s.status === 'bestellt' ? 'produziert' : s.status === 'produziert' ? 'geliefert' : undefined;
        if (!naechster) throw new ConflictError('Das Schild ist bereits geliefert.', [], 'SCHILD_FALSCHER_SCHRITT');
        const verlauf = [...(s.verlauf as unknown[]), { status: naechster, am: jetzt.toISOString(), von: user.email }];
        await r.updateSchild(tx, id, { status: naechster, verlauf, aktualisiertAm: jetzt });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId }, { action: 'praedikat.schild', objectType: 'praedikat', objectId: s.zertifikatNr, before: { status: s.status }, after: { status: naechster } });
        return { ...s, status: naechster, verlauf };
      });
    },

    /** One application with every step, every recorded pre-check and who submitted it (no self-decisions). */
    /** The Kommune's Prädikat page of Behörde `ars`: may `user` see it? Throws ForbiddenError if not. */
    pruefeSeitenrecht(user: Handelnde | undefined, ars: string) {
      pruefeAktenrecht(user, ars, 'Diese Seite sehen nur die Redaktion der Behörde und das Ministerium.');
    },

    /** The pre-check of Behörde `ars` for its editors and the ministry. */
    async vorpruefungFuer(user: Handelnde | undefined, ars: string) {
      pruefeAktenrecht(user, ars, 'Nur für die Redaktion der Behörde und das Ministerium.');
      return service.vorpruefung(ars);
    },

    /** One application (as `antrag`) for the editors of its Behörde and the ministry. */
    async antragFuer(user: Handelnde | undefined, id: string) {
      const a = await service.antrag(id);
      pruefeAktenrecht(user, a.behoerdeArs, 'Diesen Antrag sehen nur die Redaktion der Behörde und das Ministerium.');
      return a;
    },

    /** The Akte (as `akte`) for the editors of the Behörde and the ministry. */
    async akteFuer(user: Handelnde | undefined, ars: string) {
      pruefeAktenrecht(user, ars, 'Die Akte sehen nur die Redaktion der Behörde und das Ministerium.');
      return service.akte(ars);
    },

    /** The award `nr` for its sign print file: the editors of its Behörde and the ministry. */
    async praedikatFuerDruck(user: Handelnde | undefined, nr: string) {
      const p = await repo.praedikat(nr);
      if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
      pruefeAktenrecht(user, p.behoerdeArs, 'Die Druckdatei erhalten die Redaktion der Behörde und das Ministerium.');
      return p;
    },

    async antrag(id: string) {
      const a = await repo.antrag(id);
      if (!a) throw new NotFoundError('Diesen Antrag gibt es nicht.');
      const [schritte, vorpruefungen, eingereichtVon] = await Promise.all([repo.schritte([id]), repo.vorpruefungen(id), repo.einreicher(id)]);
      const beiEinreichung = [...vorpruefungen].reverse().find((v) => v.anlass !== 'entscheidung');
      return { ...a, schritte, vorpruefungen, eingereichtVonIds: eingereichtVon, vorpruefungBeiEinreichung: beiEinreichung ?? null };
    },

    offenerAntrag: (ars: string) => repo.offenerAntrag(ars),
    arbeitsliste: (filter: ArbeitslisteFilter) => repo.arbeitsliste(filter),
    offeneSchilder: () => repo.offeneSchilder(),
    schild: (id: string) => repo.schild(id),
    praedikat: (nr: string) => repo.praedikat(nr),

    /**
     * The award of a Behörde with its status history. `oeffentlich` (public API, verification page,
     * Behörde page): the public reasons (or neutral standard texts) and no names of staff;
     * `kommune` (its own page): the reasons given to the Kommune; `intern` (ministry): everything.
     */
    async praedikatVon(ars: string, sicht: 'oeffentlich' | 'kommune' | 'intern' = 'oeffentlich') {
      const p = await repo.aktuellesPraedikat(ars);
      if (!p) return null;
      const [ereignisse, status] = await Promise.all([repo.ereignisse([p.zertifikatNr]), repo.status(p.zertifikatNr)]);
      // The Kommune sees the reasons given to it, not the reviewers' comment on an award.
      const grundFuer = (e: (typeof ereignisse)[number]) => (sicht === 'kommune' && e.ereignis === 'verleihung' ? (oeffentlicherText(e) ?? null) : e.grund);
      const historie =
        sicht === 'oeffentlich'
          ? oeffentlicheHistorie(ereignisse)
          : ereignisse.map((e) => ({ ereignis: e.ereignis, vonStatus: e.vonStatus, nachStatus: e.nachStatus, grund: grundFuer(e), automatisch: e.automatisch, von: e.actorLabel, am: e.at.toISOString() }));
      const letzte = historie.at(-1);
      const widerruf = p.status === 'widerrufen' ? [...historie].reverse().find((h) => h.ereignis === 'widerruf') : undefined;
      return {
        zertifikatNr: p.zertifikatNr,
        verliehenAm: String(p.verliehenAm),
        status: p.status as PraedikatStatus,
        demo: p.demo,
        karenzBis: status?.karenzBis ?? null,
        unterSchwelleSeit: status?.unterSchwelleSeit?.toISOString() ?? null,
        /** Suspended by the ministry (not by the re-check). */
        manuellAusgesetzt: p.status === 'ausgesetzt' && (status?.manuellAusgesetzt ?? false),
        /** Since when the current status holds, and why (as `historie` says it). */
        statusSeit: letzte && letzte.nachStatus === p.status ? letzte.am : null,
        statusGrund: letzte && letzte.nachStatus === p.status ? letzte.grund : null,
        widerrufenAm: widerruf?.am ?? null,
        neuerAntragAb: widerruf ? massnahmen.neuerAntragAb(new Date(widerruf.am)) : null,
        historie,
      };
    },

    /** The complete file of a Behörde: applications with every step, awards, mails, link history. */
    async akte(ars: string) {
      const antraege = await repo.antraegeVon(ars);
      const schritte = await repo.schritte(antraege.map((a) => a.id));
      const praedikate = await repo.praedikateVon(ars);
      const nrs = praedikate.map((p) => p.zertifikatNr);
      const [ereignisse, schilder, mails, links, mn] = await Promise.all([repo.ereignisse(nrs), repo.schilder(nrs), repo.mailsZu([ars]), verlinkung.historie(ars, 500), repo.massnahmen(nrs)]);
      return {
        antraege: antraege.map((a) => ({ ...a, schritte: schritte.filter((s) => s.antragId === a.id) })),
        praedikate: praedikate.map((p) => ({
          ...p,
          ereignisse: ereignisse.filter((e) => e.zertifikatNr === p.zertifikatNr),
          schilder: schilder.filter((s) => s.zertifikatNr === p.zertifikatNr),
          massnahmen: mn.filter((m) => m.zertifikatNr === p.zertifikatNr),
        })),
        mails,
        verlinkungen: links,
      };
    },

    /**
     * Gives awards made before this workflow (the first seven of 29.7.2021 and the demo data's)
     * their file: an application decided in the four-eyes check and the award event. Idempotent.
     */
    async bestandUebernehmen() {
      const offen = await repo.ohneVerleihungsereignis();
      for (const p of offen) {
        const am = new Date(`${String(p.verliehenAm)}T10:00:00Z`);
        const eingereicht = new Date(am.getTime() - 28 * 86_400_000);
        const empfohlen = new Date(am.getTime() - 14 * 86_400_000);
        // Outside the transaction: on PGlite a second query beside an open transaction would wait forever.
        const stand = await verlinkung.zaehlstand(p.behoerdeArs);
        await repo.db.transaction(async (tx) => {
          const r = createPraedikatRepository(tx);
          const a = await r.insertAntrag(tx, {
            behoerdeArs: p.behoerdeArs,
            status: 'verliehen',
            kontaktName: `Redaktion ${stand.name}`,
            kontaktEmail: `poststelle@${p.behoerdeArs}.kommune.bayern.example`,
            websiteUrl: `https://www.${p.behoerdeArs}.kommune.bayern.example/`,
            schildGewuenscht: true,
            schildFormat: 'A3',
            lieferadresse: `${stand.name}, Rathaus`,
            vorpruefung: { am: eingereicht.toISOString(), uebernommen: true },
            eingereichtVon: '00000000-0000-0000-0000-000000000000',
            eingereichtAm: eingereicht,
            empfehlung: 'verleihen',
            empfohlenAm: empfohlen,
            entschiedenAm: am,
            zertifikatNr: p.zertifikatNr,
            aktualisiertAm: am,
          });
          const schritte: [string, string | null, string, Date, string][] = [
            ['eingereicht', null, 'eingereicht', eingereicht, `Redaktion ${stand.name}`],
            ['empfehlung_verleihen', 'eingereicht', 'empfohlen', empfohlen, 'Prüfung StMD (erste Person)'],
            ['entscheidung_verleihen', 'empfohlen', 'verliehen', am, 'Prüfung StMD (zweite Person)'],
          ];
          for (const [schritt, von, nach, at, label] of schritte) {
            await r.insertSchritt(tx, { antragId: a.id, schritt, vonStatus: von, nachStatus: nach, actorId: null, actorLabel: label, at, kommentar: p.demo ? 'Übernommen aus den Demodaten' : 'Übernommen aus dem Bestand' });
          }
          await r.insertEreignis(tx, {
            zertifikatNr: p.zertifikatNr,
            vonStatus: null,
            nachStatus: 'gueltig',
            ereignis: 'verleihung',
            grund: p.demo ? 'Verleihung aus den Demodaten übernommen.' : 'Verleihung aus dem Bestand übernommen.',
            automatisch: false,
            actorId: null,
            actorLabel: 'Prüfung StMD',
            anzahl: null,
            at: am,
          });
          if (p.status === 'ausgesetzt') {
            await r.insertEreignis(tx, { zertifikatNr: p.zertifikatNr, vonStatus: 'gueltig', nachStatus: 'ausgesetzt', ereignis: 'aussetzung', grund: 'Zählstand unter der Schwelle (aus den Demodaten übernommen).', automatisch: true, actorId: null, actorLabel: 'Tägliche Nachprüfung', anzahl: String(stand.anzahl), at: clock.now() });
          }
          await r.upsertStatus(tx, { zertifikatNr: p.zertifikatNr, unterSchwelleSeit: null, karenzBis: null, manuellAusgesetzt: false, statusSeit: am });
        });
      }
      return { uebernommen: offen.length };
    },
  };
  return service;
};

export type PraedikatService = ReturnType<typeof createPraedikatService>;
