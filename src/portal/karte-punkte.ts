/**
 * The point map for Länder without imported boundaries (everything but Bavaria) and for the whole
 * of Germany: every Behörde a dot at its seat, drawn on the server as SVG (no tile server, no
 * JavaScript). The positions are the Gemeinde centres of the Destatis Gemeindeverzeichnis (GV-ISys
 * extract with coordinates); a Verband or Kreis sits at the population-weighted centre of its
 * Gemeinden (gebiete/behoerden.derivation.ts).
 *
 * Projection: a transverse Mercator centred on the points' middle meridian (as the Bavarian map),
 * fitted to a 1000-unit-wide box (d3-geo). Dots are links with a title, like the areas of the
 * shape map, so the map is reachable by keyboard; the page below it has the same data as a table.
 * Larger Behörden (Kreise, kreisfreie Städte) get larger dots and are drawn first, so the small
 * ones on top stay clickable.
 */
import { geoTransverseMercator } from 'd3-geo';
import type { Locale } from '../shared/i18n';
import { anzahlFarbe, type KartenFaerbung } from './karte';
import { STAENDE, STAND_FARBE, STAND_LABELS, type Stand } from '../shared/stand';

export interface KartenPunkt {
  ars: string;
  name: string;
  typ: string;
  lat: number | null;
  lon: number | null;
  stand: Stand;
  anzahl: number;
}

export interface PunktKartenOptionen {
  faerbung: KartenFaerbung;
  locale: Locale;
  /** Dots as links with a title (inline map); false for a plain picture. */
  links: boolean;
  /** Accessible name of the map. */
  titel: string;
  id?: string;
}

export interface PunktKartenErgebnis {
  svg: string;
  breite: number;
  hoehe: number;
  /** Behörden drawn, in drawing order. */
  gezeichnet: string[];
  /** Behörden without coordinates (not drawn; they are in the table). */
  ohneLage: string[];
}

const BREITE = 1000;
const RAND = 10;

/** Dot radius in map units by type: Kreise and cities larger than Gemeinden. */
const radius = (typ: string) => (typ === 'landkreis' || typ === 'bezirk' ? 7 : typ === 'kreisfreie_stadt' ? 6 : typ === 'gemeinde' || typ === 'markt' ? 2.5 : 3.5);

const escapeXml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

export function renderPunktKarte(punkte: readonly KartenPunkt[], o: PunktKartenOptionen): PunktKartenErgebnis {
  const mitLage = punkte.filter((p) => p.lat !== null && p.lon !== null);
  const ohneLage = punkte.filter((p) => p.lat === null || p.lon === null).map((p) => p.ars);
  const de = o.locale === 'de';
  if (mitLage.length === 0) {
    const text = de ? 'Keine Behörden mit Lageangabe.' : 'No authorities with a location.';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BREITE} 60" class="karte__svg" role="img" aria-label="${escapeXml(`${o.titel}: ${text}`)}"><text x="20" y="36" font-size="20" fill="#1f2937">${escapeXml(text)}</text></svg>`;
    return { svg, breite: BREITE, hoehe: 60, gezeichnet: [], ohneLage };
  }
  const coords = mitLage.map((p) => [p.lon as number, p.lat as number] as [number, number]);
  const lons = coords.map((c) => c[0]);
  const mitte = (Math.min(...lons) + Math.max(...lons)) / 2;
  // One point alone (a Stadtstaat) would fit to zero extent: fit a small box around it instead.
  const ausdehnung =
    mitLage.length === 1 ? [coords[0], [coords[0][0] + 0.3, coords[0][1] + 0.2], [coords[0][0] - 0.3, coords[0][1] - 0.2]] : coords;
  const projektion = geoTransverseMercator()
    .rotate([-mitte, 0])
    .fitExtent(
      [
        [RAND, RAND],
        [BREITE - RAND, Math.round(BREITE * 1.4)],
      ],
      { type: 'MultiPoint', coordinates: ausdehnung },
    );
  const xy = coords.map((c) => projektion(c) as [number, number]);
  // The box of the drawn points (a tall Land does not fill the width): the viewBox is cut to it.
  const x0 = Math.floor(Math.min(...xy.map((p) => p[0])) - RAND);
  const y0 = Math.floor(Math.min(...xy.map((p) => p[1])) - RAND);
  const breite = Math.ceil(Math.max(...xy.map((p) => p[0])) + RAND) - x0;
  const hoehe = Math.ceil(Math.max(...xy.map((p) => p[1])) + RAND) - y0;

  // Large dots first, then by key: the drawing order is stable.
  const reihenfolge = mitLage.map((p, i) => ({ p, i })).sort((a, b) => radius(b.p.typ) - radius(a.p.typ) || (a.p.ars < b.p.ars ? -1 : 1));
  const klassen = new Map<string, { farbe: string; teile: string[] }>();
  for (const { p, i } of reihenfolge) {
    const [x, y] = xy[i];
    const klasse = o.faerbung === 'status' ? p.stand : `a${anzahlFarbe.range().indexOf(anzahlFarbe(p.anzahl))}`;
    const farbe = o.faerbung === 'status' ? STAND_FARBE[p.stand] : anzahlFarbe(p.anzahl);
    const kreis = `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${radius(p.typ)}"/>`;
    const teil = o.links
      ? `<a href="/behoerden/${p.ars}"><title>${escapeXml(`${p.name}: ${STAND_LABELS[p.stand][o.locale]}, ${p.anzahl} ${de ? 'Online-Verfahren' : 'online procedures'}`)}</title>${kreis}</a>`
      : kreis;
    const k = klassen.get(klasse);
    if (k) k.teile.push(teil);
    else klassen.set(klasse, { farbe, teile: [teil] });
  }
  // Drawn in legend order, the awarded ones last (on top).
  const folge = o.faerbung === 'status' ? [...STAENDE].reverse() : [...klassen.keys()].sort();
  const gruppen = folge
    .filter((k) => klassen.has(k))
    .map((k) => {
      const c = klassen.get(k) as { farbe: string; teile: string[] };
      return `<g class="karte__${k}" fill="${c.farbe}">${c.teile.join('')}</g>`;
    })
    .join('');
  const kopf = o.links
    ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${breite} ${hoehe}" class="karte__svg"${o.id ? ` id="${o.id}"` : ''} role="group" aria-label="${escapeXml(o.titel)}">`
    : `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${breite} ${hoehe}" width="${breite}" height="${hoehe}"><title>${escapeXml(o.titel)}</title>`;
  const svg = `${kopf}<g stroke="#ffffff" stroke-width="0.6">${gruppen}</g></svg>`;
  const gezeichnet = folge.flatMap((k) => (klassen.has(k) ? reihenfolge.filter(({ p }) => klasseVon(p, o.faerbung) === k).map(({ p }) => p.ars) : []));
  return { svg, breite, hoehe, gezeichnet, ohneLage };
}

const klasseVon = (p: KartenPunkt, f: KartenFaerbung) => (f === 'status' ? p.stand : `a${anzahlFarbe.range().indexOf(anzahlFarbe(p.anzahl))}`);
