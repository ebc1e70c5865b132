/**
 * Admin command line: `npm run cli -- <command> [options]`. Each command is a few lines around a
 * service, like the pages and the API. Run without arguments for help.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createServices } from '../app';
import { createAuthRepository } from '../auth/auth.repository';
import { createAuthService } from '../auth/auth.service';
import { ROLES } from '../auth/roles';
import { removeDemoData, seedDemoData, summarizeDemo } from '../demo/demo.service';
import { removeFoerderDemo } from '../demo/foerderung.demo';
import { formatCredentials, prepareData } from '../setup/setup.service';
import { pruefsummen, sicherungEinspielen, sicherungErstellen } from '../backup/backup.service';
import { verifyAuditChain } from '../shared/audit';
import { systemClock } from '../shared/clock';
import { ConfigError, loadConfig } from '../shared/config';
import { openDatabase } from '../shared/db';
import { AppError } from '../shared/errors';
import { runLinkcheckCommand } from '../linkcheck/linkcheck.command';
import { runImportCommand } from './import.command';
import { zahlMitWort } from '../shared/i18n';

const HELP = `Digitales Amt – Verwaltung auf der Kommandozeile

Aufruf: npm run cli -- <Befehl> [Optionen]

  setup                              Erststart ohne Server: Import, Demodaten, erstes Admin-Konto
  import [--land 09|all] [--dir P]   Amtliche Daten (GV100AD, OZG/LeiKa, VG5000) einlesen oder aktualisieren
  demo seed | remove | status        Demodaten erzeugen, entfernen, zusammenfassen
  user create --email E --name N --role R [--behoerde ARS ...] [--password P]
                                     Konto anlegen (ohne --password: Einmal-Passwort wird ausgegeben)
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

Rollen: ${ROLES.join(', ')}
Die Datenbank wird wie beim Server gewählt (DATABASE_URL oder DATA_DIR).`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  if (command === 'backup' && sub === 'einspielen') {
    // Restoring must not open the target first: it has to be empty.
    const { values } = parseArgs({ args: rest, options: { datei: { type: 'string' } } });
    if (!values.datei) {
      console.error('Fehlend: --datei');
      return 2;
    }
    await sicherungEinspielen({ datei: values.datei, dataDir: config.databaseUrl ? undefined : config.dataDir, databaseUrl: config.databaseUrl });
    console.log(`Sicherung ${values.datei} eingespielt in ${config.databaseUrl ? 'die PostgreSQL-Datenbank' : config.dataDir}.`);
    return 0;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const actor = { label: `cli:${os.userInfo().username}` };
  const auth = createAuthService(createAuthRepository(database.db), systemClock, config.session);
  try {
    switch (command) {
      case 'setup': {
        const result = await prepareData(database, config, { info: (m) => console.log(m) });
        console.log(formatCredentials(config.publicBaseUrl, result.newAccounts) || 'Alles eingerichtet; keine neuen Konten.');
        return 0;
      }
      case 'import':
        return await runImportCommand(database, config, [sub, ...rest].filter((a): a is string => a !== undefined));
      case 'demo': {
        if (sub === 'seed') {
          const r = await seedDemoData(database, { seed: config.demo.seed });
          console.log(r.seeded ? 'Demodaten erzeugt.' : 'Demodaten sind bereits vorhanden; nichts geändert.');
        } else if (sub === 'remove') {
          const foerder = await removeFoerderDemo(database);
          await removeDemoData(database);
          console.log(`Alle Demodaten entfernt (darunter ${foerder.antraege} Förderanträge).`);
        } else if (sub !== 'status') {
          console.error('Unbekannter Unterbefehl; erlaubt: seed, remove, status');
          return 2;
        }
        console.log(JSON.stringify(await summarizeDemo(database), null, 2));
        return 0;
      }
      case 'user': {
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string' },
            behoerde: { type: 'string', multiple: true },
            password: { type: 'string' },
          },
        });
        if (sub === 'create') {
          if (!values.email || !values.name || !values.role) {
            console.error('Fehlend: --email, --name und --role sind Pflicht.');
            return 2;
          }
          const { user, password } = await auth.createUser(actor, {
            email: values.email,
            name: values.name,
            role: values.role,
            behoerden: values.behoerde ?? [],
            password: values.password,
          });
          console.log(`Konto angelegt: ${user.email} (${user.role})`);
          if (password) console.log(`Einmal-Passwort (bei der ersten Anmeldung zu ändern): ${password}`);
          return 0;
        }
        if (sub === 'reset-password') {
          if (!values.email) {
            console.error('Fehlend: --email');
            return 2;
          }
          const { password } = await auth.resetPassword(actor, values.email);
          console.log(`Neues Einmal-Passwort für ${values.email}: ${password}`);
          return 0;
        }
        if (sub === 'list') {
          for (const u of await auth.listUsers()) {
            console.log(`${u.email}\t${u.role}\t${u.active ? 'aktiv' : 'gesperrt'}\t${u.behoerden.join(',')}`);
          }
          return 0;
        }
        console.error('Unbekannter Unterbefehl; erlaubt: create, reset-password, list');
        return 2;
      }
      case 'backup': {
        if (sub === 'erstellen') {
          const { values } = parseArgs({ args: rest, options: { datei: { type: 'string' } } });
          const datei = values.datei ?? `sicherung-${new Date().toISOString().replace(/[:.]/g, '-')}.${database.kind === 'pglite' ? 'tar.gz' : 'dump'}`;
          const r = await sicherungErstellen(database, { datei });
          console.log(`Sicherung geschrieben: ${r.datei} (${r.bytes} Bytes)`);
          return 0;
        }
        if (sub === 'pruefsummen') {
          for (const [t, v] of Object.entries(await pruefsummen(database))) console.log(`${t}\t${v.zeilen}\t${v.md5}`);
          return 0;
        }
        console.error('Unbekannter Unterbefehl; erlaubt: erstellen, einspielen, pruefsummen');
        return 2;
      }
      case 'audit': {
        if (sub === 'verify') {
          const r = await verifyAuditChain(database.db);
          if (r.problems.length === 0) {
            console.log(`Audit-Protokoll unverändert: ${zahlMitWort('de', r.entries, 'Eintrag', 'Einträge')}, Prüfkette vollständig${r.vorKette ? ` (${zahlMitWort('de', r.vorKette, 'älterer Eintrag', 'ältere Einträge')} aus der Zeit vor der Prüfkette)` : ''}.`);
            return 0;
          }
          console.error(`Audit-Protokoll VERÄNDERT: ${r.problems.length} Auffälligkeiten in ${r.entries} Einträgen`);
          for (const p of r.problems) console.error(`  Eintrag ${p.id}: ${p.reason}`);
          return 1;
        }
        if (sub === 'zeige') {
          const { values } = parseArgs({ args: rest, options: { typ: { type: 'string' }, id: { type: 'string' } } });
          if (!values.typ || !values.id) {
            console.error('Fehlend: --typ und --id');
            return 2;
          }
          const rows = (await database.query<{ id: number; at: Date; actor_label: string; action: string; before: unknown; after: unknown }>(
            'select id, at, actor_label, action, before, after from audit_log where object_type = $1 and object_id = $2 order by id',
            [values.typ, values.id],
          ));
          for (const r of rows) console.log(`${r.id}\t${new Date(r.at).toISOString()}\t${r.actor_label}\t${r.action}\t${JSON.stringify(r.before)} → ${JSON.stringify(r.after)}`);
          if (rows.length === 0) console.log('Keine Einträge.');
          return 0;
        }
        console.error('Unbekannter Unterbefehl; erlaubt: verify, zeige');
        return 2;
      }
      case 'praedikat': {
        if (sub !== 'nachpruefung') {
          console.error('Unbekannter Unterbefehl; erlaubt: nachpruefung');
          return 2;
        }
        const services = createServices({ config, database });
        const r = await services.praedikat.recheckAlle();
        console.log(`${zahlMitWort('de', r.geprueft, 'Prädikat', 'Prädikate')} geprüft, ${zahlMitWort('de', r.aenderungen.length, 'Änderung', 'Änderungen')}`);
        for (const a of r.aenderungen) console.log(`  ${a.zertifikatNr} (${a.ars}): ${a.ereignis} → ${a.status}`);
        services.mailer.close();
        return 0;
      }
      case 'signet': {
        if (sub !== 'rotate-key') {
          console.error('Unbekannter Unterbefehl; erlaubt: rotate-key');
          return 2;
        }
        const r = await createServices({ config, database }).signet.rotateKey();
        console.log(`Neuer Signaturschlüssel: ${r.kid}${r.vorher ? ` (abgelöst: ${r.vorher}; bleibt in /.well-known/jwks.json zur Prüfung)` : ''}`);
        console.log('Laufende Server übernehmen ihn innerhalb einer Minute.');
        return 0;
      }
      case 'linkcheck':
        return await runLinkcheckCommand(database, config, [sub, ...rest].filter((a): a is string => a !== undefined));
      default:
        console.error(`Unbekannter Befehl „${command}“.\n\n${HELP}`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ConfigError) console.error(e.message);
    else if (e instanceof AppError) {
      console.error(e.message);
      for (const d of e.details) console.error(`  ${d.field ? `${d.field}: ` : ''}${d.message}`);
    } else console.error(`Fehler: ${(e as Error).message}`);
    process.exit(1);
  },
);
