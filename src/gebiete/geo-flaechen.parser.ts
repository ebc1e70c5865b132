/**
 * Boundaries from the BKG "Verwaltungsgebiete 1:5 000 000" (VG5000) as WGS84 GeoJSON
 * (`data/geo-bayern/`, RFC 7946). One FeatureCollection per level; the Gebietsstand is part of the
 * file name (`bayern_gemeinden_vg5000_2021-01-01.geojson`). Polygons are only checked for
 * structure (closed rings of valid positions), not for topology: drawing a map is all they are for.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFehler } from './import-fehler';
import { readUtf8TextFile } from './text-datei.reader';

export type GeoEbene = 'gemeinde' | 'kreis' | 'regierungsbezirk';

export interface GeoGeometrie {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export interface GeoFlaeche {
  ebene: GeoEbene;
  /** ARS: 12 digits (Gemeinde), 5 (Kreis), 3 (Regierungsbezirk). */
  ars: string;
  /** BKG "GEN": the geographic name without official suffixes. */
  name: string;
  /** BKG "BEZ": Gemeinde, Stadt, Landkreis, Kreisfreie Stadt, Regierungsbezirk, … */
  bez: string | null;
  geometry: GeoGeometrie;
  /** ISO date of the boundaries (from the file name). */
  stand: string;
}

export interface GeoFlaechenErgebnis {
  flaechen: GeoFlaeche[];
  errors: ImportFehler[];
}

const ARS_LAENGE: Record<GeoEbene, number> = { gemeinde: 12, kreis: 5, regierungsbezirk: 3 };
const DATEI_EBENE: Record<string, GeoEbene> = { gemeinden: 'gemeinde', kreise: 'kreis', regierungsbezirke: 'regierungsbezirk' };
const DATEINAME = /_(gemeinden|kreise|regierungsbezirke)_vg5000_(\d{4}-\d{2}-\d{2})\.geojson$/;

/** The files of a folder, the newest Stand per level. */
export function findGeoFiles(dir: string): { file: string; ebene: GeoEbene; stand: string }[] {
  const newest = new Map<GeoEbene, { file: string; ebene: GeoEbene; stand: string }>();
  for (const name of fs.readdirSync(dir).sort()) {
    const m = DATEINAME.exec(name);
    if (!m) continue;
    const ebene = DATEI_EBENE[m[1]];
    const current = newest.get(ebene);
    if (!current || m[2] > current.stand) newest.set(ebene, { file: path.join(dir, name), ebene, stand: m[2] });
  }
  return [...newest.values()];
}

/** Returns why a ring is not a closed ring of at least four valid positions, or null. */
function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return 'ein Ring hat weniger als 4 Positionen';
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return `Position ${JSON.stringify(p)} ist kein Zahlenpaar`;
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return `Position ${JSON.stringify(p)} liegt außerhalb von Länge ±180 / Breite ±90`;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'ein Ring ist nicht geschlossen (erste ≠ letzte Position)';
  return null;
}

function geometryProblem(geometry: unknown): string | null {
  if (!geometry || typeof geometry !== 'object') return 'Geometrie fehlt';
  const g = geometry as { type?: unknown; coordinates?: unknown };
  const polygonProblem = (polygon: unknown): string | null => {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'ein Polygon hat keinen Ring';
    for (const ring of polygon) {
      const p = ringProblem(ring);
      if (p) return p;
    }
    return null;
  };
  if (g.type === 'Polygon') return polygonProblem(g.coordinates);
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'MultiPolygon ohne Polygone';
    for (const polygon of g.coordinates) {
      const p = polygonProblem(polygon);
      if (p) return p;
    }
    return null;
  }
  return `Geometrietyp „${String(g.type)}“: erwartet Polygon oder MultiPolygon`;
}

/**
 * Parses one FeatureCollection and keeps the features of the selected Land (`'all'`: every one).
 * Problems are reported per feature (`field` names the feature and property; `line` is null because
 * GeoJSON files are typically one long line).
 */
export function parseGeoFlaechen(text: string, opts: { file: string; ebene: GeoEbene; stand: string; land: string }): GeoFlaechenErgebnis {
  const { file, ebene, stand, land } = opts;
  const errors: ImportFehler[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // Newer V8 versions name the position; Node 20 does not, then the line stays unknown.
    const position = /position (\d+)/.exec((e as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    errors.push({ file, line, field: null, message: `Kein gültiges JSON: ${(e as Error).message}` });
    return { flaechen: [], errors };
  }
  const collection = doc as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    errors.push({ file, line: null, field: 'type', message: 'Keine GeoJSON-FeatureCollection mit „features“' });
    return { flaechen: [], errors };
  }

  const flaechen: GeoFlaeche[] = [];
  const firstFeature = new Map<string, number>();
  collection.features.forEach((feature: unknown, index: number) => {
    const nr = index + 1;
    const fail = (property: string, message: string) => errors.push({ file, line: null, field: `Feature ${nr} › ${property}`, message });
    const f = feature as { type?: unknown; properties?: Record<string, unknown>; geometry?: unknown };
    if (f?.type !== 'Feature' || !f.properties || typeof f.properties !== 'object') {
      fail('type', 'kein GeoJSON-Feature mit „properties“');
      return;
    }
    const { ARS, AGS, GEN, BEZ } = f.properties;
    const length = ARS_LAENGE[ebene];
    let ok = true;
    if (typeof ARS !== 'string' || !new RegExp(`^\\d{${length}}$`).test(ARS)) {
      fail('ARS', `„${String(ARS)}“ ist kein ${length}-stelliger Regionalschlüssel`);
      ok = false;
    }
    if (ebene === 'gemeinde' && typeof ARS === 'string' && AGS !== undefined && AGS !== `${ARS.slice(0, 5)}${ARS.slice(9)}`) {
      fail('AGS', `„${String(AGS)}“ passt nicht zum Regionalschlüssel ${ARS}`);
      ok = false;
    }
    if (typeof GEN !== 'string' || GEN.trim() === '') {
      fail('GEN', 'Name fehlt');
      ok = false;
    }
    if (BEZ !== undefined && BEZ !== null && typeof BEZ !== 'string') {
      fail('BEZ', `„${String(BEZ)}“ ist kein Text`);
      ok = false;
    }
    const problem = geometryProblem(f.geometry);
    if (problem) {
      fail('geometry', problem);
      ok = false;
    }
    if (!ok) return;
    const ars = ARS as string;
    const seen = firstFeature.get(ars);
    if (seen !== undefined) {
      fail('ARS', `${ars} kommt doppelt vor (zuerst in Feature ${seen})`);
      return;
    }
    firstFeature.set(ars, nr);
    if (land !== 'all' && !ars.startsWith(land)) return;
    flaechen.push({ ebene, ars, name: (GEN as string).trim(), bez: (BEZ as string | undefined) ?? null, geometry: f.geometry as GeoGeometrie, stand });
  });
  return { flaechen, errors };
}

export async function readGeoFlaechen(filePath: string, opts: { ebene: GeoEbene; stand: string; land: string }): Promise<GeoFlaechenErgebnis> {
  const { text, errors } = await readUtf8TextFile(filePath);
  if (errors.length > 0) return { flaechen: [], errors };
  return parseGeoFlaechen(text, { ...opts, file: path.basename(filePath) });
}
