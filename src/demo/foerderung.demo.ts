/**
 * Demodaten for the Förderprogramm „Digitales Rathaus“: about 860 applications (the programme's
 * published count by mid-2021) from Behörden across Bavaria, in plausible states from draft to
 * paid out, with their cost items, every step, the budget ledger and the rule-check snapshot.
 *
 * Deterministic: the same seed, Behörden and „today“ give the same rows (seeded streams from
 * demo.random.ts, never Math.random). Every row has `demo = true`; the pages label them
 * „Demodaten“. Amounts are computed by the programme's own rules module (foerderung.regeln.ts), so
 * the demo obeys the rate, the per-applicant cap, the minimum and the budget like real data.
 * Nürnberg (the demo editor's Behörde) gets no demo application, so its journey starts clean.
 */
import type { Database } from '../shared/db';
import { FOERDER_HAUSHALT_ID, type foerderAntraege, type foerderBuchungen, type foerderKosten, type foerderSchritte } from '../foerderung/foerderung.tables';
import { berechneAuszahlung, type Cent, type FoerderRegeln, type Kostenposition, nachweisFaelligAm, pruefeAntrag } from '../foerderung/foerderung.regeln';
import { serialisierePruefung, type FoerderSettings } from '../foerderung/foerderung.kern';
import { createRandom, type Random } from './demo.random';
import { anzahlFoerderAntraege, bayerischeBehoerden, loescheFoerderDemo, schreibeFoerderDemo, sperreFoerderDemo } from './foerderung-demo.repository';
import { zahlMitWort } from '../shared/i18n';

export interface FoerderDemoBehoerde {
  ars: string;
  name: string;
  typ: string;
}

export interface FoerderDemoOptions {
  seed: string | number;
  /** The demo's „today“ (YYYY-MM-DD); default: the current UTC date. */
  today?: string;
  settings: FoerderSettings;
  /** Number of applications (default 860). */
  anzahl?: number;
}

/** Behörden of the demo accounts that start without applications (their journeys are shown live). */
export const OHNE_DEMO_ANTRAEGE = ['095640000000'];

const PROGRAMMSTART = '2019-10-01';

const DIENSTE = [
  'Hundesteuer an- und abmelden',
  'Gewerbeanmeldung',
  'Gewerbeummeldung und -abmeldung',
  'Bauantrag einreichen',
  'Antrag auf Briefwahl',
  'Meldebescheinigung beantragen',
  'Anwohnerparkausweis beantragen',
  'Kita-Platz anmelden',
  'Sondernutzung öffentlicher Verkehrsflächen',
  'Veranstaltung anzeigen',
  'Fundsache melden',
  'Schäden und Mängel melden (Mängelmelder)',
  'Friedhofsgebühren und Grabnutzungsrecht',
  'Sperrmüll anmelden',
  'Führungszeugnis beantragen',
  'Auskunft aus dem Gewerbezentralregister',
  'Wohngeld beantragen',
  'Feuerstättenschau-Termin',
  'Hallen- und Raumvermietung buchen',
  'Ferienprogramm anmelden',
  'Straßenverkehrsrechtliche Anordnung beantragen',
  'Plakatierungserlaubnis beantragen',
];

const MASSNAHMEN = [
  'Einführung eines Formularservers mit BayernID-Anbindung',
  'Online-Dienste für das Bürgerbüro',
  'Digitale Antragsstrecken im Ordnungsamt',
  'E-Payment und Postkorb für kommunale Online-Dienste',
  'Online-Terminvereinbarung und Antragsdienste',
  'Digitaler Bauantrag',
  'Online-Anmeldung Kinderbetreuung',
  'Fachverfahrensanbindung für Online-Dienste der Kasse',
];

const ABLEHNUNGSGRUENDE = [
  'Die Maßnahme wurde vor Antragstellung begonnen (vorzeitiger Maßnahmebeginn).',
  'Die beantragten Online-Dienste werden bereits angeboten; gefördert wird nur das erstmalige Angebot.',
  'Die Zuwendung läge unter der Mindestzuwendung (Bagatellgrenze).',
  'Die beantragten Kosten sind überwiegend Wartungs- und Betriebskosten.',
];

const SB = ['Förder-Sachbearbeitung A (Demo)', 'Förder-Sachbearbeitung B (Demo)', 'Förder-Sachbearbeitung C (Demo)'];

type Zustand =
  | 'entwurf'
  | 'eingereicht'
  | 'geprueft'
  | 'abgelehnt'
  | 'bewilligt'
  | 'bewilligt_ueberfaellig'
  | 'nachweis_eingegangen'
  | 'nachweis_geprueft'
  | 'auszahlung_freigegeben'
  | 'ausgezahlt';

/** Share of each state (sums to 1): most early grants are paid out; a fresh batch is in work. */
const VERTEILUNG: [Zustand, number][] = [
  ['entwurf', 0.03],
  ['eingereicht', 0.05],
  ['geprueft', 0.03],
  ['abgelehnt', 0.07],
  ['bewilligt', 0.15],
  ['bewilligt_ueberfaellig', 0.06],
  ['nachweis_eingegangen', 0.06],
  ['nachweis_geprueft', 0.03],
  ['auszahlung_freigegeben', 0.02],
  ['ausgezahlt', 0.5],
];

const tag = (iso: string, plus: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plus);
  return d.toISOString().slice(0, 10);
};
const tageZwischen = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const zeit = (iso: string, rnd: Random) => new Date(`${iso}T${String(rnd.int(7, 16)).padStart(2, '0')}:${String(rnd.int(0, 59)).padStart(2, '0')}:00Z`);
const spaeter = (iso: string, von: number, bis: number, heute: string, rnd: Random) => {
  const d = tag(iso, rnd.int(von, bis));
  return d > heute ? heute : d;
};

/** A valid German IBAN (mod 97) from a seeded bank code and account number. */
function demoIban(rnd: Random): string {
  const bban = `${String(rnd.int(10_000_000, 79_999_999))}${String(rnd.int(0, 9_999_999_999)).padStart(10, '0')}`;
  const numerisch = `${bban}131400`; // „DE00“ → D=13, E=14, 00
  let rest = 0;
  for (const z of numerisch) rest = (rest * 10 + Number(z)) % 97;
  return `DE${String(98 - rest).padStart(2, '0')}${bban}`;
}

function kostenVon(rnd: Random, klein: boolean): Kostenposition[] {
  const euro = (min: number, max: number) => BigInt(rnd.int(min, max)) * 100n + (rnd.chance(0.4) ? BigInt(rnd.int(0, 99)) : 0n);
  if (klein) return [{ art: 'einrichtung', bezeichnung: 'Einrichtung Online-Formular', betragCent: euro(900, 2_900) }];
  const p: Kostenposition[] = [
    {
      art: 'software_kauf',
      bezeichnung: rnd.pick(['Formularserver', 'Fachverfahren Bürgerservice', 'Online-Antragsplattform', 'Terminvereinbarung und Antragsmodul']),
      betragCent: euro(2_500, 19_000),
    },
  ];
  if (rnd.chance(0.7))
    p.push({
      art: 'einrichtung',
      bezeichnung: rnd.pick(['Installation und Konfiguration', 'Anbindung BayernID und Postkorb', 'Schnittstelle zum Fachverfahren']),
      betragCent: euro(800, 8_000),
    });
  if (rnd.chance(0.4))
    p.push({ art: 'lizenz', bezeichnung: 'Lizenz (Vorauszahlung)', betragCent: euro(600, 5_000), lizenzJahre: rnd.pick([1, 2, 2, 3]), einmalZahlung: true });
  if (rnd.chance(0.25))
    p.push({
      art: rnd.pick(['wartung', 'betrieb'] as const),
      bezeichnung: rnd.pick(['Wartungsvertrag', 'Hosting im Rechenzentrum', 'Support-Pauschale']),
      betragCent: euro(300, 3_000),
    });
  return p;
}

export interface FoerderDemoPlan {
  antraege: (typeof foerderAntraege.$inferInsert)[];
  kosten: (typeof foerderKosten.$inferInsert)[];
  schritte: (typeof foerderSchritte.$inferInsert)[];
  buchungen: (typeof foerderBuchungen.$inferInsert)[];
}

/** Plans the demo applications (pure; no database). */
export function planeFoerderDemo(behoerden: FoerderDemoBehoerde[], o: FoerderDemoOptions): FoerderDemoPlan {
  const heute = o.today ?? new Date().toISOString().slice(0, 10);
  const regeln: FoerderRegeln = o.settings;
  const anzahl = o.anzahl ?? 860;
  const rnd = createRandom(o.seed, 'foerderung');
  const kandidaten = behoerden.filter((b) => !OHNE_DEMO_ANTRAEGE.includes(b.ars));
  if (kandidaten.length === 0) return { antraege: [], kosten: [], schritte: [], buchungen: [] };
  // Most applicants apply once, some twice (the per-applicant cap spans both).
  const erste = rnd.shuffle(kandidaten).slice(0, Math.min(kandidaten.length, Math.round(anzahl * 0.93)));
  const zweite = rnd.shuffle(erste).slice(0, anzahl - erste.length);
  const antragsteller = [...erste, ...zweite];
  const plan: FoerderDemoPlan = { antraege: [], kosten: [], schritte: [], buchungen: [] };
  const gebunden = new Map<string, Cent>();
  let restbudget = o.settings.budgetCent;
  const folge = new Map<number, number>();

  const geplant = antragsteller.map((b, i) => {
    const r = createRandom(o.seed, 'foerderung', b.ars, i);
    let u = r.next();
    let zustand: Zustand = 'ausgezahlt';
    for (const [z, anteil] of VERTEILUNG) {
      if (u < anteil) {
        zustand = z;
        break;
      }
      u -= anteil;
    }
    // Dates fitting the state: recent for work in progress, older for finished grants.
    const spanne = tageZwischen(PROGRAMMSTART, heute);
    const vorTagen = (von: number, bis: number) => tag(heute, -Math.min(spanne, r.int(von, bis)));
    const erstellt =
      zustand === 'entwurf' || zustand === 'eingereicht' || zustand === 'geprueft'
        ? vorTagen(5, 70)
        : zustand === 'bewilligt'
          ? vorTagen(60, 380)
          : zustand === 'bewilligt_ueberfaellig'
            ? vorTagen(420, 560)
            : zustand === 'ausgezahlt' || zustand === 'abgelehnt'
              ? // Most finished grants stem from the programme's first 21 months (≈ 860 applications by mid-2021).
                tag(PROGRAMMSTART, r.int(0, Math.max(0, Math.min(spanne - 480, r.chance(0.8) ? 640 : spanne))))
              : vorTagen(400, 520);
    return { b, r, zustand, erstellt };
  });
  // File numbers follow the order of creation within each year.
  geplant.sort((x, y) => (x.erstellt < y.erstellt ? -1 : x.erstellt > y.erstellt ? 1 : x.b.ars.localeCompare(y.b.ars)));

  for (const { b, r, zustand: geplanterZustand, erstellt } of geplant) {
    let zustand = geplanterZustand;
    const id = uuidAus(r);
    const jahr = Number(erstellt.slice(0, 4));
    const nr = (folge.get(jahr) ?? 0) + 1;
    folge.set(jahr, nr);
    const aktenzeichen = `DR-${jahr}-${String(nr).padStart(5, '0')}`;
    const bagatelle = zustand === 'abgelehnt' && r.chance(0.3);
    const positionen = kostenVon(r, bagatelle);
    // The higher rate comes only from the official Gebietskulisse (or a confirmation under four
    // eyes), which the demo does not have: no demo application gets it. The draw stays, so every
    // other simulated value is the same as before.
    r.chance(0.15);
    const rmbh = false;
    const dienste = r.shuffle(DIENSTE).slice(0, r.int(1, 4));
    const bisher = gebunden.get(b.ars) ?? 0n;
    const ergebnis = pruefeAntrag(
      {
        phase: 'antrag',
        behoerdeTyp: b.typ,
        positionen,
        besondererHandlungsbedarf: rmbh,
        erklaerungen: {
          bayernId: true,
          postkorb: 'ja',
          ePayment: r.pick(['ja', 'nicht_erforderlich'] as const),
          mobil: true,
          erstmalig: true,
          richtigkeit: true,
        },
        portal: {
          anzahlDienste: b.typ === 'bezirk' ? regeln.mindestDiensteBezirk : regeln.mindestDienste,
          dienste: dienste.map((name) => ({ name, verlinkt: true, mobilOptimiert: true })),
        },
        bisherigeZuwendungenCent: bisher,
        restbudgetCent: restbudget,
      },
      regeln,
    );
    const bewilligbar = ergebnis.foerderfaehig;
    // A grant that the rules would refuse (cap reached, too small) is a rejection in the demo, too.
    if (!bewilligbar && !['entwurf', 'eingereicht', 'geprueft', 'abgelehnt'].includes(zustand)) zustand = 'abgelehnt';
    const pruefer = r.int(0, 2);
    const entscheider = (pruefer + r.int(1, 2)) % 3;
    const freigabe1 = r.int(0, 2);
    const freigabe2 = (freigabe1 + r.int(1, 2)) % 3;
    const eingereicht = zustand === 'entwurf' ? null : spaeter(erstellt, 0, 10, heute, r);
    const geprueft = eingereicht && zustand !== 'eingereicht' ? spaeter(eingereicht, 5, 30, heute, r) : null;
    const entschieden = geprueft && zustand !== 'geprueft' ? spaeter(geprueft, 2, 20, heute, r) : null;
    const bewilligt = entschieden && zustand !== 'abgelehnt';
    const faellig = bewilligt ? nachweisFaelligAm(entschieden, o.settings.nachweisMonate) : null;
    const mitNachweis = ['nachweis_eingegangen', 'nachweis_geprueft', 'auszahlung_freigegeben', 'ausgezahlt'].includes(zustand);
    const nachweisEin =
      mitNachweis && entschieden && faellig
        ? tag(faellig, -r.int(0, 120)) > heute
          ? spaeter(entschieden, 150, 300, heute, r)
          : tag(faellig, -r.int(0, 120))
        : null;
    const nachweisGeprueft = nachweisEin && zustand !== 'nachweis_eingegangen' ? spaeter(nachweisEin, 5, 40, heute, r) : null;
    const frei1 = nachweisGeprueft && zustand !== 'nachweis_geprueft' ? spaeter(nachweisGeprueft, 1, 10, heute, r) : null;
    const frei2 = frei1 && zustand === 'ausgezahlt' ? spaeter(frei1, 0, 5, heute, r) : null;
    const betrag = bewilligt ? ergebnis.foerderbetragCent : null;
    const ausgaben = nachweisEin ? (ergebnis.zuwendungsfaehigCent * BigInt(r.int(85, 100))) / 100n : null;
    const auszahlung = nachweisGeprueft && betrag !== null && ausgaben !== null ? berechneAuszahlung(betrag, ausgaben, ergebnis.foerdersatzProzent) : null;
    if (betrag !== null) {
      gebunden.set(b.ars, bisher + betrag - (frei2 && auszahlung ? auszahlung.entbindungCent : 0n));
      restbudget -= betrag - (frei2 && auszahlung ? auszahlung.entbindungCent : 0n);
    }
    const status = zustand === 'bewilligt_ueberfaellig' ? 'bewilligt' : zustand;
    const at = (d: string | null) => (d ? zeit(d, r) : null);
    // One instant per event, used by the application's columns, its steps and its ledger entries alike.
    const T = {
      erstellt: zeit(erstellt, r),
      eingereicht: at(eingereicht),
      geprueft: at(geprueft),
      entschieden: at(entschieden),
      nachweisEin: at(nachweisEin),
      nachweisGeprueft: at(nachweisGeprueft),
      frei1: at(frei1),
      frei2: at(frei2),
    };
    // Two steps on the same day keep their order.
    let vorher = T.erstellt;
    for (const k of ['eingereicht', 'geprueft', 'entschieden', 'nachweisEin', 'nachweisGeprueft', 'frei1', 'frei2'] as const) {
      const t = T[k];
      if (!t) continue;
      if (t.getTime() <= vorher.getTime()) T[k] = new Date(vorher.getTime() + 7 * 60_000);
      vorher = T[k] as Date;
    }
    const slug = b.ars;
    plan.antraege.push({
      id,
      aktenzeichen,
      behoerdeArs: b.ars,
      status,
      massnahme: r.pick(MASSNAHMEN),
      beschreibung: 'Demodaten (simuliert).',
      onlineDienste: dienste,
      besondererHandlungsbedarf: rmbh,
      kontoinhaber: `${b.name} – Kasse`,
      iban: demoIban(r),
      erklaerungen: { bayernId: true, postkorb: 'ja', ePayment: 'ja', mobil: true, erstmalig: true, richtigkeit: true },
      kontaktName: 'Förderstelle (Demo)',
      kontaktEmail: `foerderung.${slug}@demo.example`,
      pruefung: eingereicht ? serialisierePruefung(ergebnis) : null,
      zuwendungsfaehigCent: eingereicht ? ergebnis.zuwendungsfaehigCent : null,
      foerdersatzProzent: eingereicht ? ergebnis.foerdersatzProzent : null,
      foerderbetragCent: betrag,
      erstelltAm: T.erstellt,
      eingereichtAm: T.eingereicht,
      geprueftVonLabel: geprueft ? SB[pruefer] : null,
      geprueftAm: T.geprueft,
      empfehlung: geprueft ? (zustand === 'abgelehnt' ? 'ablehnen' : 'bewilligen') : null,
      entschiedenVonLabel: entschieden ? SB[entscheider] : null,
      entschiedenAm: T.entschieden,
      bescheidAm: entschieden,
      nachweisFaelligAm: faellig,
      nachweisEingegangenAm: nachweisEin,
      nachweisAusgabenCent: ausgaben,
      nachweisSachbericht: nachweisEin ? 'Die Online-Dienste sind eingeführt und im BayernPortal verlinkt (Demodaten).' : null,
      nachweisGeprueftAm: nachweisGeprueft,
      nachweisGeprueftVonLabel: nachweisGeprueft ? SB[pruefer] : null,
      auszahlungCent: auszahlung?.auszahlungCent ?? null,
      freigabe1VonLabel: frei1 ? SB[freigabe1] : null,
      freigabe1Am: T.frei1,
      freigabe2VonLabel: frei2 ? SB[freigabe2] : null,
      freigabe2Am: T.frei2,
      ausgezahltAm: frei2,
      demo: true,
      aktualisiertAm: T.frei2 ?? T.frei1 ?? T.nachweisGeprueft ?? T.nachweisEin ?? T.entschieden ?? T.geprueft ?? T.eingereicht ?? T.erstellt,
    });
    positionen.forEach((p, i) =>
      plan.kosten.push({
        antragId: id,
        position: i + 1,
        art: p.art,
        bezeichnung: p.bezeichnung,
        betragCent: p.betragCent,
        lizenzJahre: p.lizenzJahre ?? null,
        einmalZahlung: p.einmalZahlung ?? null,
      }),
    );
    const schritt = (s: string, von: string | null, nach: string, d: Date | null, wer: string, kommentar: string | null = null) => {
      if (d) plan.schritte.push({ antragId: id, schritt: s, vonStatus: von, nachStatus: nach, actorLabel: wer, kommentar, demo: true, at: d });
    };
    schritt('entwurf_angelegt', null, 'entwurf', T.erstellt, 'Redaktion (Demo)');
    schritt('eingereicht', 'entwurf', 'eingereicht', T.eingereicht, 'Redaktion (Demo)');
    schritt('geprueft', 'eingereicht', 'geprueft', T.geprueft, SB[pruefer]);
    if (zustand === 'abgelehnt')
      schritt('abgelehnt', 'geprueft', 'abgelehnt', T.entschieden, SB[entscheider], bagatelle ? ABLEHNUNGSGRUENDE[2] : r.pick(ABLEHNUNGSGRUENDE));
    else schritt('bewilligt', 'geprueft', 'bewilligt', T.entschieden, SB[entscheider]);
    schritt('nachweis_eingereicht', 'bewilligt', 'nachweis_eingegangen', T.nachweisEin, 'Redaktion (Demo)');
    schritt('nachweis_geprueft', 'nachweis_eingegangen', 'nachweis_geprueft', T.nachweisGeprueft, SB[pruefer]);
    schritt('auszahlung_freigabe_1', 'nachweis_geprueft', 'auszahlung_freigegeben', T.frei1, SB[freigabe1]);
    schritt('ausgezahlt', 'auszahlung_freigegeben', 'ausgezahlt', T.frei2, SB[freigabe2]);
    const buche = (art: 'bindung' | 'auszahlung' | 'entbindung', betragCent: Cent, d: Date | null, wer: string) => {
      if (d && betragCent > 0n) plan.buchungen.push({ haushaltId: FOERDER_HAUSHALT_ID, antragId: id, art, betragCent, actorLabel: wer, demo: true, at: d });
    };
    if (betrag !== null) buche('bindung', betrag, T.entschieden, SB[entscheider]);
    if (frei2 && auszahlung) {
      buche('auszahlung', auszahlung.auszahlungCent, T.frei2, SB[freigabe2]);
      buche('entbindung', auszahlung.entbindungCent, T.frei2, SB[freigabe2]);
    }
  }
  return plan;
}

/** A v4-shaped UUID from the seeded stream (deterministic ids keep the demo reproducible). */
function uuidAus(r: Random): string {
  const hex = Array.from({ length: 32 }, () => r.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = ((r.int(0, 3) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface FoerderDemoErgebnis {
  seeded: boolean;
  message: string;
  summary?: { antraege: number; nachStatus: Record<string, number>; gebundenCent: string; ausgezahltCent: string };
}

/**
 * Writes the demo applications in one transaction. Idempotent: with any application present (demo
 * or real) it does nothing; checked again under an advisory lock so two starting instances cannot
 * both seed.
 */
export async function seedFoerderDemo(database: Database, o: FoerderDemoOptions): Promise<FoerderDemoErgebnis> {
  if ((await anzahlFoerderAntraege(database.db)) > 0) return { seeded: false, message: 'Förderanträge sind bereits vorhanden; keine Demodaten hinzugefügt.' };
  const behoerden = await bayerischeBehoerden(database.db);
  if (behoerden.length === 0) return { seeded: false, message: 'Keine Behörden importiert; Förder-Demodaten brauchen die amtlichen Daten.' };
  const plan = planeFoerderDemo(behoerden, o);
  const geschrieben = await database.db.transaction(async (tx) => {
    // Checked again under the lock: another instance may have seeded meanwhile.
    await sperreFoerderDemo(tx);
    if ((await anzahlFoerderAntraege(tx)) > 0) return false;
    const at = new Date(`${o.today ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    await schreibeFoerderDemo(tx, plan, { gesamtCent: o.settings.budgetCent, at });
    return true;
  });
  if (!geschrieben) return { seeded: false, message: 'Förder-Demodaten wurden inzwischen von einem anderen Prozess angelegt.' };
  const nachStatus: Record<string, number> = {};
  for (const a of plan.antraege) nachStatus[a.status] = (nachStatus[a.status] ?? 0) + 1;
  const summe = (art: string) => plan.buchungen.filter((b) => b.art === art).reduce((s, b) => s + (b.betragCent as bigint), 0n);
  return {
    seeded: true,
    message: `Förder-Demodaten erzeugt: ${zahlMitWort('de', plan.antraege.length, 'Antrag', 'Anträge')}.`,
    summary: { antraege: plan.antraege.length, nachStatus, gebundenCent: summe('bindung').toString(), ausgezahltCent: summe('auszahlung').toString() },
  };
}

/** Deletes every demo application with its rows; real applications stay untouched. */
export async function removeFoerderDemo(database: Database): Promise<{ antraege: number }> {
  return database.db.transaction(async (tx) => ({ antraege: await loescheFoerderDemo(tx) }));
}
