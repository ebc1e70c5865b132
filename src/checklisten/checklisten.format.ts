/**
 * The text format in which the ministry writes a checklist (a textarea works without JavaScript):
 *
 *     # Abschnitt: Organisation
 *     - [verantwortung] Eine verantwortliche Person für die OZG-Umsetzung ist benannt.
 *       Hilfe: Oft die Digitallotsin oder der Digitallotse.
 *       Link: Grundkurs Digitallotse | /digitallotse
 *
 * `# ` starts a section, `- [key] text` an item with a stable key (letters, digits, `-`, `_`),
 * indented `Hilfe:` and `Link: title | url` lines belong to the item before. The key carries an
 * answer from one version to the next; the text's hash says whether the answer still applies.
 */
import crypto from 'node:crypto';

export interface Punkt {
  schluessel: string;
  text: string;
  hilfe?: string;
  links: { titel: string; url: string }[];
  hash: string;
}
export interface Abschnitt {
  titel: string;
  punkte: Punkt[];
}
export interface FormatFehler {
  zeile: number;
  message: string;
}

export const punktHash = (text: string) => crypto.createHash('sha256').update(text.trim().replace(/\s+/g, ' ')).digest('hex').slice(0, 16);

/** Only https, http and same-site paths: never `javascript:` or `data:`. */
const sichereUrl = (u: string) => /^https?:\/\/[^\s]+$/i.test(u) || /^\/(?!\/)[^\s]*$/.test(u);

export function parseCheckliste(quelltext: string): { abschnitte: Abschnitt[]; fehler: FormatFehler[] } {
  const abschnitte: Abschnitt[] = [];
  const fehler: FormatFehler[] = [];
  const schluessel = new Set<string>();
  let punkt: Punkt | undefined;
  quelltext.split(/\r?\n/).forEach((roh, i) => {
    const zeile = i + 1;
    const l = roh.trim();
    if (!l) return;
    if (l.startsWith('# ')) {
      abschnitte.push({ titel: l.slice(2).trim(), punkte: [] });
      punkt = undefined;
      return;
    }
    const m = l.match(/^- \[([A-Za-z0-9_-]{1,60})\]\s+(.+)$/);
    if (m) {
      if (abschnitte.length === 0) abschnitte.push({ titel: 'Allgemein', punkte: [] });
      if (schluessel.has(m[1])) fehler.push({ zeile, message: `Zeile ${zeile}: Der Schlüssel [${m[1]}] kommt doppelt vor.` });
      schluessel.add(m[1]);
      punkt = { schluessel: m[1], text: m[2].trim(), links: [], hash: punktHash(m[2]) };
      abschnitte[abschnitte.length - 1].punkte.push(punkt);
      return;
    }
    const h = l.match(/^Hilfe:\s*(.+)$/i);
    const k = l.match(/^Link:\s*(.+?)\s*\|\s*(\S+)$/i);
    if ((h || k) && !punkt) {
      fehler.push({ zeile, message: `Zeile ${zeile}: „Hilfe:“ und „Link:“ gehören unter einen Punkt.` });
    } else if (h && punkt) {
      punkt.hilfe = punkt.hilfe ? `${punkt.hilfe} ${h[1].trim()}` : h[1].trim();
    } else if (k && punkt) {
      if (sichereUrl(k[2])) punkt.links.push({ titel: k[1], url: k[2] });
      else fehler.push({ zeile, message: `Zeile ${zeile}: Links müssen mit https:// oder / beginnen.` });
    } else {
      fehler.push({ zeile, message: `Zeile ${zeile}: Unbekannte Zeile. Erwartet: „# Abschnitt“, „- [schluessel] Text“, „Hilfe: …“ oder „Link: Titel | https://…“.` });
    }
  });
  if (fehler.length === 0 && abschnitte.every((a) => a.punkte.length === 0)) fehler.push({ zeile: 1, message: 'Die Checkliste braucht mindestens einen Punkt („- [schluessel] Text“).' });
  return { abschnitte, fehler };
}
