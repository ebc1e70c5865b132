/**
 * Data attributions, read from the PROVENANCE.md beside each official data set, so the footer and
 * the open-data exports always name what the deployment actually imported.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Attribution {
  /** Folder of the data set, e.g. `gemeindeverzeichnis`. */
  source: string;
  text: string;
  href?: string;
}

/** Fallbacks for data sets whose PROVENANCE.md names no required attribution line. */
const FALLBACK: Record<string, Attribution> = {
  'ozg-leika': { source: 'ozg-leika', text: 'OZG-Umsetzungskatalog und LeiKa (BMI, FITKO, IT-Planungsrat), Stand 2019' },
};

export function readAttributions(officialDataDir: string): Attribution[] {
  let folders: string[];
  try {
    folders = fs
      .readdirSync(officialDataDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  const result: Attribution[] = [];
  for (const folder of folders) {
    const file = path.join(officialDataDir, folder, 'PROVENANCE.md');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const parsed = parseAttribution(folder, text);
    const a = parsed ?? FALLBACK[folder] ?? herkunftsVermerk(folder, text);
    if (a) result.push(a);
  }
  return result;
}

/** Finds `**Attribution required: "…"**` or `**Required attribution: "…", linked to URL**`. */
export function parseAttribution(source: string, markdown: string): Attribution | undefined {
  const m = markdown.match(/\*\*(?:Attribution required|Required attribution):\s*"([^"]+)"([^*]*)\*\*/i);
  if (!m) return undefined;
  const link = m[2].match(/https?:\/\/[^\s)*]+/);
  return { source, text: m[1], href: link ? link[0].replace(/\.$/, '') : undefined };
}

/**
 * A data set whose PROVENANCE.md names no attribution line but its source and date (`Quelle: …`,
 * `Stand: YYYY-MM-DD`, as the Gebietskulisse „Raum mit besonderem Handlungsbedarf“ must): the
 * attribution is built from those, so the list is named like the others once it is installed.
 */
export function herkunftsVermerk(source: string, markdown: string): Attribution | undefined {
  const quelle = provenanceFeld(markdown, 'Quelle');
  const stand = provenanceFeld(markdown, 'Stand');
  if (!quelle) return undefined;
  const titel = source === 'rmbh' ? 'Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (LEP Bayern)' : source;
  return { source, text: `${titel}: ${quelle}${stand ? `, Stand ${/^\d{4}-\d{2}-\d{2}$/.test(stand) ? stand.split('-').reverse().join('.') : stand}` : ''}` };
}

/** The value of a line `Name: value` of a PROVENANCE.md (also as a list item or in bold). */
export function provenanceFeld(markdown: string, name: string): string | undefined {
  return markdown.match(new RegExp(`^\\s*(?:[-*]\\s*)?(?:\\*\\*)?${name}(?:\\*\\*)?\\s*:\\s*(?:\\*\\*)?\\s*(.+?)\\s*$`, 'mi'))?.[1];
}
