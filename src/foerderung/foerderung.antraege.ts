/**
 * Förderprogramm „Digitales Rathaus“, the applicant's side: the form, drafts, submission, the proof
 * of use, the Akte with the steps a user may take, the rule preview, the grant rate, the own
 * applications and the Bescheid. Four eyes and the budget: foerderung.service.ts.
 */
import type { Handelnde } from '../shared/handelnde';
import { ConflictError, type ErrorDetail, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { erzeugeBescheidPdf } from './foerderung.bescheid';
import { type AntragRow } from './foerderung.repository';
import { darfNicht, type OfficerSchritt } from './foerderung.zustand';
import { tagInBayern } from './foerderung.status';
import { type Cent, type Erklaerungen, formatEuro, type Phase, pruefeAntrag, restbudget } from './foerderung.regeln';
import {
  type Aktion,
  type AntragEingabe,
  darfBeantragen,
  type FoerdersatzGrundlage,
  type FoerderungKern,
  istSachbearbeitung,
  LEERE_ERKLAERUNGEN,
  pruefeEinreichung,
  pruefeEntwurf,
  type PruefungJson,
  serialisierePruefung,
} from './foerderung.kern';

export const createFoerderungAntraege = (kern: FoerderungKern) => {
  const { deps, clock, settings, repo, regeln, sichereHaushalt, label, audit, ladeAntrag, pruefeSicht, verlangeStatus, zuPositionen, portalDaten, satzGrundlage, bewerte, benachrichtige, eingabeZuSpalten, schritt } = kern;
  return {
    /* ------------------------------------------------------------ applicants */

    /** What the application form needs: the Behörde and the names of its linked counting services. */
    async formularDaten(u: Handelnde, ars: string) {
      if (!darfBeantragen(u, ars)) throw new ForbiddenError(`Förderanträge für die Behörde ${ars} stellt nur ihre Redaktion.`, [], 'BEHOERDE_NICHT_ZUGEORDNET');
      const behoerde = await repo.behoerde(ars);
      if (!behoerde) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${ars}.`);
      const [portal, satz] = await Promise.all([portalDaten(ars, []), satzGrundlage(ars)]);
      return { behoerde, anzahlDienste: portal.anzahlDienste, verlinkteDienste: portal.verlinkteNamen, satz };
    },

    async erstelleEntwurf(u: Handelnde, ars: string, e: AntragEingabe, opts: { requestId?: string } = {}) {
      if (!darfBeantragen(u, ars)) throw new ForbiddenError(`Förderanträge für die Behörde ${ars} stellt nur ihre Redaktion.`, [], 'BEHOERDE_NICHT_ZUGEORDNET');
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
    async aktualisiereEntwurf(u: Handelnde, id: string, e: AntragEingabe, opts: { requestId?: string } = {}) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      if (!darfBeantragen(u, a.behoerdeArs)) throw new ForbiddenError('Den Entwurf bearbeitet nur die Redaktion der antragstellenden Behörde.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
      verlangeStatus(a, 'entwurf');
      const fehler = pruefeEntwurf(e);
      if (fehler.length) throw new ValidationError('Der Entwurf wurde nicht gespeichert.', fehler);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'entwurf') throw new ConflictError('Der Antrag ist bereits eingereicht und kann nicht mehr geändert werden.', [], 'FOERDERUNG_FALSCHER_SCHRITT');
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
    async reicheEin(u: Handelnde, id: string, opts: { requestId?: string; nichtFoerderfaehigBestaetigt?: boolean } = {}) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      if (!darfBeantragen(u, a.behoerdeArs)) throw new ForbiddenError('Einreichen darf nur die Redaktion der antragstellenden Behörde.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
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
        if (locked?.status !== 'entwurf') throw new ConflictError('Der Antrag ist bereits eingereicht.', [], 'FOERDERUNG_FALSCHER_SCHRITT');
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
    async reicheNachweisEin(u: Handelnde, id: string, n: { ausgabenCent: Cent; sachbericht: string }, opts: { requestId?: string } = {}) {
      const a = await ladeAntrag(id);
      pruefeSicht(u, a);
      if (!darfBeantragen(u, a.behoerdeArs)) throw new ForbiddenError('Den Verwendungsnachweis reicht die Redaktion der antragstellenden Behörde ein.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
      verlangeStatus(a, 'bewilligt');
      const fehler: ErrorDetail[] = [];
      if (n.ausgabenCent <= 0n) fehler.push({ field: 'ausgaben', message: 'Bitte geben Sie die tatsächlichen zuwendungsfähigen Ausgaben an.' });
      if (n.sachbericht.trim().length < 20) fehler.push({ field: 'sachbericht', message: 'Bitte beschreiben Sie im Sachbericht in einigen Sätzen, was umgesetzt wurde (mindestens 20 Zeichen).' });
      if (n.sachbericht.length > 10_000) fehler.push({ field: 'sachbericht', message: 'Der Sachbericht darf höchstens 10.000 Zeichen lang sein.' });
      if (fehler.length) throw new ValidationError('Der Verwendungsnachweis wurde nicht eingereicht.', fehler);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'bewilligt') throw new ConflictError('Der Verwendungsnachweis ist bereits eingegangen.', [], 'FOERDERUNG_FALSCHER_SCHRITT');
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

    /* ------------------------------------------------------------ reading */

    /** The file (Akte): application, cost items, steps, ledger, letters, live rule check, what this user may do. */
    async akte(u: Handelnde, id: string) {
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
    aktionen(u: Handelnde, a: AntragRow, satz?: FoerdersatzGrundlage): Aktion[] {
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
    async vorschau(u: Handelnde, ars: string, e: AntragEingabe) {
      if (!darfBeantragen(u, ars)) throw new ForbiddenError(`Förderanträge für die Behörde ${ars} stellt nur ihre Redaktion.`, [], 'BEHOERDE_NICHT_ZUGEORDNET');
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

    /** The applicant's applications (all Behörden the user edits), drafts included. */
    async meineAntraege(u: Handelnde) {
      const ars = u.role === 'kommune_editor' ? u.behoerden : [];
      const [antraege, behoerden] = await Promise.all([repo.antraegeOf(ars), Promise.all(ars.map((x) => repo.behoerde(x)))]);
      return { antraege, behoerden: behoerden.filter((b): b is NonNullable<typeof b> => !!b) };
    },

    /** The grant notice (or rejection notice) as a tagged PDF. */
    async bescheid(u: Handelnde, id: string) {
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
};
