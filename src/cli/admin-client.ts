/**
 * The CLI's side of the admin socket (admin-socket.ts, ADR 0019), kept free of the application so
 * that a command sent to a running server starts quickly.
 *
 * Protocol: one JSON line from the CLI, `{"v":1,"argv":[…],"benutzer":"name"}`; then JSON lines
 * from the server, `{"o":text}` (standard output), `{"e":text}` (error output), and finally
 * `{"exit":code}`. Paths in arguments are made absolute by the CLI before sending.
 */
import net from 'node:net';
import path from 'node:path';

export const ADMIN_SOCKET = path.join('admin', 'cli.sock');
/** Unix socket paths are limited to 107 bytes on Linux (104 on macOS). */
const MAX_PFAD = 100;

export const adminSocketPfad = (dataDir: string) => path.join(dataDir, ADMIN_SOCKET);

/** The socket's address as the process can use it: absolute, or relative to the working directory if that is short enough. */
export function adresse(pfad: string): string {
  const relativ = path.relative(process.cwd(), pfad);
  const kuerzer = relativ.length < pfad.length ? relativ : pfad;
  if (Buffer.byteLength(kuerzer) > MAX_PFAD) {
    throw new Error(`Der Pfad der Verwaltungsschnittstelle ist zu lang für einen Unix-Socket (${Buffer.byteLength(pfad)} Bytes, höchstens ${MAX_PFAD}): ${pfad}`);
  }
  return kuerzer;
}

export interface Anfrage {
  v: 1;
  argv: string[];
  benutzer: string;
}

export type Meldung = { o: string } | { e: string } | { exit: number };

/** Thrown when no server answers on the admin socket. */
export class AdminSocketNichtErreichbarError extends Error {
  constructor(
    readonly pfad: string,
    ursache: string,
  ) {
    super(`Die Verwaltungsschnittstelle ${pfad} antwortet nicht (${ursache}).`);
    this.name = 'AdminSocketNichtErreichbarError';
  }
}

/** Options whose value is a path: made absolute, since the server resolves them in its own directory. */
const PFAD_OPTIONEN = ['--datei', '--dir'];

export function pfadeAbsolut(argv: string[], cwd = process.cwd()): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const gleich = PFAD_OPTIONEN.find((o) => a.startsWith(`${o}=`));
    if (gleich) result.push(`${gleich}=${path.resolve(cwd, a.slice(gleich.length + 1))}`);
    else if (PFAD_OPTIONEN.includes(a) && i + 1 < argv.length) result.push(a, path.resolve(cwd, argv[++i]));
    else result.push(a);
  }
  return result;
}

/**
 * Sends a command to the server on `dataDir` and copies its output to `io`; resolves with the
 * command's exit code. Throws AdminSocketNichtErreichbarError when nobody listens.
 */
export function sendeAnServer(
  dataDir: string,
  argv: string[],
  benutzer: string,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const pfad = adminSocketPfad(dataDir);
  return new Promise((resolve, reject) => {
    let verbunden = false;
    let exit: number | undefined;
    let puffer = '';
    let addr: string;
    try {
      addr = adresse(pfad);
    } catch (e) {
      reject(new AdminSocketNichtErreichbarError(pfad, (e as Error).message));
      return;
    }
    const conn = net.createConnection(addr, () => {
      verbunden = true;
      conn.write(`${JSON.stringify({ v: 1, argv: pfadeAbsolut(argv), benutzer } satisfies Anfrage)}\n`);
    });
    conn.on('data', (chunk) => {
      puffer += chunk.toString('utf8');
      let nl = puffer.indexOf('\n');
      while (nl >= 0) {
        const m = JSON.parse(puffer.slice(0, nl)) as Meldung;
        puffer = puffer.slice(nl + 1);
        if ('o' in m) io.stdout.write(m.o);
        else if ('e' in m) io.stderr.write(m.e);
        else exit = m.exit;
        nl = puffer.indexOf('\n');
      }
    });
    conn.on('error', (e: NodeJS.ErrnoException) => {
      if (!verbunden) reject(new AdminSocketNichtErreichbarError(pfad, e.code === 'ENOENT' ? 'keine Verwaltungsschnittstelle' : (e.code ?? e.message)));
      else reject(new Error(`Verbindung zum Server abgebrochen: ${e.message}`));
    });
    conn.on('close', () => {
      if (!verbunden) return;
      if (exit === undefined) reject(new Error('Der Server hat die Verbindung beendet, bevor der Befehl fertig war (wurde er beendet?).'));
      else resolve(exit);
    });
  });
}
