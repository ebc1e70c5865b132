/**
 * The rules of the Förderprogramm „Digitales Rathaus“ (FöRdR of 1.10.2019) in one pure module:
 * eligible costs, grant rate, per-applicant cap, minimum grant, remaining budget, the conditions
 * checked against the portal's own data, the payout after the proof of use, and the money helpers
 * (parsing „1.234,56“, formatting, IBAN check).
 *
 * No I/O, no clock, no floating point: every amount is an integer number of cents (`bigint`), and
 * the only rounding — rate × eligible costs — rounds *down* to the whole cent (the grant never
 * exceeds the rate; the budget is never short of a fraction of a cent). Every number comes in
 * through `FoerderRegeln` (config, src/shared/config.ts), never as a literal here.
 *
 * Sources: FöRdR Nr. 2 (eligible: software purchase and set-up of online services offered for the
 * first time, licences for at most two years paid once; not eligible: maintenance and running costs),
 * Nr. 4 (conditions: BayernID, Postkorb and E-Payment where needed, linked in the BayernPortal,
 * mobile-ready, at least 20 online services — 15 for Bezirke), Nr. 5 (80 %, 90 % in a Raum mit
 * besonderem Handlungsbedarf; at most 20,000 EUR per applicant; Bagatellgrenze 2,500 EUR).
 */

export type Cent = bigint;

/** The programme's numbers (all configurable, src/shared/config.ts `foerderung`). */
export interface FoerderRegeln {
  satzProzent: number;
  satzRmbhProzent: number;
  hoechstbetragCent: Cent;
  mindestbetragCent: Cent;
  mindestDienste: number;
  mindestDiensteBezirk: number;
  lizenzJahre: number;
}

/* ------------------------------------------------------------------ money */

/** Parses a German euro amount exactly: „1.234,56“, „1234,5“, „1 234“, „20.000 €“, „EUR 99“. */
export function parseEuro(input: string): { ok: true; cent: Cent } | { ok: false; fehler: string } {
  const s = input
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim()
    .replace(/^(EUR|€)\s*/i, '')
    .replace(/\s*(EUR|€)$/i, '')
    .trim();
  if (s === '') return { ok: false, fehler: 'Bitte geben Sie einen Betrag ein.' };
  if (s.startsWith('-')) return { ok: false, fehler: 'Der Betrag darf nicht negativ sein.' };
  // Thousands separated by dots or spaces in groups of three, or no separators; decimal comma.
  const m = /^(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) {
    if (/^\d+\.\d{1,2}$/.test(s)) return { ok: false, fehler: 'Bitte verwenden Sie das Komma für Cent, z. B. 1.234,56.' };
    return { ok: false, fehler: 'Bitte geben Sie den Betrag in Euro an, z. B. 1.234,56.' };
  }
  const euro = m[1].replace(/[. ]/g, '');
  if (euro.length > 13) return { ok: false, fehler: 'Der Betrag ist zu groß.' };
  const cent = BigInt(euro) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return { ok: true, cent };
}

/** Formats cents as „1.234,56 €“ (German) or „€1,234.56“ (English); exact for any size. */
export function formatEuro(cent: Cent, locale: 'de' | 'en' = 'de'): string {
  const neg = cent < 0n;
  const abs = neg ? -cent : cent;
  const euro = (abs / 100n).toString();
  const rest = (abs % 100n).toString().padStart(2, '0');
  const sep = locale === 'de' ? '.' : ',';
  const grouped = euro.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const sign = neg ? '-' : '';
  return locale === 'de' ? `${sign}${grouped},${rest} €` : `${sign}€${grouped}.${rest}`;
}

/** Plain form value for an input field: „1234,56“ (no thousands separator, decimal comma). */
export const euroEingabe = (cent: Cent) => `${cent / 100n},${(cent % 100n).toString().padStart(2, '0')}`;

/** `floor(betrag × prozent / 100)` in whole cents. */
export const anteil = (betrag: Cent, prozent: number): Cent => (betrag * BigInt(prozent)) / 100n;

export const minCent = (...werte: Cent[]): Cent => werte.reduce((a, b) => (b < a ? b : a));
export const maxCent = (...werte: Cent[]): Cent => werte.reduce((a, b) => (b > a ? b : a));

/* ------------------------------------------------------------------ IBAN */

/** Removes spaces and upper-cases. */
export const normalisiereIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();

/** ISO 13616: country, check digits, mod 97 = 1; German IBANs have 22 characters. Returns a German error or undefined. */
export function pruefeIban(eingabe: string): string | undefined {
  const iban = normalisiereIban(eingabe);
  if (iban === '') return 'Bitte geben Sie die IBAN an.';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return 'Die IBAN hat nicht das richtige Format (z. B. DE02 1203 0000 0000 2020 51).';
  if (iban.startsWith('DE') && iban.length !== 22) return 'Eine deutsche IBAN hat 22 Zeichen.';
  const umgestellt = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of umgestellt) {
    const wert = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const ziffer of wert) rest = (rest * 10 + Number(ziffer)) % 97;
  }
  if (rest !== 1) return 'Die Prüfziffer der IBAN stimmt nicht. Bitte prüfen Sie die Eingabe.';
  return undefined;
}

/** „DE02120300000000202051“ → „DE02 1203 0000 0000 2020 51“. */
export const formatIban = (iban: string) => normalisiereIban(iban).replace(/(.{4})(?=.)/g, '$1 ');

/* ------------------------------------------------------------------ cost items */

export const KOSTENARTEN = ['software_kauf', 'einrichtung', 'lizenz', 'wartung', 'betrieb'] as const;
export type Kostenart = (typeof KOSTENARTEN)[number];

export const KOSTENART_TEXT: Record<Kostenart, { de: string; en: string }> = {
  software_kauf: { de: 'Kauf von Software', en: 'Software purchase' },
  einrichtung: { de: 'Einrichtung (Installation, Anpassung, Anbindung)', en: 'Set-up (installation, configuration, integration)' },
  lizenz: { de: 'Lizenz (einmalige Zahlung)', en: 'Licence (paid once)' },
  wartung: { de: 'Wartung, Pflege, Support', en: 'Maintenance and support' },
  betrieb: { de: 'Laufender Betrieb (Hosting, Gebühren, Personal)', en: 'Running costs (hosting, fees, staff)' },
};

export interface Kostenposition {
  art: Kostenart;
  bezeichnung: string;
  betragCent: Cent;
  /** Licences: years the payment covers. */
  lizenzJahre?: number | null;
  /** Licences: paid once in advance. */
  einmalZahlung?: boolean | null;
}

export interface BewertetePosition extends Kostenposition {
  foerderfaehigCent: Cent;
  /** voll | teilweise | nein */
  bewertung: 'voll' | 'teilweise' | 'nein';
  /** Why not (or only partly) eligible; null when fully eligible. */
  grund: string | null;
}

/** FöRdR Nr. 2: which part of a cost item is eligible, and why the rest is not. */
export function bewertePosition(p: Kostenposition, regeln: Pick<FoerderRegeln, 'lizenzJahre'>): BewertetePosition {
  const nein = (grund: string): BewertetePosition => ({ ...p, foerderfaehigCent: 0n, bewertung: 'nein', grund });
  switch (p.art) {
    case 'software_kauf':
    case 'einrichtung':
      return { ...p, foerderfaehigCent: p.betragCent, bewertung: 'voll', grund: null };
    case 'wartung':
      return nein('Wartung und Pflege sind laufende Kosten und nicht förderfähig (FöRdR Nr. 2).');
    case 'betrieb':
      return nein('Kosten des laufenden Betriebs sind nicht förderfähig (FöRdR Nr. 2).');
    case 'lizenz': {
      if (!p.einmalZahlung) return nein('Lizenzen sind nur förderfähig, wenn sie einmalig im Voraus bezahlt werden; laufende Lizenzgebühren sind Betriebskosten.');
      const jahre = p.lizenzJahre ?? 0;
      if (!Number.isInteger(jahre) || jahre < 1) return nein('Bitte geben Sie an, wie viele Jahre die Lizenz abdeckt.');
      if (jahre <= regeln.lizenzJahre) return { ...p, foerderfaehigCent: p.betragCent, bewertung: 'voll', grund: null };
      // Only the first `lizenzJahre` years are eligible: pro rata, rounded down to the cent.
      const anteilig = (p.betragCent * BigInt(regeln.lizenzJahre)) / BigInt(jahre);
      return {
        ...p,
        foerderfaehigCent: anteilig,
        bewertung: 'teilweise',
        grund: `Lizenzen sind für höchstens ${regeln.lizenzJahre} Jahre förderfähig; anerkannt sind ${regeln.lizenzJahre} von ${jahre} Jahren.`,
      };
    }
  }
}

/* ------------------------------------------------------------------ the check */

export type Erfuellung = 'erfuellt' | 'nicht_erfuellt' | 'offen';
export type Phase = 'antrag' | 'nachweis';

export interface Regel {
  id: string;
  titel: string;
  ergebnis: Erfuellung;
  /**
   * portal: checked against the platform's data; erklaerung: as declared; berechnung: computed;
   * amtliche_liste: from official data (the Gebietskulisse); bestaetigung: confirmed by two officers.
   */
  quelle: 'portal' | 'erklaerung' | 'berechnung' | 'amtliche_liste' | 'bestaetigung';
  text: string;
}

export type Bedarf = 'ja' | 'nicht_erforderlich' | 'nein';

export interface Erklaerungen {
  bayernId: boolean;
  postkorb: Bedarf;
  ePayment: Bedarf;
  mobil: boolean;
  erstmalig: boolean;
  richtigkeit: boolean;
}

export interface DienstImPortal {
  name: string;
  /** Linked by the applicant in the BayernPortal (and counting). */
  verlinkt: boolean;
  /** From the catalogue; null when the service is not (yet) in it. */
  mobilOptimiert: boolean | null;
}

export interface PruefEingabe {
  /** antrag: submission and decision (portal conditions may still be open); nachweis: proof of use (they must be met). */
  phase: Phase;
  behoerdeTyp: string;
  positionen: Kostenposition[];
  /** Raum mit besonderem Handlungsbedarf, as the platform derived it (never the applicant's claim). */
  besondererHandlungsbedarf: boolean;
  /** Where the rate comes from, for the rule's source and reason. */
  foerdersatzGrundlage?: { quelle: 'amtliche_liste' | 'bestaetigung' | 'berechnung'; text: string };
  erklaerungen: Erklaerungen;
  portal: { anzahlDienste: number; dienste: DienstImPortal[] };
  /** Grants already committed to this applicant (other applications, after releases). */
  bisherigeZuwendungenCent: Cent;
  /** Remaining programme budget; null when not relevant (a draft). */
  restbudgetCent: Cent | null;
}

export interface PruefErgebnis {
  regeln: Regel[];
  positionen: BewertetePosition[];
  beantragtCent: Cent;
  zuwendungsfaehigCent: Cent;
  foerdersatzProzent: number;
  /** Rate × eligible costs, rounded down. */
  rechnerischCent: Cent;
  /** What the per-applicant cap still allows. */
  hoechstbetragVerfuegbarCent: Cent;
  /** min(rechnerisch, cap left): the grant if every rule holds. */
  berechnetCent: Cent;
  /** The grant: `berechnetCent` when fundable, else 0. */
  foerderbetragCent: Cent;
  foerderfaehig: boolean;
}

const einDienst = (n: number) => (n === 1 ? '1 Online-Dienst' : `${n} Online-Dienste`);

/** Runs every rule; the reviewer sees each with pass/fail and the computed grant. */
export function pruefeAntrag(e: PruefEingabe, regeln: FoerderRegeln): PruefErgebnis {
  const r: Regel[] = [];
  const offenOderNicht: Erfuellung = e.phase === 'nachweis' ? 'nicht_erfuellt' : 'offen';

  /* Measure */
  const dienste = e.portal.dienste;
  r.push({
    id: 'dienste_genannt',
    titel: 'Erstmals angebotene Online-Dienste genannt',
    quelle: 'erklaerung',
    ergebnis: dienste.length > 0 ? 'erfuellt' : 'nicht_erfuellt',
    text: dienste.length > 0 ? `${einDienst(dienste.length)} in der Maßnahme.` : 'Die Maßnahme nennt keinen Online-Dienst.',
  });
  r.push({
    id: 'erstmalig',
    titel: 'Online-Dienste werden erstmals angeboten',
    quelle: 'erklaerung',
    ergebnis: e.erklaerungen.erstmalig ? 'erfuellt' : 'nicht_erfuellt',
    text: e.erklaerungen.erstmalig ? 'Erklärt.' : 'Gefördert werden nur Online-Dienste, die erstmals angeboten werden; die Erklärung fehlt.',
  });

  /* Conditions (FöRdR Nr. 4) */
  const mindest = e.behoerdeTyp === 'bezirk' ? regeln.mindestDiensteBezirk : regeln.mindestDienste;
  const fehlend = Math.max(0, mindest - e.portal.anzahlDienste);
  r.push({
    id: 'mindestanzahl',
    titel: `Mindestens ${mindest} Online-Dienste im BayernPortal verlinkt${e.behoerdeTyp === 'bezirk' ? ' (Bezirk)' : ''}`,
    quelle: 'portal',
    ergebnis: fehlend === 0 ? 'erfuellt' : offenOderNicht,
    text:
      fehlend === 0
        ? `Laut Portal sind ${e.portal.anzahlDienste} zählende Online-Dienste verlinkt.`
        : `Laut Portal sind ${e.portal.anzahlDienste} zählende Online-Dienste verlinkt; es fehlen ${fehlend}.${e.phase === 'antrag' ? ' Muss bis zum Verwendungsnachweis erreicht sein.' : ''}`,
  });
  const nichtVerlinkt = dienste.filter((d) => !d.verlinkt);
  r.push({
    id: 'verlinkt',
    titel: 'Online-Dienste der Maßnahme im BayernPortal verlinkt',
    quelle: 'portal',
    ergebnis: dienste.length > 0 && nichtVerlinkt.length === 0 ? 'erfuellt' : dienste.length === 0 ? 'nicht_erfuellt' : offenOderNicht,
    text:
      nichtVerlinkt.length === 0
        ? dienste.length > 0
          ? 'Alle genannten Online-Dienste sind verlinkt.'
          : 'Keine Online-Dienste genannt.'
        : `Noch nicht verlinkt: ${nichtVerlinkt.map((d) => `„${d.name}“`).join(', ')}.${e.phase === 'antrag' ? ' Muss bis zum Verwendungsnachweis geschehen.' : ''}`,
  });
  const nichtMobil = dienste.filter((d) => d.mobilOptimiert === false);
  const mobilErgebnis: Erfuellung = nichtMobil.length > 0 ? offenOderNicht : e.erklaerungen.mobil ? 'erfuellt' : 'nicht_erfuellt';
  r.push({
    id: 'mobil',
    titel: 'Mobilfähig (für Smartphones geeignet)',
    quelle: nichtMobil.length > 0 || dienste.some((d) => d.mobilOptimiert === true) ? 'portal' : 'erklaerung',
    ergebnis: mobilErgebnis,
    text:
      nichtMobil.length > 0
        ? `Laut Katalog nicht mobil optimiert: ${nichtMobil.map((d) => `„${d.name}“`).join(', ')}.`
        : e.erklaerungen.mobil
          ? 'Erklärt; soweit im Katalog erfasst, bestätigt.'
          : 'Die Erklärung zur Mobilfähigkeit fehlt.',
  });
  r.push({
    id: 'bayernid',
    titel: 'Anmeldung mit BayernID',
    quelle: 'erklaerung',
    ergebnis: e.erklaerungen.bayernId ? 'erfuellt' : 'nicht_erfuellt',
    text: e.erklaerungen.bayernId ? 'Erklärt.' : 'Die Online-Dienste müssen die Anmeldung mit der BayernID anbieten.',
  });
  const bedarf = (id: string, titel: string, wert: Bedarf) =>
    r.push({
      id,
      titel,
      quelle: 'erklaerung',
      ergebnis: wert === 'nein' ? 'nicht_erfuellt' : 'erfuellt',
      text: wert === 'ja' ? 'Angebunden (erklärt).' : wert === 'nicht_erforderlich' ? 'Für diese Online-Dienste nicht erforderlich (erklärt).' : 'Nicht angebunden, obwohl erforderlich.',
    });
  bedarf('postkorb', 'Postkorb angebunden, wo erforderlich', e.erklaerungen.postkorb);
  bedarf('epayment', 'E-Payment angebunden, wo erforderlich', e.erklaerungen.ePayment);
  r.push({
    id: 'richtigkeit',
    titel: 'Richtigkeit der Angaben und keine Doppelförderung erklärt',
    quelle: 'erklaerung',
    ergebnis: e.erklaerungen.richtigkeit ? 'erfuellt' : 'nicht_erfuellt',
    text: e.erklaerungen.richtigkeit ? 'Erklärt.' : 'Die Erklärung fehlt.',
  });

  /* Money (FöRdR Nr. 2 and 5) */
  const positionen = e.positionen.map((p) => bewertePosition(p, regeln));
  const beantragtCent = positionen.reduce((s, p) => s + p.betragCent, 0n);
  const zuwendungsfaehigCent = positionen.reduce((s, p) => s + p.foerderfaehigCent, 0n);
  const abgelehnt = positionen.filter((p) => p.bewertung !== 'voll');
  r.push({
    id: 'kosten',
    titel: 'Zuwendungsfähige Ausgaben',
    quelle: 'berechnung',
    ergebnis: zuwendungsfaehigCent > 0n ? 'erfuellt' : 'nicht_erfuellt',
    text:
      `${formatEuro(zuwendungsfaehigCent)} von ${formatEuro(beantragtCent)} sind zuwendungsfähig.` +
      (abgelehnt.length > 0 ? ` Nicht oder nur teilweise anerkannt: ${abgelehnt.map((p) => `„${p.bezeichnung}“`).join(', ')}.` : ''),
  });
  const foerdersatzProzent = e.besondererHandlungsbedarf ? regeln.satzRmbhProzent : regeln.satzProzent;
  const rechnerischCent = anteil(zuwendungsfaehigCent, foerdersatzProzent);
  r.push({
    id: 'foerdersatz',
    titel: `Fördersatz ${foerdersatzProzent} %${e.besondererHandlungsbedarf ? ' (Raum mit besonderem Handlungsbedarf)' : ''}`,
    quelle: e.foerdersatzGrundlage?.quelle ?? 'berechnung',
    ergebnis: 'erfuellt',
    text: `${foerdersatzProzent} % von ${formatEuro(zuwendungsfaehigCent)} = ${formatEuro(rechnerischCent)} (auf volle Cent abgerundet).${e.foerdersatzGrundlage ? ` ${e.foerdersatzGrundlage.text}` : ''}`,
  });
  const hoechstbetragVerfuegbarCent = maxCent(0n, regeln.hoechstbetragCent - e.bisherigeZuwendungenCent);
  const berechnetCent = minCent(rechnerischCent, hoechstbetragVerfuegbarCent);
  r.push({
    id: 'hoechstbetrag',
    titel: `Höchstbetrag ${formatEuro(regeln.hoechstbetragCent)} je Antragsteller`,
    quelle: 'berechnung',
    ergebnis: hoechstbetragVerfuegbarCent > 0n ? 'erfuellt' : 'nicht_erfuellt',
    text:
      (e.bisherigeZuwendungenCent > 0n ? `Bisher bewilligt: ${formatEuro(e.bisherigeZuwendungenCent)}; noch möglich: ${formatEuro(hoechstbetragVerfuegbarCent)}. ` : '') +
      (rechnerischCent > hoechstbetragVerfuegbarCent ? `Die Zuwendung wird auf ${formatEuro(berechnetCent)} begrenzt.` : 'Nicht überschritten.'),
  });
  r.push({
    id: 'mindestbetrag',
    titel: `Mindestzuwendung ${formatEuro(regeln.mindestbetragCent)}`,
    quelle: 'berechnung',
    ergebnis: berechnetCent >= regeln.mindestbetragCent ? 'erfuellt' : 'nicht_erfuellt',
    text:
      berechnetCent >= regeln.mindestbetragCent
        ? `Die Zuwendung von ${formatEuro(berechnetCent)} erreicht die Mindestzuwendung.`
        : `Die Zuwendung von ${formatEuro(berechnetCent)} liegt unter der Mindestzuwendung (Bagatellgrenze).`,
  });
  if (e.restbudgetCent !== null) {
    r.push({
      id: 'budget',
      titel: 'Verbleibende Haushaltsmittel des Programms',
      quelle: 'berechnung',
      ergebnis: berechnetCent <= e.restbudgetCent ? 'erfuellt' : 'nicht_erfuellt',
      text:
        berechnetCent <= e.restbudgetCent
          ? `Noch verfügbar: ${formatEuro(e.restbudgetCent)}.`
          : `Die Zuwendung von ${formatEuro(berechnetCent)} übersteigt die verbleibenden Mittel von ${formatEuro(e.restbudgetCent)}.`,
    });
  }
  const foerderfaehig = r.every((x) => x.ergebnis !== 'nicht_erfuellt');
  return {
    regeln: r,
    positionen,
    beantragtCent,
    zuwendungsfaehigCent,
    foerdersatzProzent,
    rechnerischCent,
    hoechstbetragVerfuegbarCent,
    berechnetCent,
    foerderbetragCent: foerderfaehig ? berechnetCent : 0n,
    foerderfaehig,
  };
}

/* ------------------------------------------------------------------ proof of use and payout */

/**
 * Payout after the proof of use: the rate applied to the eligible expenditure actually proven,
 * never more than the granted amount (a cheaper measure gets less; a dearer one no more).
 */
export function berechneAuszahlung(bewilligtCent: Cent, nachgewiesenCent: Cent, foerdersatzProzent: number): { auszahlungCent: Cent; entbindungCent: Cent } {
  const auszahlungCent = minCent(bewilligtCent, anteil(maxCent(0n, nachgewiesenCent), foerdersatzProzent));
  return { auszahlungCent, entbindungCent: bewilligtCent - auszahlungCent };
}

/** Due date of the proof of use: the grant notice's date plus `monate` months (end of month kept: 31.1. + 1 → 28./29.2.). */
export function nachweisFaelligAm(bescheidAm: string, monate: number): string {
  const [y, m, d] = bescheidAm.split('-').map(Number);
  const ziel = new Date(Date.UTC(y, m - 1 + monate, 1));
  const letzter = new Date(Date.UTC(ziel.getUTCFullYear(), ziel.getUTCMonth() + 1, 0)).getUTCDate();
  ziel.setUTCDate(Math.min(d, letzter));
  return ziel.toISOString().slice(0, 10);
}

/* ------------------------------------------------------------------ budget */

export interface Budgetstand {
  gesamtCent: Cent;
  gebundenCent: Cent;
  ausgezahltCent: Cent;
  entbundenCent: Cent;
}

/** Remaining = total − commitments + releases (payouts spend commitments, they do not add). */
export const restbudget = (b: Budgetstand): Cent => b.gesamtCent - b.gebundenCent + b.entbundenCent;

/** Commitments not yet paid out or released. */
export const offeneBindungen = (b: Budgetstand): Cent => b.gebundenCent - b.ausgezahltCent - b.entbundenCent;
