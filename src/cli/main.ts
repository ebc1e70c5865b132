/**
 * Admin command line: `npm run cli -- <command> [options]`. Each command is a few lines around a
 * service, like the pages and the API. Run without arguments for help.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createServices } from '../app';
import { ROLES, rollenVon, UNVEREINBARE_ROLLEN } from '../auth/roles';
import { removeDemoData, seedDemoData, summarizeDemo } from '../demo/demo.service';
import { removeFoerderDemo } from '../demo/foerderung.demo';
import { formatCredentials, prepareData } from '../setup/setup.service';
import { pruefsummen, sicherungEinspielen, sicherungErstellen } from '../backup/backup.service';
import { verifyAuditChain } from '../shared/audit';
import { ConfigError, loadConfig } from '../shared/config';
import { openDatabase } from '../shared/db';
import { AppError, NotFoundError } from '../shared/errors';
import { runLinkcheckCommand } from '../linkcheck/linkcheck.command';
import { runImportCommand } from './import.command';

const HELP = `Digitales Amt – Verwaltung auf der Kommandozeile

Aufruf: npm run cli -- <Befehl> [Optionen]

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

Rollen: ${ROLES.join(', ')}
Unvereinbar (Vier-Augen-Prinzip): ${UNVEREINBARE_ROLLEN.map((k) => k.rollen.join(' + ')).join('; ')}
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
            role: { type: 'string', multiple: true },
            behoerde: { type: 'string', multiple: true },
            password: { type: 'string' },
          },
        });
        const services = createServices({ config, database });
        const auth = services.auth;
        try {
          return await userCommand(auth, sub, values);
        } finally {
          services.mailer.close();
        }
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
            console.log(`Audit-Protokoll unverändert: ${r.entries} Einträge, Prüfkette vollständig${r.vorKette ? ` (${r.vorKette} ältere Einträge aus der Zeit vor der Prüfkette)` : ''}.`);
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
        console.log(`${r.geprueft} Prädikate geprüft, ${r.aenderungen.length} Änderungen`);
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

type UserOptions = { email?: string; name?: string; role?: string[]; behoerde?: string[]; password?: string };

/** `user …`: each subcommand a few lines around the auth service (the same functions as the pages). */
async function userCommand(auth: ReturnType<typeof createServices>['auth'], sub: string | undefined, values: UserOptions): Promise<number> {
  const actor = { label: `cli:${os.userInfo().username}` };
  const konto = async () => {
    const u = values.email ? (await auth.listUsers()).find((x) => x.email.toLowerCase() === values.email!.trim().toLowerCase()) : undefined;
    if (!u) throw new NotFoundError(`Kein Konto mit der E-Mail-Adresse ${values.email}.`);
    return u;
  };
  if (sub === 'create' || sub === 'invite') {
    if (!values.email || !values.name || !values.role?.length) {
      console.error('Fehlend: --email, --name und --role sind Pflicht.');
      return 2;
    }
    const eingabe = { email: values.email, name: values.name, roles: values.role, behoerden: values.behoerde ?? [] };
    if (sub === 'invite') {
      const r = await auth.inviteUser(actor, eingabe);
      console.log(`Eingeladen: ${r.user.email} (${values.role.join(', ')}); der Link gilt bis ${r.laeuftAbAm.toISOString()}.`);
      if (r.mail.status !== 'versendet') console.log(`E-Mail nicht versendet (${r.mail.fehler ?? r.mail.status}). Link, nur jetzt angezeigt: ${r.link}`);
      return 0;
    }
    const { user, password } = await auth.createUser(actor, { ...eingabe, password: values.password });
    console.log(`Konto angelegt: ${user.email} (${rollenVon(user).join(', ')})`);
    if (password) console.log(`Einmal-Passwort (bei der ersten Anmeldung zu ändern): ${password}`);
    return 0;
  }
  if (!values.email && sub !== 'list') {
    console.error('Fehlend: --email');
    return 2;
  }
  if (sub === 'roles') {
    const r = await auth.setRoles(actor, (await konto()).id, { roles: values.role ?? [], behoerden: values.behoerde ?? [] });
    console.log(r.geaendert ? `Rollen von ${values.email} gesetzt.` : 'Nichts zu ändern.');
    return 0;
  }
  if (sub === 'deactivate' || sub === 'reactivate') {
    const id = (await konto()).id;
    const r = sub === 'deactivate' ? await auth.deactivate(actor, id) : await auth.reactivate(actor, id);
    console.log(!r.geaendert ? 'Nichts zu ändern.' : sub === 'deactivate' ? `Konto ${values.email} deaktiviert.` : `Konto ${values.email} reaktiviert.`);
    return 0;
  }
  if (sub === 'reset-password') {
    const { password } = await auth.resetPassword(actor, values.email as string);
    console.log(`Neues Einmal-Passwort für ${values.email}: ${password}`);
    return 0;
  }
  if (sub === 'list') {
    for (const u of await auth.listUsers()) {
      console.log(`${u.email}\t${rollenVon(u).join(',')}\t${u.active ? 'aktiv' : 'deaktiviert'}\t${u.behoerden.join(',')}`);
    }
    return 0;
  }
  console.error('Unbekannter Unterbefehl; erlaubt: create, invite, roles, deactivate, reactivate, reset-password, list');
  return 2;
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
