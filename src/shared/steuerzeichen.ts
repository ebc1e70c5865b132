/**
 * Invisible control characters in text that people type or upload. They are refused, never
 * silently removed (docs/adr/0021): removing would store something other than what was sent and
 * hide an attempt, while a refusal names the field and the character so the sender can fix it.
 *
 * Refused everywhere:
 * - bidirectional embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069: one
 *   „‮“ (RIGHT-TO-LEFT OVERRIDE) in a name reverses the rest of its line, e-mail addresses and
 *   numbers of the neighbouring entries included;
 * - the invisible direction marks U+200E, U+200F, U+061C and the zero-width space U+200B, the word
 *   joiner U+2060, the invisible operators U+2061–U+2064: they change nothing visible but how text
 *   sorts, matches and breaks;
 * - C0 controls (U+0000–U+001F) except tab, line feed and carriage return; DEL U+007F; C1 controls
 *   U+0080–U+009F; the byte order mark U+FEFF inside text; the line and paragraph separators
 *   U+2028/U+2029; the interlinear annotation marks U+FFF9–U+FFFB.
 * Allowed: U+200C/U+200D (zero-width (non-)joiner: needed for emoji sequences and some scripts;
 * they join letters and cannot reorder text), and letters of right-to-left scripts themselves.
 * Single-line fields (names) refuse tab and line breaks too (`zeilenumbruch: false`).
 *
 * Whatever was stored before this rule is still shown isolated (`<bdi>`, shared/layout.tsx), so it
 * can never reorder its neighbours.
 */

const NAMEN: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  0x0009: 'TAB',
  0x000a: 'LINE FEED',
  0x000d: 'CARRIAGE RETURN',
};

/** Every refused character (multi-line text); with `\t\n\r` for single-line fields. */
const VERBOTEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/;
const VERBOTEN_EINZEILIG = /[\u0000-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/;

export interface Steuerzeichen {
  /** Code point, e.g. `U+202E`. */
  code: string;
  name: string;
  /** 1-based position in the text (in characters). */
  stelle: number;
}

/** The first refused character in `text` (single-line unless `zeilenumbruch`), or undefined. */
export function findeSteuerzeichen(text: string, opts: { zeilenumbruch?: boolean } = {}): Steuerzeichen | undefined {
  const m = (opts.zeilenumbruch ? VERBOTEN : VERBOTEN_EINZEILIG).exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0) as number;
  return {
    code: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
    name: NAMEN[cp] ?? (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? 'Steuerzeichen' : 'unsichtbares Formatzeichen'),
    stelle: [...text.slice(0, m.index)].length + 1,
  };
}

/**
 * The German message part for a text with a refused character („enthält das unsichtbare
 * Steuerzeichen U+202E (RIGHT-TO-LEFT OVERRIDE) an Stelle 5 …“), or undefined when it has none.
 * Names are single-line: pass `zeilenumbruch: false`; descriptions allow tab and line breaks.
 */
export function steuerzeichenFehler(text: string, opts: { zeilenumbruch?: boolean } = {}): string | undefined {
  const z = findeSteuerzeichen(text, opts);
  if (!z) return undefined;
  return `enthält das unsichtbare Steuerzeichen ${z.code} (${z.name}) an Stelle ${z.stelle}. Solche Zeichen können die Anzeige verfälschen und sind nicht erlaubt; bitte entfernen Sie es.`;
}

/**
 * The text without the refused invisible characters, for output that cannot isolate text (PDF: a
 * PDF has no bidi isolation, and the fonts have no glyph for these characters). Tab and line breaks
 * stay. Only for showing text that was stored before the rule; input is refused, never cleaned.
 */
export const ohneSteuerzeichen = (text: string): string => text.replace(new RegExp(VERBOTEN.source, 'g'), '');
