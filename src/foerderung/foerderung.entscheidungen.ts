/**
 * Förderprogramm „Digitales Rathaus“, the officers' side: check and decision under four eyes, the
 * proof of use, the two payout releases, reminders, the higher grant rate under four eyes, the work
 * list, the grant overview, the budget ledger and the statistics. Four eyes and the budget lock:
 * foerderung.service.ts.
 */
import type { Handelnde } from '../shared/handelnde';
import { ConflictError, type ErrorDetail, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { type AntragRow, type ArbeitslisteFilter, BEWILLIGTE_STATUS, type UebersichtFilter } from './foerderung.repository';
import { darfNicht, type OfficerSchritt } from './foerderung.zustand';
import { uebersichtAlsCsv } from './foerderung.csv';
import { tagInBayern } from './foerderung.status';
import { berechneAuszahlung, type Cent, formatEuro, nachweisFaelligAm, offeneBindungen, restbudget } from './foerderung.regeln';
import { darfAlleSehen, type FoerderungKern, serialisierePruefung } from './foerderung.kern';

export const createFoerderungEntscheidungen = (kern: FoerderungKern) => {
  const { deps, clock, settings, repo, sichereHaushalt, label, audit, ladeAntrag, verlangeSachbearbeitung, verlangeUnbeteiligt, verlangeStatus, zuPositionen, kontext, bewerteMit, bewerte, link, benachrichtige, schritt } = kern;
  return {
    /* ------------------------------------------------------------ officers */

    /** First officer: checks and recommends (bewilligen | ablehnen). */
    async pruefe(u: Handelnde, id: string, p: { empfehlung: 'bewilligen' | 'ablehnen'; kommentar?: string }, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'eingereicht');
      verlangeUnbeteiligt('pruefen', a, u);
      const pruefung = await bewerte(a, 'antrag');
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'eingereicht') throw new ConflictError('Der Antrag wurde inzwischen von einer anderen Person geprüft.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
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
    async entscheide(u: Handelnde, id: string, d: { entscheidung: 'bewilligen' | 'ablehnen'; kommentar?: string }, opts: { requestId?: string } = {}) {
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
          if (locked?.status !== 'geprueft') throw new ConflictError('Über den Antrag wurde inzwischen entschieden.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
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
        if (!locked || locked.status !== 'geprueft') throw new ConflictError('Über den Antrag wurde inzwischen entschieden.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
        verlangeUnbeteiligt('entscheiden', locked, u);
        const bisher = await repo.bisherigeZuwendungen(tx, locked.behoerdeArs, id);
        const pruefung = bewerteMit(locked, 'antrag', k, positionen, bisher, restbudget(stand));
        if (!pruefung.foerderfaehig) {
          const nicht = pruefung.regeln.filter((r) => r.ergebnis === 'nicht_erfuellt');
          throw new ConflictError(
            `Der Antrag kann nicht bewilligt werden: ${nicht.map((r) => r.titel).join('; ')}.`,
            nicht.map((r) => ({ field: r.id, message: `${r.titel}: ${r.text}` })),
            'FOERDERUNG_NICHT_FOERDERFAEHIG',
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
    async pruefeNachweis(u: Handelnde, id: string, p: { anerkanntCent: Cent; kommentar?: string }, opts: { requestId?: string } = {}) {
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
          'FOERDERUNG_NICHT_FOERDERFAEHIG',
        );
      }
      const { auszahlungCent, entbindungCent } = berechneAuszahlung(a.foerderbetragCent ?? 0n, p.anerkanntCent, a.foerdersatzProzent ?? settings.satzProzent);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (locked?.status !== 'nachweis_eingegangen') throw new ConflictError('Der Verwendungsnachweis wurde inzwischen geprüft.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
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
    async gebeFrei(u: Handelnde, id: string, f: { kommentar?: string } = {}, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'nachweis_geprueft', 'auszahlung_freigegeben');
      verlangeUnbeteiligt(a.status === 'nachweis_geprueft' ? 'freigabe1' : 'freigabe2', a, u);
      const at = clock.now();
      const kommentar = f.kommentar?.trim() || null;
      if (a.status === 'nachweis_geprueft') {
        await repo.db.transaction(async (tx) => {
          const locked = await repo.findAntrag(id, tx, { forUpdate: true });
          if (locked?.status !== 'nachweis_geprueft') throw new ConflictError('Die Auszahlung wurde inzwischen freigegeben.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
          await schritt(tx, u, a, { schritt: 'auszahlung_freigabe_1', nach: 'auszahlung_freigegeben', at, kommentar, requestId: opts.requestId, patch: { freigabe1Von: u.id, freigabe1VonLabel: label(u), freigabe1Am: at } });
        });
        return { antrag: (await repo.findAntrag(id)) as AntragRow, ausgezahlt: false };
      }
      await sichereHaushalt();
      await repo.db.transaction(async (tx) => {
        await repo.budgetstand(tx, { sperren: true });
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || locked.status !== 'auszahlung_freigegeben') throw new ConflictError('Die Auszahlung wurde inzwischen ausgeführt.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
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
    async erinnereNachweise(u: Handelnde, opts: { requestId?: string } = {}) {
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

    /** First officer: proposes the higher rate (no official list installed) with a reason and a source. */
    async schlageSatzVor(u: Handelnde, id: string, v: { begruendung: string; quelle: string }, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'eingereicht', 'geprueft');
      verlangeUnbeteiligt('satz_vorschlagen', a, u);
      const fehler: ErrorDetail[] = [];
      if (v.begruendung.trim().length < 10) fehler.push({ field: 'begruendung', message: 'Bitte begründen Sie, warum die Behörde in einem Raum mit besonderem Handlungsbedarf liegt.' });
      if (v.quelle.trim().length < 3) fehler.push({ field: 'quelle', message: 'Bitte nennen Sie die Quelle (z. B. LEP, Anhang 2 „Strukturkarte“, mit Stand).' });
      if (fehler.length) throw new ValidationError('Der Vorschlag ist unvollständig.', fehler);
      if (deps.gebietskulisse().status === 'ok') throw new ConflictError('Die amtliche Gebietskulisse ist hinterlegt: Der Fördersatz ergibt sich aus ihr und kann nicht bestätigt werden.', [], 'FOERDERUNG_SATZ_AUS_GEBIETSKULISSE');
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || !['eingereicht', 'geprueft'].includes(locked.status)) throw new ConflictError('Über den Antrag wurde inzwischen entschieden.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
        if (await repo.satzBestaetigung(id, tx)) throw new ConflictError('Für diesen Antrag ist der erhöhte Fördersatz bereits vorgeschlagen oder bestätigt.', [], 'FOERDERUNG_SATZ_BEREITS_VORGESCHLAGEN');
        const b = await repo.insertSatzBestaetigung(tx, { antragId: id, status: 'offen', begruendung: v.begruendung.trim(), quelle: v.quelle.trim(), vorgeschlagenVon: u.id, vorgeschlagenVonLabel: label(u), vorgeschlagenAm: at });
        await repo.insertSchritt(tx, { antragId: id, schritt: 'foerdersatz_vorgeschlagen', vonStatus: locked.status, nachStatus: locked.status, actorId: u.id, actorLabel: label(u), kommentar: `${v.begruendung.trim()} (Quelle: ${v.quelle.trim()})`, at });
        await audit(tx, u, opts.requestId, 'foerderung.foerdersatz_vorgeschlagen', id, null, { vorschlag: b.id, begruendung: b.begruendung, quelle: b.quelle });
      });
    },

    /** Second officer (not the proposer): confirms the higher rate; the rule check then applies it. */
    async bestaetigeSatz(u: Handelnde, id: string, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const a = await ladeAntrag(id);
      verlangeStatus(a, 'eingereicht', 'geprueft');
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked || !['eingereicht', 'geprueft'].includes(locked.status)) throw new ConflictError('Über den Antrag wurde inzwischen entschieden.', [], 'FOERDERUNG_BEREITS_ERLEDIGT');
        const b = await repo.satzBestaetigung(id, tx);
        if (b?.status !== 'offen') throw new ConflictError('Es gibt keinen offenen Vorschlag für den erhöhten Fördersatz.', [], 'FOERDERUNG_KEIN_OFFENER_VORSCHLAG');
        verlangeUnbeteiligt('satz_bestaetigen', locked, u, b);
        await repo.erledigeSatzBestaetigung(tx, b.id, { status: 'bestaetigt', erledigtVon: u.id, erledigtVonLabel: label(u), erledigtAm: at });
        await repo.insertSchritt(tx, { antragId: id, schritt: 'foerdersatz_bestaetigt', vonStatus: locked.status, nachStatus: locked.status, actorId: u.id, actorLabel: label(u), at });
        await audit(tx, u, opts.requestId, 'foerderung.foerdersatz_bestaetigt', id, { vorgeschlagenVon: b.vorgeschlagenVonLabel }, { vorschlag: b.id, status: 'bestaetigt' });
      });
    },

    /** Withdraws an open proposal of the higher rate (the proposer or another officer). */
    async zieheSatzZurueck(u: Handelnde, id: string, opts: { requestId?: string } = {}) {
      verlangeSachbearbeitung(u);
      const at = clock.now();
      await repo.db.transaction(async (tx) => {
        const locked = await repo.findAntrag(id, tx, { forUpdate: true });
        if (!locked) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
        const b = await repo.satzBestaetigung(id, tx);
        if (b?.status !== 'offen') throw new ConflictError('Es gibt keinen offenen Vorschlag für den erhöhten Fördersatz.', [], 'FOERDERUNG_KEIN_OFFENER_VORSCHLAG');
        await repo.erledigeSatzBestaetigung(tx, b.id, { status: 'zurueckgenommen', erledigtVon: u.id, erledigtVonLabel: label(u), erledigtAm: at });
        await repo.insertSchritt(tx, { antragId: id, schritt: 'foerdersatz_zurueckgenommen', vonStatus: locked.status, nachStatus: locked.status, actorId: u.id, actorLabel: label(u), at });
        await audit(tx, u, opts.requestId, 'foerderung.foerdersatz_zurueckgenommen', id, { vorschlag: b.id }, { status: 'zurueckgenommen' });
      });
    },

    /**
     * The officers' work list: a filtered, sorted page (at most 100) with the submission date and
     * age, the amounts, the rule warnings and flags, and whether this officer may act on each.
     */
    async arbeitsliste(u: Handelnde, f: Omit<ArbeitslisteFilter, 'stichtag' | 'fuerPerson'> & { nurFuerMich?: boolean }) {
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
    async uebersicht(u: Handelnde, f: Omit<UebersichtFilter, 'stichtag' | 'behoerden'>) {
      if (!darfAlleSehen(u)) throw new ForbiddenError('Die Förderübersicht sieht nur die Förder-Sachbearbeitung und das Ministerium.');
      return repo.uebersicht({ ...f, stichtag: tagInBayern(clock.now()), suchbegriff: f.suchbegriff?.trim().toLocaleLowerCase('de-DE').slice(0, 100) || undefined });
    },

    async uebersichtCsv(u: Handelnde, f: Omit<UebersichtFilter, 'stichtag' | 'behoerden' | 'limit' | 'offset'>) {
      const r = await this.uebersicht(u, { ...f, limit: 100_000, offset: 0 });
      return uebersichtAlsCsv(r.items);
    },

    async regierungsbezirke() {
      return repo.regierungsbezirke();
    },

    /** Budget, ledger sums and the check that the overview's totals agree with the ledger. */
    async haushalt(u: Handelnde, seite = 1, proSeite = 50) {
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

    async statistik(u: Handelnde) {
      if (!darfAlleSehen(u)) throw new ForbiddenError('Die Statistik sieht nur die Förder-Sachbearbeitung und das Ministerium.');
      await sichereHaushalt();
      const [s, stand] = await Promise.all([repo.statistik(), repo.budgetstand()]);
      const eingereicht = s.nachStatus.filter((x) => x.status !== 'entwurf').reduce((n, x) => n + x.anzahl, 0);
      const bewilligt = s.nachStatus.filter((x) => (BEWILLIGTE_STATUS as readonly string[]).includes(x.status)).reduce((n, x) => n + x.anzahl, 0);
      return { ...s, eingereicht, bewilligt, stand, restCent: restbudget(stand), offenCent: offeneBindungen(stand) };
    },

  };
};
