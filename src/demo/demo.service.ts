/**
 * Demodaten: simulated links and awards, clearly labelled as such (every row has `demo = true`, every
 * Verfahren's description starts with "Demodaten"). Which Behörde links which Online-Verfahren is not
 * public data; the demo shows the platform with realistic numbers (see demo.generator.ts for the
 * calibration). A real deployment switches it off (`DEMO_DATA=false`) and removes it with
 * `removeDemoData` (CLI: `demo remove`).
 */
import type { Database } from '../shared/db';
import { type Schwellen, STANDARD_SCHWELLEN } from '../shared/schwellen';
import { type DemoKalibrierung, planDemoData } from './demo.generator';
import { createDemoRepository, type DemoRemoval, type DemoSummary } from './demo.repository';

export type { DemoRemoval, DemoSummary } from './demo.repository';

export interface SeedDemoOptions {
  seed: string | number;
  /** The demo's "today" (YYYY-MM-DD or a Date); default: the current UTC date. */
  today?: string | Date;
  schwellenwerte?: Schwellen;
  kalibrierung?: Partial<DemoKalibrierung>;
}

export interface SeedDemoResult {
  /** True when this call wrote the demo data. */
  seeded: boolean;
  /** What happened, in plain German (for the start-up log and the CLI). */
  message: string;
  summary?: DemoSummary;
  /** Milliseconds for planning and writing. */
  planMs?: number;
  writeMs?: number;
}

const isoDate = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * Plans and writes the demo data in one transaction. Idempotent: with demo data present it does
 * nothing and says so; with real links or awards present it does nothing either (demo data do not
 * belong into a real deployment, and certificate numbers would collide).
 */
export async function seedDemoData(database: Database, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const repo = createDemoRepository(database);
  const schwellenwerte = options.schwellenwerte ?? STANDARD_SCHWELLEN;
  const vorher = await repo.bestand();
  if (vorher.demo > 0) return { seeded: false, message: 'Demodaten sind bereits vorhanden; nichts geändert.' };
  if (vorher.echt > 0) {
    return { seeded: false, message: 'Es gibt echte Verlinkungen oder Prädikate; Demodaten werden nicht hinzugefügt.' };
  }
  const [behoerden, leistungen] = await Promise.all([repo.loadBehoerden(), repo.loadLeistungen()]);
  if (behoerden.length === 0 || leistungen.length === 0) {
    return { seeded: false, message: 'Keine Behörden oder LeiKa-Leistungen importiert; Demodaten brauchen die amtlichen Daten.' };
  }
  const t0 = performance.now();
  const plan = planDemoData(behoerden, leistungen, {
    seed: options.seed,
    today: isoDate(options.today ?? new Date()),
    schwellenwerte,
    kalibrierung: options.kalibrierung,
  });
  const t1 = performance.now();
  const written = await repo.writePlan(plan);
  if (!written) return { seeded: false, message: 'Demodaten wurden inzwischen von einem anderen Prozess angelegt; nichts geändert.' };
  await repo.analyzeWritten();
  const t2 = performance.now();
  return {
    seeded: true,
    message: `Demodaten erzeugt (Startwert ${plan.seed}, Stand ${plan.today}).`,
    summary: await repo.summarize(schwellenwerte),
    planMs: Math.round(t1 - t0),
    writeMs: Math.round(t2 - t1),
  };
}

/** Deletes every demo row (and any link to a demo Verfahren); real data stay untouched. */
export async function removeDemoData(database: Database): Promise<DemoRemoval> {
  return createDemoRepository(database).deleteDemo();
}

/** Counts of the demo data: Verfahren by kind, links, Behörden at/over threshold, awards by year. */
export async function summarizeDemo(database: Database, options: { schwellenwerte?: Schwellen } = {}): Promise<DemoSummary> {
  return createDemoRepository(database).summarize(options.schwellenwerte ?? STANDARD_SCHWELLEN);
}
