/**
 * The Online-Signet as SVG: "Digitales Amt", the Kommune's name and award year, and the live
 * status (valid, suspended: hatched and labelled, revoked: grey and labelled). An image resource,
 * so presentation attributes are fine; no external fonts (font-family with fallbacks). Text widths
 * come from Noto Sans metrics (KERN's font, read by pdfkit/fontkit), and every text also carries
 * `textLength` so a fallback font with wider glyphs is squeezed instead of overflowing.
 */
import PDFDocument from 'pdfkit';
import { NOTO_SANS } from '../shared/pdf';

export type SignetStatus = 'gueltig' | 'ausgesetzt' | 'widerrufen';

export interface SignetDaten {
  name: string;
  jahr: number;
  zertifikatNr: string;
  status: SignetStatus;
}

export const SIGNET_BREITE = 320;
export const SIGNET_HOEHE = 112;
const FONT = "'Noto Sans', 'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";
const TEXT_X = 102;
const TEXT_BREITE = SIGNET_BREITE - TEXT_X - 12;

// One hidden pdfkit document is the metrics source (no output is ever written).
let metrik: PDFKit.PDFDocument | undefined;
function doc() {
  if (!metrik) {
    metrik = new PDFDocument({ autoFirstPage: false });
    metrik.registerFont('R', NOTO_SANS.regular);
    metrik.registerFont('B', NOTO_SANS.bold);
  }
  return metrik;
}

/** Width in px of `text` in Noto Sans at `size` px. */
export function textBreite(text: string, size: number, bold = true): number {
  return doc().font(bold ? 'B' : 'R').fontSize(size).widthOfString(text);
}

export const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

export interface NamenSatz {
  zeilen: string[];
  size: number;
  breiten: number[];
}

/** Fits a name into the text column: one line 16→12 px, else two lines 13→10 px, else squeezed. */
export function setzeName(name: string, breite = TEXT_BREITE): NamenSatz {
  for (let size = 16; size >= 12; size -= 0.5) {
    const w = textBreite(name, size);
    if (w <= breite) return { zeilen: [name], size, breiten: [w] };
  }
  const woerter = name.split(/\s+/);
  if (woerter.length > 1) {
    // The break that makes the longer line shortest.
    let best: [string, string] = [name, ''];
    let bestW = Number.POSITIVE_INFINITY;
    for (let i = 1; i < woerter.length; i++) {
      const a = woerter.slice(0, i).join(' ');
      const b = woerter.slice(i).join(' ');
      const w = Math.max(textBreite(a, 10), textBreite(b, 10));
      if (w < bestW) [best, bestW] = [[a, b], w];
    }
    for (let size = 13; size >= 10; size -= 0.5) {
      const ws = best.map((z) => textBreite(z, size));
      if (Math.max(...ws) <= breite) return { zeilen: best, size, breiten: ws };
    }
    return { zeilen: best, size: 10, breiten: best.map((z) => Math.min(breite, textBreite(z, 10))) };
  }
  return { zeilen: [name], size: 12, breiten: [Math.min(breite, textBreite(name, 12))] };
}

const FARBEN = {
  gueltig: { panel: '#0a5a8f', rahmen: '#0a5a8f', titel: '#0a2a40', name: '#0a5a8f', fuss: '#0a2a40', hinter: '#ffffff' },
  ausgesetzt: { panel: '#6b5a1e', rahmen: '#8a6d00', titel: '#3d3d3d', name: '#3d3d3d', fuss: '#3d3d3d', hinter: '#fffbea' },
  widerrufen: { panel: '#5f6368', rahmen: '#5f6368', titel: '#5f6368', name: '#5f6368', fuss: '#5f6368', hinter: '#f1f1f1' },
} as const;

export function signetLabel(d: SignetDaten): string {
  const basis = `Prädikat „Digitales Amt“ des Freistaats Bayern für ${d.name}, verliehen ${d.jahr}, Zertifikat ${d.zertifikatNr}`;
  if (d.status === 'gueltig') return `${basis}: gültig`;
  if (d.status === 'ausgesetzt') return `${basis}: ausgesetzt – derzeit nicht gültig`;
  return `${basis}: widerrufen – nicht mehr gültig`;
}

const text = (x: number, y: number, size: number, fill: string, weight: 'bold' | 'normal', value: string, laenge?: number, extra = '') =>
  `<text x="${n(x)}" y="${n(y)}" font-family="${FONT}" font-size="${n(size)}" font-weight="${weight}" fill="${fill}"${
    laenge ? ` textLength="${n(laenge)}" lengthAdjust="spacingAndGlyphs"` : ''
  }${extra}>${xml(value)}</text>`;

/** The Bavarian lozenges as a 4×5 band (decorative). */
function rauten(x0: number, y0: number, hell: string, dunkel: string): string {
  const out: string[] = [];
  const w = 9;
  const h = 13;
  for (let r = 0; r < 5; r++) {
    for (let c = 0; c < 4; c++) {
      const x = x0 + c * w + (r % 2 ? w / 2 : 0);
      const y = y0 + r * (h / 2);
      out.push(`<path d="M${n(x)} ${n(y)}l${n(w / 2)} ${n(h / 2)}l${n(-w / 2)} ${n(h / 2)}l${n(-w / 2)} ${n(-h / 2)}z" fill="${(r + c) % 2 ? hell : dunkel}"/>`);
    }
  }
  return out.join('');
}

function symbol(status: SignetStatus): string {
  const cx = 44;
  const cy = 80;
  const kreis = `<circle cx="${cx}" cy="${cy}" r="15" fill="#ffffff"/>`;
  if (status === 'gueltig') return `${kreis}<path d="M${cx - 7} ${cy}l5 5l10 -11" fill="none" stroke="#0a5a8f" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>`;
  if (status === 'ausgesetzt') return `${kreis}<rect x="${cx - 6}" y="${cy - 7}" width="4" height="14" fill="#6b5a1e"/><rect x="${cx + 2}" y="${cy - 7}" width="4" height="14" fill="#6b5a1e"/>`;
  return `${kreis}<path d="M${cx - 6} ${cy - 6}l12 12M${cx + 6} ${cy - 6}l-12 12" stroke="#5f6368" stroke-width="3.5" stroke-linecap="round"/>`;
}

/** Renders the signet; the same input gives the same bytes (so the ETag is stable). */
export function renderSignetSvg(d: SignetDaten): string {
  const f = FARBEN[d.status];
  const label = signetLabel(d);
  const satz = setzeName(d.name);
  const titel = 'Digitales Amt';
  const titelSize = 17;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIGNET_BREITE}" height="${SIGNET_HOEHE}" viewBox="0 0 ${SIGNET_BREITE} ${SIGNET_HOEHE}" role="img" aria-label="${xml(label)}" lang="de">`,
    `<title>${xml(label)}</title>`,
  );
  if (d.status === 'ausgesetzt') {
    parts.push(
      `<defs><pattern id="schraffur" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="${f.hinter}"/><rect width="3" height="8" fill="#f3e3a6"/></pattern></defs>`,
    );
  }
  parts.push(
    `<rect x="1" y="1" width="${SIGNET_BREITE - 2}" height="${SIGNET_HOEHE - 2}" rx="8" fill="${d.status === 'ausgesetzt' ? 'url(#schraffur)' : f.hinter}" stroke="${f.rahmen}" stroke-width="2"/>`,
    `<path d="M1 9a8 8 0 0 1 8 -8h79v${SIGNET_HOEHE - 2}h-79a8 8 0 0 1 -8 -8z" fill="${f.panel}"/>`,
    `<g aria-hidden="true">${rauten(26, 12, '#ffffff', d.status === 'gueltig' ? '#7fb8e0' : '#b9b9b9')}${symbol(d.status)}</g>`,
  );
  parts.push(text(TEXT_X, 30, titelSize, f.titel, 'bold', titel, textBreite(titel, titelSize)));
  const nameY = satz.zeilen.length === 1 ? 58 : 50;
  satz.zeilen.forEach((z, i) => {
    parts.push(text(TEXT_X, nameY + i * (satz.size + 2), satz.size, f.name, 'bold', z, satz.breiten[i], d.status === 'widerrufen' ? ' text-decoration="line-through"' : ''));
  });
  const fuss = `Freistaat Bayern · verliehen ${d.jahr}`;
  if (d.status === 'gueltig') {
    parts.push(text(TEXT_X, 96, 11, f.fuss, 'normal', fuss, textBreite(fuss, 11, false)));
  } else {
    const wort = d.status === 'ausgesetzt' ? 'AUSGESETZT' : 'WIDERRUFEN';
    const bg = d.status === 'ausgesetzt' ? '#8a6d00' : '#a4161a';
    const w = textBreite(wort, 11) + 12;
    parts.push(`<rect x="${TEXT_X}" y="84" width="${n(w)}" height="17" rx="3" fill="${bg}"/>`);
    parts.push(text(TEXT_X + 6, 96.5, 11, '#ffffff', 'bold', wort, textBreite(wort, 11)));
    const rest = `verliehen ${d.jahr}`;
    parts.push(text(TEXT_X + w + 8, 96, 11, f.fuss, 'normal', rest, textBreite(rest, 11, false)));
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The image for an unknown certificate number (sent with 404). */
export function renderUnbekanntSvg(): string {
  // The same image for every unknown number: rendered once, never per request (the number is in the URL).
  const label = 'Kein Prädikat „Digitales Amt“ mit dieser Nummer gefunden';
  const z1 = 'Signet nicht gefunden';
  const z2 = 'Nummer unbekannt';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIGNET_BREITE}" height="${SIGNET_HOEHE}" viewBox="0 0 ${SIGNET_BREITE} ${SIGNET_HOEHE}" role="img" aria-label="${xml(label)}" lang="de">`,
    `<title>${xml(label)}</title>`,
    `<rect x="1" y="1" width="${SIGNET_BREITE - 2}" height="${SIGNET_HOEHE - 2}" rx="8" fill="#f1f1f1" stroke="#5f6368" stroke-width="2" stroke-dasharray="6 4"/>`,
    text(20, 50, 17, '#3d3d3d', 'bold', z1, textBreite(z1, 17)),
    text(20, 78, 12, '#3d3d3d', 'normal', z2, textBreite(z2, 12, false)),
    '</svg>',
  ].join('');
}
