/**
 * The web fonts of the pages (scripts/schriften.ts builds public/fonts/ from these): the weights of
 * Fira Sans the KERN styles and the platform's pages use, and the characters of the subset.
 */

/** 400 body text, 500 KERN sublines, 600 headings and labels, 700 `strong` and table headers. */
export const SCHRIFT_GEWICHTE = [400, 500, 600, 700] as const;

/** OpenType features kept in the subset: kerning, standard ligatures, marks, tabular/lining figures, case forms. */
export const SCHRIFT_FEATURES = ['kern', 'liga', 'calt', 'ccmp', 'locl', 'mark', 'mkmk', 'tnum', 'lnum', 'pnum', 'case'];

const ascii = String.fromCodePoint(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i));

/**
 * What German and English text on the pages needs: printable ASCII, umlauts and ß, the accented
 * letters of common loanwords (Café, Exposé, à la), the signs the texts use (§ © ° ± ² ³ · × ¼ ½,
 * non-breaking space), typographic quotes and dashes („“ ‚‘ ’ » « › ‹ – —), ellipsis, bullet, €,
 * minus. Any other character is drawn from the full Latin files (see `schriftCss`).
 */
export const SCHRIFT_ZEICHEN = `${ascii}\u00a0§©«°±²³·»¼½×ÄÖÜäöüßÉàâçèéêô\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2039\u203a\u20ac\u2212`;

/** A CSS unicode-range for the code points of `zeichen` (runs of neighbours joined). */
export function unicodeRange(zeichen: string): string {
  const cps = [...new Set([...zeichen].map((c) => c.codePointAt(0) as number))].sort((a, b) => a - b);
  const teile: string[] = [];
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  for (let i = 0; i < cps.length; i++) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
    teile.push(i === j ? `U+${hex(cps[i])}` : `U+${hex(cps[i])}-${hex(cps[j])}`);
    i = j;
  }
  return teile.join(', ');
}

/** unicode-range of the unchanged @fontsource/fira-sans files (Google Fonts' Latin and Latin Extended subsets). */
export const LATIN_RANGE = 'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';
export const LATIN_EXT_RANGE = 'U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF';

/**
 * The @font-face rules. `url(name)` gives each file's (hashed) address. Per weight, the full Latin
 * and Latin Extended files come first and the subset last: for a character in several ranges the
 * browser takes the face declared last (CSS Fonts 4, §4.5), so the small subset serves German and
 * English and the others are only downloaded for a page with a character outside it.
 */
export function schriftCss(url: (datei: string) => string): string {
  const face = (gewicht: number, datei: string, range: string) =>
    `@font-face{font-family:"Fira Sans";font-style:normal;font-weight:${gewicht};font-display:swap;src:url(${url(datei)}) format("woff2");unicode-range:${range}}`;
  return SCHRIFT_GEWICHTE.map((g) =>
    [
      face(g, `fonts/fira-sans-latin-ext-${g}.woff2`, LATIN_EXT_RANGE),
      face(g, `fonts/fira-sans-latin-${g}.woff2`, LATIN_RANGE),
      face(g, `fonts/fira-sans-${g}.woff2`, unicodeRange(SCHRIFT_ZEICHEN)),
    ].join('\n'),
  ).join('\n');
}
