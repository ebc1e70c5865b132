/**
 * Geographic centres of the Gemeinden from the Destatis GV-ISys extract "Alle politisch
 * selbständigen Gemeinden mit ausgewählten Merkmalen" (CSV export, 4th quarter 2020). GV100AD has
 * no coordinates; this file is joined to it by AGS.
 *
 * The export is German-formatted: UTF-8 with byte order mark, comma-separated, decimal comma in
 * quoted coordinates ("9,43751"), spaces as thousands separators in counts (not used here).
 */
import path from 'node:path';
import { parseCsv } from '../shared/csv';
import type { ImportFehler } from './import-fehler';
import { readUtf8TextFile } from './text-datei.reader';

export interface Koordinate {
  lat: number;
  lon: number;
}

export interface KoordinatenVerzeichnis {
  file: string;
  /** Centre per 8-digit AGS; Gemeinden without coordinates are absent. */
  byAgs: Map<string, Koordinate>;
  errors: ImportFehler[];
}

const REQUIRED = ['satzart', 'land', 'rb', 'kreis', 'gemeinde', 'laengengrad', 'breitengrad'] as const;

/**
 * Bounding box of Germany with a margin: a coordinate outside is a swapped or mistyped value,
 * not a Gemeinde (extreme points: 47.27–55.06 N, 5.87–15.04 E).
 */
const DEUTSCHLAND = { latMin: 47, latMax: 55.2, lonMin: 5.5, lonMax: 15.2 };

/** "9,43751" or "9.43751" → 9.43751; null when it is not a decimal number. */
function parseDecimal(raw: string): number | null {
  const s = raw.trim();
  if (!/^-?\d+([.,]\d+)?$/.test(s)) return null;
  return Number(s.replace(',', '.'));
}

/** Parses the CSV text and validates every Gemeinde row (Satzart 60). */
export function parseKoordinatenCsv(text: string, file: string): KoordinatenVerzeichnis {
  const csv = parseCsv(text, { requiredColumns: REQUIRED });
  const errors: ImportFehler[] = csv.errors.map((e) => ({ file, line: e.line, field: e.column ?? null, message: e.message }));
  const byAgs = new Map<string, Koordinate>();
  const firstLine = new Map<string, number>();
  if (REQUIRED.some((c) => !csv.header.includes(c))) return { file, byAgs, errors };

  for (const { line, values } of csv.records) {
    const fail = (field: string, message: string) => errors.push({ file, line, field, message });
    const satzart = values.satzart.trim();
    if (!['10', '20', '30', '40', '50', '60'].includes(satzart)) {
      fail('satzart', `„${values.satzart}“ ist keine bekannte Satzart`);
      continue;
    }
    if (satzart !== '60') continue;

    const parts: [keyof typeof values, number][] = [
      ['land', 2],
      ['rb', 1],
      ['kreis', 2],
      ['gemeinde', 3],
    ];
    let keyOk = true;
    for (const [column, length] of parts) {
      if (!new RegExp(`^\\d{${length}}$`).test(values[column])) {
        fail(column, `„${values[column]}“ ist kein ${length}-stelliger Schlüsselteil`);
        keyOk = false;
      }
    }
    const rawLon = values.laengengrad.trim();
    const rawLat = values.breitengrad.trim();
    // Areas without a centre (coastal waters, the German-Luxembourg condominium) have empty or 0/0 values.
    const none = (rawLon === '' && rawLat === '') || (parseDecimal(rawLon) === 0 && parseDecimal(rawLat) === 0);
    if (none || !keyOk) continue;
    const lon = parseDecimal(rawLon);
    const lat = parseDecimal(rawLat);
    if (lon === null) fail('laengengrad', rawLon === '' ? 'Wert fehlt' : `„${rawLon}“ ist keine Dezimalzahl`);
    else if (lon < DEUTSCHLAND.lonMin || lon > DEUTSCHLAND.lonMax) fail('laengengrad', `${rawLon} liegt nicht in Deutschland (${DEUTSCHLAND.lonMin}–${DEUTSCHLAND.lonMax})`);
    if (lat === null) fail('breitengrad', rawLat === '' ? 'Wert fehlt' : `„${rawLat}“ ist keine Dezimalzahl`);
    else if (lat < DEUTSCHLAND.latMin || lat > DEUTSCHLAND.latMax) fail('breitengrad', `${rawLat} liegt nicht in Deutschland (${DEUTSCHLAND.latMin}–${DEUTSCHLAND.latMax})`);
    if (lon === null || lat === null) continue;

    const ags = values.land + values.rb + values.kreis + values.gemeinde;
    const seen = firstLine.get(ags);
    if (seen !== undefined) {
      fail('gemeinde', `AGS ${ags} kommt doppelt vor (zuerst in Zeile ${seen})`);
      continue;
    }
    firstLine.set(ags, line);
    byAgs.set(ags, { lat, lon });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { file, byAgs, errors };
}

export async function readKoordinatenFile(filePath: string): Promise<KoordinatenVerzeichnis> {
  const { text, errors } = await readUtf8TextFile(filePath);
  const result = parseKoordinatenCsv(text, path.basename(filePath));
  return { ...result, errors: [...errors, ...result.errors] };
}
