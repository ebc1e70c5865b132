/**
 * What the first start does (and every later start checks): import the official data when the
 * database has none, add the demo data when switched on, create the first admin and the demo
 * accounts. Called by server.ts and by the CLI's `setup` command.
 */

import type { AuthService } from '../auth/auth.service';

import { seedDemoData } from '../demo/demo.service';
import { seedFoerderDemo } from '../demo/foerderung.demo';
import { seedUmfeldDemo } from '../demo/umfeld.demo';
import { zahlMitWort } from '../shared/i18n';
import { importOfficialData } from '../gebiete/gebiete.import';
import type { Config } from '../shared/config';
import type { Database } from '../shared/db';
import { anzahlBehoerden } from './setup.repository';
import { type Role } from '../shared/handelnde';
import { createServices } from '../services/services';

export interface SetupLog {
  info(msg: string): void;
}

export interface Credentials {
  email: string;
  password: string;
  role: Role;
  name: string;
}

export interface SetupResult {
  imported: boolean;
  demoSeeded: boolean;
  /** Accounts created on this start, with their one-time passwords (print once). */
  newAccounts: Credentials[];
}

/** Demo accounts: one per role, bound to real Behörden (Nürnberg, Bad Königshofen, VG Iphofen…). */
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; behoerden: string[] }[] = [
  { email: 'redaktion.nuernberg@demo.example', name: 'Redaktion Stadt Nürnberg', role: 'kommune_editor', behoerden: ['095640000000'] },
  { email: 'redaktion.koenigshofen@demo.example', name: 'Redaktion Bad Königshofen i.Grabfeld', role: 'kommune_editor', behoerden: ['096730141141'] },
  { email: 'it-dienstleister@demo.example', name: 'Kommunales Rechenzentrum (Demo)', role: 'it_dienstleister', behoerden: ['095640000000', '095620000000', '095630000000'] },
  { email: 'pruefung.a@demo.example', name: 'Prüferin A (StMD)', role: 'ministry_reviewer', behoerden: [] },
  { email: 'pruefung.b@demo.example', name: 'Prüfer B (StMD)', role: 'ministry_reviewer', behoerden: [] },
  { email: 'foerderung.a@demo.example', name: 'Förder-Sachbearbeitung A', role: 'grant_officer', behoerden: [] },
  { email: 'foerderung.b@demo.example', name: 'Förder-Sachbearbeitung B', role: 'grant_officer', behoerden: [] },
];

/**
 * Advisory lock of the preparation (PostgreSQL): instances starting together on one database
 * prepare one after the other, so the first imports and seeds and the others find it done.
 */
export const SETUP_LOCK = 727_003;

export async function prepareData(database: Database, config: Config, log: SetupLog, onStep: (step: string) => void = () => {}): Promise<SetupResult> {
  return database.withAdvisoryLock(SETUP_LOCK, () => prepareDataLocked(database, config, log, onStep), () => {
    onStep('Warte auf die Einrichtung durch eine andere Instanz');
    log.info('Eine andere Instanz richtet die Datenbank gerade ein; diese wartet darauf.');
  });
}

async function prepareDataLocked(database: Database, config: Config, log: SetupLog, onStep: (step: string) => void): Promise<SetupResult> {
  const result: SetupResult = { imported: false, demoSeeded: false, newAccounts: [] };
  if ((await anzahlBehoerden(database.db)) === 0) {
    onStep('Amtliche Daten werden eingelesen');
    log.info(`Erster Start: amtliche Daten werden aus ${config.officialDataDir} eingelesen (Land ${config.importLand}) …`);
    const started = Date.now();
    const report = await importOfficialData(database, {
      officialDataDir: config.officialDataDir,
      land: config.importLand,
      actor: 'system',
      onProgress: (step, done, total) => onStep(`Amtliche Daten: ${step} (${done}/${total})`),
    });
    log.info(`Amtliche Daten eingelesen in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(report)}`);
    result.imported = true;
  }
  if (config.demo.enabled) {
    onStep('Demodaten werden erzeugt');
    const demo = await seedDemoData(database, { seed: config.demo.seed });
    result.demoSeeded = demo.seeded;
    if (demo.seeded) log.info(`Demodaten erzeugt: ${JSON.stringify(demo.summary)}`);
    log.info((await seedFoerderDemo(database, { seed: config.demo.seed, settings: config.foerderung })).message);
    log.info((await seedUmfeldDemo(database)).message);
  }
  onStep('Zählstände werden berechnet');
  const services = createServices({ config, database });
  const { ms, neueDoppelte } = await services.verlinkung.alleNeuBerechnen();
  log.info(`Zählstände aller Behörden berechnet in ${ms} ms`);
  // The first start after the „same service“ rule marks the duplicates already in the data (with an event each).
  if (neueDoppelte > 0) log.info(`${zahlMitWort('de', neueDoppelte, 'Verlinkung', 'Verlinkungen')} als derselbe Dienst wie eine frühere erkannt und markiert (zählen nicht doppelt)`);
  onStep('Bestehende Prädikate werden übernommen');
  const bestand = await services.praedikat.bestandUebernehmen();
  if (bestand.uebernommen > 0) log.info(`${bestand.uebernommen} bestehende Prädikate mit Akte übernommen`);
  onStep('Konten werden geprüft');
  const auth = services.auth;
  const admin = await auth.ensureInitialAdmin(config.adminEmail, config.initialAdminPassword);
  if (admin) {
    result.newAccounts.push({ ...admin, role: 'ministry_admin', name: 'Administration' });
    if (config.demo.enabled) result.newAccounts.push(...(await createDemoAccounts(auth, log, config.demo.password)));
  }
  return result;
}

/**
 * Creates the demo accounts. Every one gets its own one-time password, changed at the first
 * login: no two people share a password, and nobody can act on both sides of a four-eyes step by
 * knowing one. Only automated tests pass one known password (DEMO_PASSWORD with NODE_ENV=test).
 */
export async function createDemoAccounts(auth: AuthService, log: SetupLog, testPassword?: string): Promise<Credentials[]> {
  const created: Credentials[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const r = await auth.createUser({ label: 'system' }, { ...a, password: testPassword }).catch((e: Error) => {
      log.info(`Demokonto ${a.email} nicht angelegt: ${e.message}`);
      return undefined;
    });
    if (r) created.push({ email: a.email, password: r.password ?? (testPassword as string), role: a.role, name: a.name });
  }
  return created;
}

/** The block printed once on the first start. */
export function formatCredentials(baseUrl: string, accounts: Credentials[]): string {
  if (accounts.length === 0) return '';
  const lines = [
    '',
    '==================================================================',
    ' Erstanmeldung – diese Zugangsdaten werden nur jetzt angezeigt',
    ` Anmeldung: ${baseUrl}/anmelden`,
    '------------------------------------------------------------------',
  ];
  for (const a of accounts) {
    lines.push(` ${a.name} (${a.role})`, `   E-Mail:   ${a.email}`, `   Passwort: ${a.password}`);
  }
  lines.push('==================================================================', '');
  return lines.join('\n');
}
