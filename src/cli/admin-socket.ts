/**
 * The admin socket (ADR 0019): the embedded database belongs to one process, so while a server has
 * it open the CLI cannot. The server therefore listens on a Unix domain socket in its data
 * directory, `DATA_DIR/admin/cli.sock` (directory 700, socket 600: only the owner — and root — can
 * connect), and runs the commands the CLI sends with its own services, writing their output back.
 *
 * The protocol and the CLI's side are in admin-client.ts.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Readiness } from '../health/health.routes';
import { adminSocketPfad, adresse, type Anfrage, type Meldung } from './admin-client';
import { type Ausgabe, fehlerText, runCommand } from './commands';

const MAX_ANFRAGE = 64 * 1024;
/** How long closing the server waits for commands still running. */
const WARTEN_BEIM_BEENDEN_MS = 20_000;

export interface AdminSocket {
  pfad: string;
  close(): Promise<void>;
}

/**
 * Starts the admin socket of a server on the embedded database and closes it with the app (call
 * before `app.listen`). Commands are refused with exit code 3 until `readiness.ready`. On
 * PostgreSQL there is none: the CLI opens its own connection there. A socket that cannot be
 * created is logged; the server runs without it.
 */
export async function startAdminSocket(app: FastifyInstance, readiness: Readiness): Promise<AdminSocket | undefined> {
  if (app.database.kind !== 'pglite') return undefined;
  try {
    return await oeffne(app, readiness);
  } catch (e) {
    app.log.warn({ err: e }, `Verwaltungsschnittstelle nicht gestartet: ${(e as Error).message}. Die Kommandozeile geht nur bei gestopptem Server.`);
    return undefined;
  }
}

async function oeffne(app: FastifyInstance, readiness: Readiness): Promise<AdminSocket> {
  const pfad = adminSocketPfad(app.config.dataDir);
  const dir = path.dirname(pfad);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  // The server holds the data directory's lock: a socket file left there is from a process that ended.
  fs.rmSync(pfad, { force: true });
  const laufend = new Set<Promise<void>>();
  const server = net.createServer((conn) => {
    const p = bediene(app, readiness, conn).finally(() => laufend.delete(p));
    laufend.add(p);
  });
  const addr = adresse(pfad);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The socket file is created by listen(): with this umask it is never, not even briefly, open to others.
    const umask = process.umask(0o177);
    try {
      server.listen(addr, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
  fs.chmodSync(pfad, 0o600);
  server.on('error', (e) => app.log.error({ err: e }, 'Verwaltungsschnittstelle: Fehler'));
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.race([Promise.allSettled([...laufend]), new Promise((r) => setTimeout(r, WARTEN_BEIM_BEENDEN_MS).unref())]);
  };
  app.addHook('onClose', close);
  app.log.info({ socket: pfad }, 'Verwaltungsschnittstelle für die Kommandozeile bereit');
  return { pfad, close };
}

async function bediene(app: FastifyInstance, readiness: Readiness, conn: net.Socket): Promise<void> {
  conn.on('error', () => {
    /* the CLI went away; the command still finishes */
  });
  const senden = (m: Meldung) => {
    if (!conn.destroyed && conn.writable) conn.write(`${JSON.stringify(m)}\n`);
  };
  let anfrage: Anfrage;
  try {
    anfrage = await leseAnfrage(conn);
  } catch (e) {
    senden({ e: `Ungültige Anfrage an die Verwaltungsschnittstelle: ${(e as Error).message}\n` });
    senden({ exit: 2 });
    conn.end();
    return;
  }
  if (!readiness.ready) {
    senden({ e: `Die Plattform startet noch (${readiness.step}). Bitte später erneut versuchen.\n` });
    senden({ exit: 3 });
    conn.end();
    return;
  }
  const [befehl, unter] = anfrage.argv;
  // Arguments may carry a password (user create --password): only the command is logged.
  app.log.info({ befehl: [befehl, unter].filter(Boolean).join(' '), benutzer: anfrage.benutzer }, 'Befehl über die Verwaltungsschnittstelle');
  const out: Ausgabe = { log: (l) => senden({ o: `${l}\n` }), error: (l) => senden({ e: `${l}\n` }) };
  const strom = (feld: 'o' | 'e') =>
    Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          senden(feld === 'o' ? { o: String(chunk) } : { e: String(chunk) });
          done();
        },
      }),
      { isTTY: false },
    );
  let code: number;
  try {
    code = await runCommand(anfrage.argv, {
      config: app.config,
      database: app.database,
      services: app.services,
      out,
      io: { stdout: strom('o'), stderr: strom('e') },
      actor: { label: `cli:${anfrage.benutzer}` },
    });
  } catch (e) {
    const f = fehlerText(e);
    for (const z of f.zeilen) out.error(z);
    if (f.unerwartet) app.log.error({ err: e, befehl }, 'Befehl über die Verwaltungsschnittstelle fehlgeschlagen');
    code = f.code;
  }
  senden({ exit: code });
  conn.end();
}

function leseAnfrage(conn: net.Socket): Promise<Anfrage> {
  return new Promise((resolve, reject) => {
    let puffer = '';
    const fertig = (e?: Error, a?: Anfrage) => {
      conn.off('data', daten);
      conn.off('end', ende);
      if (e) reject(e);
      else resolve(a as Anfrage);
    };
    const daten = (chunk: Buffer) => {
      puffer += chunk.toString('utf8');
      const nl = puffer.indexOf('\n');
      if (nl < 0) {
        if (puffer.length > MAX_ANFRAGE) fertig(new Error('zu lang'));
        return;
      }
      try {
        const a = JSON.parse(puffer.slice(0, nl)) as Anfrage;
        if (a.v !== 1 || !Array.isArray(a.argv) || !a.argv.every((x) => typeof x === 'string') || typeof a.benutzer !== 'string') throw new Error('Format');
        fertig(undefined, a);
      } catch (e) {
        fertig(e as Error);
      }
    };
    const ende = () => fertig(new Error('Verbindung ohne Anfrage beendet'));
    conn.on('data', daten);
    conn.on('end', ende);
  });
}
