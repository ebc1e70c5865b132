/**
 * `npm run cli -- import [--land 09|all] [--dir PATH]`: reads the official data (GV100AD,
 * coordinates, OZG/LeiKa, VG5000) and brings the database up to date. A few lines around
 * `importOfficialData`; a progress bar on a terminal, a German summary at the end, and on invalid
 * files every problem with file, line and field (exit code 1).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import {
  formatImportFehler,
  IMPORT_BEREICH_LABEL,
  IMPORT_BEREICHE,
  type ImportReport,
  ImportValidationError,
  importOfficialData,
} from '../gebiete/gebiete.import';
import type { Config } from '../shared/config';
import type { Database } from '../shared/db';

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const USAGE = `Aufruf: npm run cli -- import [--land 09|all] [--dir PFAD]

  --land   Land aus dem Gemeindeverzeichnis: Schlüssel 01–16 (09 = Bayern) oder „all“
           (Vorgabe: IMPORT_LAND, sonst 09)
  --dir    Ordner mit gemeindeverzeichnis/, ozg-leika/ und geo-bayern/
           (Vorgabe: OFFICIAL_DATA_DIR, sonst ../shared/data)`;

const zahl = (n: number) => n.toLocaleString('de-DE');
const datum = (iso: string) => iso.split('-').reverse().join('.');

/** Who runs the import, for `import_runs`. */
function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    // No passwd entry (containers running under an arbitrary uid).
    return 'cli:unbekannt';
  }
}

/** The summary table: one line per area, counts right-aligned. */
export function formatImportSummary(report: ImportReport): string {
  const header = ['Bereich', 'neu', 'geändert', 'entfallen', 'unverändert'];
  const rows = IMPORT_BEREICHE.map((b) => {
    const z = report[b];
    return [IMPORT_BEREICH_LABEL[b], zahl(z.neu), zahl(z.geaendert), zahl(z.entfallen), zahl(z.unveraendert)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const land = report.land === 'all' ? 'alle Länder' : `Land ${report.land}`;
  const out = [
    `Amtliche Daten importiert (${land}, Gebietsstand ${datum(report.gebietsstand)}) in ${(report.dauerMs / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 })} s`,
    '',
    line(header),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  if (report.hinweise.length > 0) out.push('', 'Hinweise:', ...report.hinweise.map((h) => `  – ${h}`));
  out.push('', `Import-Lauf Nr. ${report.importRunId} gespeichert.`);
  return out.join('\n');
}

/**
 * Runs the import command and returns the exit code: 0 done, 1 invalid data (nothing written),
 * 2 wrong arguments. Other failures (database down) are thrown to the caller.
 */
export async function runImportCommand(database: Database, config: Config, args: string[], io: CommandIo = process): Promise<number> {
  let values: { land?: string; dir?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { land: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const land = values.land ?? config.importLand;
  if (!/^(0[1-9]|1[0-6]|all)$/.test(land)) {
    io.stderr.write(`Ungültiges Land „${land}“: Schlüssel eines Landes von 01 bis 16 (z. B. 09) oder „all“.\n`);
    return 2;
  }
  const officialDataDir = values.dir ? path.resolve(values.dir) : config.officialDataDir;

  // The bar only where someone watches it: piped output and logs get the summary alone.
  const bar = io.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: io.stderr, format: '{schritt} [{bar}] {percentage} %', hideCursor: true, clearOnComplete: true, barsize: 30 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let currentStep = '';
  const onProgress = (step: string, done: number, total: number) => {
    if (!bar) return;
    const payload = { schritt: step.padEnd(28) };
    if (!started) {
      bar.start(total, done, payload);
      started = true;
    } else if (step !== currentStep) bar.setTotal(total);
    currentStep = step;
    bar.update(done, payload);
  };

  try {
    const report = await importOfficialData(database, { officialDataDir, land, onProgress, actor: cliActor() });
    bar?.stop();
    io.stdout.write(`${formatImportSummary(report)}\n`);
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof ImportValidationError) {
      io.stderr.write(`Import abgebrochen. ${e.message}\n\n`);
      for (const fehler of e.errors) io.stderr.write(`${formatImportFehler(fehler)}\n`);
      io.stderr.write(`\nDaten aus: ${officialDataDir}\n`);
      return 1;
    }
    throw e;
  }
}
