/**
 * The map of Bavaria, drawn on the server as SVG from the BKG VG5000 boundaries (no tile server,
 * no JavaScript): Gemeinden (or Landkreise, or Bezirke) filled by their Behörde's Stand or count,
 * Kreis and Regierungsbezirk borders on top, each area a link to its Behörde page.
 *
 * Geometry is prepared once per import (`baueKartenGeometrie`):
 *  1. project every vertex with a transverse Mercator centred on Bavaria (d3-geo), fitted to a
 *     1000-unit-wide box — planar coordinates from here on;
 *  2. build a topology (topojson-server): a border shared by two Gemeinden is one arc, so both
 *     sides are simplified alike and the map has no gaps or slivers;
 *  3. presimplify (Visvalingam weights, topojson-simplify).
 * A view (`renderKarte`) then picks its Gemeinden, simplifies with a threshold that shrinks with the
 * zoom, merges the Gemeinden of one area (VG members, a Kreis, a Bezirk) into one path
 * (topojson-client `merge`), and writes integer coordinates relative to the previous point.
 * The merged paths and borders of a view depend on the geometry only and are kept with it
 * (`kartenGrundlage`, once per import and view); a data change only re-colours them, and callers
 * cache the resulting SVG per data change (portal.service.ts): a request never re-projects.
 *
 * Why no `geoFitExtent` on the features: the GeoJSON rings follow RFC 7946 (exterior counter-
 * clockwise), d3-geo reads spherical polygons the other way round and would fit the whole globe.
 * Fitting to the vertices as points sidesteps winding altogether.
 */
import { scaleThreshold } from 'd3-scale';
import { geoTransverseMercator } from 'd3-geo';
import type { GeoJsonObject, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { merge, mesh } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import type { Locale } from '../shared/i18n';
import { OHNE_BEHOERDE_FARBE, STAENDE, STAND_FARBE, STAND_LABELS, type Stand } from '../shared/stand';

/** A Gemeinde's boundary as stored in `geo_flaechen`, with its Behörde (null: gemeindefreies Gebiet). */
export interface GeoGemeinde {
  /** ARS of the geo file (its Gemeindeverband may be that of 2021; see portal.repository.ts). */
  ars: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  behoerdeArs: string | null;
}

interface GemeindeProps {
  i: number;
  ars: string;
  kreis: string;
  regbez: string;
  behoerde: string | null;
}

type GemeindeGeometrie = GeometryObject<GemeindeProps> & { properties: GemeindeProps };

export interface KartenGeometrie {
  topo: Topology<{ g: GeometryCollection<GemeindeProps> }>;
  gemeinden: GemeindeGeometrie[];
  /** Bounding box per Gemeinde in base units: [x0, y0, x1, y1]. */
  bbox: [number, number, number, number][];
  /** Simplified topologies by minimum weight (a handful: one per zoom level in use). */
  vereinfacht: Map<number, Topology>;
}

export const BASIS_BREITE = 1000;
/** Visvalingam threshold at scale 1, in square units (≈ square pixels of a 1000 px wide map). */
const BASIS_GEWICHT = 8;
const RAND = 8;

/** Projects, builds the topology and presimplifies: once per import (≈ 0.3 s for Bavaria). */
export function baueKartenGeometrie(rows: readonly GeoGemeinde[]): KartenGeometrie {
  const allePunkte: [number, number][] = [];
  for (const r of rows) for (const ring of polygone(r.geometry).flat()) for (const p of ring) allePunkte.push([p[0], p[1]]);
  // Without imported boundaries the map stays empty (renderKarte says so) rather than failing.
  if (allePunkte.length === 0) allePunkte.push([11, 49]);
  const lons = allePunkte.map((p) => p[0]);
  const mitte = (Math.min(...lons) + Math.max(...lons)) / 2;
  const projektion = geoTransverseMercator()
    .rotate([-mitte, 0])
    .fitWidth(BASIS_BREITE, { type: 'MultiPoint', coordinates: allePunkte });

  const bbox: KartenGeometrie['bbox'] = [];
  const features = rows.map((r, i) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const ring = (rr: number[][]) =>
      rr.map((p) => {
        const [x, y] = projektion([p[0], p[1]]) as [number, number];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        return [x, y];
      });
    const coordinates = polygone(r.geometry).map((poly) => poly.map(ring));
    bbox.push([x0, y0, x1, y1]);
    const properties: GemeindeProps = { i, ars: r.ars, kreis: r.ars.slice(0, 5), regbez: r.ars.slice(0, 3), behoerde: r.behoerdeArs };
    return { type: 'Feature' as const, properties, geometry: { type: 'MultiPolygon' as const, coordinates } };
  });
  const fc = { type: 'FeatureCollection', features } as GeoJsonObject;
  const topo = presimplify(topology({ g: fc }) as never) as unknown as KartenGeometrie['topo'];
  const gemeinden = topo.objects.g.geometries as GemeindeGeometrie[];
  return { topo, gemeinden, bbox, vereinfacht: new Map() };
}

function polygone(g: Polygon | MultiPolygon): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/* ------------------------------------------------------------------ SVG path writing */

interface Ansicht {
  k: number;
  x0: number;
  y0: number;
}

/**
 * Writes rings and lines as compact SVG path data: integer coordinates (1 unit ≈ 0.35 km on the
 * overview), each point relative to the previous one, repeated points after rounding dropped,
 * rings that collapse to fewer than three points left out.
 */
function pfad(linien: number[][][], a: Ansicht, geschlossen: boolean): string {
  let out = '';
  for (const linie of linien) {
    const pts: [number, number][] = [];
    for (const p of linie) {
      const x = Math.round((p[0] - a.x0) * a.k + RAND);
      const y = Math.round((p[1] - a.y0) * a.k + RAND);
      const last = pts[pts.length - 1];
      if (!last || last[0] !== x || last[1] !== y) pts.push([x, y]);
    }
    if (geschlossen && pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
    if (pts.length < (geschlossen ? 3 : 2)) continue;
    out += `M${pts[0][0]} ${pts[0][1]}l`;
    for (let i = 1; i < pts.length; i++) {
      const dx = pts[i][0] - pts[i - 1][0];
      const dy = pts[i][1] - pts[i - 1][1];
      out += `${i > 1 && dx >= 0 ? ' ' : ''}${dx}${dy >= 0 ? ' ' : ''}${dy}`;
    }
    if (geschlossen) out += 'z';
  }
  return out;
}

const flaechenPfad = (mp: MultiPolygon, a: Ansicht) => pfad(mp.coordinates.flat(), a, true);
const linienPfad = (ml: MultiLineString, a: Ansicht) => pfad(ml.coordinates, a, false);

/* ------------------------------------------------------------------ views */

export type KartenEbene = 'gemeinden' | 'kreise' | 'bezirke';
export type KartenFaerbung = 'status' | 'anzahl';

export interface KartenBehoerde {
  ars: string;
  name: string;
  stand: Stand;
  anzahl: number;
  schwelle: number;
}

export interface KartenOptionen {
  /** Regierungsbezirk key (`091`…`097`) to zoom to, or null for all of Bavaria. */
  ausschnitt: string | null;
  ebene: KartenEbene;
  faerbung: KartenFaerbung;
  behoerden: ReadonlyMap<string, KartenBehoerde>;
  locale: Locale;
  /** Areas as links with a title (inline map); false for the plain picture (`<img>`). */
  links: boolean;
  /** Accessible name of the map (inline: on the `<svg>`; picture: its `<title>`). */
  titel: string;
  /** id for the `<svg>` element (inline map). */
  id?: string;
}

export interface KartenErgebnis {
  svg: string;
  breite: number;
  hoehe: number;
  /** Behörden drawn as areas, in drawing order. */
  flaechen: { behoerdeArs: string; gemeinden: string[] }[];
  /** Geo ARS of every Gemeinde that got a filled, non-empty area belonging to a Behörde. */
  gefaerbt: Set<string>;
}

/** Colour classes by count: thresholds and colours (light to dark, ColorBrewer GnBu 7). */
export const ANZAHL_STUFEN = [10, 20, 30, 40, 50, 100] as const;
export const ANZAHL_FARBEN = ['#f0f9e8', '#ccebc5', '#a8ddb5', '#7bccc4', '#4eb3d3', '#2b8cbe', '#08589e'] as const;
export const anzahlFarbe = scaleThreshold<number, string>().domain([...ANZAHL_STUFEN]).range([...ANZAHL_FARBEN]);

/** The legend of a colouring: colour and label per class, in order. */
export function legende(faerbung: KartenFaerbung, locale: Locale): { farbe: string; label: string; klasse: string }[] {
  const ohne = { farbe: OHNE_BEHOERDE_FARBE, klasse: 'ohne', label: locale === 'de' ? 'Gemeindefreies Gebiet (keine Behörde)' : 'Unincorporated area (no authority)' };
  if (faerbung === 'status') return [...STAENDE.map((s) => ({ farbe: STAND_FARBE[s], label: STAND_LABELS[s][locale], klasse: s })), ohne];
  const grenzen = [0, ...ANZAHL_STUFEN];
  const stufen = ANZAHL_FARBEN.map((farbe, i) => ({
    farbe,
    klasse: `a${i}`,
    label: i < ANZAHL_STUFEN.length ? `${grenzen[i]}–${grenzen[i + 1] - 1}` : locale === 'de' ? `${grenzen[i]} und mehr` : `${grenzen[i]} or more`,
  }));
  return [...stufen, ohne];
}

const escapeXml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

function vereinfachtFuer(geo: KartenGeometrie, k: number): Topology {
  // Thresholds rounded to a power of two: a few cached topologies serve every zoom level.
  const gewicht = 2 ** Math.round(Math.log2(BASIS_GEWICHT / (k * k)));
  let t = geo.vereinfacht.get(gewicht);
  if (!t) {
    t = simplify(geo.topo, gewicht);
    geo.vereinfacht.set(gewicht, t);
  }
  return t;
}

/** Which Behörde an area belongs to, per level. */
function flaechenSchluessel(g: GemeindeProps, ebene: KartenEbene): string {
  return ebene === 'gemeinden' ? (g.behoerde ?? '') : ebene === 'kreise' ? g.kreis : g.regbez;
}

/** One area of a view: the Gemeinden of one Behörde (or Kreis, Bezirk) merged into one path. */
interface GrundFlaeche {
  /** Behörde ARS (level `gemeinden`), Kreis or Bezirk key; '' for gemeindefreie Gebiete. */
  key: string;
  gemeinden: string[];
  /** The one Behörde of all its Gemeinden (a kreisfreie Stadt on the Kreis level), else null. */
  eigeneBehoerde: string | null;
  /** Path data (may be empty: the area vanished even unsimplified). */
  d: string;
}

/**
 * What a view draws that depends on the geometry only (the boundaries, the Gemeinde–Behörde
 * mapping, the section and the level), not on counts or awards: the merged area paths and the
 * borders. Built once per view and import and kept on the geometry object; a data change only
 * colours the areas anew (`renderKarte`).
 */
export interface KartenGrundlage {
  breite: number;
  hoehe: number;
  /** No Gemeinde in the section (nothing imported). */
  leer: boolean;
  flaechen: GrundFlaeche[];
  /** The borders as one `<g>` element. */
  grenzen: string;
}

const grundlagen = new WeakMap<KartenGeometrie, Map<string, KartenGrundlage>>();

/** The geometry part of a view, computed on first use and reused for every later data stand. */
export function kartenGrundlage(geo: KartenGeometrie, ausschnitt: string | null, ebene: KartenEbene): KartenGrundlage {
  let proGeo = grundlagen.get(geo);
  if (!proGeo) {
    proGeo = new Map();
    grundlagen.set(geo, proGeo);
  }
  const key = `${ausschnitt ?? ''}|${ebene}`;
  let g = proGeo.get(key);
  if (!g) {
    g = baueGrundlage(geo, ausschnitt, ebene);
    proGeo.set(key, g);
  }
  return g;
}

function baueGrundlage(geo: KartenGeometrie, ausschnitt: string | null, ebene: KartenEbene): KartenGrundlage {
  const imAusschnitt = (g: GemeindeProps) => ausschnitt === null || g.regbez === ausschnitt;
  const auswahl = geo.gemeinden.filter((g) => imAusschnitt(g.properties));
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const g of auswahl) {
    const b = geo.bbox[g.properties.i];
    x0 = Math.min(x0, b[0]);
    y0 = Math.min(y0, b[1]);
    x1 = Math.max(x1, b[2]);
    y1 = Math.max(y1, b[3]);
  }
  if (auswahl.length === 0) return { breite: BASIS_BREITE, hoehe: 60, leer: true, flaechen: [], grenzen: '' };
  const k = (BASIS_BREITE - 2 * RAND) / (x1 - x0);
  const ansicht: Ansicht = { k, x0, y0 };
  const hoehe = Math.ceil((y1 - y0) * k + 2 * RAND);
  const topo = vereinfachtFuer(geo, k);
  const voll = geo.topo as Topology;

  // Areas: Gemeinden grouped by the Behörde (or Kreis, Bezirk) they belong to.
  const gruppen = new Map<string, GemeindeGeometrie[]>();
  for (const g of auswahl) {
    const key = flaechenSchluessel(g.properties, ebene);
    const list = gruppen.get(key);
    if (list) list.push(g);
    else gruppen.set(key, [g]);
  }
  const flaechen: GrundFlaeche[] = [];
  for (const [key, gs] of gruppen) {
    let d = flaechenPfad(merge(topo, gs as never), ansicht);
    // A tiny enclave can vanish under simplification: draw it from the unsimplified arcs.
    if (d === '') d = flaechenPfad(merge(voll, gs as never), ansicht);
    const eigene = new Set(gs.map((g) => g.properties.behoerde).filter((b) => b !== null));
    flaechen.push({ key, gemeinden: gs.map((g) => g.properties.ars), eigeneBehoerde: eigene.size === 1 ? ([...eigene][0] as string) : null, d });
  }

  // Borders on top, from the same simplified arcs as the areas.
  const alle = topo.objects.g as GeometryCollection<GemeindeProps>;
  const P = (x: unknown) => (x as GemeindeGeometrie).properties;
  const innen = (a: unknown, b: unknown) => imAusschnitt(P(a)) && imAusschnitt(P(b)) && a !== b;
  const kreisGrenzen = ebene === 'bezirke' ? '' : linienPfad(mesh(topo, alle, (a, b) => innen(a, b) && P(a).kreis !== P(b).kreis), ansicht);
  const bezirksGrenzen = ausschnitt === null ? linienPfad(mesh(topo, alle, (a, b) => innen(a, b) && P(a).regbez !== P(b).regbez), ansicht) : '';
  const umriss = linienPfad(mesh(topo, alle, (a, b) => (a === b ? imAusschnitt(P(a)) : imAusschnitt(P(a)) !== imAusschnitt(P(b)))), ansicht);
  const grenzen =
    `<g fill="none" stroke-linejoin="round" pointer-events="none" aria-hidden="true">` +
    (kreisGrenzen ? `<path stroke="#6b7280" stroke-width="0.8" d="${kreisGrenzen}"/>` : '') +
    (bezirksGrenzen ? `<path stroke="#1f2937" stroke-width="1.6" d="${bezirksGrenzen}"/>` : '') +
    `<path stroke="#1f2937" stroke-width="1.6" d="${umriss}"/></g>`;
  return { breite: BASIS_BREITE, hoehe, leer: false, flaechen, grenzen };
}

/** Draws a view: the cached geometry part (`kartenGrundlage`) coloured by the Behörden's data. */
export function renderKarte(geo: KartenGeometrie, o: KartenOptionen): KartenErgebnis {
  const grund = kartenGrundlage(geo, o.ausschnitt, o.ebene);
  if (grund.leer) {
    const text = o.locale === 'de' ? 'Keine Gebietsgrenzen importiert.' : 'No boundaries imported.';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BASIS_BREITE} 60" class="karte__svg" role="img" aria-label="${escapeXml(`${o.titel}: ${text}`)}"><text x="20" y="36" font-size="20" fill="#1f2937">${escapeXml(text)}</text></svg>`;
    return { svg, breite: BASIS_BREITE, hoehe: 60, flaechen: [], gefaerbt: new Set() };
  }
  const { breite, hoehe } = grund;
  const behoerdeDerFlaeche = (f: GrundFlaeche): KartenBehoerde | undefined => {
    if (f.key === '') return undefined;
    const direkt = o.behoerden.get(f.key);
    if (direkt) return direkt;
    if (o.ebene !== 'kreise') return undefined;
    // A kreisfreie Stadt is both Kreis and Gemeinde: its Behörde is the one of all its Gemeinden.
    return f.eigeneBehoerde === null ? undefined : o.behoerden.get(f.eigeneBehoerde);
  };

  const klassen = new Map<string, { farbe: string; teile: string[] }>();
  const flaechen: KartenErgebnis['flaechen'] = [];
  const gefaerbt = new Set<string>();
  let ohne = '';
  const de = o.locale === 'de';
  for (const f of grund.flaechen) {
    const b = behoerdeDerFlaeche(f);
    const d = f.d;
    if (!b) {
      ohne += d;
      continue;
    }
    if (d === '') continue;
    for (const g of f.gemeinden) gefaerbt.add(g);
    flaechen.push({ behoerdeArs: b.ars, gemeinden: f.gemeinden });
    const klasse = o.faerbung === 'status' ? b.stand : `a${anzahlFarbe.range().indexOf(anzahlFarbe(b.anzahl))}`;
    const farbe = o.faerbung === 'status' ? STAND_FARBE[b.stand] : anzahlFarbe(b.anzahl);
    let teil: string;
    if (o.links) {
      const titel = `${b.name}: ${STAND_LABELS[b.stand][o.locale]}, ${b.anzahl} ${de ? 'Online-Verfahren' : 'online procedures'}`;
      teil = `<a href="/behoerden/${b.ars}"><title>${escapeXml(titel)}</title><path d="${d}"/></a>`;
    } else teil = `<path d="${d}"/>`;
    const k2 = klassen.get(klasse);
    if (k2) k2.teile.push(teil);
    else klassen.set(klasse, { farbe, teile: [teil] });
  }

  const reihenfolge = o.faerbung === 'status' ? [...STAENDE] : ANZAHL_FARBEN.map((_, i) => `a${i}`);
  const gruppenSvg = reihenfolge
    .filter((k3) => klassen.has(k3))
    .map((k3) => {
      const c = klassen.get(k3) as { farbe: string; teile: string[] };
      return `<g class="karte__${k3}" fill="${c.farbe}">${c.teile.join('')}</g>`;
    })
    .join('');
  const kopf = o.links
    ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${breite} ${hoehe}" class="karte__svg"${o.id ? ` id="${o.id}"` : ''} role="group" aria-label="${escapeXml(o.titel)}">`
    : `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${breite} ${hoehe}" width="${breite}" height="${hoehe}"><title>${escapeXml(o.titel)}</title>`;
  const svg =
    kopf +
    `<g stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">${gruppenSvg}${ohne ? `<path fill="${OHNE_BEHOERDE_FARBE}" d="${ohne}"/>` : ''}</g>` +
    grund.grenzen +
    `</svg>`;
  return { svg, breite, hoehe, flaechen, gefaerbt };
}
