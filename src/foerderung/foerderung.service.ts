/**
 * Förderprogramm „Digitales Rathaus“: applications from draft to payout, with the four-eyes
 * principle, the budget ledger, the grant overview (VV Nr. 9 zu Art. 44 BayHO), statistics,
 * notifications and the Bescheid. No Fastify, no SQL: the repository does the SQL, the rules live
 * in foerderung.regeln.ts, the PDF in foerderung.bescheid.ts.
 *
 * Four eyes: the officer who checks an application (Prüfung) cannot decide it, and the two payout
 * releases need two different officers. Both are enforced here, in the service, so pages, API and
 * CLI get the same answer, and the Akte shows who did each step.
 *
 * Budget: every approval and payout runs in one transaction that first locks the budget row
 * (`select … for update`, see the repository), then the application row, re-reads both and
 * computes the rules on what it read. Concurrent approvals — in one process or in several app
 * instances on one PostgreSQL — therefore run one after the other; none can commit more than the
 * remaining budget, and the unique ledger index (application, kind) makes a double commitment of
 * one grant impossible even for code that forgets the status check.
 */

import { hatRolle, FOERDER_SACHBEARBEITUNG, FOERDER_LESER } from '../auth/roles';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { Config } from '../shared/config';
import type { Db } from '../shared/db';
import { ConflictError, type ErrorDetail, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import type { VerlinkungService } from '../verlinkung/verlinkung.service';
import { erzeugeBescheidPdf } from './foerderung.bescheid';
import {
  type AntragRow,
  type ArbeitslisteFilter,
  BEWILLIGTE_STATUS,
  createFoerderungRepository,
  type FoerderungRepository,
  type KostenRow,
  type SatzBestaetigungRow,
  type UebersichtFilter,
} from './foerderung.repository';
import { darfNicht, type OfficerSchritt } from './foerderung.zustand';
import { type Gebietskulisse, liegtImRmbh } from './gebietskulisse';
import { uebersichtAlsCsv } from './foerderung.csv';
import { STATUS_TEXT, type Status, tagInBayern } from './foerderung.status';

export { STATUS, STATUS_TEXT, type Status, tagInBayern } from './foerderung.status';
import {
  berechneAuszahlung,
  type Cent,
  type DienstImPortal,
  type Erklaerungen,
  type FoerderRegeln,
  formatEuro,
  type Kostenposition,
  KOSTENARTEN,
  nachweisFaelligAm,
  normalisiereIban,
  offeneBindungen,
  type Phase,
  type PruefErgebnis,
  pruefeAntrag,
  pruefeIban,
  restbudget,
} from './foerderung.regeln';
import { type Handelnde } from '../shared/handelnde';

export type FoerderSettings = Config['foerderung'];

/** A person acting: the session user (with name) or a CLI/bench caller. */
export type Person = Handelnde & { name?: string };

export const istSachbearbeitung = (u: Person | undefined) => hatRolle(u, ...FOERDER_SACHBEARBEITUNG);
export const darfAlleSehen = (u: Person | undefined) => hatRolle(u, ...FOERDER_LESER);
/** Applicants: editors of the Behörde (Gemeinde, VG, Landkreis, Bezirk: every Behörde may apply). */
export const darfBeantragen = (u: Person | undefined, ars: string) => !!u && u.role === 'kommune_editor' && u.behoerden.includes(ars);

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
function pruefeEntwurf(e: AntragEingabe): ErrorDetail[] {
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

const dienstKey = (name: string) => name.trim().toLocaleLowerCase('de-DE').replace(/\s+/g, ' ');

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

export const createFoerderungService = (deps: FoerderungDeps) => {
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

  const label = (u: Person) => u.name ?? u.email;
  const audit = (tx: Db, u: Person, requestId: string | undefined, action: string, id: string, before: unknown, after: unknown) =>
    recordAudit(tx, { id: u.id, label: u.email, requestId }, { action, objectType: 'foerderantrag', objectId: id, before, after });

  const ladeAntrag = async (id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
    const a = await repo.findAntrag(id);
    if (!a) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
    return a;
  };

  const pruefeSicht = (u: Person, a: AntragRow) => {
    if (darfAlleSehen(u) || darfBeantragen(u, a.behoerdeArs)) return;
    // Not found rather than forbidden: other Behörden's applications are not revealed.
    throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
  };

  const verlangeSachbearbeitung = (u: Person) => {
    if (!istSachbearbeitung(u)) throw new ForbiddenError('Diesen Schritt darf nur die Förder-Sachbearbeitung ausführen.');
  };

  /** No self-decisions and four eyes (foerderung.zustand.ts), asked before a step and again under the row lock. */
  const verlangeUnbeteiligt = (schritt: OfficerSchritt, a: AntragRow, u: Person, satz?: SatzBestaetigungRow | null) => {
    const grund = darfNicht(schritt, { ...a, satzVorgeschlagenVon: satz?.status === 'offen' ? satz.vorgeschlagenVon : null }, u.id);
    if (grund) throw new ConflictError(grund);
  };

  const verlangeStatus = (a: AntragRow, ...erlaubt: Status[]) => {
    if (!erlaubt.includes(a.status as Status)) {
      throw new ConflictError(`Der Antrag ${a.aktenzeichen} ist im Status „${STATUS_TEXT[a.status as Status]?.de ?? a.status}“; dieser Schritt ist jetzt nicht möglich.`);
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
    u: Person,
    a: AntragRow,
    s: { schritt: string; nach: Status; kommentar?: string | null; daten?: unknown; patch?: Partial<AntragRow>; requestId?: string; at: Date },
  ) => {
    await repo.updateAntrag(tx, a.id, { ...s.patch, status: s.nach, aktualisiertAm: s.at });
    await repo.insertSchritt(tx, { antragId: a.id, schritt: s.schritt, vonStatus: a.status, nachStatus: s.nach, actorId: u.id, actorLabel: label(u), kommentar: s.kommentar ?? null, daten: s.daten ?? null, at: s.at });
    await audit(tx, u, s.requestId, `foerderung.${s.schritt}`, a.id, { status: a.status }, { status: s.nach, ...(s.daten && typeof s.daten === 'object' ? s.daten : {}) });
  };

  const service = {
    settings,
    regeln,

    /* ------------------------------------------------------------ applicants */

    /** What the application form needs: the Behörde and the names of its linked counting services. */
    async formularDaten(u: Person, ars: string) {
      if (!darfBeantragen(u, ars)) throw new ForbiddenError(`Förderanträge für die Behörde ${ars} stellt nur ihre Redaktion.`);
      const behoerde = await repo.behoerde(ars);
      if (!behoerde) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${ars}.`);
      const [portal, satz] = await Promise.all([portalDaten(ars, []), satzGrundlage(ars)]);
      return { behoerde, anzahlDienste: portal.anzahlDienste, verlinkteDienste: portal.verlinkteNamen, satz };
    },

    async erstelleEntwurf(u: Person, ars: string, e: AntragEingabe, opts: { requestId?: string } = {}) {
      if (!darfBeantragen(u, ars)) throw new ForbiddenError(`Förderanträge für die Behörde ${ars} stellt nur ihre Redaktion.`);
      if (!(await repo.behoerde(ars))) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${ars}.`);
      const fehler = pruefeEntwurf(e);
      if (fehler.length) throw new ValidationError('Der Entwurf wurde nicht gespeichert.', fehler);
      const at = clock.now();
      return repo.db.transaction(async (tx) => {
        const aktenzeichen = await repo.naechstesAktenzeichen(tx, Number(tagInBayern(at).slice(0, 4)));
        const a = await repo.insertAntrag(tx, { aktenzeichen, behoerdeArs: ars, status: 'entwurf', ...eingabeZuSpalten(e), erstelltVon: u.id, erstelltAm: at, aktualisiertAm: at });
        await repo.replaceKosten(tx, a.id, e.positionen);
        await repo.insertSchritt(tx, { antragId: a.id, schritt: 'entwurf_angelegt', vonStatus: null, nachStatus: 'entwurf', actorId: u.id, actorLabel: label(u), at });
        await audit(tx, u, opts.requestId, 'foerderung.entwurf_angelegt', a.id, null, { aktenzeichen, behoerdeArs: ars });
        return a;
      });
    },

    /** Saves a draft; submitted applications are frozen. */
    async aktualisiereEntwurf(u: Person, id: string, e: AntragEingabe, opts: { requestId?: string } = {}) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      if (!darfBeantragen(u, a.behoerdeArs)) throw new ForbiddenError('Den Entwurf bearbeitet nur die Redaktion der antragstellenden Behörde.');
      verlangeStatus(a, 'entwurf');
      const fehler = pruefeEntwurf(e);
      if (fehler.length) throw new ValidationError('Der Entwurf wurde nicht gespeichert.', fehler);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'entwurf') throw new ConflictError('Der Antrag ist bereits eingereicht und kann nicht mehr geändert werden.');
        await repo.updateAntrag(tx, id, { ...eingabeZuSpalten(e), aktualisiertAm: at });
        await repo.replaceKosten(tx, id, e.positionen);
        await audit(tx, u, opts.requestId, 'foerderung.entwurf_gespeichert', id, null, { massnahme: e.massnahme });
      });
      return (await repo.findAntrag(id)) as AntragRow;
    },

    /**
     * Submits a draft: full validation, rule check, frozen from now on, confirmation mail. An
     * application the rules say cannot be granted is submitted only with the applicant's explicit
     * acknowledgement (`nichtFoerderfaehigBestaetigt`); the officers' work list flags it.
     */
    async reicheEin(u: Person, id: string, opts: { requestId?: string; nichtFoerderfaehigBestaetigt?: boolean } = {}) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      if (!darfBeantragen(u, a.behoerdeArs)) throw new ForbiddenError('Einreichen darf nur die Redaktion der antragstellenden Behörde.');
      verlangeStatus(a, 'entwurf');
      const positionen = zuPositionen(await repo.kostenOf(id));
      const eingabe: AntragEingabe = { ...a, erklaerungen: { ...LEERE_ERKLAERUNGEN, ...(a.erklaerungen as Partial<Erklaerungen>) }, positionen };
      const fehler = pruefeEinreichung(eingabe);
      if (fehler.length) throw new ValidationError('Der Antrag ist noch nicht vollständig.', fehler);
      const pruefung = await bewerte(a, 'antrag', { positionen });
      if (!pruefung.foerderfaehig && !opts.nichtFoerderfaehigBestaetigt) {
        const nicht = pruefung.regeln.filter((r) => r.ergebnis === 'nicht_erfuellt');
        throw new ValidationError('So kann der Antrag nicht bewilligt werden. Einreichen lässt er sich nur mit Ihrer ausdrücklichen Bestätigung.', [
          {
            field: 'nichtFoerderfaehigBestaetigt',
            message: `Nicht erfüllt: ${nicht.map((r) => `${r.titel} (${r.text})`).join('; ')} Bitte bestätigen Sie, dass Sie den Antrag trotzdem einreichen wollen.`,
          },
        ]);
      }
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'entwurf') throw new ConflictError('Der Antrag ist bereits eingereicht.');
        await schritt(tx, u, a, {
          schritt: 'eingereicht',
          nach: 'eingereicht',
          at,
          requestId: opts.requestId,
          patch: {
            eingereichtVon: u.id,
            eingereichtAm: at,
            pruefung: serialisierePruefung(pruefung),
            zuwendungsfaehigCent: pruefung.zuwendungsfaehigCent,
            foerdersatzProzent: pruefung.foerdersatzProzent,
            besondererHandlungsbedarf: pruefung.foerdersatzProzent === settings.satzRmbhProzent && settings.satzRmbhProzent !== settings.satzProzent,
            nichtFoerderfaehigBestaetigt: !pruefung.foerderfaehig,
          },
          daten: { berechnetCent: pruefung.berechnetCent.toString(), foerderfaehig: pruefung.foerderfaehig, nichtFoerderfaehigBestaetigt: !pruefung.foerderfaehig },
        });
      });
      const nachher = (await repo.findAntrag(id)) as AntragRow;
      const abgelehnt = pruefung.positionen.filter((p) => p.bewertung !== 'voll');
      await benachrichtige(nachher, 'foerderung.eingereicht', 'Eingangsbestätigung Ihres Förderantrags', [
        `Ihr Antrag „${a.massnahme}“ ist am ${tagInBayern(at).split('-').reverse().join('.')} eingegangen (Aktenzeichen ${a.aktenzeichen}).`,
        `Beantragt: ${formatEuro(pruefung.beantragtCent)}; davon zuwendungsfähig: ${formatEuro(pruefung.zuwendungsfaehigCent)}; rechnerische Zuwendung: ${formatEuro(pruefung.berechnetCent)}.`,
        ...(abgelehnt.length ? ['Nicht oder nur teilweise förderfähig:', ...abgelehnt.map((p) => `- ${p.bezeichnung}: ${p.grund}`)] : []),
        ...(!pruefung.foerderfaehig
          ? [
              'Sie haben den Antrag eingereicht, obwohl die Regelprüfung ergab, dass er so nicht bewilligt werden kann:',
              ...pruefung.regeln.filter((r) => r.ergebnis === 'nicht_erfuellt').map((r) => `- ${r.titel}: ${r.text}`),
            ]
          : []),
        'Die Förder-Sachbearbeitung prüft Ihren Antrag. Über jeden Schritt informieren wir Sie per E-Mail.',
      ]);
      return { antrag: nachher, pruefung };
    },

    /** Proof of use (Verwendungsnachweis): eligible expenditure actually made and a short report. */
    async reicheNachweisEin(u: Person, id: string, n: { ausgabenCent: Cent; sachbericht: string }, opts: { requestId?: string } = {}) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      if (!darfBeantragen(u, a.behoerdeArs)) throw new ForbiddenError('Den Verwendungsnachweis reicht die Redaktion der antragstellenden Behörde ein.');
      verlangeStatus(a, 'bewilligt');
      const fehler: ErrorDetail[] = [];
      if (n.ausgabenCent <= 0n) fehler.push({ field: 'ausgaben', message: 'Bitte geben Sie die tatsächlichen zuwendungsfähigen Ausgaben an.' });
      if (n.sachbericht.trim().length < 20) fehler.push({ field: 'sachbericht', message: 'Bitte beschreiben Sie im Sachbericht in einigen Sätzen, was umgesetzt wurde (mindestens 20 Zeichen).' });
      if (n.sachbericht.length > 10_000) fehler.push({ field: 'sachbericht', message: 'Der Sachbericht darf höchstens 10.000 Zeichen lang sein.' });
      if (fehler.length) throw new ValidationError('Der Verwendungsnachweis wurde nicht eingereicht.', fehler);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'bewilligt') throw new ConflictError('Der Verwendungsnachweis ist bereits eingegangen.');
        await schritt(tx, u, a, {
          schritt: 'nachweis_eingereicht',
          nach: 'nachweis_eingegangen',
          at,
          requestId: opts.requestId,
          patch: { nachweisEingegangenAm: tagInBayern(at), nachweisAusgabenCent: n.ausgabenCent, nachweisSachbericht: n.sachbericht.trim() },
          daten: { ausgabenCent: n.ausgabenCent.toString() },
        });
      });
      return (await repo.findAntrag(id)) as AntragRow;
    },

    /* ------------------------------------------------------------ officers */

    /** First officer: checks and recommends (bewilligen | ablehnen). */
    async pruefe(u: Person, id: string, p: { empfehlung: 'bewilligen' | 'ablehnen'; kommentar?: string }, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'eingereicht');
      verlangeUnbeteiligt('pruefen', a, u);
      const pruefung = await bewerte(a, 'antrag');
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'eingereicht') throw new ConflictError('Der Antrag wurde inzwischen von einer anderen Person geprüft.');
        verlangeUnbeteiligt('pruefen', locked, u);
        await schritt(tx, u, a, {
          schritt: 'geprueft',
          nach: 'geprueft',
          at,
          requestId: opts.requestId,
          kommentar: p.kommentar?.trim() || null,
          patch: { geprueftVon: u.id, geprueftVonLabel: label(u), geprueftAm: at, empfehlung: p.empfehlung, pruefung: serialisierePruefung(pruefung), foerdersatzProzent: pruefung.foerdersatzProzent },
          daten: { empfehlung: p.empfehlung, berechnetCent: pruefung.berechnetCent.toString() },
        });
      });
      const nachher = (await repo.findAntrag(id)) as AntragRow;
      await benachrichtige(nachher, 'foerderung.geprueft', 'Ihr Förderantrag ist geprüft', [
        `Ihr Antrag „${a.massnahme}“ ist fachlich geprüft. Nach dem Vier-Augen-Prinzip entscheidet nun eine zweite Person der Förder-Sachbearbeitung.`,
      ]);
      return { antrag: nachher, pruefung };
    },

    /**
     * Second officer: approves or rejects. Never the one who checked (four eyes). An approval
     * commits the grant in the ledger under the budget lock, or is refused when a rule fails —
     * among them the remaining budget.
     */
    async entscheide(u: Person, id: string, d: { entscheidung: 'bewilligen' | 'ablehnen'; kommentar?: string }, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'geprueft');
      verlangeUnbeteiligt('entscheiden', a, u);
      const kommentar = d.kommentar?.trim() || null;
      const at = clock.now();
      const heute = tagInBayern(at);
      if (d.entscheidung === 'ablehnen') {
        if (!kommentar) throw new ValidationError('Bitte begründen Sie die Ablehnung.', [{ field: 'kommentar', message: 'Eine Ablehnung braucht eine Begründung; sie steht im Bescheid.' }]);
        await repo.db.transaction(async (tx) => {
          const locked = await repo.findAntrag(id, tx, { forUpdate: true });
          if (locked?.status !== 'geprueft') throw new ConflictError('Über den Antrag wurde inzwischen entschieden.');
          verlangeUnbeteiligt('entscheiden', locked, u);
          await schritt(tx, u, a, { schritt: 'abgelehnt', nach: 'abgelehnt', at, requestId: opts.requestId, kommentar, patch: { entschiedenVon: u.id, entschiedenVonLabel: label(u), entschiedenAm: at, bescheidAm: heute } });
        });
        const nachher = (await repo.findAntrag(id)) as AntragRow;
        await benachrichtige(nachher, 'foerderung.abgelehnt', 'Ablehnung Ihres Förderantrags', [
          `Ihr Antrag „${a.massnahme}“ wurde abgelehnt.`,
          `Begründung: ${kommentar}`,
          `Den Ablehnungsbescheid finden Sie in der Akte: ${link(a.id)}/bescheid.pdf`,
        ]);
        return { antrag: nachher, pruefung: null };
      }

      await sichereHaushalt();
      // Cost items are frozen since submission; portal data are read before the transaction.
      const positionen = zuPositionen(await repo.kostenOf(id));
      const k = await kontext(a);
      const ergebnis = await repo.db.transaction(async (tx) => {
        // Lock order everywhere: budget row, then application row.
        const stand = await repo.budgetstand(tx, { sperren: true });
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || locked.status !== 'geprueft') throw new ConflictError('Über den Antrag wurde inzwischen entschieden.');
        verlangeUnbeteiligt('entscheiden', locked, u);
        const bisher = await repo.bisherigeZuwendungen(tx, locked.behoerdeArs, id);
        const pruefung = bewerteMit(locked, 'antrag', k, positionen, bisher, restbudget(stand));
        if (!pruefung.foerderfaehig) {
          const nicht = pruefung.regeln.filter((r) => r.ergebnis === 'nicht_erfuellt');
          throw new ConflictError(
            `Der Antrag kann nicht bewilligt werden: ${nicht.map((r) => r.titel).join('; ')}.`,
            nicht.map((r) => ({ field: r.id, message: `${r.titel}: ${r.text}` })),
          );
        }
        const betrag = pruefung.foerderbetragCent;
        await repo.insertBuchung(tx, { antragId: id, art: 'bindung', betragCent: betrag, actorId: u.id, actorLabel: label(u), at });
        await schritt(tx, u, locked, {
          schritt: 'bewilligt',
          nach: 'bewilligt',
          at,
          requestId: opts.requestId,
          kommentar,
          patch: {
            entschiedenVon: u.id,
            entschiedenVonLabel: label(u),
            entschiedenAm: at,
            foerderbetragCent: betrag,
            zuwendungsfaehigCent: pruefung.zuwendungsfaehigCent,
            foerdersatzProzent: pruefung.foerdersatzProzent,
            besondererHandlungsbedarf: k.satz.rmbh,
            pruefung: serialisierePruefung(pruefung),
            bescheidAm: heute,
            nachweisFaelligAm: nachweisFaelligAm(heute, settings.nachweisMonate),
          },
          daten: { foerderbetragCent: betrag.toString(), restbudgetVorherCent: restbudget(stand).toString() },
        });
        return pruefung;
      });
      const nachher = (await repo.findAntrag(id)) as AntragRow;
      await benachrichtige(nachher, 'foerderung.bewilligt', 'Bewilligung Ihres Förderantrags', [
        `Ihr Antrag „${a.massnahme}“ ist bewilligt: Zuwendung ${formatEuro(ergebnis.foerderbetragCent)} (${ergebnis.foerdersatzProzent} % von ${formatEuro(ergebnis.zuwendungsfaehigCent)} zuwendungsfähigen Ausgaben).`,
      ]);
      await benachrichtige(nachher, 'foerderung.bescheid', 'Ihr Zuwendungsbescheid', [
        `Der Zuwendungsbescheid vom ${heute.split('-').reverse().join('.')} steht in der Akte als PDF bereit: ${link(a.id)}/bescheid.pdf`,
        `Bitte reichen Sie den Verwendungsnachweis bis zum ${(nachher.nachweisFaelligAm ?? '').split('-').reverse().join('.')} ein.`,
      ]);
      return { antrag: nachher, pruefung: ergebnis };
    },

    /** Checks the proof of use: conditions against the portal now, payout from the proven expenditure. */
    async pruefeNachweis(u: Person, id: string, p: { anerkanntCent: Cent; kommentar?: string }, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'nachweis_eingegangen');
      verlangeUnbeteiligt('nachweis_pruefen', a, u);
      if (p.anerkanntCent < 0n) throw new ValidationError('Der anerkannte Betrag darf nicht negativ sein.', [{ field: 'anerkannt', message: 'Der anerkannte Betrag darf nicht negativ sein.' }]);
      // The conditions must now hold (phase „nachweis“); money rules are fixed by the grant.
      const pruefung = await bewerte(a, 'nachweis', { restbudgetCent: null });
      const bedingungen = pruefung.regeln.filter((r) => r.quelle !== 'berechnung' && r.ergebnis === 'nicht_erfuellt');
      if (bedingungen.length > 0) {
        throw new ConflictError(
          `Die Fördervoraussetzungen sind noch nicht erfüllt: ${bedingungen.map((r) => r.titel).join('; ')}.`,
          bedingungen.map((r) => ({ field: r.id, message: `${r.titel}: ${r.text}` })),
        );
      }
      const { auszahlungCent, entbindungCent } = berechneAuszahlung(a.foerderbetragCent ?? 0n, p.anerkanntCent, a.foerdersatzProzent ?? settings.satzProzent);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'nachweis_eingegangen') throw new ConflictError('Der Verwendungsnachweis wurde inzwischen geprüft.');
        await schritt(tx, u, a, {
          schritt: 'nachweis_geprueft',
          nach: 'nachweis_geprueft',
          at,
          requestId: opts.requestId,
          kommentar: p.kommentar?.trim() || null,
          patch: { nachweisGeprueftAm: tagInBayern(at), nachweisGeprueftVon: u.id, nachweisGeprueftVonLabel: label(u), auszahlungCent },
          daten: { anerkanntCent: p.anerkanntCent.toString(), auszahlungCent: auszahlungCent.toString(), entbindungCent: entbindungCent.toString() },
        });
      });
      return { antrag: (await repo.findAntrag(id)) as AntragRow, auszahlungCent, entbindungCent };
    },

    /**
     * Payout release. The first release marks it; the second, by a different person, pays out:
     * payout and release of the unused commitment are booked in the ledger under the budget lock.
     */
    async gebeFrei(u: Person, id: string, f: { kommentar?: string } = {}, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'nachweis_geprueft', 'auszahlung_freigegeben');
      verlangeUnbeteiligt(a.status === 'nachweis_geprueft' ? 'freigabe1' : 'freigabe2', a, u);
      const at = clock.now();
      const kommentar = f.kommentar?.trim() || null;
      if (a.status === 'nachweis_geprueft') {
        await repo.db.transaction(async (tx) => {
          const locked = await repo.findAntrag(id, tx, { forUpdate: true });
          if (locked?.status !== 'nachweis_geprueft') throw new ConflictError('Die Auszahlung wurde inzwischen freigegeben.');
          await schritt(tx, u, a, { schritt: 'auszahlung_freigabe_1', nach: 'auszahlung_freigegeben', at, kommentar, requestId: opts.requestId, patch: { freigabe1Von: u.id, freigabe1VonLabel: label(u), freigabe1Am: at } });
        });
        return { antrag: (await repo.findAntrag(id)) as AntragRow, ausgezahlt: false };
      }
      await sichereHaushalt();
      await repo.db.transaction(async (tx) => {
        await repo.budgetstand(tx, { sperren: true });
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || locked.status !== 'auszahlung_freigegeben') throw new ConflictError('Die Auszahlung wurde inzwischen ausgeführt.');
        verlangeUnbeteiligt('freigabe2', locked, u);
        const bewilligt = locked.foerderbetragCent ?? 0n;
        const auszahlung = locked.auszahlungCent ?? 0n;
        if (auszahlung > 0n) await repo.insertBuchung(tx, { antragId: id, art: 'auszahlung', betragCent: auszahlung, actorId: u.id, actorLabel: label(u), at });
        if (bewilligt - auszahlung > 0n) await repo.insertBuchung(tx, { antragId: id, art: 'entbindung', betragCent: bewilligt - auszahlung, actorId: u.id, actorLabel: label(u), at });
        await schritt(tx, u, locked, {
          schritt: 'ausgezahlt',
          nach: 'ausgezahlt',
          at,
          kommentar,
          requestId: opts.requestId,
          patch: { freigabe2Von: u.id, freigabe2VonLabel: label(u), freigabe2Am: at, ausgezahltAm: tagInBayern(at) },
          daten: { auszahlungCent: auszahlung.toString(), entbindungCent: (bewilligt - auszahlung).toString() },
        });
      });
      const nachher = (await repo.findAntrag(id)) as AntragRow;
      await benachrichtige(nachher, 'foerderung.ausgezahlt', 'Auszahlung Ihrer Zuwendung', [
        `Die Zuwendung für „${a.massnahme}“ wird ausgezahlt: ${formatEuro(nachher.auszahlungCent ?? 0n)} auf das Konto ${nachher.iban.slice(0, 4)} … ${nachher.iban.slice(-4)}.`,
      ]);
      return { antrag: nachher, ausgezahlt: true };
    },

    /** Sends the „proof of use due“ reminder for every grant due within the configured days (once each). */
    async erinnereNachweise(u: Person, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const heute = tagInBayern(clock.now());
      const bis = new Date(`${heute}T00:00:00Z`);
      bis.setUTCDate(bis.getUTCDate() + settings.erinnerungTage);
      const faellig = await repo.faelligeNachweise(bis.toISOString().slice(0, 10));
      for (const a of faellig) {
        await repo.db.transaction(async (tx) => {
          await repo.updateAntrag(tx, a.id, { nachweisErinnertAm: clock.now() });
          await audit(tx, u, opts.requestId, 'foerderung.nachweis_erinnert', a.id, null, { nachweisFaelligAm: a.nachweisFaelligAm });
        });
        const ueberfaellig = (a.nachweisFaelligAm ?? '') < heute;
        await benachrichtige(a, 'foerderung.nachweis_faellig', ueberfaellig ? 'Verwendungsnachweis überfällig' : 'Verwendungsnachweis bald fällig', [
          `Der Verwendungsnachweis für „${a.massnahme}“ ${ueberfaellig ? 'war' : 'ist'} am ${(a.nachweisFaelligAm ?? '').split('-').reverse().join('.')} fällig.`,
          'Bitte reichen Sie ihn in der Akte ein: tatsächliche zuwendungsfähige Ausgaben und einen kurzen Sachbericht.',
        ]);
      }
      return { erinnert: faellig.length };
    },

    /* ------------------------------------------------------------ reading */

    /** The file (Akte): application, cost items, steps, ledger, letters, live rule check, what this user may do. */
    async akte(u: Person, id: string) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      const [kosten, schritte, buchungen, mails, behoerde] = await Promise.all([repo.kostenOf(id), repo.schritteOf(id), repo.buchungenOf(id), repo.mailsOf(id), repo.behoerde(a.behoerdeArs)]);
      const phase: Phase = ['nachweis_eingegangen', 'nachweis_geprueft', 'auszahlung_freigegeben', 'ausgezahlt'].includes(a.status) ? 'nachweis' : 'antrag';
      const offen = ['entwurf', 'eingereicht', 'geprueft'].includes(a.status);
      // Live check while the decision is open; afterwards the snapshot of the last step.
      const pruefung = offen || a.status === 'nachweis_eingegangen' ? serialisierePruefung(await bewerte(a, phase, { restbudgetCent: offen ? undefined : null })) : (a.pruefung as PruefungJson | null);
      const [satz, satzVerlauf] = await Promise.all([satzGrundlage(a.behoerdeArs, a.id), repo.satzBestaetigungen(id)]);
      return {
        antrag: a,
        behoerde,
        kosten,
        schritte,
        buchungen,
        mails,
        pruefung,
        satz,
        satzVerlauf,
        regeln: settings,
        /** Either officer may withdraw an open proposal of the higher rate. */
        darfSatzZuruecknehmen: istSachbearbeitung(u) && ['eingereicht', 'geprueft'].includes(a.status),
        aktionen: this.aktionen(u, a, satz),
      };
    },

    /** Which steps this user may take now, and why not (four eyes and no self-decisions made visible). */
    aktionen(u: Person, a: AntragRow, satz?: FoerdersatzGrundlage): Aktion[] {
      const officer = istSachbearbeitung(u);
      const antragsteller = darfBeantragen(u, a.behoerdeArs);
      const out: Aktion[] = [];
      const officerSchritt = (id: Aktion['id'], schritt: OfficerSchritt) => {
        const grund = darfNicht(schritt, { ...a, satzVorgeschlagenVon: satz?.bestaetigung?.status === 'offen' ? satz.bestaetigung.vorgeschlagenVon : null }, u.id);
        out.push(grund ? { id, erlaubt: false, grund } : { id, erlaubt: true });
      };
      switch (a.status) {
        case 'entwurf':
          if (antragsteller) out.push({ id: 'bearbeiten', erlaubt: true }, { id: 'einreichen', erlaubt: true });
          break;
        case 'eingereicht':
          if (officer) officerSchritt('pruefen', 'pruefen');
          break;
        case 'geprueft':
          if (officer) officerSchritt('entscheiden', 'entscheiden');
          break;
        case 'bewilligt':
          if (antragsteller) out.push({ id: 'nachweis', erlaubt: true });
          break;
        case 'nachweis_eingegangen':
          if (officer) officerSchritt('nachweis_pruefen', 'nachweis_pruefen');
          break;
        case 'nachweis_geprueft':
          if (officer) officerSchritt('freigeben', 'freigabe1');
          break;
        case 'auszahlung_freigegeben':
          if (officer) officerSchritt('freigeben', 'freigabe2');
          break;
      }
      // The higher rate without the official list: proposed by one officer, confirmed by another, before the decision.
      if (officer && satz && satz.grundlage !== 'gebietskulisse' && ['eingereicht', 'geprueft'].includes(a.status)) {
        if (!satz.bestaetigung) officerSchritt('satz_vorschlagen', 'satz_vorschlagen');
        else if (satz.bestaetigung.status === 'offen') officerSchritt('satz_bestaetigen', 'satz_bestaetigen');
      }
      return out;
    },

    /**
     * The rule check of a draft as it would run at submission, from the form's current values
     * (nothing is stored): the applicant sees every rule that would fail, with the amounts.
     */
    async vorschau(u: Person, ars: string, e: AntragEingabe) {
      if (!darfBeantragen(u, ars)) throw new ForbiddenError(`Förderanträge für die Behörde ${ars} stellt nur ihre Redaktion.`);
      await sichereHaushalt();
      const [behoerde, portal, satz, stand] = await Promise.all([repo.behoerde(ars), portalDaten(ars, e.onlineDienste), satzGrundlage(ars), repo.budgetstand()]);
      const bisher = await repo.bisherigeZuwendungen(deps.db, ars, '00000000-0000-0000-0000-000000000000');
      return serialisierePruefung(
        pruefeAntrag(
          {
            phase: 'antrag',
            behoerdeTyp: behoerde?.typ ?? 'gemeinde',
            positionen: e.positionen,
            besondererHandlungsbedarf: satz.rmbh,
            foerdersatzGrundlage: { quelle: satz.grundlage === 'gebietskulisse' ? 'amtliche_liste' : 'berechnung', text: satz.text },
            erklaerungen: e.erklaerungen,
            portal,
            bisherigeZuwendungenCent: bisher,
            restbudgetCent: restbudget(stand),
          },
          regeln,
        ),
      );
    },

    /** Where the grant rate of a Behörde comes from (the form and the Akte show it). */
    foerdersatzVon: (ars: string, antragId?: string) => satzGrundlage(ars, antragId),

    /** First officer: proposes the higher rate (no official list installed) with a reason and a source. */
    async schlageSatzVor(u: Person, id: string, v: { begruendung: string; quelle: string }, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'eingereicht', 'geprueft');
      verlangeUnbeteiligt('satz_vorschlagen', a, u);
      const fehler: ErrorDetail[] = [];
      if (v.begruendung.trim().length < 10) fehler.push({ field: 'begruendung', message: 'Bitte begründen Sie, warum die Behörde in einem Raum mit besonderem Handlungsbedarf liegt.' });
      if (v.quelle.trim().length < 3) fehler.push({ field: 'quelle', message: 'Bitte nennen Sie die Quelle (z. B. LEP, Anhang 2 „Strukturkarte“, mit Stand).' });
      if (fehler.length) throw new ValidationError('Der Vorschlag ist unvollständig.', fehler);
      if (deps.gebietskulisse().status === 'ok') throw new ConflictError('Die amtliche Gebietskulisse ist hinterlegt: Der Fördersatz ergibt sich aus ihr und kann nicht bestätigt werden.');
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || !['eingereicht', 'geprueft'].includes(locked.status)) throw new ConflictError('Über den Antrag wurde inzwischen entschieden.');
        if (await repo.satzBestaetigung(id, tx)) throw new ConflictError('Für diesen Antrag ist der erhöhte Fördersatz bereits vorgeschlagen oder bestätigt.');
        const b = await repo.insertSatzBestaetigung(tx, { antragId: id, status: 'offen', begruendung: v.begruendung.trim(), quelle: v.quelle.trim(), vorgeschlagenVon: u.id, vorgeschlagenVonLabel: label(u), vorgeschlagenAm: at });
        await repo.insertSchritt(tx, { antragId: id, schritt: 'foerdersatz_vorgeschlagen', vonStatus: locked.status, nachStatus: locked.status, actorId: u.id, actorLabel: label(u), kommentar: `${v.begruendung.trim()} (Quelle: ${v.quelle.trim()})`, at });
        await audit(tx, u, opts.requestId, 'foerderung.foerdersatz_vorgeschlagen', id, null, { vorschlag: b.id, begruendung: b.begruendung, quelle: b.quelle });
      });
    },

    /** Second officer (not the proposer): confirms the higher rate; the rule check then applies it. */
    async bestaetigeSatz(u: Person, id: string, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'eingereicht', 'geprueft');
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || !['eingereicht', 'geprueft'].includes(locked.status)) throw new ConflictError('Über den Antrag wurde inzwischen entschieden.');
        const b = await repo.satzBestaetigung(id, tx);
        if (b?.status !== 'offen') throw new ConflictError('Es gibt keinen offenen Vorschlag für den erhöhten Fördersatz.');
        verlangeUnbeteiligt('satz_bestaetigen', locked, u, b);
        await repo.erledigeSatzBestaetigung(tx, b.id, { status: 'bestaetigt', erledigtVon: u.id, erledigtVonLabel: label(u), erledigtAm: at });
        await repo.insertSchritt(tx, { antragId: id, schritt: 'foerdersatz_bestaetigt', vonStatus: locked.status, nachStatus: locked.status, actorId: u.id, actorLabel: label(u), at });
        await audit(tx, u, opts.requestId, 'foerderung.foerdersatz_bestaetigt', id, { vorgeschlagenVon: b.vorgeschlagenVonLabel }, { vorschlag: b.id, status: 'bestaetigt' });
      });
    },

    /** Withdraws an open proposal of the higher rate (the proposer or another officer). */
    async zieheSatzZurueck(u: Person, id: string, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
        const b = await repo.satzBestaetigung(id, tx);
        if (b?.status !== 'offen') throw new ConflictError('Es gibt keinen offenen Vorschlag für den erhöhten Fördersatz.');
        await repo.erledigeSatzBestaetigung(tx, b.id, { status: 'zurueckgenommen', erledigtVon: u.id, erledigtVonLabel: label(u), erledigtAm: at });
        await repo.insertSchritt(tx, { antragId: id, schritt: 'foerdersatz_zurueckgenommen', vonStatus: locked.status, nachStatus: locked.status, actorId: u.id, actorLabel: label(u), at });
        await audit(tx, u, opts.requestId, 'foerderung.foerdersatz_zurueckgenommen', id, { vorschlag: b.id }, { status: 'zurueckgenommen' });
      });
    },

    /** The applicant's applications (all Behörden the user edits), drafts included. */
    async meineAntraege(u: Person) {
      const ars = u.role === 'kommune_editor' ? u.behoerden : [];
      const [antraege, behoerden] = await Promise.all([repo.antraegeOf(ars), Promise.all(ars.map((x) => repo.behoerde(x)))]);
      return { antraege, behoerden: behoerden.filter((b): b is NonNullable<typeof b> => !!b) };
    },

    /**
     * The officers' work list: a filtered, sorted page (at most 100) with the submission date and
     * age, the amounts, the rule warnings and flags, and whether this officer may act on each.
     */
    async arbeitsliste(u: Person, f: Omit<ArbeitslisteFilter, 'stichtag' | 'fuerPerson'> & { nurFuerMich?: boolean }) {
      if (!darfAlleSehen(u)) throw new ForbiddenError('Die Arbeitsliste sieht nur die Förder-Sachbearbeitung.');
      const stichtag = tagInBayern(clock.now());
      const r = await repo.arbeitsliste({ ...f, stichtag, fuerPerson: f.nurFuerMich ? u.id : undefined });
      return {
        total: r.total,
        stichtag,
        items: r.items.map((x) => {
          const schritt: OfficerSchritt | undefined =
            x.status === 'eingereicht' ? 'pruefen' : x.status === 'geprueft' ? 'entscheiden' : x.status === 'nachweis_eingegangen' ? 'nachweis_pruefen' : x.status === 'nachweis_geprueft' ? 'freigabe1' : x.status === 'auszahlung_freigegeben' ? 'freigabe2' : undefined;
          const sperre = schritt
            ? darfNicht(schritt, { erstelltVon: x.erstellt_von, eingereichtVon: x.eingereicht_von, geprueftVon: x.geprueft_von, freigabe1Von: x.freigabe1_von }, u.id)
            : undefined;
          return { ...x, vierAugenSperre: sperre };
        }),
      };
    },

    /** Grant overview (VV Nr. 9 zu Art. 44 BayHO): recipient, measure, amount, proof due/received/checked. */
    async uebersicht(u: Person, f: Omit<UebersichtFilter, 'stichtag' | 'behoerden'>) {
      if (!darfAlleSehen(u)) throw new ForbiddenError('Die Förderübersicht sieht nur die Förder-Sachbearbeitung und das Ministerium.');
      return repo.uebersicht({ ...f, stichtag: tagInBayern(clock.now()), suchbegriff: f.suchbegriff?.trim().toLocaleLowerCase('de-DE').slice(0, 100) || undefined });
    },

    async uebersichtCsv(u: Person, f: Omit<UebersichtFilter, 'stichtag' | 'behoerden' | 'limit' | 'offset'>) {
      const r = await this.uebersicht(u, { ...f, limit: 100_000, offset: 0 });
      return uebersichtAlsCsv(r.items);
    },

    async regierungsbezirke() {
      return repo.regierungsbezirke();
    },

    /** Budget, ledger sums and the check that the overview's totals agree with the ledger. */
    async haushalt(u: Person, seite = 1, proSeite = 50) {
      if (!darfAlleSehen(u)) throw new ForbiddenError('Den Haushalt sieht nur die Förder-Sachbearbeitung und das Ministerium.');
      await sichereHaushalt();
      const stand = await repo.budgetstand();
      const [buchungen, summeBewilligt] = await Promise.all([repo.buchungen(proSeite, (seite - 1) * proSeite), repo.summeBewilligt()]);
      return {
        stand,
        restCent: restbudget(stand),
        offenCent: offeneBindungen(stand),
        summeBewilligtCent: summeBewilligt,
        /** Σ granted amounts of committed applications = Σ commitments in the ledger. */
        stimmtUeberein: summeBewilligt === stand.gebundenCent,
        buchungen,
        seite,
        proSeite,
      };
    },

    async statistik(u: Person) {
      if (!darfAlleSehen(u)) throw new ForbiddenError('Die Statistik sieht nur die Förder-Sachbearbeitung und das Ministerium.');
      await sichereHaushalt();
      const [s, stand] = await Promise.all([repo.statistik(), repo.budgetstand()]);
      const eingereicht = s.nachStatus.filter((x) => x.status !== 'entwurf').reduce((n, x) => n + x.anzahl, 0);
      const bewilligt = s.nachStatus.filter((x) => (BEWILLIGTE_STATUS as readonly string[]).includes(x.status)).reduce((n, x) => n + x.anzahl, 0);
      return { ...s, eingereicht, bewilligt, stand, restCent: restbudget(stand), offenCent: offeneBindungen(stand) };
    },

    /** The grant notice (or rejection notice) as a tagged PDF. */
    async bescheid(u: Person, id: string) {
      const { antrag, behoerde, kosten, pruefung } = await this.akte(u, id);
      if (!['bewilligt', 'abgelehnt', 'nachweis_eingegangen', 'nachweis_geprueft', 'auszahlung_freigegeben', 'ausgezahlt'].includes(antrag.status) || !antrag.bescheidAm) {
        throw new NotFoundError('Für diesen Antrag gibt es noch keinen Bescheid.');
      }
      const schritte = await repo.schritteOf(id);
      const begruendung = schritte.find((s) => s.schritt === 'abgelehnt')?.kommentar ?? null;
      return {
        dateiname: `Bescheid-${antrag.aktenzeichen}.pdf`,
        pdf: await erzeugeBescheidPdf({ antrag, behoerde, kosten, pruefung, begruendung, regeln: settings }),
      };
    },
  };
  return service;
};

export type FoerderungService = ReturnType<typeof createFoerderungService>;
