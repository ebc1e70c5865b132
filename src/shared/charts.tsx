/**
 * Server-rendered SVG charts (d3-scale for the scales, d3-shape for the line). Each chart is a
 * picture with a title and a description (`role="img"`), and every page shows the same numbers as
 * a table beside it: the chart is for looking, the table for reading and for screen readers.
 * Colours and sizes are SVG presentation attributes: the CSP forbids `style=` attributes.
 *
 * Text in an SVG scales with the picture. The charts are laid out for a phone: 340 units wide
 * with 13-unit text, so on a 390 px screen (≈ 358 px of content) the text is ≥ 13 px, and
 * `public/app.css` caps the width on large screens (`.diagramm`, 28rem) so it stays ≈ 17 px there.
 * Long bar labels get a line of their own above the bar instead of a column beside it.
 */
import { max } from 'd3-array';
import { scaleBand, scaleLinear, scaleUtc } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { formatNumber, type Locale } from './i18n';

const FARBE = '#0a5a9c';
const SCHWELLE_FARBE = '#b91c1c';
const TEXT_FARBE = '#1f2937';
const RASTER_FARBE = '#d1d5db';
/** Width of every chart's coordinate system (see above). */
export const BREITE = 340;
/** Text size in chart units: ≥ 13 px on a 390 px phone. */
export const SCHRIFT = 13;

interface Rahmen {
  id: string;
  titel: string;
  beschreibung: string;
}

function Kopf({ id, titel, beschreibung }: Rahmen) {
  return (
    <>
      <title id={`${id}-titel`}>{titel}</title>
      <desc id={`${id}-beschreibung`}>{beschreibung}</desc>
    </>
  );
}

const kuerze = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface Punkt {
  tag: string;
  wert: number;
}

/** A count over time as a step line (the count holds until the next point), with an optional threshold. */
export function Liniendiagramm({ id, titel, beschreibung, punkte, schwelle, locale }: Rahmen & { punkte: Punkt[]; schwelle?: number; locale: Locale }) {
  const hoehe = 230;
  const m = { l: 44, r: 10, t: 18, b: 34 };
  const daten = punkte.map((p) => ({ x: new Date(`${p.tag.slice(0, 10)}T00:00:00Z`), y: p.wert }));
  if (daten.length === 1) daten.push({ x: new Date(daten[0].x.getTime() + 86_400_000), y: daten[0].y });
  const x0 = daten[0]?.x ?? new Date();
  const x1 = daten[daten.length - 1]?.x ?? new Date();
  const x = scaleUtc().domain([x0, x1]).range([m.l, BREITE - m.r]);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(daten, (d) => d.y) ?? 0, schwelle ?? 0) * 1.08])
    .nice()
    .range([hoehe - m.b, m.t]);
  const d = line<{ x: Date; y: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.y))
    .curve(curveStepAfter)(daten);
  const monat = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const ticksX = x.ticks(Math.min(3, Math.max(2, daten.length - 1)));
  return (
    <svg class="diagramm" viewBox={`0 0 ${BREITE} ${hoehe}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`} focusable="false">
      <Kopf id={id} titel={titel} beschreibung={beschreibung} />
      <g font-size={SCHRIFT} fill={TEXT_FARBE}>
        {y.ticks(4).map((t) => (
          <g>
            <line x1={m.l} x2={BREITE - m.r} y1={y(t)} y2={y(t)} stroke={RASTER_FARBE} stroke-width="1" />
            <text x={m.l - 6} y={y(t) + 4} text-anchor="end">
              {formatNumber(locale, t)}
            </text>
          </g>
        ))}
        {ticksX.map((t, i) => (
          <text x={x(t)} y={hoehe - m.b + 20} text-anchor={i === 0 && x(t) < m.l + 30 ? 'start' : 'middle'}>
            {monat.format(t)}
          </text>
        ))}
      </g>
      {schwelle !== undefined && (
        <g>
          <line x1={m.l} x2={BREITE - m.r} y1={y(schwelle)} y2={y(schwelle)} stroke={SCHWELLE_FARBE} stroke-width="1.5" stroke-dasharray="6 4" />
          <text x={BREITE - m.r} y={y(schwelle) - 6} text-anchor="end" font-size={SCHRIFT} fill={SCHWELLE_FARBE}>
            {locale === 'de' ? `Schwelle ${schwelle}` : `Threshold ${schwelle}`}
          </text>
        </g>
      )}
      {d && <path d={d} fill="none" stroke={FARBE} stroke-width="2.5" stroke-linejoin="round" />}
    </svg>
  );
}

export interface Balken {
  label: string;
  wert: number;
  /** Text at the end of the bar (default: the value). */
  anzeige?: string;
}

/** Horizontal bars, each with its label on a line above it, e.g. a share per Regierungsbezirk. */
export function Balkendiagramm({ id, titel, beschreibung, balken, maximum, locale }: Rahmen & { balken: Balken[]; maximum?: number; locale: Locale }) {
  const zeile = 40;
  const m = { l: 2, r: 58, t: 4, b: 4 };
  const hoehe = m.t + m.b + zeile * balken.length;
  const x = scaleLinear()
    .domain([0, maximum ?? Math.max(1, max(balken, (b) => b.wert) ?? 0)])
    .range([0, BREITE - m.l - m.r]);
  return (
    <svg class="diagramm" viewBox={`0 0 ${BREITE} ${hoehe}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`} focusable="false">
      <Kopf id={id} titel={titel} beschreibung={beschreibung} />
      <g font-size={SCHRIFT} fill={TEXT_FARBE}>
        {balken.map((b, i) => {
          const yy = m.t + i * zeile;
          return (
            <g>
              <text x={m.l} y={yy + 14}>
                {kuerze(b.label, 46)}
              </text>
              <rect x={m.l} y={yy + 20} width={Math.max(0, x(b.wert))} height={14} fill={FARBE} />
              <text x={m.l + Math.max(0, x(b.wert)) + 6} y={yy + 32}>
                {b.anzeige ?? formatNumber(locale, b.wert)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/** Vertical bars over ordered classes (a distribution), with an optional marked class boundary. */
export function Saeulendiagramm({
  id,
  titel,
  beschreibung,
  balken,
  markeVor,
  markeText,
  locale,
}: Rahmen & { balken: Balken[]; markeVor?: number; markeText?: string; locale: Locale }) {
  const hoehe = 260;
  const m = { l: 40, r: 8, t: 26, b: 56 };
  const x = scaleBand()
    .domain(balken.map((_, i) => String(i)))
    .range([m.l, BREITE - m.r])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(balken, (b) => b.wert) ?? 0) * 1.08])
    .nice()
    .range([hoehe - m.b, m.t]);
  return (
    <svg class="diagramm" viewBox={`0 0 ${BREITE} ${hoehe}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`} focusable="false">
      <Kopf id={id} titel={titel} beschreibung={beschreibung} />
      <g font-size={SCHRIFT} fill={TEXT_FARBE}>
        {y.ticks(4).map((t) => (
          <g>
            <line x1={m.l} x2={BREITE - m.r} y1={y(t)} y2={y(t)} stroke={RASTER_FARBE} stroke-width="1" />
            <text x={m.l - 6} y={y(t) + 4} text-anchor="end">
              {formatNumber(locale, t)}
            </text>
          </g>
        ))}
        {balken.map((b, i) => {
          const xx = x(String(i)) ?? 0;
          const mitte = xx + x.bandwidth() / 2;
          return (
            <g>
              <rect x={xx} y={y(b.wert)} width={x.bandwidth()} height={Math.max(0, y(0) - y(b.wert))} fill={FARBE} />
              <text x={mitte + 4} y={hoehe - m.b + 14} text-anchor="end" transform={`rotate(-50 ${mitte + 4} ${hoehe - m.b + 14})`}>
                {b.label}
              </text>
            </g>
          );
        })}
      </g>
      {markeVor !== undefined && markeVor < balken.length && (
        <g>
          <line
            x1={(x(String(markeVor)) ?? 0) - (x.step() * x.paddingInner()) / 2}
            x2={(x(String(markeVor)) ?? 0) - (x.step() * x.paddingInner()) / 2}
            y1={m.t - 8}
            y2={hoehe - m.b}
            stroke={SCHWELLE_FARBE}
            stroke-width="1.5"
            stroke-dasharray="6 4"
          />
          {markeText && (
            <text x={(x(String(markeVor)) ?? 0) + 2} y={m.t - 12} font-size={SCHRIFT} fill={SCHWELLE_FARBE}>
              {markeText}
            </text>
          )}
        </g>
      )}
    </svg>
  );
}
