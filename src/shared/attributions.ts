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
    const parsed = parseAttribution(folder, fs.readFileSync(file, 'utf8'));
    const a = parsed ?? FALLBACK[folder];
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
