/**
 * The admin commands (`npm run cli -- <command>`), each a few lines around a service. They run in
 * the CLI process on its own database connection, or — when a server has the embedded database
 * open — inside that server, sent over its admin socket (admin-socket.ts, ADR 0019). Either way
 * they get the same context: config, database, the services, and where to write.
 */
import { parseArgs } from 'node:util';

import { rollenVon, UNVEREINBARE_ROLLEN } from '../auth/roles';
import { pruefsummen, sicherungErstellen } from '../backup/backup.service';
import { removeDemoData, seedDemoData, summarizeDemo } from '../demo/demo.service';
import { removeFoerderDemo } from '../demo/foerderung.demo';
import { runLinkcheckCommand } from '../linkcheck/linkcheck.command';
import { formatCredentials, prepareData } from '../setup/setup.service';
import type { PflegeErgebnis } from '../signet/signet.service';
import { verifyAuditChain } from '../shared/audit';
import { eintraegeZuObjekt } from '../shared/audit.repository';
import { zahlMitWort } from '../shared/i18n';
import { type Config, ConfigError } from '../shared/config';
import type { Database } from '../shared/db';
import { AppError, NotFoundError } from '../shared/errors';
import { ersetzeGeheimnisDatei, geheimnisDatei, leseGeheimnisDatei, neuesGeheimnis } from '../shared/geheimnisse';
import { type CommandIo, runImportCommand } from './import.command';
import { ROLES } from '../shared/handelnde';
import { type Services } from '../services/services';

export const HELP = `Digitales Amt – Verwaltung auf der Kommandozeile

Aufruf: npm run cli -- <Befehl> [Optionen]

  migrate                            Nur die Datenbank-Migrationen anwenden (vor dem Start mehrerer Instanzen)
  setup                              Erststart ohne Server: Import, Demodaten, erstes Admin-Konto
  import [--land 09|all] [--dir P]   Amtliche Daten (GV100AD, OZG/LeiKa, VG5000) einlesen oder aktualisieren
  demo seed | remove | status        Demodaten erzeugen, entfernen, zusammenfassen
  user create --email E --name N --role R [--role R2] [--behoerde ARS ...] [--password P]
                                     Konto anlegen (ohne --password: Einmal-Passwort wird ausgegeben)
  user invite --email E --name N --role R [--role R2] [--behoerde ARS ...]
                                     Person per E-Mail einladen (Einmal-Link zum Setzen des Passworts)
  user roles --email E --role R [--role R2] [--behoerde ARS ...]
                                     Rollen und Behörden eines Kontos setzen (ersetzt die bisherigen)
  user deactivate --email E          Konto deaktivieren (Sitzungen enden, API-Tokens werden widerrufen)
  user reactivate --email E          Konto wieder aktivieren
  user reset-password --email E      Neues Einmal-Passwort setzen, alle Sitzungen beenden
  user list                          Alle Konten auflisten
  praedikat nachpruefung             Alle Prädikate jetzt nachprüfen (läuft sonst täglich)
  backup erstellen [--datei F]       Sicherung (PGlite: Abbild des Datenverzeichnisses; PostgreSQL: pg_dump)
  backup einspielen --datei F        Sicherung in ein LEERES DATA_DIR bzw. eine leere Datenbank einspielen
  backup pruefsummen                 Zeilenzahl und Prüfsumme jeder Tabelle (zum Vergleich nach dem Einspielen)
  audit verify                       Prüfkette des Audit-Protokolls nachrechnen (Manipulation erkennen)
  audit zeige --typ T --id ID        Alle Protokolleinträge zu einem Objekt (z. B. --typ behoerde --id 095640000000)
  linkcheck [--url URL ...] [--nur-defekte]
                                     Links jetzt prüfen (alle, angegebene oder zuletzt defekte), Zählstände neu berechnen
  signet rotate-key                  Neuen Signaturschlüssel für Signet-Nachweise erzeugen (alte bleiben prüfbar)
  signet rotate-kek                  Signaturschlüssel unter einem neuen Schlüsselverschlüsselungsschlüssel (KEK)
                                     neu verschlüsseln (Schlüssel und Nachweise bleiben gültig)
  signet status                      Signaturschlüssel und ihre Verschlüsselung anzeigen

Rollen: ${ROLES.join(', ')}
Unvereinbar (Vier-Augen-Prinzip): ${UNVEREINBARE_ROLLEN.map((k) => k.rollen.join(' + ')).join('; ')}
Die Datenbank wird wie beim Server gewählt (DATABASE_URL oder DATA_DIR). Läuft ein Server auf dem
Datenverzeichnis, wird der Befehl über dessen Verwaltungsschnittstelle ausgeführt.

Exit-Codes: 0 erledigt, 1 Fehler (z. B. Audit-Protokoll verändert, Ziel nicht leer), 2 falscher
Aufruf oder ungültige Konfiguration, 3 Datenbank nicht verfügbar (belegt, Server startet noch).`;

/** Where a command writes: lines for people, streams for commands that draw progress bars. */
export interface Ausgabe {
  log(line: string): void;
  error(line: string): void;
}

export interface CliContext {
  config: Config;
  database: Database;
  services: Services;
  out: Ausgabe;
  io: CommandIo;
  actor: { label: string };
}

/** Runs one command and returns its exit code. Errors of the services are thrown (see `fehlerText`). */
export async function runCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [command, sub, ...rest] = argv;
  const { config, database, services, out } = ctx;
  switch (command) {
    case 'setup': {
      const result = await prepareData(database, config, { info: (m) => out.log(m) });
      out.log(formatCredentials(config.publicBaseUrl, result.newAccounts) || 'Alles eingerichtet; keine neuen Konten.');
      return 0;
    }
    case 'import': {
      const code = await runImportCommand(database, config, [sub, ...rest].filter((a): a is string => a !== undefined), ctx.io);
      // Names may have changed: signets are rendered again.
      if (code === 0) services.signet.leereCache();
      return code;
    }
    case 'demo': {
      if (sub === 'seed') {
        const r = await seedDemoData(database, { seed: config.demo.seed });
        out.log(r.seeded ? 'Demodaten erzeugt.' : 'Demodaten sind bereits vorhanden; nichts geändert.');
      } else if (sub === 'remove') {
        const foerder = await removeFoerderDemo(database);
        await removeDemoData(database);
        out.log(`Alle Demodaten entfernt (darunter ${zahlMitWort('de', foerder.antraege, 'Förderantrag', 'Förderanträge')}).`);
      } else if (sub !== 'status') {
        out.error('Unbekannter Unterbefehl; erlaubt: seed, remove, status');
        return 2;
      }
      out.log(JSON.stringify(await summarizeDemo(database), null, 2));
      return 0;
    }
    case 'user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', multiple: true },
          behoerde: { type: 'string', multiple: true },
          password: { type: 'string' },
        },
      });
      return userCommand(services.auth, sub, values, ctx);
    }
    case 'backup': {
      if (sub === 'erstellen') {
        const { values } = parseArgs({ args: rest, options: { datei: { type: 'string' } } });
        const datei = values.datei ?? `sicherung-${new Date().toISOString().replace(/[:.]/g, '-')}.${database.kind === 'pglite' ? 'tar.gz' : 'dump'}`;
        const r = await sicherungErstellen(database, { datei });
        out.log(`Sicherung geschrieben: ${r.datei} (${r.bytes} Bytes)`);
        out.log(
          config.secrets.signetKekQuelle === 'datei'
            ? `Nicht in der Sicherung: die Geheimnisse ${geheimnisDatei(config.dataDir)} – getrennt aufbewahren, ohne sie sind die Signaturschlüssel nicht lesbar.`
            : 'Nicht in der Sicherung: SESSION_SECRET und SIGNET_KEK – getrennt aufbewahren, ohne SIGNET_KEK sind die Signaturschlüssel nicht lesbar.',
        );
        return 0;
      }
      if (sub === 'einspielen') {
        // main.ts restores before opening anything; here the database is open, so it is not empty.
        out.error('Ziel ist nicht leer: die Datenbank wird gerade verwendet. Eine Sicherung wird nur in ein leeres Ziel eingespielt (docs/operations.md).');
        return 1;
      }
      if (sub === 'pruefsummen') {
        for (const [t, v] of Object.entries(await pruefsummen(database))) out.log(`${t}\t${v.zeilen}\t${v.md5}`);
        return 0;
      }
      out.error('Unbekannter Unterbefehl; erlaubt: erstellen, einspielen, pruefsummen');
      return 2;
    }
    case 'audit': {
      if (sub === 'verify') {
        const r = await verifyAuditChain(database.db);
        if (r.problems.length === 0) {
          out.log(`Audit-Protokoll unverändert: ${zahlMitWort('de', r.entries, 'Eintrag', 'Einträge')}, Prüfkette vollständig${r.vorKette ? ` (${zahlMitWort('de', r.vorKette, 'älterer Eintrag', 'ältere Einträge')} aus der Zeit vor der Prüfkette)` : ''}.`);
          return 0;
        }
        out.error(`Audit-Protokoll VERÄNDERT: ${r.problems.length} Auffälligkeiten in ${r.entries} Einträgen`);
        for (const p of r.problems) out.error(`  Eintrag ${p.id}: ${p.reason}`);
        return 1;
      }
      if (sub === 'zeige') {
        const { values } = parseArgs({ args: rest, options: { typ: { type: 'string' }, id: { type: 'string' } } });
        if (!values.typ || !values.id) {
          out.error('Fehlend: --typ und --id');
          return 2;
        }
        const rows = await eintraegeZuObjekt(database, values.typ, values.id);
        for (const r of rows) out.log(`${r.id}\t${new Date(r.at).toISOString()}\t${r.actor_label}\t${r.action}\t${JSON.stringify(r.before)} → ${JSON.stringify(r.after)}`);
        if (rows.length === 0) out.log('Keine Einträge.');
        return 0;
      }
      out.error('Unbekannter Unterbefehl; erlaubt: verify, zeige');
      return 2;
    }
    case 'praedikat': {
      if (sub !== 'nachpruefung') {
        out.error('Unbekannter Unterbefehl; erlaubt: nachpruefung');
        return 2;
      }
      const r = await services.praedikat.recheckAlle();
      out.log(`${zahlMitWort('de', r.geprueft, 'Prädikat', 'Prädikate')} geprüft, ${zahlMitWort('de', r.aenderungen.length, 'Änderung', 'Änderungen')}`);
      for (const a of r.aenderungen) out.log(`  ${a.zertifikatNr} (${a.ars}): ${a.ereignis} → ${a.status}`);
      return 0;
    }
    case 'signet':
      return signetCommand(sub, ctx);
    case 'linkcheck':
      return runLinkcheckCommand(services.linkcheck, [sub, ...rest].filter((a): a is string => a !== undefined), { out });
    default:
      out.error(`Unbekannter Befehl „${command}“.\n\n${HELP}`);
      return 2;
  }
}

type UserOptions = { email?: string; name?: string; role?: string[]; behoerde?: string[]; password?: string };

/** `user …`: each subcommand a few lines around the auth service (the same functions as the pages). */
async function userCommand(auth: Services['auth'], sub: string | undefined, values: UserOptions, { out, actor }: CliContext): Promise<number> {
  const konto = async () => {
    const email = values.email?.trim().toLowerCase();
    const u = email ? (await auth.listUsers()).find((x) => x.email.toLowerCase() === email) : undefined;
    if (!u) throw new NotFoundError(`Kein Konto mit der E-Mail-Adresse ${values.email}.`);
    return u;
  };
  if (sub === 'create' || sub === 'invite') {
    if (!values.email || !values.name || !values.role?.length) {
      out.error('Fehlend: --email, --name und --role sind Pflicht.');
      return 2;
    }
    const eingabe = { email: values.email, name: values.name, roles: values.role, behoerden: values.behoerde ?? [] };
    if (sub === 'invite') {
      const r = await auth.inviteUser(actor, eingabe);
      out.log(`Eingeladen: ${r.user.email} (${values.role.join(', ')}); der Link gilt bis ${r.laeuftAbAm.toISOString()}.`);
      if (r.mail.status !== 'versendet') out.log(`E-Mail nicht versendet (${r.mail.fehler ?? r.mail.status}). Link, nur jetzt angezeigt: ${r.link}`);
      return 0;
    }
    const { user, password } = await auth.createUser(actor, { ...eingabe, password: values.password });
    out.log(`Konto angelegt: ${user.email} (${rollenVon(user).join(', ')})`);
    if (password) out.log(`Einmal-Passwort (bei der ersten Anmeldung zu ändern): ${password}`);
    return 0;
  }
  if (!values.email && sub !== 'list') {
    out.error('Fehlend: --email');
    return 2;
  }
  if (sub === 'roles') {
    const r = await auth.setRoles(actor, (await konto()).id, { roles: values.role ?? [], behoerden: values.behoerde ?? [] });
    out.log(r.geaendert ? `Rollen von ${values.email} gesetzt.` : 'Nichts zu ändern.');
    return 0;
  }
  if (sub === 'deactivate' || sub === 'reactivate') {
    const id = (await konto()).id;
    const r = sub === 'deactivate' ? await auth.deactivate(actor, id) : await auth.reactivate(actor, id);
    out.log(!r.geaendert ? 'Nichts zu ändern.' : sub === 'deactivate' ? `Konto ${values.email} deaktiviert.` : `Konto ${values.email} reaktiviert.`);
    return 0;
  }
  if (sub === 'reset-password') {
    const { password } = await auth.resetPassword(actor, values.email as string);
    out.log(`Neues Einmal-Passwort für ${values.email}: ${password}`);
    return 0;
  }
  if (sub === 'list') {
    for (const u of await auth.listUsers()) out.log(`${u.email}\t${rollenVon(u).join(',')}\t${u.active ? 'aktiv' : 'deaktiviert'}\t${u.behoerden.join(',')}`);
    return 0;
  }
  out.error('Unbekannter Unterbefehl; erlaubt: create, invite, roles, deactivate, reactivate, reset-password, list');
  return 2;
}

async function signetCommand(sub: string | undefined, { config, services, out }: CliContext): Promise<number> {
  if (sub === 'rotate-key') {
    const r = await services.signet.rotateKey();
    out.log(`Neuer Signaturschlüssel: ${r.kid}${r.vorher ? ` (abgelöst: ${r.vorher}; bleibt in /.well-known/jwks.json zur Prüfung)` : ''}`);
    out.log('Laufende Server übernehmen ihn innerhalb einer Minute.');
    return 0;
  }
  if (sub === 'rotate-kek') {
    let r: PflegeErgebnis;
    if (config.secrets.signetKekQuelle === 'datei') {
      // Generated KEK: a new one goes into the secrets file first (the old one kept beside it, so a
      // crash in between loses nothing: the next start re-wraps), then every key is re-wrapped in
      // one transaction, then the old KEK is removed from the file.
      const vorher = leseGeheimnisDatei(config.dataDir);
      if (!vorher) throw new Error(`${geheimnisDatei(config.dataDir)} fehlt`);
      const neu = neuesGeheimnis();
      ersetzeGeheimnisDatei(config.dataDir, { ...vorher, SIGNET_KEK: neu, SIGNET_KEK_VORHER: [vorher.SIGNET_KEK, ...vorher.SIGNET_KEK_VORHER] });
      r = await services.signet.kekWechseln(neu);
      ersetzeGeheimnisDatei(config.dataDir, { ...vorher, SIGNET_KEK: neu, SIGNET_KEK_VORHER: [] });
      out.log(`Neuer KEK ${r.kekId} in ${geheimnisDatei(config.dataDir)} gespeichert; der bisherige ist entfernt.`);
    } else {
      r = await services.signet.schluesselPflegen();
      out.log(`SIGNET_KEK kommt aus der Umgebung (KEK ${r.kekId}). Alle lesbaren Schlüssel sind jetzt unter ihm verschlüsselt.`);
      out.log('Einen neuen KEK setzen Sie dort: neuen Wert in SIGNET_KEK, den bisherigen in SIGNET_KEK_VORHER, Instanzen neu starten');
      out.log('(jede verschlüsselt beim Start um); SIGNET_KEK_VORHER entfernen, sobald alle mit dem neuen Wert laufen.');
    }
    out.log(`Neu verschlüsselt: ${r.umgeschluesselt.length} Schlüssel${r.umgeschluesselt.length ? ` (${r.umgeschluesselt.join(', ')})` : ''}. Die Signaturschlüssel selbst sind unverändert; alle Nachweise bleiben prüfbar.`);
    berichtePflege(r, out);
    return 0;
  }
  if (sub === 'status') {
    const quelle = config.secrets.signetKekQuelle === 'datei' ? geheimnisDatei(config.dataDir) : 'SIGNET_KEK';
    out.log(`Aktueller KEK: ${services.signet.kekId()} (aus ${quelle})`);
    for (const s of await services.signet.schluesselStatus()) {
      const wie = s.format === 'v2' ? `KEK ${s.kekId}${s.unterAktuellemKek ? ' (aktuell)' : ''}` : s.format === 'v1' ? 'altes Format (SESSION_SECRET)' : 'unbekanntes Format';
      out.log(`${s.kid}\t${s.aktiv ? 'aktiv' : `abgelöst ${s.abgeloestAm?.toISOString() ?? ''}`}\terstellt ${s.erstelltAm.toISOString()}\t${wie}\t${s.lesbar ? 'lesbar' : 'NICHT lesbar'}`);
    }
    return 0;
  }
  out.error('Unbekannter Unterbefehl; erlaubt: rotate-key, rotate-kek, status');
  return 2;
}

/** What a re-wrap changed beyond re-wrapping (also logged by the server at start). */
export function berichtePflege(r: PflegeErgebnis, out: Ausgabe) {
  if (r.neuerSchluessel) {
    out.error(
      `Der aktive Signaturschlüssel ${r.neuerSchluessel.vorher} war im alten Format mit einem nicht (mehr) konfigurierten Geheimnis verschlüsselt ` +
        `und gilt nicht als geheim: ${r.neuerSchluessel.kid} signiert ab jetzt; der alte bleibt veröffentlicht, bisherige Nachweise bleiben prüfbar.`,
    );
  }
  if (r.unlesbar.length > 0) out.error(`Nicht lesbar (abgelöst, nur noch zur Prüfung veröffentlicht): ${r.unlesbar.join(', ')}`);
}

/** The German lines for an error a command threw, the exit code (2 call or configuration, else 1), and whether it was unexpected. */
export function fehlerText(e: unknown): { zeilen: string[]; code: number; unerwartet?: true } {
  if (e instanceof ConfigError) return { zeilen: [e.message], code: 2 };
  if (e instanceof AppError) return { zeilen: [e.message, ...e.details.map((d) => `  ${d.field ? `${d.field}: ` : ''}${d.message}`)], code: 1 };
  // node:util parseArgs: unknown or malformed options.
  if (String((e as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) return { zeilen: [(e as Error).message], code: 2 };
  return { zeilen: [`Fehler: ${(e as Error).message}`], code: 1, unerwartet: true };
}
