/**
 * The secrets of an installation (ADR 0018): SESSION_SECRET (cookies, unsubscribe links) and
 * SIGNET_KEK (wraps the signet signing keys). Nothing has a built-in value.
 *
 * - From the environment when set (several instances on PostgreSQL must share them; config.ts
 *   refuses to start with DATABASE_URL but without them).
 * - Otherwise, with the embedded database, from `DATA_DIR/geheimnisse.json`: generated at the first
 *   start (random, 384 bits each), created atomically and exclusively (a temporary file linked into
 *   place, so a server and a CLI starting together end up with the same secrets), mode 600. A file
 *   that others may read or write is refused.
 *
 * A secret set in the environment wins over the file; the file's differing value is then still
 * accepted as an earlier one (cookies stay valid, keys wrapped under the file's KEK are re-wrapped
 * at start), so moving from the file to the environment loses nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type Config, ConfigError } from './config';

export const GEHEIMNIS_DATEI = 'geheimnisse.json';

const wert = z.string().min(32);
const dateiSchema = z.object({
  version: z.literal(1),
  erstelltAm: z.string(),
  hinweis: z.string().optional(),
  SESSION_SECRET: wert,
  SIGNET_KEK: wert,
  /** KEKs replaced by `signet rotate-kek` whose re-wrap has not finished yet. */
  SIGNET_KEK_VORHER: z.array(wert).default([]),
});

export type GeheimnisDateiInhalt = z.output<typeof dateiSchema>;

const HINWEIS =
  'Geheimnisse dieser Installation: nur für den Eigentümer lesbar lassen (chmod 600), nicht weitergeben. ' +
  'Getrennt von Datenbanksicherungen sichern: ohne SIGNET_KEK sind die Signaturschlüssel in einer Sicherung nicht lesbar.';

/** A random secret: 48 bytes, base64url (64 characters). */
export const neuesGeheimnis = () => crypto.randomBytes(48).toString('base64url');

export const geheimnisDatei = (dataDir: string) => path.join(dataDir, GEHEIMNIS_DATEI);

const modus = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/** Reads the secrets file; undefined when there is none. Refuses one that others may access. */
export function leseGeheimnisDatei(dataDir: string): GeheimnisDateiInhalt | undefined {
  const datei = geheimnisDatei(dataDir);
  let st: fs.Stats;
  try {
    st = fs.statSync(datei);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`${datei}: nicht lesbar (${(e as Error).message})`]);
  }
  if ((st.mode & 0o077) !== 0) {
    throw new ConfigError([
      `${datei}: Zugriffsrechte ${modus(st.mode)} sind zu offen – die Geheimnisse darf nur der Eigentümer lesen. ` +
        `Beheben mit: chmod 600 ${datei} (und die Geheimnisse erneuern, falls andere sie gelesen haben können: docs/operations.md)`,
    ]);
  }
  let roh: unknown;
  try {
    roh = JSON.parse(fs.readFileSync(datei, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${datei}: kein gültiges JSON (${(e as Error).message})`]);
  }
  const parsed = dateiSchema.safeParse(roh);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${datei}: ${i.path.join('.') || 'Inhalt'}: ${i.message}`));
  }
  return parsed.data;
}

/** Writes `inhalt` to a new file beside `ziel` with mode 600, flushed to disk; returns its path. */
function schreibeTemporaer(ziel: string, inhalt: GeheimnisDateiInhalt): string {
  const tmp = `${ziel}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(inhalt, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

const verzeichnisSichern = (dir: string) => {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    /* not every platform can sync a directory */
  }
};

/**
 * Creates the secrets file unless it exists (then returns what is there). Atomic and exclusive:
 * the complete file is linked into place, and a process that loses the race reads the winner's.
 */
export function erzeugeGeheimnisDatei(dataDir: string): { inhalt: GeheimnisDateiInhalt; erzeugt: boolean } {
  const vorhanden = leseGeheimnisDatei(dataDir);
  if (vorhanden) return { inhalt: vorhanden, erzeugt: false };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const datei = geheimnisDatei(dataDir);
  const inhalt: GeheimnisDateiInhalt = {
    version: 1,
    erstelltAm: new Date().toISOString(),
    hinweis: HINWEIS,
    SESSION_SECRET: neuesGeheimnis(),
    SIGNET_KEK: neuesGeheimnis(),
    SIGNET_KEK_VORHER: [],
  };
  const tmp = schreibeTemporaer(datei, inhalt);
  try {
    fs.linkSync(tmp, datei);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { inhalt: leseGeheimnisDatei(dataDir) as GeheimnisDateiInhalt, erzeugt: false };
    // File systems without hard links: exclusive copy (a reader at the same moment may see it half-written).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    try {
      fs.copyFileSync(tmp, datei, fs.constants.COPYFILE_EXCL);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return { inhalt: leseGeheimnisDatei(dataDir) as GeheimnisDateiInhalt, erzeugt: false };
      throw e2;
    }
    fs.chmodSync(datei, 0o600);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  verzeichnisSichern(dataDir);
  return { inhalt, erzeugt: true };
}

/** Replaces the secrets file atomically (rename), mode 600 (for `signet rotate-kek`). */
export function ersetzeGeheimnisDatei(dataDir: string, inhalt: GeheimnisDateiInhalt): void {
  const datei = geheimnisDatei(dataDir);
  const tmp = schreibeTemporaer(datei, inhalt);
  fs.renameSync(tmp, datei);
  verzeichnisSichern(dataDir);
}

/** Hints for the operator (printed to stderr by server and CLI). */
export type Hinweis = (text: string) => void;

/**
 * Completes the config's secrets: environment first, then (embedded database only) the secrets
 * file in DATA_DIR, created at the first start. Throws ConfigError for a file that is too open or
 * broken, and when PostgreSQL is used without the secrets in the environment.
 */
export function ladeGeheimnisse(config: Config, hinweis: Hinweis = () => {}): Config {
  const env = config.secrets;
  if (config.databaseUrl) {
    const fehlend = [!env.session && 'SESSION_SECRET', !env.signetKek && 'SIGNET_KEK'].filter(Boolean);
    if (fehlend.length > 0) {
      throw new ConfigError(fehlend.map((v) => `${v}: ist Pflicht, wenn DATABASE_URL gesetzt ist: alle Instanzen brauchen dieselben Geheimnisse`));
    }
    return { ...config, secrets: { ...env, signetKekQuelle: 'umgebung' } };
  }
  // The data directory holds the database and the secrets: the owner's only, when we create it.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const allesAusUmgebung = Boolean(env.session && env.signetKek);
  let datei: GeheimnisDateiInhalt | undefined;
  if (allesAusUmgebung) {
    datei = leseGeheimnisDatei(config.dataDir);
  } else {
    const r = erzeugeGeheimnisDatei(config.dataDir);
    datei = r.inhalt;
    if (r.erzeugt) {
      hinweis(
        `Neue Geheimnisse für diese Installation erzeugt: ${geheimnisDatei(config.dataDir)} (nur für den Eigentümer lesbar). ` +
          'Zusammen mit dem Datenverzeichnis aufbewahren, aber getrennt von Datenbanksicherungen sichern.',
      );
    }
  }
  pruefeVerzeichnisRechte(config.dataDir, hinweis);
  const weitere = (aktuell: string | undefined, ausDatei: string[]) => ausDatei.filter((s) => s !== aktuell);
  return {
    ...config,
    secrets: {
      session: env.session ?? datei?.SESSION_SECRET,
      sessionVorher: [...env.sessionVorher, ...weitere(env.session, env.session && datei ? [datei.SESSION_SECRET] : [])],
      signetKek: env.signetKek ?? datei?.SIGNET_KEK,
      signetKekVorher: [
        ...env.signetKekVorher,
        ...weitere(env.signetKek ?? datei?.SIGNET_KEK, [...(env.signetKek && datei ? [datei.SIGNET_KEK] : []), ...(datei?.SIGNET_KEK_VORHER ?? [])]),
      ],
      signetKekQuelle: env.signetKek ? 'umgebung' : 'datei',
    },
  };
}

/** DATA_DIR holds the database and the secrets: warn when other users may look into it. */
function pruefeVerzeichnisRechte(dataDir: string, hinweis: Hinweis) {
  try {
    const st = fs.statSync(dataDir);
    if ((st.mode & 0o077) !== 0) {
      hinweis(`Warnung: Das Datenverzeichnis ${dataDir} ist für andere Benutzer zugänglich (Modus ${modus(st.mode)}); empfohlen: chmod 700 ${dataDir}`);
    }
  } catch {
    /* created later by the database */
  }
}
