/**
 * Builds the web fonts in public/fonts/ (committed; run again after a font or character change):
 *
 *   npx tsx scripts/schriften.ts
 *
 * Fira Sans in the four weights the pages use (400 text, 500 sublines, 600 headings and labels,
 * 700 `strong`/`th`), upright only, subset with HarfBuzz (the npm package `subset-font`) to the
 * characters German and English text needs (src/shared/schriften.ts). Source: the Latin files of
 * `@fontsource/fira-sans` (SIL Open Font License 1.1 without a Reserved Font Name, so a subset may
 * keep the name; the licence is copied to public/fonts/OFL.txt). Characters outside the subset
 * (e.g. Sorbian or Polish letters in place names) come from the package's unchanged Latin and
 * Latin Extended files, which a browser only loads for a page that contains one (unicode-range).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';
import { SCHRIFT_FEATURES, SCHRIFT_GEWICHTE, SCHRIFT_ZEICHEN } from '../src/shared/schriften';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quelle = path.join(root, 'node_modules/@fontsource/fira-sans');
const ziel = path.join(root, 'public/fonts');

fs.mkdirSync(ziel, { recursive: true });
for (const gewicht of SCHRIFT_GEWICHTE) {
  const eingabe = fs.readFileSync(path.join(quelle, `files/fira-sans-latin-${gewicht}-normal.woff2`));
  const ausgabe = await subsetFont(eingabe, SCHRIFT_ZEICHEN, { targetFormat: 'woff2', keepFeatures: SCHRIFT_FEATURES });
  fs.writeFileSync(path.join(ziel, `fira-sans-${gewicht}.woff2`), ausgabe);
  console.log(`fira-sans-${gewicht}.woff2: ${eingabe.length} → ${ausgabe.length} bytes`);
}
fs.copyFileSync(path.join(quelle, 'LICENSE'), path.join(ziel, 'OFL.txt'));
