/**
 * The public transparency portal: overview of every Behörde's Stand, the map (portal.karte.ts),
 * statistics (portal.statistik.ts), open data, the Behörde pages' data and the feed of new awards.
 * No Fastify, no SQL (portal.repository.ts), no process.env.
 *
 * Everything here is derived from a few tables that change only when links, counts, awards or the
 * official data change. Each derived result is computed once per change and kept in memory, keyed
 * on the repository's change marker (one cheap query per request), and a change costs what
 * changed: what depends on the official data only (map paths and borders, names and areas of the
 * overview, population per Gemeinde) is kept per import; counts and awards are read once per stand
 * and shared; the statistics re-read only the changed Behörden's links; a Behörde page is keyed on
 * its own and its peer group's stand.
 */
import type { BehoerdenQuery } from '../behoerden/behoerden.schemas';
import { typLabel } from '../shared/behoerde-typen';
import type { Locale } from '../shared/i18n';
import { groessenklasseVon } from '../verlinkung/verlinkung.service';
import { renderAtom } from './atom';
import { type CsvFormat, type CsvSpalte, toCsv } from './csv-export';
import { createPortalKarte } from './portal.karte';
import { type BehoerdeUebersicht, createPortalKern, type DatenStand, LIZENZ, type PortalDeps } from './portal.kern';
import type { PraedikatRow, VerfahrenJeBehoerdeRow } from './portal.repository';
import { NAH_DRAN_ABSTAND, type Stand } from '../shared/stand';
import { createPortalStatistik } from './portal.statistik';

/**
 * Behörde pages whose data is kept per process (least recently used first out): more than the
 * Behörden of Bavaria (1,463), so the background preparation can keep all of them.
 */
const SEITEN_MAX = 2000;

export const createPortalService = (deps: PortalDeps) => {
  const kern = createPortalKern(deps);
  const { repo, cached, datenStand, praedikate, behoerdenMarker, uebersicht } = kern;
  const statistikTeil = createPortalStatistik(kern);
  const { abdeckungen } = statistikTeil;
  const karte = createPortalKarte(kern);

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
      const gruppenSchluessel = new Map<string, string>();
      for (const m of marker) {
        const g = gruppen.get(gruppe(m));
        const peers = [st.importSchluessel, gruppe(m), g?.zuletzt, g?.summe, g?.n].join('|');
        schluessel.set(m.ars, [m.aktualisiert, m.anzahl, m.berechnet, eigeneAwards.get(m.ars) ?? '', peers].join('|'));
        gruppenSchluessel.set(m.ars, peers);
      }
      return Object.assign(schluessel, { gruppen: gruppenSchluessel });
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
   * What one Behörde's peer group (type and size class) depends on — the import and every member's
   * count and recount stamp — for data shared by the group's pages (the ranking of the gap advice);
   * unknown Behörden: the stand.
   */
  async function peerGruppenSchluessel(st: DatenStand, ars: string): Promise<string> {
    return (await seitenSchluessel(st)).gruppen.get(ars) ?? st.schluessel;
  }

  /**
   * What one Behörde's public data depends on (its count and stamp, awards, row, peer group,
   * import) for other per-Behörde caches such as the embeddable list; unknown Behörden: the stand.
   */
  async function behoerdeSchluessel(st: DatenStand, ars: string): Promise<string> {
    return (await seitenSchluessel(st)).get(ars) ?? st.schluessel;
  }

  /** The first active Behörde of each peer group (from `seitenSchluessel(…).gruppen`). */
  const gruppenVertreter = (gruppen: Map<string, string>) => {
    const erste = new Map<string, string>();
    for (const [ars, g] of gruppen) if (!erste.has(g)) erste.set(g, ars);
    return [...erste.values()];
  };

  /**
   * One active Behörde of each peer group (type and size class), for the warm-up before the server
   * takes requests (portal/portal.vorbereitung.ts `vorwaermen`).
   */
  async function peerGruppenVertreter(st: DatenStand): Promise<string[]> {
    return gruppenVertreter((await seitenSchluessel(st)).gruppen);
  }

  /**
   * One pass of the background preparation (docs/portal.md „Caching and freshness“): the page data
   * of every active Behörde whose kept data is not of the current stand is loaded with `laden`,
   * one Behörde at a time, each after `warten` (which waits until the server is idle). The stand is
   * read again after every few Behörden loaded, so a change during the pass is picked up. Nothing is done when
   * there are more Behörden than the cache keeps (all of Germany: the first views stay on demand).
   * Returns how many Behörden were loaded.
   */
  async function behoerdenVorbereiten(laden: (ars: string, stand: string) => () => Promise<unknown>, o: { warten: () => Promise<void>; weiter: () => boolean }): Promise<number> {
    let st = await datenStand();
    let alle = await seitenSchluessel(st);
    if (alle.size > SEITEN_MAX) return 0;
    let geladen = 0;
    let seitLesen = 0;
    // One Behörde of each peer group first: its load also keeps the group's ranking of the gap
    // advice, which every other page of the group then shares (a first view of any page soon
    // after a start needs only its own data).
    const reihenfolge = new Set([...gruppenVertreter(alle.gruppen), ...alle.keys()]);
    for (const ars of reihenfolge) {
      if (!o.weiter()) break;
      // Read again after every few Behörden loaded (not per Behörde looked at: a pass over pages
      // that are all current reads the stand once).
      if (seitLesen >= 10) {
        seitLesen = 0;
        await o.warten();
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
      await behoerdeDaten(st, ars, laden(ars, alle.gruppen.get(ars) ?? st.schluessel)).catch(() => {});
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
    peerGruppenSchluessel,
    peerGruppenVertreter,
    behoerdenVorbereiten,
    praedikate,
    ...statistikTeil,

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

    ...karte,

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
  };
};

export type PortalService = ReturnType<typeof createPortalService>;
