/**
 * Step 4 of the demo planner: the Freistaat's zentrale Online-Verfahren (and a few information pages
 * and PDF forms), the Bürgerdienste every Behörde of a level links first, and which LeiKa groups
 * are left for the kommunale Verfahren.
 */
import { createRandom, type Random } from '../demo.random';
import { officeTime } from './kalender';
import type { PlanKontext } from './kontext';
import { eindeutig, gruppenGewicht, type LeikaGruppe, planUuid, slugify, verfahrensnameFuer, waehleLeistungen } from './leika';
import type { DemoLeistung, DemoPlan, PlannedVerfahren } from './plan.types';

const VERBAND_EBENE = ['vg', 'amt', 'samtgemeinde', 'verbandsgemeinde', 'verwaltungsverband'];
const GEMEINDE_EBENE = ['gemeinde', 'markt', 'stadt', 'grosse_kreisstadt', 'kreisfreie_stadt', ...VERBAND_EBENE];
const KREIS_EBENE = ['landkreis', 'kreisfreie_stadt'];

/**
 * What residents most often do at their authorities, each a zentrale Online-Verfahren that the
 * Behörden of the level responsible for it link first (PRODUCT.md "Zuständigkeit across levels":
 * the Gemeinde or its VG registers a dog or a new residence, the Landkreis or the kreisfreie Stadt
 * grants building permits and driving licences, the Bezirk Eingliederungshilfe). Only which
 * procedures a Behörde links changes, never how many: the calibrated counts stay as they are.
 * A Bürgerdienst whose LeiKa-Leistungen are missing from the catalogue (a test fixture) is left out.
 */
export const BUERGERDIENSTE: readonly { name: string; leika: readonly string[]; typen: readonly string[] }[] = [
  { name: 'Hund anmelden oder abmelden (Hundesteuer)', leika: ['99102013000000', '99110009104000', '99110009070000'], typen: GEMEINDE_EBENE },
  { name: 'Wohnsitz anmelden oder ummelden', leika: ['99115005104000', '99115005011000', '99115005070000'], typen: GEMEINDE_EBENE },
  { name: 'Meldebescheinigung beantragen', leika: ['99115003012000', '99115003000000'], typen: GEMEINDE_EBENE },
  { name: 'Gewerbe anmelden, ummelden oder abmelden', leika: ['99050012104000', '99050012070000', '99050012000000'], typen: GEMEINDE_EBENE },
  { name: 'Bauantrag stellen (Baugenehmigung)', leika: ['99012008001000', '99012008000000', '99012010001000'], typen: KREIS_EBENE },
  { name: 'Führerschein beantragen oder verlängern (Fahrerlaubnis)', leika: ['99023002000000', '99023002020000', '99023002049000'], typen: KREIS_EBENE },
  { name: 'Antrag auf Eingliederungshilfe', leika: ['99107005080000', '99107005000000', '99060001000000'], typen: ['bezirk'] },
];

type Buergerdienst = (typeof BUERGERDIENSTE)[number] & { leistungen: DemoLeistung[] };

/** The zentrale Verfahren as step 5 links them. */
export interface ZentraleVerfahren {
  /** Counting ones, with their popularity weight and whether each Behörde gets its own address. */
  online: Array<{ id: string; gewicht: number; jeBehoerdeUrl: boolean }>;
  /** Information pages and PDF forms: linked, never counted. */
  andere: string[];
  /** The Bürgerdienste and the Behörde types that link them first. */
  buergerdienste: Array<{ id: string; typen: readonly string[] }>;
  url: Map<string, string>;
  /** At most this many random zentrale Verfahren per Behörde (besides its Bürgerdienste). */
  maximal: number;
  /** Weights of the LeiKa groups for kommunale Verfahren: other Leistungen than the zentrale ones. */
  kommunalPool: number[];
}

/** Names and addresses already taken among the zentrale Verfahren. */
interface Vergeben {
  namen: Set<string>;
  urls: Set<string>;
}

export function planeZentraleVerfahren(ctx: PlanKontext, plan: DemoPlan, leistungen: DemoLeistung[], gruppen: LeikaGruppe[]): ZentraleVerfahren {
  const { kal } = ctx;
  const zentralRnd = createRandom(ctx.seed, 'zentral');
  // The Bürgerdienste first (their Leistungsobjekte are taken out of the random choice).
  const leistungNachSchluessel = new Map(leistungen.filter((l) => l.schluessel).map((l) => [l.schluessel as string, l]));
  const dienste: Buergerdienst[] = BUERGERDIENSTE.map((d) => ({
    ...d,
    leistungen: d.leika.map((k) => leistungNachSchluessel.get(k)).filter((l): l is DemoLeistung => l !== undefined),
  })).filter((d) => d.leistungen.length > 0);
  const dienstGruppen = new Set(dienste.flatMap((d) => d.leistungen.map((l) => (l.schluessel as string).slice(0, 8))));
  const zentralGruppenIdx = zentralRnd.weightedSample(
    gruppen.map((g) => (dienstGruppen.has(g.key) ? 0 : gruppenGewicht(g, 'zentral'))),
    Math.max(0, Math.min(kal.zentraleVerfahren - dienste.length, gruppen.length)),
  );
  const zentralGruppen = new Set([...zentralGruppenIdx.map((i) => gruppen[i].key), ...dienstGruppen]);
  const vergeben: Vergeben = { namen: new Set<string>(), urls: new Set<string>() };
  const { online, andere } = planeLeistungsVerfahren(
    ctx,
    plan,
    zentralGruppenIdx.map((i) => gruppen[i]),
    zentralRnd,
    vergeben,
  );
  const buergerdienste = planeBuergerdienste(ctx, plan, dienste, zentralRnd, vergeben);
  const url = new Map(plan.verfahren.map((v) => [v.id, v.url]));

  // Kommunale Verfahren realise other Leistungen than the zentrale ones (unless nothing else is left).
  const kommunalGewichte = gruppen.map((g) => (zentralGruppen.has(g.key) ? 0 : gruppenGewicht(g, 'kommunal')));
  const kommunalPool = kommunalGewichte.some((w) => w > 0) ? kommunalGewichte : gruppen.map(() => 1);
  return { online, andere, buergerdienste, url, maximal: Math.max(0, online.length - 2), kommunalPool };
}

const artText = (art: PlannedVerfahren['art']) =>
  art === 'online' ? 'Online-Verfahren' : art === 'information' ? 'Informationsangebot' : 'Formular zum Ausdrucken';

/**
 * One zentrale Verfahren per chosen LeiKa group, about 5 % of them information pages or PDF forms,
 * then a popularity weight for the counting ones.
 */
function planeLeistungsVerfahren(
  ctx: PlanKontext,
  plan: DemoPlan,
  auswahl: LeikaGruppe[],
  zentralRnd: Random,
  vergeben: Vergeben,
): Pick<ZentraleVerfahren, 'online' | 'andere'> {
  const nichtZaehlendZentral = Math.round(auswahl.length * ctx.kal.anteilNichtZaehlend);
  const nichtZaehlendPlaetze = new Set(zentralRnd.shuffle(auswahl.map((_, i) => i)).slice(0, nichtZaehlendZentral));
  const online: ZentraleVerfahren['online'] = [];
  const andere: string[] = [];
  auswahl.forEach((g, i) => {
    const art: PlannedVerfahren['art'] = nichtZaehlendPlaetze.has(i) ? (i % 2 === 0 ? 'information' : 'formular_pdf') : 'online';
    const { leistungenIds, haupt } = waehleLeistungen(g, zentralRnd);
    const id = planUuid(ctx.seed, `zentral/${g.key}`);
    const name = eindeutig(vergeben.namen, verfahrensnameFuer(haupt, g.objekt, art), (k) => ` (${k})`);
    const slug = slugify(name);
    const pfad =
      art === 'information'
        ? `https://informationen.freistaat.bayern.example/leistungen/${slug}`
        : art === 'formular_pdf'
          ? `https://formulare.freistaat.bayern.example/${slug}.pdf`
          : `https://${zentralRnd.pick(['antrag', 'www', 'onlinedienste'])}.freistaat.bayern.example/${zentralRnd.pick(['antrag', 'onlinedienst', 'service'])}/${slug}`;
    plan.verfahren.push({
      id,
      name,
      beschreibung: `Demodaten: simuliertes ${artText(art)} des Freistaats Bayern zur LeiKa-Leistung „${haupt.name}“${haupt.schluessel ? ` (${haupt.schluessel})` : ''}.`,
      bereitstellung: 'zentral',
      art,
      anbieterArs: null,
      url: eindeutig(vergeben.urls, pfad, (k) => `?v=${k}`),
      vertrauensniveau: zentralRnd.chance(0.12) ? 'hoch' : zentralRnd.chance(0.2) ? 'niedrig' : 'substanziell',
      mobilOptimiert: zentralRnd.chance(0.92),
      createdAt: officeTime(ctx.start - zentralRnd.int(1, 120), zentralRnd),
    });
    for (const leikaId of leistungenIds) plan.verfahrenLeistungen.push({ verfahrenId: id, leikaId });
    if (art === 'online') online.push({ id, gewicht: 0, jeBehoerdeUrl: zentralRnd.chance(0.15) });
    else andere.push(id);
  });
  // Popularity: a Zipf-like weight in random order, so some zentrale Verfahren are linked almost
  // everywhere and others rarely (which the "what peers link" view then shows).
  zentralRnd.shuffle(online.map((_, i) => i)).forEach((pos, rank) => {
    online[pos].gewicht = 1 / (rank + 4) ** 0.9;
  });
  return { online, andere };
}

/** The Bürgerdienste: one zentrale Online-Verfahren each, for all responsible Behörden. */
function planeBuergerdienste(
  ctx: PlanKontext,
  plan: DemoPlan,
  dienste: Buergerdienst[],
  zentralRnd: Random,
  vergeben: Vergeben,
): ZentraleVerfahren['buergerdienste'] {
  const buergerdienste: ZentraleVerfahren['buergerdienste'] = [];
  for (const d of dienste) {
    const id = planUuid(ctx.seed, `buergerdienst/${d.leika[0]}`);
    const name = eindeutig(vergeben.namen, d.name, (k) => ` (${k})`);
    plan.verfahren.push({
      id,
      name,
      beschreibung: `Demodaten: simuliertes Online-Verfahren des Freistaats Bayern für alle zuständigen Behörden zu den LeiKa-Leistungen ${d.leistungen.map((l) => `„${l.name}“`).join(', ')}.`,
      bereitstellung: 'zentral',
      art: 'online',
      anbieterArs: null,
      url: eindeutig(vergeben.urls, `https://buergerservice.freistaat.bayern.example/${slugify(name)}`, (k) => `?v=${k}`),
      vertrauensniveau: 'substanziell',
      mobilOptimiert: true,
      createdAt: officeTime(ctx.start - 30, zentralRnd),
    });
    for (const l of d.leistungen) plan.verfahrenLeistungen.push({ verfahrenId: id, leikaId: l.id });
    buergerdienste.push({ id, typen: d.typen });
  }
  return buergerdienste;
}
