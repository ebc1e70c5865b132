/** Statistics of the public portal: coverage per area, awards per month, distribution, most linked procedures, Themenfelder; their CSV files. */
import { rollup } from 'd3-array';
import { type CsvFormat, type CsvSpalte, toCsv } from './csv-export';
import type { DatenStand, PortalKern } from './portal.kern';
import type { GemeindeEinwohnerRow } from './portal.repository';
import { STAENDE } from '../shared/stand';
import type { BehoerdeUebersicht } from './portal.kern';

export interface Abdeckung {
  ars: string;
  /** Official name (Gemeindeverzeichnis). */
  name: string;
  /** As citizens read it: "Stadt Ansbach", "Landkreis Ansbach". */
  anzeigename: string;
  behoerden: number;
  digitaleAemter: number;
  anteilBehoerden: number;
  einwohner: number;
  einwohnerDigitalesAmt: number;
  anteilEinwohner: number;
}

export interface Verteilungsklasse {
  von: number;
  /** Inclusive upper bound, null for the open last class. */
  bis: number | null;
  behoerden: number;
}

const prozent = (teil: number, ganz: number) => (ganz > 0 ? Math.round((teil / ganz) * 1000) / 10 : 0);

/** Count classes of the distribution chart: tens up to 100, then wider (the tail reaches 300+). */
const VERTEILUNG_GRENZEN = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 150, 200];

export const createPortalStatistik = (kern: PortalKern) => {
  const { deps, repo, cached, uebersicht, praedikate, zaehlendeLinks } = kern;

  async function abdeckungen(st: DatenStand) {
    return cached('abdeckung', st.schluessel, async () => {
      // Gemeinden, their population and the areas change with the official data only.
      const [alle, gemeinden, gebiete] = await Promise.all([
        uebersicht(st),
        cached('gemeindenEinwohner', st.importSchluessel, () => repo.gemeindenEinwohner()),
        cached('gebiete', st.importSchluessel, () => repo.gebiete()),
      ]);
      const standVonBehoerde = new Map(alle.map((b) => [b.ars, b.stand]));
      const name = new Map(gebiete.map((g) => [g.ars, g.name]));
      const anzeigename = new Map(gebiete.map((g) => [g.ars, g.anzeigename]));
      const abdeckung = (key: string, behoerden: readonly BehoerdeUebersicht[], gems: readonly GemeindeEinwohnerRow[]): Abdeckung => {
        const da = behoerden.filter((b) => b.stand === 'digitales_amt').length;
        const einwohner = gems.reduce((s, g) => s + g.bevoelkerung, 0);
        const abgedeckt = gems.filter((g) => g.behoerde_ars && standVonBehoerde.get(g.behoerde_ars) === 'digitales_amt').reduce((s, g) => s + g.bevoelkerung, 0);
        return {
          ars: key,
          name: key === 'DE' ? 'Deutschland' : (name.get(key) ?? key),
          anzeigename: key === 'DE' ? 'Deutschland' : (anzeigename.get(key) ?? name.get(key) ?? key),
          behoerden: behoerden.length,
          digitaleAemter: da,
          anteilBehoerden: prozent(da, behoerden.length),
          einwohner,
          einwohnerDigitalesAmt: abgedeckt,
          anteilEinwohner: prozent(abgedeckt, einwohner),
        };
      };
      // Grouped once (not filtered per area: all of Germany has some 400 Kreise and 11,000 Behörden).
      const nach = <T>(liste: readonly T[], schluessel: (x: T) => (string | null | undefined)[]) => {
        const m = new Map<string, T[]>();
        for (const x of liste)
          for (const k of new Set(schluessel(x))) {
            if (!k) continue;
            const l = m.get(k);
            if (l) l.push(x);
            else m.set(k, [x]);
          }
        return (k: string) => m.get(k) ?? [];
      };
      const behoerdenJeLand = nach(alle, (b) => [b.land.key]);
      const behoerdenJeRegbez = nach(alle, (b) => [b.regierungsbezirk.key]);
      const behoerdenJeKreis = nach(alle, (b) => [b.kreis?.key, b.ars]);
      const gemeindenJeLand = nach(gemeinden, (g) => [g.land_key]);
      const gemeindenJeRegbez = nach(gemeinden, (g) => [g.regbez_key]);
      const gemeindenJeKreis = nach(gemeinden, (g) => [g.kreis_key]);
      const regbezKeys = gebiete.filter((g) => g.ebene === 'regierungsbezirk').map((g) => g.ars);
      const kreisKeys = gebiete.filter((g) => g.ebene === 'kreis').map((g) => g.ars);
      const landKeys = [...new Set(alle.map((b) => b.land.key))].sort();
      return {
        /** Everything imported: Bavaria by default, all of Germany with IMPORT_LAND=all. */
        bayern: abdeckung(landKeys.length === 1 ? landKeys[0] : 'DE', alle, gemeinden),
        /** Per Land; more than one entry only when several Länder are imported. */
        laender: landKeys.map((k) => abdeckung(k, behoerdenJeLand(k), gemeindenJeLand(k))),
        regierungsbezirke: regbezKeys.map((k) => abdeckung(k, behoerdenJeRegbez(k), gemeindenJeRegbez(k))),
        kreise: kreisKeys.map((k) => abdeckung(k, behoerdenJeKreis(k), gemeindenJeKreis(k))),
      };
    });
  }

  /** Themenfelder and which procedure serves which: kept until the Leistungen or the import change. */
  async function themenKatalog(st: DatenStand) {
    const m = await cached('leistungsMarker', st.schluessel, () => repo.leistungsMarker());
    return cached('themenKatalog', `${st.importSchluessel}|${m}`, () => repo.themenfelderUndVerfahren());
  }

  async function statistik(st: DatenStand) {
    return cached('statistik', st.schluessel, async () => {
      const jetzt = deps.clock.now();
      const [alle, awards, abdeckung, links, katalog] = await Promise.all([uebersicht(st), praedikate(st), abdeckungen(st), zaehlendeLinks(st), themenKatalog(st)]);
      // Most linked procedures and the Themenfelder, from the counting links kept per Behörde.
      const jeVerfahren = new Map<string, number>();
      for (const vs of links.values()) for (const { verfahren_id: v } of vs) jeVerfahren.set(v, (jeVerfahren.get(v) ?? 0) + 1);
      // Names and the order among equal counts come from SQL; only the candidates for the top 20 go there.
      const grenze = [...jeVerfahren.values()].sort((a, b) => b - a)[19] ?? 0;
      const meist = await repo.verfahrenRangfolge(new Map([...jeVerfahren].filter(([, n]) => n >= grenze)), 20);
      const themenVon = new Map<string, number[]>();
      for (const z of katalog.zuordnung) {
        const t = themenVon.get(z.verfahren_id);
        if (t) t.push(z.themenfeld_id);
        else themenVon.set(z.verfahren_id, [z.themenfeld_id]);
      }
      const jeThema = new Map<number, { behoerden: number; verlinkungen: number }>();
      for (const vs of links.values()) {
        const gesehen = new Set<number>();
        for (const { verfahren_id: v } of vs) {
          for (const t of themenVon.get(v) ?? []) {
            const e = jeThema.get(t) ?? { behoerden: 0, verlinkungen: 0 };
            e.verlinkungen += 1;
            if (!gesehen.has(t)) {
              gesehen.add(t);
              e.behoerden += 1;
            }
            jeThema.set(t, e);
          }
        }
      }
      const themen = katalog.themenfelder.map((t) => ({ id: t.id, name: t.name, behoerden: jeThema.get(t.id)?.behoerden ?? 0, verlinkungen: jeThema.get(t.id)?.verlinkungen ?? 0 }));
      // Awards per month, from the first award to the current month, with the running total.
      const jeMonat = rollup(
        awards,
        (v) => v.length,
        (p) => p.verliehen_am.slice(0, 7),
      );
      const monate: { monat: string; neu: number; insgesamt: number }[] = [];
      const erster = [...jeMonat.keys()].sort()[0];
      if (erster) {
        const bis = jetzt.toISOString().slice(0, 7);
        const letzter = [...jeMonat.keys()].sort().pop() as string;
        const ende = letzter > bis ? letzter : bis;
        let [y, m] = erster.split('-').map(Number);
        let summe = 0;
        for (;;) {
          const key = `${y}-${String(m).padStart(2, '0')}`;
          const neu = jeMonat.get(key) ?? 0;
          summe += neu;
          monate.push({ monat: key, neu, insgesamt: summe });
          if (key >= ende) break;
          m += 1;
          if (m > 12) {
            m = 1;
            y += 1;
          }
        }
      }
      const verteilung: Verteilungsklasse[] = VERTEILUNG_GRENZEN.map((von, i) => {
        const naechste = VERTEILUNG_GRENZEN[i + 1];
        const bis = naechste === undefined ? null : naechste - 1;
        return { von, bis, behoerden: alle.filter((b) => b.anzahl >= von && (bis === null || b.anzahl <= bis)).length };
      });
      const staende = STAENDE.map((s) => ({ stand: s, behoerden: alle.filter((b) => b.stand === s).length }));
      const behoerdenMitLinks = alle.filter((b) => b.anzahl > 0).length;
      return {
        monate,
        verteilung,
        staende,
        abdeckung,
        meistVerlinkt: meist,
        themenfelder: themen.map((t) => ({ ...t, anteilBehoerden: prozent(t.behoerden, alle.length) })),
        behoerden: alle.length,
        behoerdenMitLinks,
        verleihungen: awards.length,
      };
    });
  }
  type Statistik = Awaited<ReturnType<typeof statistik>>;

  const abdeckungSpalten: CsvSpalte<Abdeckung>[] = [
    { name: 'ars', wert: (a) => a.ars },
    { name: 'name', wert: (a) => a.name },
    { name: 'behoerden', wert: (a) => a.behoerden },
    { name: 'digitale_aemter', wert: (a) => a.digitaleAemter },
    { name: 'anteil_behoerden_prozent', wert: (a) => a.anteilBehoerden },
    { name: 'einwohner', wert: (a) => a.einwohner },
    { name: 'einwohner_digitales_amt', wert: (a) => a.einwohnerDigitalesAmt },
    { name: 'anteil_einwohner_prozent', wert: (a) => a.anteilEinwohner },
    { name: 'anzeigename', wert: (a) => a.anzeigename },
  ];

  const STATISTIK_CSV: Record<string, (s: Statistik, f: CsvFormat) => string> = {
    verleihungen: (s, f) =>
      toCsv(
        [
          { name: 'monat', wert: (m: Statistik['monate'][number]) => m.monat },
          { name: 'neu', wert: (m) => m.neu },
          { name: 'insgesamt', wert: (m) => m.insgesamt },
        ],
        s.monate,
        f,
      ),
    regierungsbezirke: (s, f) => toCsv(abdeckungSpalten, s.abdeckung.regierungsbezirke, f),
    laender: (s, f) => toCsv(abdeckungSpalten, s.abdeckung.laender, f),
    landkreise: (s, f) => toCsv(abdeckungSpalten, s.abdeckung.kreise, f),
    verteilung: (s, f) =>
      toCsv(
        [
          { name: 'online_verfahren_von', wert: (v: Verteilungsklasse) => v.von },
          { name: 'online_verfahren_bis', wert: (v) => v.bis },
          { name: 'behoerden', wert: (v) => v.behoerden },
        ],
        s.verteilung,
        f,
      ),
    verfahren: (s, f) =>
      toCsv(
        [
          { name: 'verfahren_id', wert: (v: Statistik['meistVerlinkt'][number]) => v.id },
          { name: 'verfahren_name', wert: (v) => v.name },
          { name: 'bereitstellung', wert: (v) => v.bereitstellung },
          { name: 'behoerden', wert: (v) => v.behoerden },
        ],
        s.meistVerlinkt,
        f,
      ),
    themenfelder: (s, f) =>
      toCsv(
        [
          { name: 'themenfeld_id', wert: (t: Statistik['themenfelder'][number]) => t.id },
          { name: 'themenfeld', wert: (t) => t.name },
          { name: 'behoerden', wert: (t) => t.behoerden },
          { name: 'anteil_behoerden_prozent', wert: (t) => t.anteilBehoerden },
          { name: 'verlinkungen', wert: (t) => t.verlinkungen },
        ],
        s.themenfelder,
        f,
      ),
  };

  return {
    statistik,
    abdeckungen,
    statistikCsvNamen: Object.keys(STATISTIK_CSV),

    async statistikCsv(st: DatenStand, name: string, format: CsvFormat = 'standard'): Promise<string | undefined> {
      const f = STATISTIK_CSV[name];
      if (!f) return undefined;
      return cached(`statistik-${name}.${format}.csv`, st.schluessel, async () => f(await statistik(st), format));
    },
  };
};
