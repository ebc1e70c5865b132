/**
 * Text helpers for searching official names (Gemeinden, Behörden, Leistungen).
 *
 * Official names mix umlauts, abbreviations and punctuation ("Bad Königshofen i.Grabfeld, St").
 * People type them in three ways: with umlauts ("Königshofen"), with the German transliteration
 * ("Koenigshofen") or with plain vowels because their keyboard has none ("Konigshofen"). A stored
 * search key holds both spellings, a query is brought into the first; a plain `LIKE '%…%'` then
 * finds all three without any database extension.
 */

/** German umlauts and ß written out, as on a keyboard without them (DIN 5007-2). */
const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
/** The same letters with the dots simply dropped. */
const PLAIN_VOWEL: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', ß: 'ss' };

/**
 * Separates the two spellings inside a search key. Queries never contain it (normalizeQuery
 * drops every character but letters, digits and single spaces), so a query cannot match across
 * the boundary of the two spellings.
 */
const SPELLING_SEPARATOR = ' | ';

function fold(text: string, umlauts: Record<string, string>): string {
  return (
    text
      // Compatibility forms first ("ℂ" → "C", "ﬁ" → "fi"), so they lower-case like plain letters.
      .normalize('NFKC')
      .toLocaleLowerCase('de-DE')
      .replace(/[äöüß]/g, (c) => umlauts[c])
      // Other diacritics (é, Sorbian č, š, ...) lose their marks: "Budyšin" → "budysin".
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      // Punctuation and symbols separate words: "i.Grabfeld" → "i grabfeld", "Sulzbach-R." → "sulzbach r".
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/**
 * Builds the stored search key of a name (column `suchname`).
 *
 * Lowercase, punctuation replaced by single spaces, ä/ö/ü/ß written as ae/oe/ue/ss; when the name
 * has umlauts the key also contains the plain-vowel spelling (ä→a), separated by `" | "`.
 * Keys (ARS, PLZ) are deliberately not part of it: they have their own columns.
 *
 * @example
 * searchKey('Bad Königshofen i.Grabfeld, St')
 * // → 'bad koenigshofen i grabfeld st | bad konigshofen i grabfeld st'
 */
export function searchKey(name: string): string {
  const transliterated = fold(name, TRANSLITERATION);
  const plain = fold(name, PLAIN_VOWEL);
  return plain === transliterated ? transliterated : `${transliterated}${SPELLING_SEPARATOR}${plain}`;
}

/**
 * Brings what a user typed into the form that is matched against a search key with
 * `suchname LIKE '%' || $1 || '%'`.
 *
 * The result contains only lowercase letters, digits and single spaces, so it needs no escaping
 * for LIKE (`%` and `_` cannot occur). An empty result means "no usable search term".
 * "Königshofen", "Koenigshofen" and "Konigshofen" all give a string contained in
 * `searchKey('Bad Königshofen i.Grabfeld, St')`. Words must appear in the order typed; callers
 * that want any order can split the result on spaces and require every word.
 */
export function normalizeQuery(q: string): string {
  return fold(q, TRANSLITERATION);
}
