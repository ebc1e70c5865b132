/**
 * Förderprogramm „Digitales Rathaus“, the parts the applications (foerderung.antraege.ts) and the
 * officers' decisions and payouts (foerderung.entscheidungen.ts) share: who may do what, the checks
 * of the form, and the service's helpers (loading, access, the rule check, notifications, one step).
 * No Fastify, no SQL (foerderung.repository.ts).
 */
import { FOERDER_LESER, FOERDER_SACHBEARBEITUNG, hatRolle } from '../auth/roles';
import type { Handelnde } from '../shared/handelnde';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { Config } from '../shared/config';
import type { Db } from '../shared/db';
import { ConflictError, type ErrorDetail, ForbiddenError, NotFoundError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import type { VerlinkungService } from '../verlinkung/verlinkung.service';
import { type AntragRow, createFoerderungRepository, type FoerderungRepository, type KostenRow, type SatzBestaetigungRow } from './foerderung.repository';
import { BEFANGEN, darfNicht, type OfficerSchritt } from './foerderung.zustand';
import { type Gebietskulisse, liegtImRmbh } from './gebietskulisse';
import { STATUS_TEXT, type Status } from './foerderung.status';
import {
  type Cent,
  type DienstImPortal,
  type Erklaerungen,
  type FoerderRegeln,
  type Kostenposition,
  KOSTENARTEN,
  normalisiereIban,
  type Phase,
  type PruefErgebnis,
  pruefeAntrag,
  pruefeIban,
  restbudget,
} from './foerderung.regeln';

export type FoerderSettings = Config['foerderung'];



export const istSachbearbeitung = (u: Handelnde | undefined) => hatRolle(u, ...FOERDER_SACHBEARBEITUNG);
export const darfAlleSehen = (u: Handelnde | undefined) => hatRolle(u, ...FOERDER_LESER);
/** Applicants: editors of the Behörde (Gemeinde, VG, Landkreis, Bezirk: every Behörde may apply). */
export const darfBeantragen = (u: Handelnde | undefined, ars: string) => !!u && u.role === 'kommune_editor' && u.behoerden.includes(ars);

export interface AntragEingabe {
  massnahme: string;
  beschreibung: string;
  onlineDienste: string[];
  kontoinhaber: string;
  iban: string;
  erklaerungen: Erklaerungen;
  kontaktName: string;
  kontaktEmail: string;
  positionen: Kostenposition[];
}

export const LEERE_ERKLAERUNGEN: Erklaerungen = { bayernId: false, postkorb: 'nein', ePayment: 'nein', mobil: false, erstmalig: false, richtigkeit: false };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Full check of an application before submission; field names match the form's ids. */
export function pruefeEinreichung(e: AntragEingabe): ErrorDetail[] {
  const f: ErrorDetail[] = [];
  if (!e.massnahme.trim()) f.push({ field: 'massnahme', message: 'Bitte beschreiben Sie die Maßnahme in einem Satz.' });
  if (e.onlineDienste.length === 0) f.push({ field: 'onlineDienste', message: 'Bitte nennen Sie mindestens einen Online-Dienst, den die Maßnahme erstmals anbietet.' });
  if (e.positionen.length === 0) f.push({ field: 'kosten-1-bezeichnung', message: 'Bitte geben Sie mindestens eine Kostenposition an.' });
  e.positionen.forEach((p, i) => {
    const n = i + 1;
    if (!p.bezeichnung.trim()) f.push({ field: `kosten-${n}-bezeichnung`, message: `Kostenposition ${n}: Bitte geben Sie eine Bezeichnung an.` });
    if (p.betragCent <= 0n) f.push({ field: `kosten-${n}-betrag`, message: `Kostenposition ${n}: Der Betrag muss größer als 0 sein.` });
    if (p.art === 'lizenz' && !(p.lizenzJahre && p.lizenzJahre >= 1)) f.push({ field: `kosten-${n}-jahre`, message: `Kostenposition ${n}: Bitte geben Sie an, wie viele Jahre die Lizenz abdeckt.` });
  });
  if (!e.kontoinhaber.trim()) f.push({ field: 'kontoinhaber', message: 'Bitte geben Sie die Kontoinhaberin oder den Kontoinhaber an.' });
  const iban = pruefeIban(e.iban);
  if (iban) f.push({ field: 'iban', message: iban });
  if (!e.kontaktName.trim()) f.push({ field: 'kontaktName', message: 'Bitte geben Sie eine Ansprechperson an.' });
  if (!EMAIL.test(e.kontaktEmail.trim())) f.push({ field: 'kontaktEmail', message: 'Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@gemeinde.de.' });
  if (!e.erklaerungen.richtigkeit) f.push({ field: 'erklaerung-richtigkeit', message: 'Bitte bestätigen Sie die Richtigkeit Ihrer Angaben.' });
  return f;
}

/** Length and type limits that even a draft must respect. */
export function pruefeEntwurf(e: AntragEingabe): ErrorDetail[] {
  const f: ErrorDetail[] = [];
  if (e.massnahme.length > 300) f.push({ field: 'massnahme', message: 'Die Maßnahme darf höchstens 300 Zeichen lang sein.' });
  if (e.beschreibung.length > 5000) f.push({ field: 'beschreibung', message: 'Die Beschreibung darf höchstens 5.000 Zeichen lang sein.' });
  if (e.onlineDienste.length > 50) f.push({ field: 'onlineDienste', message: 'Höchstens 50 Online-Dienste je Antrag.' });
  if (e.positionen.length > 30) f.push({ field: 'kosten-1-bezeichnung', message: 'Höchstens 30 Kostenpositionen je Antrag.' });
  e.positionen.forEach((p, i) => {
    if (!(KOSTENARTEN as readonly string[]).includes(p.art)) f.push({ field: `kosten-${i + 1}-art`, message: `Kostenposition ${i + 1}: unbekannte Art.` });
    if (p.betragCent < 0n || p.betragCent > 100_000_000_000n) f.push({ field: `kosten-${i + 1}-betrag`, message: `Kostenposition ${i + 1}: Der Betrag ist nicht zulässig.` });
  });
  return f;
}

/** A rule check made JSON-safe (cents as strings) for the snapshot column and the API. */
export function serialisierePruefung(p: PruefErgebnis) {
  return {
    regeln: p.regeln,
    positionen: p.positionen.map((x) => ({ ...x, betragCent: x.betragCent.toString(), foerderfaehigCent: x.foerderfaehigCent.toString() })),
    beantragtCent: p.beantragtCent.toString(),
    zuwendungsfaehigCent: p.zuwendungsfaehigCent.toString(),
    foerdersatzProzent: p.foerdersatzProzent,
    rechnerischCent: p.rechnerischCent.toString(),
    hoechstbetragVerfuegbarCent: p.hoechstbetragVerfuegbarCent.toString(),
    berechnetCent: p.berechnetCent.toString(),
    foerderbetragCent: p.foerderbetragCent.toString(),
    foerderfaehig: p.foerderfaehig,
  };
}
export type PruefungJson = ReturnType<typeof serialisierePruefung>;

export const dienstKey = (name: string) => name.trim().toLocaleLowerCase('de-DE').replace(/\s+/g, ' ');

export interface Aktion {
  id: 'bearbeiten' | 'einreichen' | 'pruefen' | 'entscheiden' | 'nachweis' | 'nachweis_pruefen' | 'freigeben' | 'satz_vorschlagen' | 'satz_bestaetigen';
  erlaubt: boolean;
  /** Why this user cannot do it now (four eyes, role), shown beside the action. */
  grund?: string;
}

export interface FoerderungDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  verlinkung: VerlinkungService;
  settings: FoerderSettings;
  publicBaseUrl: string;
  /** The official Gebietskulisse „Raum mit besonderem Handlungsbedarf“ as it is installed now. */
  gebietskulisse: () => Gebietskulisse;
}

/** Where an application's grant rate comes from. */
export interface FoerdersatzGrundlage {
  rmbh: boolean;
  grundlage: 'gebietskulisse' | 'bestaetigung' | 'standard';
  text: string;
  liste: { status: Gebietskulisse['status']; stand: string | null; quelle: string | null };
  bestaetigung: SatzBestaetigungRow | null;
}

export const createFoerderungKern = (deps: FoerderungDeps) => {
  const { clock, mailer, verlinkung, settings } = deps;
  const repo: FoerderungRepository = createFoerderungRepository(deps.db);
  const regeln: FoerderRegeln = settings;
  let haushaltBereit: Promise<void> | undefined;
  const sichereHaushalt = () => {
    haushaltBereit ??= repo.sichereHaushalt(settings.budgetCent, clock.now()).catch((e) => {
      haushaltBereit = undefined;
      throw e;
    });
    return haushaltBereit;
  };

  const label = (u: Handelnde) => u.name ?? u.email;
  const audit = (tx: Db, u: Handelnde, requestId: string | undefined, action: string, id: string, before: unknown, after: unknown) =>
    recordAudit(tx, { id: u.id, label: u.email, requestId }, { action, objectType: 'foerderantrag', objectId: id, before, after });

  const ladeAntrag = async (id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
    const a = await repo.findAntrag(id);
    if (!a) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
    return a;
  };

  const pruefeSicht = (u: Handelnde, a: AntragRow) => {
    if (darfAlleSehen(u) || darfBeantragen(u, a.behoerdeArs)) return;
    // Not found rather than forbidden: other Behörden's applications are not revealed.
    throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
  };

  const verlangeSachbearbeitung = (u: Handelnde) => {
    if (!istSachbearbeitung(u)) throw new ForbiddenError('Diesen Schritt darf nur die Förder-Sachbearbeitung ausführen.', [], 'FOERDERUNG_NUR_SACHBEARBEITUNG');
  };

  /** No self-decisions and four eyes (foerderung.zustand.ts), asked before a step and again under the row lock. */
  const verlangeUnbeteiligt = (schritt: OfficerSchritt, a: AntragRow, u: Handelnde, satz?: SatzBestaetigungRow | null) => {
    const grund = darfNicht(schritt, { ...a, satzVorgeschlagenVon: satz?.status === 'offen' ? satz.vorgeschlagenVon : null }, u.id);
    if (grund) throw new ConflictError(grund, [], grund === BEFANGEN ? 'FOERDERUNG_BEFANGEN' : 'FOERDERUNG_VIER_AUGEN');
  };

  const verlangeStatus = (a: AntragRow, ...erlaubt: Status[]) => {
    if (!erlaubt.includes(a.status as Status)) {
      throw new ConflictError(`Der Antrag ${a.aktenzeichen} ist im Status „${STATUS_TEXT[a.status as Status]?.de ?? a.status}“; dieser Schritt ist jetzt nicht möglich.`, [], 'FOERDERUNG_FALSCHER_SCHRITT');
    }
  };

  const zuPositionen = (rows: KostenRow[]): Kostenposition[] =>
    rows.map((k) => ({ art: k.art as Kostenposition['art'], bezeichnung: k.bezeichnung, betragCent: k.betragCent, lizenzJahre: k.lizenzJahre, einmalZahlung: k.einmalZahlung }));

  /** The measure's services matched (by name) against the Behörde's counting links and the catalogue. */
  const portalDaten = async (ars: string, dienste: string[]) => {
    const { anzahl, dienste: links } = await repo.portalDaten(ars, verlinkung.settings.regel, clock.now());
    const nachName = new Map(links.map((l) => [dienstKey(l.name), l]));
    const imPortal: DienstImPortal[] = dienste.map((name) => {
      const link = nachName.get(dienstKey(name));
      return { name, verlinkt: !!link, mobilOptimiert: link ? link.mobil_optimiert : null };
    });
    return { anzahlDienste: anzahl, dienste: imPortal, verlinkteNamen: links.map((l) => l.name) };
  };

  /**
   * The grant rate from data, never from the applicant: the official Gebietskulisse when it is
   * installed (then it alone decides), else the higher rate only with a confirmation by two officers.
   */
  const satzGrundlage = async (ars: string, antragId?: string): Promise<FoerdersatzGrundlage> => {
    const kulisse = deps.gebietskulisse();
    const liste = { status: kulisse.status, stand: kulisse.status === 'ok' ? kulisse.stand : null, quelle: kulisse.status === 'ok' ? kulisse.quelle : null };
    const behoerde = await repo.behoerde(ars);
    if (kulisse.status === 'ok') {
      const r = liegtImRmbh({ ars, typ: behoerde?.typ ?? 'gemeinde', name: behoerde?.name ?? ars, mitglieder: behoerde?.typ === 'vg' ? await repo.mitgliedsgemeinden(ars) : [] }, kulisse.eintraege, kulisse.stand);
      return { rmbh: r.imRaum, grundlage: 'gebietskulisse', text: r.grund, liste, bestaetigung: null };
    }
    const b = antragId ? ((await repo.satzBestaetigung(antragId)) ?? null) : null;
    if (b?.status === 'bestaetigt') {
      return { rmbh: true, grundlage: 'bestaetigung', text: `Raum mit besonderem Handlungsbedarf bestätigt von ${b.vorgeschlagenVonLabel} und ${b.erledigtVonLabel} (Quelle: ${b.quelle}).`, liste, bestaetigung: b };
    }
    const ohne =
      kulisse.status === 'fehlt'
        ? 'Die amtliche Gebietskulisse „Raum mit besonderem Handlungsbedarf“ ist auf der Plattform nicht hinterlegt'
        : 'Die hinterlegte Gebietskulisse „Raum mit besonderem Handlungsbedarf“ ist fehlerhaft und wird nicht verwendet';
    return { rmbh: false, grundlage: 'standard', text: `${ohne}; der erhöhte Satz gilt nur nach Bestätigung durch zwei Personen der Förder-Sachbearbeitung.`, liste, bestaetigung: b };
  };

  /**
   * Portal data, Behörde and grant rate of an application, read outside any transaction (PGlite
   * runs one statement at a time: a read on the pool inside an open transaction would wait for it forever).
   */
  const kontext = async (a: AntragRow) => {
    const [behoerde, portal, satz] = await Promise.all([repo.behoerde(a.behoerdeArs), portalDaten(a.behoerdeArs, a.onlineDienste), satzGrundlage(a.behoerdeArs, a.id)]);
    return { behoerde, portal, satz };
  };

  /** The rules for an application: pure, on data read before (`kontext`) and amounts read in `tx`. */
  const bewerteMit = (a: AntragRow, phase: Phase, k: Awaited<ReturnType<typeof kontext>>, positionen: Kostenposition[], bisher: Cent, rest: Cent | null) =>
    pruefeAntrag(
      {
        phase,
        behoerdeTyp: k.behoerde?.typ ?? 'gemeinde',
        positionen,
        besondererHandlungsbedarf: k.satz.rmbh,
        foerdersatzGrundlage: { quelle: k.satz.grundlage === 'gebietskulisse' ? 'amtliche_liste' : k.satz.grundlage === 'bestaetigung' ? 'bestaetigung' : 'berechnung', text: k.satz.text },
        erklaerungen: { ...LEERE_ERKLAERUNGEN, ...(a.erklaerungen as Partial<Erklaerungen>) },
        portal: k.portal,
        bisherigeZuwendungenCent: bisher,
        restbudgetCent: rest,
      },
      regeln,
    );

  /** The rules for an application as it is now, outside a transaction. */
  const bewerte = async (a: AntragRow, phase: Phase, opts: { restbudgetCent?: Cent | null; positionen?: Kostenposition[] } = {}) => {
    const k = await kontext(a);
    const positionen = opts.positionen ?? zuPositionen(await repo.kostenOf(a.id));
    const bisher = await repo.bisherigeZuwendungen(deps.db, a.behoerdeArs, a.id);
    if (opts.restbudgetCent === undefined) await sichereHaushalt();
    const rest = opts.restbudgetCent !== undefined ? opts.restbudgetCent : restbudget(await repo.budgetstand());
    return bewerteMit(a, phase, k, positionen, bisher, rest);
  };

  const link = (id: string) => `${deps.publicBaseUrl}/foerderung/antraege/${id}`;

  /** Sends a notification to the application's contact; a failed delivery never undoes the step. */
  const benachrichtige = async (a: AntragRow, art: string, betreff: string, absaetze: string[]) => {
    if (!a.kontaktEmail) return;
    const text = [`Guten Tag ${a.kontaktName || ''},`.replace(' ,', ','), '', ...absaetze, '', `Akte: ${link(a.id)}`, '', 'Mit freundlichen Grüßen', 'Förderprogramm „Digitales Rathaus“', 'Bayerisches Staatsministerium für Digitales'].join('\n');
    await mailer.send({ an: a.kontaktEmail, betreff: `${betreff} – ${a.aktenzeichen}`, text, art, objectType: 'foerderantrag', objectId: a.id });
  };

  const eingabeZuSpalten = (e: AntragEingabe) => ({
    massnahme: e.massnahme.trim(),
    beschreibung: e.beschreibung.trim(),
    onlineDienste: e.onlineDienste.map((d) => d.trim()).filter(Boolean),
    kontoinhaber: e.kontoinhaber.trim(),
    iban: normalisiereIban(e.iban),
    erklaerungen: { ...e.erklaerungen },
    kontaktName: e.kontaktName.trim(),
    kontaktEmail: e.kontaktEmail.trim(),
  });

  /** A step: status change, step row, audit entry; in the caller's transaction. */
  const schritt = async (
    tx: Db,
    u: Handelnde,
    a: AntragRow,
    s: { schritt: string; nach: Status; kommentar?: string | null; daten?: unknown; patch?: Partial<AntragRow>; requestId?: string; at: Date },
  ) => {
    await repo.updateAntrag(tx, a.id, { ...s.patch, status: s.nach, aktualisiertAm: s.at });
    await repo.insertSchritt(tx, { antragId: a.id, schritt: s.schritt, vonStatus: a.status, nachStatus: s.nach, actorId: u.id, actorLabel: label(u), kommentar: s.kommentar ?? null, daten: s.daten ?? null, at: s.at });
    await audit(tx, u, s.requestId, `foerderung.${s.schritt}`, a.id, { status: a.status }, { status: s.nach, ...(s.daten && typeof s.daten === 'object' ? s.daten : {}) });
  };

  return { deps, clock, mailer, verlinkung, settings, repo, regeln, sichereHaushalt, label, audit, ladeAntrag, pruefeSicht, verlangeSachbearbeitung, verlangeUnbeteiligt, verlangeStatus, zuPositionen, portalDaten, satzGrundlage, kontext, bewerteMit, bewerte, link, benachrichtige, eingabeZuSpalten, schritt };
};

export type FoerderungKern = ReturnType<typeof createFoerderungKern>;
