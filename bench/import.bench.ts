/**
 * The official-data import for Bavaria (Destatis GV100AD with coordinates, the derived Behörden,
 * the OZG/LeiKa catalogue, the VG5000 boundaries): into a fresh, empty database (time per step,
 * from the import's own progress reports), and again through the CLI command
 * (`npm run cli -- import --land 09`) on the same data, when nothing changes. Each run gets a
 * database of its own (PGlite in a temp dir, or PostgreSQL with BENCH_DATABASE_URL/DATABASE_URL).
 *
 *   npx tsx bench/import.bench.ts            (BENCH_IMPORT_RUNS=3)
 */
import { Writable } from 'node:stream';
import { runImportCommand } from '../src/cli/import.command';
import { IMPORT_BEREICH_LABEL, IMPORT_BEREICHE, IMPORT_SCHRITTE, type ImportReport, importOfficialData } from '../src/gebiete/gebiete.import';
import { testConfig } from '../src/shared/config';
import { fmt, officialDataDir, openEmptyBenchDatabase, stats, summary, time } from './support';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const LAND = process.env.BENCH_IMPORT_LAND ?? '09';

const schritte = Object.values(IMPORT_SCHRITTE);
const proSchritt = new Map<string, number[]>(schritte.map((s) => [s, []]));
const erst: number[] = [];
const wieder: number[] = [];
const oeffnen: number[] = [];
let bericht: ImportReport | undefined;
let wiederAusgabe = '';
let engine = '';

for (let i = 0; i < RUNS; i++) {
  const [msOpen, opened] = await time(() => openEmptyBenchDatabase());
  const { database, cleanup } = opened;
  engine = opened.engine;
  oeffnen.push(msOpen);
  try {
    // First import into the empty database; the step boundaries from the progress reports.
    const beginn = new Map<string, number>();
    const t0 = performance.now();
    const report = await importOfficialData(database, {
      officialDataDir,
      land: LAND,
      actor: 'bench',
      onProgress: (step) => {
        if (!beginn.has(step)) beginn.set(step, performance.now());
      },
    });
    const ende = performance.now();
    erst.push(ende - t0);
    const gesehen = schritte.filter((s) => beginn.has(s));
    gesehen.forEach((s, k) => proSchritt.get(s)!.push((k + 1 < gesehen.length ? beginn.get(gesehen[k + 1])! : ende) - beginn.get(s)!));
    bericht = report;

    // The same data again through the CLI command: everything "unverändert".
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk;
        cb();
      },
    });
    const [ms, code] = await time(() => runImportCommand(database, testConfig({ OFFICIAL_DATA_DIR: officialDataDir }), ['--land', LAND, '--dir', officialDataDir], { stdout: sink, stderr: sink }));
    if (code !== 0) throw new Error(`import command exited ${code}:\n${out}`);
    wieder.push(ms);
    wiederAusgabe = out;
    process.stderr.write(`  run ${i + 1}: open ${fmt(msOpen)}, first import ${fmt(erst.at(-1)!)}, again (CLI) ${fmt(ms)}\n`);
  } finally {
    await cleanup();
  }
}

const r = bericht!;
const e = stats(erst);
const w = stats(wieder);
const o = stats(oeffnen);
const unveraendert = /Behörden\s+0\s+0\s+0\s+[\d.]+/.test(wiederAusgabe);
const zeile = (was: string, s: ReturnType<typeof stats>) => `| ${was} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.min)} | ${fmt(s.max)} |`;
console.log(`### Official data import, GV100AD Land ${LAND} (${engine})

Destatis GV100AD (Gebietsstand ${r.gebietsstand}) with coordinates, OZG/LeiKa catalogue, VG5000 boundaries from \`${officialDataDir}\`;
${IMPORT_BEREICHE.map((b) => `${r[b].neu + r[b].geaendert + r[b].unveraendert} ${IMPORT_BEREICH_LABEL[b]}`).join(', ')}.
${RUNS} run(s), each on a new empty database.

| what | runs | p50 | min | max |
|---|---|---|---|---|
${zeile('open a new database and run the migrations (not part of the import)', o)}
${zeile('**first import into the empty database** (read, validate, derive, write in one transaction)', e)}
${schritte.filter((s) => proSchritt.get(s)!.length).map((s) => zeile(`&nbsp;&nbsp;step: ${s}`, stats(proSchritt.get(s)!))).join('\n')}
${zeile(`**import again, same data, through the CLI command** (\`import --land ${LAND}\`; ${unveraendert ? 'nothing changed' : 'see output'})`, w)}
${summary(`import GV100AD Land ${LAND} (${engine}), first import into an empty database, p50`, `${(e.p50 / 1000).toFixed(2)} s (${r.behoerden.neu} Behörden, ${r.gebiete.neu} Gebiete, ${r.geometrien.neu} geometries)`)}
${summary(`import GV100AD Land ${LAND} (${engine}), again through the CLI, nothing changed, p50`, `${(w.p50 / 1000).toFixed(2)} s`)}
`);
if (!unveraendert) {
  console.error(`the second import changed something:\n${wiederAusgabe}`);
  process.exit(1);
}
