/**
 * What a procedure's name says about it. Two levels:
 *
 * - `pruefeVerfahrensname`: names that cannot be the name of an administrative service at all —
 *   an address (`javascript:alert(1)`, `https://…`), a file path (`../../etc/passwd`,
 *   `C:\Formulare\x.pdf`), markup (`<b>`), or no letters. Uploads refuse them with the line.
 * - `namensAuffaelligkeit`: names that are allowed but look like an information page or a file
 *   rather than an Online-Verfahren with electronic submission („Formular zum Ausdrucken“,
 *   „Informationen zu …“, „antrag.pdf“). They are review signals for the ministry (pruefsignale.ts),
 *   because information pages and print-out forms never count (PRODUCT.md).
 */

const SCHEMA = /^[a-z][a-z0-9+.-]{1,15}:/i;
const PFAD = /(^|[\s"'(])(\.{1,2}[/\\]|[/\\]{1,2}[\w.-])|[a-z]:\\|\\[\w.-]+\\/i;
const MARKUP = /[<>{}]|&#?\w+;|%[0-9a-f]{2}/i;

/** Why a name cannot be a procedure's name (German, for the upload's error list), or undefined. */
export function pruefeVerfahrensname(name: string): string | undefined {
  const n = name.trim();
  if (!/\p{L}/u.test(n)) return 'Der Name enthält keine Buchstaben; nennen Sie die Leistung, z. B. „Hundesteuer anmelden“.';
  if (SCHEMA.test(n) && !/^[\p{L}\s-]+:\s/u.test(n)) return `„${kurz(n)}“ ist eine Adresse, kein Name. Die Adresse gehört in die Spalte url; der Name nennt die Leistung.`;
  if (PFAD.test(n)) return `„${kurz(n)}“ sieht aus wie ein Dateipfad, nicht wie der Name eines Online-Verfahrens.`;
  if (MARKUP.test(n)) return `„${kurz(n)}“ enthält Auszeichnungen oder Kodierungen (<, >, {, }, &…;, %xx); bitte nur den Namen als Text.`;
  return undefined;
}

export type NamensAuffaelligkeit = 'datei' | 'ausdrucken' | 'information';

const DATEI = /\.(pdf|docx?|odt|rtf|xlsx?|ods|txt|zip|jpe?g|png|html?)\s*$/i;
const AUSDRUCKEN = /zum\s+ausdrucken|druckformular|druckvorlage|vordruck|formular\s*\(pdf\)|\bpdf\b|herunterladen|\bdownload\b|merkblatt/i;
const INFORMATION = /^\s*(informationen?|infos?|hinweise?|wissenswertes|allgemeines|übersicht|uebersicht)\b|informationen\s+(zu|zum|zur|über|ueber)\b|\binfoseite\b|\binformationsseite\b/i;

/** Whether a name looks like an information page or a file rather than an online procedure. */
export function namensAuffaelligkeit(name: string): NamensAuffaelligkeit | undefined {
  if (DATEI.test(name)) return 'datei';
  if (AUSDRUCKEN.test(name)) return 'ausdrucken';
  if (INFORMATION.test(name)) return 'information';
  return undefined;
}

/** Whether an address points at a file (a PDF to print is no Online-Verfahren). */
export const adresseIstDatei = (url: string): boolean => {
  try {
    return DATEI.test(new URL(url).pathname);
  } catch {
    return false;
  }
};

const kurz = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
