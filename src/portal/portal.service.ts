/**
 * The public transparency portal: overview of every Behörde's Stand, the map, statistics, open
 * data and the feed of new awards. No Fastify, no SQL (portal.repository.ts), no process.env.
 *
 * Everything here is derived from a few tables that change only when links, counts, awards or the
 * official data change. Each derived result is computed once per change and kept in memory, keyed
 * on the repository's change marker (one cheap query per request), and a change costs what
 * changed: what depends on the official data only (map paths and borders, names and areas of the
 * overview, population per Gemeinde) is kept per import; counts and awards are read once per stand
 * and shared; the statistics re-read only the changed Behörden's links; a Behörde page is keyed on
 * its own and its peer group's stand.
 */
import crypto from 'node:crypto';
import { rollup } from 'd3-array';
import type { BehoerdenQuery } from '../behoerden/behoerden.schemas';

import type { BehoerdenService } from '../behoerden/behoerden.service';
import type { Attribution } from '../shared/attributions';
import type { Clock } from '../shared/clock';
import type { Db } from '../shared/db';
import type { Locale } from '../shared/i18n';
import { groessenklasseVon } from '../verlinkung/verlinkung.service';
import { type Schwellen, schwelleFuer, type Zaehlregel } from '../verlinkung/zaehlung';
import { renderAtom } from './atom';
import { type CsvFormat, type CsvSpalte, toCsv } from './csv-export';
import { baueKartenGeometrie, type KartenBehoerde, type KartenEbene, type KartenFaerbung, type KartenGeometrie, renderKarte } from './karte';
import { renderPunktKarte } from './karte-punkte';
import { createPortalRepository, type GemeindeEinwohnerRow, type PraedikatRow, type UebersichtRow, type VerfahrenJeBehoerdeRow } from './portal.repository';
import { NAH_DRAN_ABSTAND, STAENDE, type Stand, standVon } from '../shared/stand';
import { typLabel } from '../shared/behoerde-typen';

export interface PortalDeps {
  db: Db;
  schwellen: Schwellen;
  regel: Zaehlregel;
  clock: Clock;
  demo: boolean;
  publicBaseUrl: string;
  attributions: Attribution[];
  behoerden: BehoerdenService;
}

/** Bump when an export's layout changes: every ETag changes with it. */
const FORMAT_VERSION = '1';

export const LIZENZ = {
  id: 'dl-de/by-2-0',
  name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0',
  url: 'https://www.govdata.de/dl-de/by-2-0',
} as const;

export interface BehoerdeUebersicht {
  ars: string;
  /** Name as stored (Gemeindeverzeichnis; Landkreise and Bezirke with their designation in front). */
  name: string;
  /** The name in the Gemeindeverzeichnis, unchanged ("Simbach, M", "Unterallgäu", "Schwaben"). */
  amtlicherName: string;
  kurzname: string;
  /** The name as citizens read it ("Markt Simbach", "Landkreis Unterallgäu"). */
  anzeigename: string;
  typ: string;
  regierungsbezirk: { key: string; name: string };
  /** The Land (all of Germany imported: the grouping above the Regierungsbezirk). */
  land: { key: string; name: string };
  kreis: { key: string; name: string; anzeigename: string } | null;
  plz: string | null;
  einwohner: number;
  /** Seat: centre of the Gemeinde of the Verwaltungssitz. */
  lat: number | null;
  lon: number | null;
  /** Population-weighted centre of the Gemeinden served. */
  schwerpunktLat: number | null;
  schwerpunktLon: number | null;
  anzahl: number;
  schwelle: number;
  fehlend: number;
  stand: Stand;
  praedikat: { zertifikatNr: string; verliehenAm: string; status: string; demo: boolean } | null;
  /** ARS of the member Gemeinden (VG only). */
  mitglieder: string[];
  /** Counts or award are simulated (demo data). */
  demo: boolean;
}

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

/** Changes to a cheap marker → the stand of the data a response is built from. */
export interface DatenStand {
  schluessel: string;
  importSchluessel: string;
  /** Strong validator of everything built from this stand (quoted, as sent in `ETag`). */
  etag: string;
  /** For `Last-Modified` (second precision). */
  lastModified: Date;
  /** Newest timestamp in the data (shown as "Stand" in exports). */
  zuletzt: Date | null;
}

/** Levels of the point map. */
export type PunktEbene = 'gemeinden' | 'kreise';
const imPunktEbene = (typ: string, ebene: PunktEbene) =>
  ebene === 'kreise' ? typ === 'landkreis' || typ === 'kreisfreie_stadt' : typ !== 'landkreis' && typ !== 'bezirk';

/**
 * Behörde pages whose data is kept per process (least recently used first out): more than the
 * Behörden of Bavaria (1,463), so the background preparation can keep all of them.
 */
const SEITEN_MAX = 2000;

export const createPortalService = (deps: PortalDeps) => {
  const repo = createPortalRepository(deps.db);
  const memo = new Map<string, { schluessel: string; wert: Promise<unknown> }>();
  const erstGesehen = new Map<string, Date>();
  let geometrie: { schluessel: string; wert: Promise<KartenGeometrie> } | undefined;

  /** Computes `build` once per data stand; a failed build is not kept. */
  function cached<T>(name: string, schluessel: string, build: () => Promise<T>): Promise<T> {
    const hit = memo.get(name);
    if (hit && hit.schluessel === schluessel) return hit.wert as Promise<T>;
    const wert = build();
    memo.set(name, { schluessel, wert });
    wert.catch(() => {
      if (memo.get(name)?.wert === wert) memo.delete(name);
    });
    return wert;
  }

  async function datenStand(): Promise<DatenStand> {
    const m = await repo.marker();
    // Last-Modified: the first moment this process saw the stand, never earlier than the newest
    // timestamp in the data. Awards change status in place without a timestamp, so the data alone
    // cannot say when; "first seen" is never earlier than the change, so a client's
    // If-Modified-Since never hides a newer stand. The ETag (checked first) is exact.
    let gesehen = erstGesehen.get(m.schluessel);
    if (!gesehen) {
      gesehen = deps.clock.now();
      if (erstGesehen.size > 50) erstGesehen.clear();
      erstGesehen.set(m.schluessel, gesehen);
    }
    const lastModified = new Date(Math.max(gesehen.getTime(), m.zuletzt?.getTime() ?? 0));
    lastModified.setUTCMilliseconds(0);
    const etag = `"${crypto.createHash('sha256').update(`${FORMAT_VERSION}|${m.schluessel}`).digest('base64url').slice(0, 27)}"`;
    return { schluessel: m.schluessel, importSchluessel: m.importSchluessel, etag, lastModified, zuletzt: m.zuletzt };
  }

  const toUebersicht = (r: UebersichtRow): BehoerdeUebersicht => {
    const schwelle = schwelleFuer(r.typ, deps.schwellen);
    return {
      ars: r.ars,
      name: r.name,
      amtlicherName: r.amtlicher_name,
      kurzname: r.kurzname,
      anzeigename: r.anzeigename,
      typ: r.typ,
      // Länder without Regierungsbezirke (all but five): the Land stands in for it.
      regierungsbezirk: { key: r.regbez_key, name: r.regbez_name ?? r.land_name ?? r.regbez_key },
      land: { key: r.land_key, name: r.land_name ?? r.land_key },
      kreis: r.kreis_key ? { key: r.kreis_key, name: r.kreis_name ?? r.kreis_key, anzeigename: r.kreis_anzeigename ?? r.kreis_name ?? r.kreis_key } : null,
      plz: r.plz,
      einwohner: r.bevoelkerung,
      lat: r.lat,
      lon: r.lon,
      schwerpunktLat: r.schwerpunkt_lat,
      schwerpunktLon: r.schwerpunkt_lon,
      anzahl: r.anzahl,
      schwelle,
      fehlend: Math.max(0, schwelle - r.anzahl),
      stand: standVon({ anzahl: r.anzahl, schwelle, praedikatStatus: r.praedikat_status }),
      praedikat: r.zertifikat_nr
        ? { zertifikatNr: r.zertifikat_nr, verliehenAm: r.verliehen_am as string, status: r.praedikat_status as string, demo: Boolean(r.praedikat_demo) }
        : null,
      mitglieder: r.mitglieder,
      demo: deps.demo || r.demo_links || Boolean(r.praedikat_demo),
    };
  };

  const praedikate = (st: DatenStand) => cached('praedikate', st.schluessel, () => repo.praedikate());
  const behoerdenMarker = (st: DatenStand) => cached('behoerdenMarker', st.schluessel, () => repo.behoerdenMarker());

  /**
   * Every active Behörde with count, Stand and current award. Names, areas and members are read
   * once per import; per data stand only the counts and the awards (small reads, shared with the
   * statistics and the Behörde pages) and, for the Behörden whose links changed, whether they have
   * simulated links.
   */
  const uebersicht = (st: DatenStand) =>
    cached('uebersicht', st.schluessel, async () => {
      const [stamm, marker, awards, demo] = await Promise.all([
        cached('uebersichtStamm', st.importSchluessel, () => repo.uebersichtStamm()),
        behoerdenMarker(st),
        praedikate(st),
        demoLinks(st),
      ]);
      const anzahl = new Map(marker.map((m) => [m.ars, m.anzahl ?? 0]));
      const aktuell = new Map(awards.filter((a) => a.aktuell).map((a) => [a.behoerde_ars, a]));
      const mitDemo = new Set(demo.keys());
      return stamm.map((b) => {
        const p = aktuell.get(b.ars);
        return toUebersicht({
          ...b,
          anzahl: anzahl.get(b.ars) ?? 0,
          demo_links: mitDemo.has(b.ars),
          zertifikat_nr: p?.zertifikat_nr ?? null,
          verliehen_am: p?.verliehen_am ?? null,
          praedikat_status: p?.status ?? null,
          praedikat_demo: p?.demo ?? null,
        });
      });
    });

  /** Geometry depends on the imported boundaries and Gemeinde–Behörde mapping only. */
  function kartenGeometrie(st: DatenStand): Promise<KartenGeometrie> {
    const schluessel = st.importSchluessel;
    if (geometrie && geometrie.schluessel === schluessel) return geometrie.wert;
    const wert = repo.geoGemeinden().then((rows) => baueKartenGeometrie(rows.map((r) => ({ ars: r.ars, name: r.name, geometry: r.geometry, behoerdeArs: r.behoerde_ars }))));
    geometrie = { schluessel, wert };
    wert.catch(() => {
      if (geometrie?.wert === wert) geometrie = undefined;
    });
    return wert;
  }

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

  /** Which rows a filtered export holds: the Behörden list's own filter, all pages. */
  async function gefiltert(st: DatenStand, q: BehoerdenQuery | undefined): Promise<BehoerdeUebersicht[]> {
    const alle = await uebersicht(st);
    if (!q || !(q.q?.trim() || q.typ?.length || q.land || q.regierungsbezirk || q.landkreis || q.status?.length || q.jahr)) return alle;
    const { items } = await deps.behoerden.list({ ...q, page: 1, pageSize: 100_000 });
    const byArs = new Map(alle.map((b) => [b.ars, b]));
    return items.map((i) => byArs.get(i.ars)).filter((b): b is BehoerdeUebersicht => b !== undefined);
  }

  const url = (pfad: string) => `${deps.publicBaseUrl}${pfad}`;

  /* ------------------------------------------------------------------ open data */

  const koordinate = (x: number | null) => (x === null ? null : Math.round(x * 1e5) / 1e5);
  const behoerdeFelder = (b: BehoerdeUebersicht) => ({
    ars: b.ars,
    name: b.amtlicherName,
    kurzname: b.kurzname,
    typ: b.typ,
    typ_bezeichnung: typLabel(b.typ),
    regierungsbezirk_ars: b.regierungsbezirk.key,
    regierungsbezirk: b.regierungsbezirk.name,
    kreis_ars: b.kreis?.key ?? null,
    kreis: b.kreis?.name ?? null,
    plz: b.plz,
    einwohner: b.einwohner,
    online_verfahren: b.anzahl,
    schwelle: b.schwelle,
    fehlend: b.fehlend,
    status: b.stand,
    zertifikat_nr: b.praedikat?.zertifikatNr ?? null,
    verliehen_am: b.praedikat?.verliehenAm ?? null,
    praedikat_status: b.praedikat?.status ?? null,
    mitgliedsgemeinden_ars: b.mitglieder,
    lat: koordinate(b.lat),
    lon: koordinate(b.lon),
    demodaten: b.demo,
    url: url(`/behoerden/${b.ars}`),
    anzeigename: b.anzeigename,
    kreis_anzeigename: b.kreis?.anzeigename ?? null,
    schwerpunkt_lat: koordinate(b.schwerpunktLat),
    schwerpunkt_lon: koordinate(b.schwerpunktLon),
  });
  type BehoerdeFelder = ReturnType<typeof behoerdeFelder>;

  const BEHOERDEN_SPALTEN: CsvSpalte<BehoerdeFelder>[] = (
    ['ars', 'name', 'kurzname', 'typ', 'typ_bezeichnung', 'regierungsbezirk_ars', 'regierungsbezirk', 'kreis_ars', 'kreis', 'plz', 'einwohner', 'online_verfahren', 'schwelle', 'fehlend', 'status', 'zertifikat_nr', 'verliehen_am', 'praedikat_status', 'mitgliedsgemeinden_ars', 'lat', 'lon', 'demodaten', 'url', 'anzeigename', 'kreis_anzeigename', 'schwerpunkt_lat', 'schwerpunkt_lon'] as const
  ).map((name) => ({ name, wert: (r: BehoerdeFelder) => (name === 'mitgliedsgemeinden_ars' ? r.mitgliedsgemeinden_ars.join(' ') : r[name]) }));

  function metadaten(st: DatenStand, titel: string, beschreibung: string, anzahl: number, filter?: Record<string, unknown>) {
    return {
      titel,
      beschreibung,
      herausgeber: 'Plattform „Digitales Amt“ (Freistaat Bayern)',
      lizenz: LIZENZ,
      namensnennung: deps.attributions.map((a) => a.text),
      quellen: deps.attributions.map((a) => ({ text: a.text, url: a.href ?? null })),
      datenlexikon: url('/opendata/datenlexikon'),
      stand: st.zuletzt?.toISOString() ?? null,
      demodaten: deps.demo,
      hinweis: deps.demo ? 'Demodaten (simuliert): welche Behörde welche Online-Verfahren verlinkt und wer das Prädikat hält, ist simuliert.' : null,
      anzahl,
      ...(filter ? { filter } : {}),
    };
  }

  const filterBeschreibung = (q: BehoerdenQuery | undefined) => {
    if (!q) return undefined;
    const f: Record<string, unknown> = {};
    if (q.q?.trim()) f.q = q.q.trim();
    if (q.typ?.length) f.typ = q.typ;
    if (q.land) f.land = q.land;
    if (q.regierungsbezirk) f.regierungsbezirk = q.regierungsbezirk;
    if (q.landkreis) f.landkreis = q.landkreis;
    if (q.status?.length) f.status = q.status;
    if (q.jahr) f.jahr = q.jahr;
    return Object.keys(f).length ? f : undefined;
  };

  const PRAEDIKAT_SPALTEN: CsvSpalte<PraedikatRow>[] = [
    { name: 'zertifikat_nr', wert: (p) => p.zertifikat_nr },
    { name: 'behoerde_ars', wert: (p) => p.behoerde_ars },
    { name: 'behoerde_name', wert: (p) => p.amtlicher_name },
    { name: 'typ', wert: (p) => p.typ },
    { name: 'regierungsbezirk_ars', wert: (p) => p.regbez_key },
    { name: 'regierungsbezirk', wert: (p) => p.regbez_name },
    { name: 'verliehen_am', wert: (p) => p.verliehen_am },
    { name: 'praedikat_status', wert: (p) => p.status },
    { name: 'aktuell', wert: (p) => p.aktuell },
    { name: 'demodaten', wert: (p) => p.demo },
    { name: 'nachweis_url', wert: (p) => url(`/nachweis/${p.zertifikat_nr}`) },
    { name: 'behoerde_anzeigename', wert: (p) => p.anzeigename },
  ];

  const VERFAHREN_SPALTEN: CsvSpalte<VerfahrenJeBehoerdeRow>[] = [
    { name: 'behoerde_ars', wert: (r) => r.behoerde_ars },
    { name: 'behoerde_name', wert: (r) => r.behoerde_name },
    { name: 'verfahren_id', wert: (r) => r.verfahren_id },
    { name: 'verfahren_name', wert: (r) => r.verfahren_name },
    { name: 'bereitstellung', wert: (r) => r.bereitstellung },
    { name: 'art', wert: (r) => r.art },
    { name: 'in_betrieb', wert: (r) => r.aktiv },
    { name: 'zaehlt', wert: (r) => r.zaehlt },
    { name: 'themenfelder', wert: (r) => r.themenfelder.join('; ') },
    { name: 'url', wert: (r) => r.url },
    { name: 'verlinkt_seit', wert: (r) => new Date(r.verlinkt_seit).toISOString().slice(0, 10) },
    { name: 'demodaten', wert: (r) => r.demo },
    { name: 'behoerde_anzeigename', wert: (r) => r.behoerde_anzeigename },
  ];

  /* ------------------------------------------------------------------ statistics */

  /**
   * Rows per Behörde kept across data stands: after a change only the Behörden whose count was
   * recomputed since (their stamp or count moved: every change of a Behörde's links stamps it) are
   * read again. A new day (the counting rule's grace period for broken links) or a new import reads
   * all. Used for the counting links (statistics) and the Behörden with simulated links (overview).
   */
  function proBehoerde<R extends { behoerde_ars: string }>(lesen: (jetzt: Date, arsList?: string[]) => Promise<R[]>) {
    let stand: { basis: string; stempel: Map<string, string>; werte: Map<string, R[]> } | undefined;
    return async (st: DatenStand): Promise<Map<string, R[]>> => {
      const jetzt = deps.clock.now();
      const basis = `${st.importSchluessel}|${jetzt.toISOString().slice(0, 10)}`;
      const marker = await behoerdenMarker(st);
      const stempel = new Map(marker.map((m) => [m.ars, `${m.anzahl}|${m.berechnet}`]));
      const alt = stand;
      const geaendert = alt && alt.basis === basis ? marker.filter((m) => alt.stempel.get(m.ars) !== stempel.get(m.ars)).map((m) => m.ars) : undefined;
      // Many changed (a link check, a bulk upload): one full read is cheaper than a long IN list.
      const teilweise = alt !== undefined && geaendert !== undefined && geaendert.length <= 200;
      const rows = teilweise && geaendert.length === 0 ? [] : await lesen(jetzt, teilweise ? geaendert : undefined);
      const werte = teilweise ? new Map(alt.werte) : new Map<string, R[]>();
      if (teilweise) for (const a of geaendert) werte.delete(a);
      for (const ars of [...werte.keys()]) if (!stempel.has(ars)) werte.delete(ars);
      for (const r of rows) {
        const l = werte.get(r.behoerde_ars);
        if (l) l.push(r);
        else werte.set(r.behoerde_ars, [r]);
      }
      // Kept only if no newer stand was read meanwhile (requests of two stands may overlap).
      if (!stand || stand === alt) stand = { basis, stempel, werte };
      return werte;
    };
  }
  const zaehlendeLinks = proBehoerde((jetzt, arsList) => repo.zaehlendeLinks(deps.regel, jetzt, arsList));
  const demoLinks = proBehoerde((_jetzt, arsList) => repo.demoLinkBehoerden(arsList));

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

  /**
   * Per-Behörde page data, kept per Behörde stand and day: the gap advice ranks every zentral
   * procedure by what similar Behörden link, which takes a few hundred milliseconds on PGlite; a
   * page view after the first one of a stand costs nothing. The key is the Behörde's own stand (its
   * count and when it was computed — every link change of the Behörde stamps it —, its awards, its
   * row) plus that of its peer group (same type and size class: their links rank the advice) and
   * the import; a change elsewhere leaves the page cached. The day is part of the key because the
   * counting rule for broken links depends on the date (grace period).
   */
  const seiten = new Map<string, { schluessel: string; wert: Promise<unknown> }>();
  const seitenSchluessel = (st: DatenStand) =>
    cached('seitenSchluessel', st.schluessel, async () => {
      const [alleMarker, awards] = await Promise.all([behoerdenMarker(st), praedikate(st)]);
      const marker = alleMarker.filter((m) => m.aktiv);
      const gruppe = (m: (typeof marker)[number]) => `${m.typ}|${groessenklasseVon(m.bevoelkerung)[0]}`;
      const gruppen = new Map<string, { zuletzt: string; summe: number; n: number }>();
      for (const m of marker) {
        const g = gruppen.get(gruppe(m)) ?? { zuletzt: '', summe: 0, n: 0 };
        if ((m.berechnet ?? '') > g.zuletzt) g.zuletzt = m.berechnet ?? '';
        g.summe += m.anzahl ?? 0;
        g.n += 1;
        gruppen.set(gruppe(m), g);
      }
      const eigeneAwards = new Map<string, string>();
      for (const a of awards) eigeneAwards.set(a.behoerde_ars, `${eigeneAwards.get(a.behoerde_ars) ?? ''}${a.zertifikat_nr}:${a.status}:${a.verliehen_am};`);
      const schluessel = new Map<string, string>();
      for (const m of marker) {
        const g = gruppen.get(gruppe(m));
        schluessel.set(m.ars, [st.importSchluessel, m.aktualisiert, m.anzahl, m.berechnet, eigeneAwards.get(m.ars) ?? '', gruppe(m), g?.zuletzt, g?.summe, g?.n].join('|'));
      }
      return schluessel;
    });
  async function behoerdeDaten<T>(st: DatenStand, ars: string, load: () => Promise<T>): Promise<T> {
    // Unknown or inactive Behörden (a 404 or a page of the past): keyed by the whole stand.
    const eigen = (await seitenSchluessel(st)).get(ars) ?? st.schluessel;
    const schluessel = `${eigen}|${deps.clock.now().toISOString().slice(0, 10)}`;
    const hit = seiten.get(ars);
    if (hit && hit.schluessel === schluessel) {
      // Most recently used last: the oldest entries go first when the map is full.
      seiten.delete(ars);
      seiten.set(ars, hit);
      return hit.wert as Promise<T>;
    }
    const wert = load();
    seiten.delete(ars);
    seiten.set(ars, { schluessel, wert });
    while (seiten.size > SEITEN_MAX) seiten.delete(seiten.keys().next().value as string);
    wert.catch(() => {
      if (seiten.get(ars)?.wert === wert) seiten.delete(ars);
    });
    return wert;
  }

  /**
   * What one Behörde's public data depends on (its count and stamp, awards, row, peer group,
   * import) for other per-Behörde caches such as the embeddable list; unknown Behörden: the stand.
   */
  async function behoerdeSchluessel(st: DatenStand, ars: string): Promise<string> {
    return (await seitenSchluessel(st)).get(ars) ?? st.schluessel;
  }

  /**
   * One pass of the background preparation (docs/portal.md „Caching and freshness“): the page data
   * of every active Behörde whose kept data is not of the current stand is loaded with `laden`,
   * one Behörde at a time, each after `warten` (which waits until the server is idle). The stand is
   * read again after every few Behörden loaded, so a change during the pass is picked up. Nothing is done when
   * there are more Behörden than the cache keeps (all of Germany: the first views stay on demand).
   * Returns how many Behörden were loaded.
   */
  async function behoerdenVorbereiten(laden: (ars: string) => () => Promise<unknown>, o: { warten: () => Promise<void>; weiter: () => boolean }): Promise<number> {
    let st = await datenStand();
    let alle = await seitenSchluessel(st);
    if (alle.size > SEITEN_MAX) return 0;
    let geladen = 0;
    let seitLesen = 0;
    for (const ars of [...alle.keys()]) {
      if (!o.weiter()) break;
      // Read again after every few Behörden loaded (not per Behörde looked at: a pass over pages
      // that are all current reads the stand once).
      if (seitLesen >= 10) {
        seitLesen = 0;
        st = await datenStand();
        alle = await seitenSchluessel(st);
      }
      const eigen = alle.get(ars);
      if (eigen === undefined) continue;
      const hit = seiten.get(ars);
      if (hit && hit.schluessel === `${eigen}|${deps.clock.now().toISOString().slice(0, 10)}`) continue;
      await o.warten();
      if (!o.weiter()) break;
      // Errors (a Behörde deactivated meanwhile) are left to the page's own request.
      await behoerdeDaten(st, ars, laden(ars)).catch(() => {});
      geladen++;
      seitLesen++;
    }
    return geladen;
  }

  return {
    datenStand,
    uebersicht,
    behoerdeDaten,
    behoerdeSchluessel,
    behoerdenVorbereiten,
    praedikate,
    statistik,
    abdeckungen,
    statistikCsvNamen: Object.keys(STATISTIK_CSV),

    async statistikCsv(st: DatenStand, name: string, format: CsvFormat = 'standard'): Promise<string | undefined> {
      const f = STATISTIK_CSV[name];
      if (!f) return undefined;
      return cached(`statistik-${name}.${format}.csv`, st.schluessel, async () => f(await statistik(st), format));
    },

    /** Figures of the start page. */
    async startseite(st: DatenStand) {
      const [alle, awards, abdeckung] = await Promise.all([uebersicht(st), praedikate(st), abdeckungen(st)]);
      const zahl = (s: Stand) => alle.filter((b) => b.stand === s).length;
      const byArs = new Map(alle.map((b) => [b.ars, b]));
      return {
        behoerden: alle.length,
        digitaleAemter: zahl('digitales_amt'),
        nahDran: zahl('nah_dran'),
        schwelleErreicht: zahl('schwelle_erreicht'),
        ausgesetzt: zahl('ausgesetzt') + zahl('widerrufen'),
        einwohnerAnteil: abdeckung.bayern.anteilEinwohner,
        neueste: awards
          .filter((p) => p.aktuell && p.status === 'gueltig')
          .slice(0, 6)
          .map((p) => ({ ...p, anzahl: byArs.get(p.behoerde_ars)?.anzahl ?? 0 })),
        nahDranBeispiele: alle
          .filter((b) => b.stand === 'nah_dran')
          .sort((a, b) => a.fehlend - b.fehlend || b.einwohner - a.einwohner)
          .slice(0, 5),
        nahDranAbstand: NAH_DRAN_ABSTAND,
      };
    },

    /** The map as SVG: the view's paths and borders kept per import, coloured once per data stand. */
    async karte(st: DatenStand, o: { ausschnitt: string | null; ebene: KartenEbene; faerbung: KartenFaerbung; locale: Locale; links: boolean; titel: string }) {
      const key = `karte|${o.ausschnitt ?? 'bayern'}|${o.ebene}|${o.faerbung}|${o.locale}|${o.links}`;
      return cached(key, st.schluessel, async () => {
        const [geo, alle] = await Promise.all([kartenGeometrie(st), uebersicht(st)]);
        const behoerden = new Map<string, KartenBehoerde>(alle.map((b) => [b.ars, { ars: b.ars, name: b.anzeigename, stand: b.stand, anzahl: b.anzahl, schwelle: b.schwelle }]));
        const r = renderKarte(geo, { ...o, behoerden, id: 'karte-svg' });
        return { svg: r.svg, breite: r.breite, hoehe: r.hoehe, flaechen: r.flaechen.length, gefaerbt: r.gefaerbt };
      });
    },

    async behoerdenCsv(st: DatenStand, q?: BehoerdenQuery, format: CsvFormat = 'standard') {
      const build = async () => toCsv(BEHOERDEN_SPALTEN, (await gefiltert(st, q)).map(behoerdeFelder), format);
      return filterBeschreibung(q) ? build() : cached(`behoerden.${format}.csv`, st.schluessel, build);
    },

    async behoerdenJson(st: DatenStand, q?: BehoerdenQuery) {
      const build = async () => {
        const rows = (await gefiltert(st, q)).map(behoerdeFelder);
        return JSON.stringify({
          metadaten: metadaten(st, 'Behörden und Prädikat „Digitales Amt“ in Bayern', 'Jede Behörde mit Zahl der zählenden Online-Verfahren, Schwelle, Status und aktuellem Prädikat.', rows.length, filterBeschreibung(q)),
          daten: rows,
        });
      };
      return filterBeschreibung(q) ? build() : cached('behoerden.json', st.schluessel, build);
    },

    /** GeoJSON (RFC 7946): one Point per Behörde at its seat; metadata as a foreign member. */
    async behoerdenGeojson(st: DatenStand, q?: BehoerdenQuery) {
      const build = async () => {
        const rows = (await gefiltert(st, q)).map(behoerdeFelder);
        return JSON.stringify({
          type: 'FeatureCollection',
          metadaten: metadaten(st, 'Behörden und Prädikat „Digitales Amt“ in Bayern (Punkte am Verwaltungssitz)', 'Wie behoerden.json, als GeoJSON-Punkte (WGS84, Länge/Breite) am Sitz der Behörde.', rows.length, filterBeschreibung(q)),
          features: rows.map(({ lat, lon, ...properties }) => ({
            type: 'Feature',
            id: properties.ars,
            geometry: lat !== null && lon !== null ? { type: 'Point', coordinates: [lon, lat] } : null,
            properties,
          })),
        });
      };
      return filterBeschreibung(q) ? build() : cached('behoerden.geojson', st.schluessel, build);
    },

    async praedikateCsv(st: DatenStand, format: CsvFormat = 'standard') {
      return cached(`praedikate.${format}.csv`, st.schluessel, async () => toCsv(PRAEDIKAT_SPALTEN, await praedikate(st), format));
    },

    async verfahrenJeBehoerdeCsv(st: DatenStand, format: CsvFormat = 'standard') {
      return cached(`verfahren-je-behoerde.${format}.csv`, st.schluessel, async () => toCsv(VERFAHREN_SPALTEN, await repo.verfahrenJeBehoerde(deps.regel, deps.clock.now()), format));
    },

    /** Atom feed of the newest awards (RFC 4287). */
    async feed(st: DatenStand, locale: Locale) {
      return cached(`feed-${locale}`, st.schluessel, async () => {
        const de = locale === 'de';
        const awards = (await praedikate(st)).slice(0, 50);
        const host = new URL(deps.publicBaseUrl).hostname;
        const demo = deps.demo ? (de ? ' – Demodaten (simuliert)' : ' – demo data (simulated)') : '';
        const aktualisiert = awards[0] ? `${awards[0].verliehen_am}T00:00:00Z` : (st.zuletzt ?? new Date(0)).toISOString();
        // One feed per language, each with its own id (RFC 4287 §4.2.6: an id names one feed;
        // the entries differ in language, so they are different entries too).
        const sprachTeil = de ? '' : '/en';
        const statusText: Record<string, { de: string; en: string }> = {
          gueltig: { de: 'gültig', en: 'valid' },
          ausgesetzt: { de: 'ausgesetzt', en: 'suspended' },
          widerrufen: { de: 'widerrufen', en: 'revoked' },
        };
        const status = (x: string) => statusText[x]?.[locale] ?? x;
        return renderAtom({
          id: `tag:${host},2021:digitales-amt/praedikate${sprachTeil}`,
          titel: (de ? 'Neue Prädikate „Digitales Amt“ in Bayern' : 'New “Digitales Amt” labels in Bavaria') + demo,
          untertitel: de ? 'Die neuesten Verleihungen des Prädikats „Digitales Amt“.' : 'The latest awards of the “Digitales Amt” label.',
          selbst: url(`/feeds/praedikate.atom${de ? '' : '?lang=en'}`),
          alternativ: url(`/behoerden?status=digitales_amt&sort=verliehen${de ? '' : '&lang=en'}`),
          aktualisiert,
          autor: 'Digitales Amt',
          rechte: `${LIZENZ.name} (${LIZENZ.id})`,
          sprache: locale,
          eintraege: awards.map((p) => ({
            id: `tag:${host},2021:digitales-amt/praedikat/${p.zertifikat_nr}${sprachTeil}`,
            titel: de ? `${p.anzeigename}: Prädikat „Digitales Amt“ (${p.zertifikat_nr})` : `${p.anzeigename}: “Digitales Amt” label (${p.zertifikat_nr})`,
            link: url(`/behoerden/${p.behoerde_ars}${de ? '' : '?lang=en'}`),
            aktualisiert: `${p.verliehen_am}T00:00:00Z`,
            zusammenfassung: de
              ? `${p.anzeigename} (${typLabel(p.typ, 'de')}, ${p.regbez_name ?? p.regbez_key}) erhielt am ${p.verliehen_am} das Prädikat „Digitales Amt“, Zertifikat ${p.zertifikat_nr}. Status: ${status(p.status)}.${p.demo ? ' Demodaten (simuliert).' : ''}`
              : `${p.anzeigename} (${typLabel(p.typ, 'en')}, ${p.regbez_name ?? p.regbez_key}) received the “Digitales Amt” label on ${p.verliehen_am}, certificate ${p.zertifikat_nr}. Status: ${status(p.status)}.${p.demo ? ' Demo data (simulated).' : ''}`,
            kategorien: [p.status, p.regbez_key],
          })),
        });
      });
    },

    /**
     * The point map of one Land (two-digit key) or of all imported Länder (null), drawn once per
     * data stand and view. `kreise`: Landkreise and kreisfreie Städte; `gemeinden`: every Behörde
     * of the municipal level (Gemeinden, Ämter, Samtgemeinden, Verbandsgemeinden, VGs).
     */
    async punktKarte(st: DatenStand, o: { land: string | null; ebene: PunktEbene; faerbung: KartenFaerbung; locale: Locale; links: boolean; titel: string }) {
      const key = `punktkarte|${o.land ?? 'alle'}|${o.ebene}|${o.faerbung}|${o.locale}|${o.links}`;
      return cached(key, st.schluessel, async () => {
        const punkte = (await uebersicht(st))
          .filter((b) => (o.land === null || b.land.key === o.land) && imPunktEbene(b.typ, o.ebene))
          // The seat; where it is unknown the centre of the area stands in (a point map needs a place).
          .map((b) => ({ ars: b.ars, name: b.anzeigename, typ: b.typ, lat: b.lat ?? b.schwerpunktLat, lon: b.lon ?? b.schwerpunktLon, stand: b.stand, anzahl: b.anzahl }));
        const r = renderPunktKarte(punkte, { faerbung: o.faerbung, locale: o.locale, links: o.links, titel: o.titel, id: 'karte-svg' });
        return { svg: r.svg, punkte: r.gezeichnet.length, ohneLage: r.ohneLage.length };
      });
    },

    /** The Behörden of one Land on one level of the point map, for its table: by Kreis and name. */
    async landTabelle(st: DatenStand, land: string, ebene: PunktEbene) {
      const alle = await uebersicht(st);
      return alle
        .filter((b) => b.land.key === land && imPunktEbene(b.typ, ebene))
        .sort((a, b) => (a.kreis?.name ?? '').localeCompare(b.kreis?.name ?? '', 'de') || a.kurzname.localeCompare(b.kurzname, 'de') || a.ars.localeCompare(b.ars));
    },

    /** The Behörden of one Regierungsbezirk for the map's table, ordered by Kreis and name. */
    async kartenTabelle(st: DatenStand, ausschnitt: string | null) {
      const alle = await uebersicht(st);
      return alle
        .filter((b) => (ausschnitt === null ? true : b.regierungsbezirk.key === ausschnitt))
        .sort((a, b) => (a.kreis?.name ?? '').localeCompare(b.kreis?.name ?? '', 'de') || a.kurzname.localeCompare(b.kurzname, 'de') || a.ars.localeCompare(b.ars));
    },
  };
};

export type PortalService = ReturnType<typeof createPortalService>;
