/**
 * The core of the public portal service: the data stand (change marker, ETag, Last-Modified), the
 * per-stand cache and the overview of every Behörde's Stand that the map, the statistics, the open
 * data and the Behörde pages are built from. No Fastify, no SQL (portal.repository.ts).
 */
import crypto from 'node:crypto';
import type { BehoerdenService } from '../behoerden/behoerden.service';
import type { Attribution } from '../shared/attributions';
import type { Clock } from '../shared/clock';
import { createDatenstandRepository } from '../shared/datenstand.repository';
import type { Db } from '../shared/db';
import { type Schwellen, schwelleFuer, type Zaehlregel } from '../verlinkung/zaehlung';
import { createPortalRepository, type UebersichtRow } from './portal.repository';
import { type Stand, standVon } from '../shared/stand';

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

export const createPortalKern = (deps: PortalDeps) => {
  const repo = createPortalRepository(deps.db);
  const datenstand = createDatenstandRepository(deps.db);
  const memo = new Map<string, { schluessel: string; wert: Promise<unknown> }>();
  const erstGesehen = new Map<string, Date>();

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
    // The marker is read again only when the database's snapshot changed (the same snapshot means
    // no write has committed since; shared/datenstand.repository.ts). The snapshot is read first,
    // so a marker kept for it is never older than it.
    const m = await cached('marker', await datenstand.schnappschuss(), () => repo.marker());
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

  return { deps, repo, cached, datenStand, praedikate, behoerdenMarker, uebersicht, zaehlendeLinks, demoLinks };
};

export type PortalKern = ReturnType<typeof createPortalKern>;
