/**
 * Bürgerservice: "I live in X — what can I do online, and where?" No Fastify, no SQL.
 *
 * Zuständigkeit across levels (PRODUCT.md): a resident is served by the Behörde of the municipal
 * level (the Gemeinde, or the Verwaltungsgemeinschaft that administers it), by the Landkreis (in a
 * kreisfreie Stadt the Stadt itself), by the Bezirk (Bavaria) and by the Freistaat's zentrale
 * Online-Verfahren. The answer joins the procedures of all of them; a procedure a Behörde links is
 * listed under that Behörde (it asserts it handles the matter), a zentrale one nobody there links
 * under the Freistaat.
 */
import { NotFoundError, ValidationError } from '../shared/errors';
import { normalizeQuery, searchKey } from '../shared/text';
import { promiseCache } from '../shared/zwischenspeicher';
import type { Zaehlregel } from '../verlinkung/zaehlung';
import type { AngebotRow, BehoerdeKurzRow, BuergerserviceRepository, LeistungRow, OrtRow } from './buergerservice.repository';
import { type Suchanfrage, suchanfrage, suchtext, treffer } from './buergerservice.suche';

export const EBENEN = ['gemeinde', 'vg', 'kreisfreie_stadt', 'landkreis', 'bezirk', 'land'] as const;
export type Ebene = (typeof EBENEN)[number];

export const EBENE_LABELS: Record<Ebene, { de: string; en: string }> = {
  gemeinde: { de: 'Gemeinde', en: 'Municipality' },
  vg: { de: 'Verwaltungsgemeinschaft', en: 'Administrative association' },
  kreisfreie_stadt: { de: 'Kreisfreie Stadt', en: 'District-free city' },
  landkreis: { de: 'Landkreis', en: 'District' },
  bezirk: { de: 'Bezirk', en: 'Bezirk (regional authority)' },
  land: { de: 'Freistaat Bayern (zentral)', en: 'Free State of Bavaria (central)' },
};

/** The Land level: the Freistaat's zentrale procedures (key: the Land's ARS). */
const FREISTAAT = { ars: '09', name: 'Freistaat Bayern', anzeigename: 'Freistaat Bayern' };

export interface Ort {
  ars: string;
  /** Official name (Gemeindeverzeichnis). */
  name: string;
  anzeigename: string;
  /** Tells places of the same name apart: "Landkreis Unterallgäu" or "kreisfreie Stadt, Oberpfalz". */
  zusatz: string;
  plz: string | null;
  /** Whether the Gemeinde has this one postcode only (GV100AD); else `plz` is the seat's. */
  plzEindeutig: boolean | null;
  einwohner: number | null;
  landkreis: { ars: string; anzeigename: string } | null;
  regierungsbezirk: { ars: string; name: string } | null;
}

export interface Zustaendig {
  ars: string;
  name: string;
  anzeigename: string;
  ebene: Ebene;
  /** Counting Online-Verfahren and current award (not for the Freistaat). */
  onlineVerfahren: number | null;
  praedikat: { zertifikatNr: string; status: string } | null;
}

export interface Angebot {
  verfahrenId: string;
  name: string;
  url: string;
  bereitstellung: string;
  vertrauensniveau: string;
  /** The link counts for the Prädikat of the Behörde (false for the Freistaat's unlinked zentrale ones). */
  zaehlt: boolean;
  leistungen: { schluessel: string | null; name: string }[];
  themenfeld: string | null;
  lebenslage: string | null;
  behoerde: { ars: string; name: string; anzeigename: string; ebene: Ebene };
  /** Rank of the search match (higher first); 0 without a search. */
  rang: number;
}

export interface Ortsuche {
  /** Exactly what was searched (folded name, PLZ or key). */
  art: 'name' | 'plz' | 'schluessel';
  treffer: Ort[];
}

const OHNE = { de: 'Ohne Zuordnung', en: 'Not assigned' };
const EBENE_REIHENFOLGE: Record<Ebene, number> = { gemeinde: 0, vg: 0, kreisfreie_stadt: 0, landkreis: 1, bezirk: 2, land: 3 };

/** How many places a search lists at most (a PLZ prefix or a short name can match many). */
const MAX_ORTE = 30;

function ebeneVon(b: { ars: string; typ: string }): Ebene {
  if (b.typ === 'kreisfreie_stadt') return 'kreisfreie_stadt';
  if (b.typ === 'landkreis') return 'landkreis';
  if (b.typ === 'bezirk') return 'bezirk';
  return b.ars.length === 9 ? 'vg' : 'gemeinde';
}

const istKreisfrei = (o: OrtRow) => o.textkennzeichen === '61' || o.textkennzeichen === '62';

function zuOrt(o: OrtRow): Ort {
  const zusatz = istKreisfrei(o)
    ? `kreisfreie Stadt, ${o.regbez_name ?? o.land_name ?? ''}`.replace(/, $/, '')
    : (o.kreis_anzeigename ?? o.regbez_name ?? o.land_name ?? '');
  return {
    ars: o.ars,
    name: o.name,
    anzeigename: o.anzeigename,
    zusatz,
    plz: o.plz,
    plzEindeutig: o.plz_eindeutig,
    einwohner: o.bevoelkerung,
    landkreis: o.kreis_key && !istKreisfrei(o) ? { ars: o.kreis_key, anzeigename: o.kreis_anzeigename ?? o.kreis_key } : null,
    regierungsbezirk: o.regbez_key ? { ars: o.regbez_key, name: o.regbez_name ?? o.regbez_key } : null,
  };
}

/** Designations people put in front of a name ("Stadt Amberg", "Markt Türkheim"), folded. */
const BEZEICHNUNG_VORN = /^(stadt|markt|gemeinde|grosse kreisstadt|landeshauptstadt|kreisfreie stadt) /;

/**
 * Whole-word matches of the official or display name first ("Amberg" before "Bamberg"), then
 * word starts, then the rest.
 */
function namensRang(o: OrtRow, gefaltet: string): number | null {
  const key = ` ${`${searchKey(o.name)} | ${searchKey(o.anzeigename)}`.replaceAll(' | ', '  ')} `;
  if (key.includes(` ${gefaltet} `)) return 0;
  if (key.includes(` ${gefaltet}`)) return 1;
  return key.includes(gefaltet) ? 2 : null;
}

/** Thrown when the key names no Gemeinde, or one without residents (gemeindefreies Gebiet). */
export class OrtUnbekanntError extends NotFoundError {
  constructor(
    readonly ars: string,
    readonly gemeindefrei: boolean,
    readonly gebiet?: string,
  ) {
    super(gemeindefrei ? `${gebiet} ist ein gemeindefreies Gebiet ohne Einwohner und ohne eigene Verwaltung.` : `Keine Gemeinde mit dem Schlüssel ${ars}.`);
  }
}

export interface BuergerserviceDeps {
  regel: Zaehlregel;
  clock: { now(): Date };
}

export const createBuergerserviceService = (repo: BuergerserviceRepository, deps: BuergerserviceDeps) => {
  /** The unfiltered offer of a place, kept per data stand (at most 200 places). */
  const cache = promiseCache<{ ort: Ort; zustaendig: Zustaendig[]; items: (Angebot & { text: ReturnType<typeof suchtext> })[] }>(200);

  async function laden(ars: string) {
    const o = await repo.ort(ars);
    if (!o) throw new OrtUnbekanntError(ars, false);
    if (!o.behoerde_ars) throw new OrtUnbekanntError(ars, true, o.name);
    // Municipal level, Landkreis (none for a kreisfreie Stadt: it is its own), Bezirk (Bavaria).
    const kandidaten = [o.behoerde_ars, ...(o.kreis_key ? [o.kreis_key] : []), ...(o.regbez_key ? [o.regbez_key] : [])];
    const behoerden = new Map((await repo.behoerden(kandidaten)).map((b) => [b.ars, b]));
    const zustaendig: Zustaendig[] = [];
    const dazu = (b: BehoerdeKurzRow | undefined, passt: (e: Ebene) => boolean) => {
      if (!b || zustaendig.some((z) => z.ars === b.ars) || !passt(ebeneVon(b))) return;
      zustaendig.push({
        ars: b.ars,
        name: b.name,
        anzeigename: b.anzeigename,
        ebene: ebeneVon(b),
        onlineVerfahren: b.anzahl,
        praedikat: b.zertifikat_nr ? { zertifikatNr: b.zertifikat_nr, status: b.praedikat_status ?? '' } : null,
      });
    };
    dazu(behoerden.get(o.behoerde_ars), () => true);
    if (o.kreis_key) dazu(behoerden.get(o.kreis_key), (e) => e === 'landkreis');
    if (o.regbez_key) dazu(behoerden.get(o.regbez_key), (e) => e === 'bezirk');
    const mitFreistaat = o.land_key === FREISTAAT.ars;
    const alle: Zustaendig[] = mitFreistaat ? [...zustaendig, { ...FREISTAAT, ebene: 'land', onlineVerfahren: null, praedikat: null }] : zustaendig;

    const zeilen = await repo.angebot(
      zustaendig.map((z) => z.ars),
      deps.regel,
      deps.clock.now(),
    );
    // A Behörde's links, each procedure once per Behörde; zentrale ones nobody here links go to the Freistaat.
    const lokal = new Map<string, AngebotRow>();
    for (const r of zeilen) {
      if (r.behoerde_ars === null) continue;
      const key = `${r.behoerde_ars}|${r.verfahren_id}`;
      const alt = lokal.get(key);
      if (!alt || (!alt.zaehlt && r.zaehlt)) lokal.set(key, r);
    }
    const lokalVerlinkt = new Set([...lokal.values()].map((r) => r.verfahren_id));
    const zentral = mitFreistaat ? zeilen.filter((r) => r.behoerde_ars === null && !lokalVerlinkt.has(r.verfahren_id)) : [];
    const auswahl = [...lokal.values(), ...zentral];
    const leistungen = new Map<string, LeistungRow[]>();
    for (const l of await repo.leistungen([...new Set(auswahl.map((r) => r.verfahren_id))])) {
      const list = leistungen.get(l.verfahren_id);
      if (list) list.push(l);
      else leistungen.set(l.verfahren_id, [l]);
    }
    const nachArs = new Map(alle.map((z) => [z.ars, z]));
    const items = auswahl.map((r) => {
      const ls = leistungen.get(r.verfahren_id) ?? [];
      const haupt = ls.find((l) => l.themenfeld) ?? ls[0];
      const z = nachArs.get(r.behoerde_ars ?? FREISTAAT.ars) as Zustaendig;
      return {
        verfahrenId: r.verfahren_id,
        name: r.name,
        url: r.url,
        bereitstellung: r.bereitstellung,
        vertrauensniveau: r.vertrauensniveau,
        zaehlt: Boolean(r.zaehlt),
        leistungen: ls.map((l) => ({ schluessel: l.schluessel, name: l.name })),
        themenfeld: haupt?.themenfeld ?? null,
        lebenslage: haupt?.lebenslage ?? null,
        behoerde: { ars: z.ars, name: z.name, anzeigename: z.anzeigename, ebene: z.ebene },
        rang: 0,
        text: suchtext({ name: r.name, leistungen: ls.map((l) => ({ name: l.name, ozgLeistung: l.ozg_leistung, lebenslage: l.lebenslage })) }),
      };
    });
    return { ort: zuOrt(o), zustaendig: alle, items };
  }

  const angebotLaden = (stand: string, ars: string) => cache.get(ars, stand, () => laden(ars));

  return {
    /**
     * Places for what someone typed: a 12-digit ARS, an 8-digit AGS, a postcode (or its first
     * digits) or a name (umlaut-, "ae"- and suffix-tolerant, see shared/text.ts).
     */
    async orteSuchen(eingabe: string): Promise<Ortsuche> {
      const roh = eingabe.trim();
      if (/^\d{12}$/.test(roh)) {
        const o = await repo.ort(roh);
        return { art: 'schluessel', treffer: o?.behoerde_ars ? [zuOrt(o)] : [] };
      }
      if (/^\d{8}$/.test(roh)) return { art: 'schluessel', treffer: (await repo.orteNachSchluessel(roh, MAX_ORTE)).map(zuOrt) };
      if (/^\d{2,5}$/.test(roh)) return { art: 'plz', treffer: (await repo.orteNachPlz(roh, MAX_ORTE)).map(zuOrt) };
      const nachNamen = async (text: string) => {
        const gefaltet = normalizeQuery(text);
        if (gefaltet.length < 2) return [];
        const kandidaten = await repo.orteKandidaten(gefaltet.replace(BEZEICHNUNG_VORN, ''), 2000);
        return kandidaten
          .map((o) => ({ o, rang: namensRang(o, gefaltet) }))
          .filter((x): x is { o: OrtRow; rang: number } => x.rang !== null)
          .sort((a, b) => a.rang - b.rang || a.o.name.localeCompare(b.o.name, 'de') || (b.o.bevoelkerung ?? 0) - (a.o.bevoelkerung ?? 0) || a.o.ars.localeCompare(b.o.ars))
          .map((x) => zuOrt(x.o));
      };
      let treffer = await nachNamen(roh);
      // "Amberg (Landkreis Unterallgäu)", as the suggestions and the choice list write a place:
      // the name, narrowed down by what the brackets say.
      const klammer = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(roh);
      if (treffer.length === 0 && klammer) {
        const zusatz = normalizeQuery(klammer[2]);
        treffer = (await nachNamen(klammer[1])).filter((o) => searchKey(o.zusatz).includes(zusatz));
      }
      return { art: 'name', treffer: treffer.slice(0, MAX_ORTE) };
    },

    /**
     * Everything open to residents of the Gemeinde `ars` (12 digits), optionally filtered by a
     * Leistung ("Hund"), grouped by the caller. `stand` keys the cache (the portal's data stand).
     */
    async angebot(ars: string, q: string | undefined, stand: string) {
      if (!/^\d{12}$/.test(ars)) throw new ValidationError('Der Ort muss der 12-stellige Regionalschlüssel einer Gemeinde sein.', [{ field: 'ort', message: 'Der Ort muss der 12-stellige Regionalschlüssel einer Gemeinde sein.' }]);
      const { ort, zustaendig, items } = await angebotLaden(stand, ars);
      const anfrage: Suchanfrage = suchanfrage(q);
      const gefunden: Angebot[] = [];
      for (const { text, ...item } of items) {
        const rang = treffer(anfrage, text);
        if (rang !== null) gefunden.push({ ...item, rang });
      }
      gefunden.sort(
        (a, b) => b.rang - a.rang || EBENE_REIHENFOLGE[a.behoerde.ebene] - EBENE_REIHENFOLGE[b.behoerde.ebene] || a.name.localeCompare(b.name, 'de') || a.verfahrenId.localeCompare(b.verfahrenId),
      );
      return { ort, zustaendig, q: q?.trim() || null, items: gefunden };
    },
  };
};

export type BuergerserviceService = ReturnType<typeof createBuergerserviceService>;

/** Groups by Themenfeld, then Lebenslage (both alphabetically, "not assigned" last), keeping the order inside. */
export function nachThemenfeld(items: readonly Angebot[], locale: 'de' | 'en') {
  const ohne = OHNE[locale];
  const themen = new Map<string, Map<string, Angebot[]>>();
  for (const i of items) {
    const t = i.themenfeld ?? ohne;
    const l = i.lebenslage ?? ohne;
    if (!themen.has(t)) themen.set(t, new Map());
    const lagen = themen.get(t) as Map<string, Angebot[]>;
    const list = lagen.get(l);
    if (list) list.push(i);
    else lagen.set(l, [i]);
  }
  const ordnen = (a: string, b: string) => Number(a === ohne) - Number(b === ohne) || a.localeCompare(b, 'de');
  return [...themen]
    .sort((a, b) => ordnen(a[0], b[0]))
    .map(([themenfeld, lagen]) => ({
      themenfeld,
      anzahl: [...lagen.values()].reduce((s, l) => s + l.length, 0),
      lebenslagen: [...lagen].sort((a, b) => ordnen(a[0], b[0])).map(([lebenslage, eintraege]) => ({ lebenslage, eintraege })),
    }));
}
