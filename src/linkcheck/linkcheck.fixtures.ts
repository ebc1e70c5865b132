/**
 * Real local HTTP(S) servers for the link check tests (node:http/https on 127.0.0.1, port 0).
 * Never any external address: every test URL points at one of these.
 *
 * The link check refuses internal addresses, so these listeners are only reachable with the
 * test-only `Testnetz` (see linkcheck.probe.ts) that names them: `testnetzFuer(server)`. A test
 * that leaves a listener out of it proves that no connection is made (`verbindungen` stays 0).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Testnetz } from './linkcheck.probe';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** A self-signed test certificate for `pruefung.test` and `*.pruefung.test` (valid until 2126), and its key. */
export const TEST_ZERTIFIKAT = {
  cert: fs.readFileSync(path.join(fixtures, 'pruefung.test.crt'), 'utf8'),
  key: fs.readFileSync(path.join(fixtures, 'pruefung.test.key'), 'utf8'),
};

/** The test exception for these listeners: their `ip:port`, plain http, and the test certificate as CA. */
export const testnetzFuer = (...server: { base: string }[]): Testnetz => ({
  ziele: new Set(server.map((s) => new URL(s.base).host)),
  http: true,
  ca: TEST_ZERTIFIKAT.cert,
});

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  url(path: string): string;
  /** Every request: method, path, user agent. */
  anfragen: { method: string; path: string; userAgent: string | undefined; host: string | undefined }[];
  /** Most requests in progress at the same time. */
  readonly maxGleichzeitig: number;
  /** Status of `/schalter` (switch a link between broken and repaired). */
  schalter: number;
  /** TCP connections accepted so far (also those that never sent a request). */
  readonly verbindungen: number;
  /** TLS server names (SNI) the clients sent (https servers only). */
  servernamen: string[];
  close(): Promise<void>;
}

/** Counts requests in progress across several servers (to prove the total limit). */
export interface Zaehler {
  aktiv: number;
  max: number;
}

const warte = (ms: number, timers: Set<NodeJS.Timeout>) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

/**
 * Paths:
 *  /ok 200 · /404 · /500 · /nur-get (HEAD 405, GET 200) · /head-bricht-ab (HEAD: connection cut, GET 200)
 *  /kette/N/I redirects I → I+1 until N, then 200 (absolute paths) · /relativ/a → `b` (relative) → 200
 *  /schleife/a ↔ /schleife/b · /ohne-ziel (302 without Location) · /zu-ftp (302 to ftp://)
 *  /langsam (answers after 3 s) · /endlos (HEAD 405; GET 200 with a body that never ends)
 *  /stumm (HEAD 405; GET 200 headers, then nothing) · /429 and /503 with Retry-After · /schalter
 *  /parallel/* (200 after `verzoegerungMs`, counted for the concurrency tests)
 *  /umleitung?nach=<URL> (302 to that URL)
 *
 * `tls: true` serves https with the test certificate; `host` picks the loopback address
 * (127.0.0.1 by default; 127.0.0.2 etc. are loopback too on Linux).
 */
export async function startTestServer(opts: { verzoegerungMs?: number; zaehler?: Zaehler; tls?: boolean; host?: string; port?: number } = {}): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();
  const anfragen: TestServer['anfragen'] = [];
  let aktiv = 0;
  let maxGleichzeitig = 0;
  const state = { schalter: 404, verbindungen: 0 };
  const servernamen: string[] = [];

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const [path, query = ''] = (req.url ?? '/').split('?');
    const method = req.method ?? 'GET';
    anfragen.push({ method, path, userAgent: req.headers['user-agent'], host: req.headers.host });
    const antworte = (status: number, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(method === 'HEAD' ? undefined : `<p>${status}</p>`);
    };

    if (path === '/ok') return antworte(200);
    if (path === '/404') return antworte(404);
    if (path === '/500') return antworte(500);
    if (path === '/nur-get') return method === 'HEAD' ? antworte(405, { allow: 'GET' }) : antworte(200);
    if (path === '/head-bricht-ab') {
      if (method === 'HEAD') return req.socket.destroy();
      return antworte(200);
    }
    const kette = path.match(/^\/kette\/(\d+)\/(\d+)$/);
    if (kette) {
      const [n, i] = [Number(kette[1]), Number(kette[2])];
      return i < n ? antworte(302, { location: `/kette/${n}/${i + 1}` }) : antworte(200);
    }
    if (path === '/relativ/a') return antworte(301, { location: 'b' });
    if (path === '/relativ/b') return antworte(200);
    if (path === '/schleife/a') return antworte(302, { location: '/schleife/b' });
    if (path === '/schleife/b') return antworte(302, { location: '/schleife/a' });
    if (path === '/ohne-ziel') return antworte(302);
    if (path === '/zu-ftp') return antworte(302, { location: 'ftp://127.0.0.1/datei' });
    if (path === '/429') return antworte(429, { 'retry-after': '120' });
    if (path === '/503') return antworte(503, { 'retry-after': '3600' });
    if (path === '/schalter') return antworte(state.schalter);
    if (path === '/umleitung') return antworte(302, { location: new URLSearchParams(query).get('nach') ?? '/' });
    if (path === '/langsam') {
      await warte(3000, timers);
      if (!res.destroyed) antworte(200);
      return;
    }
    if (path === '/endlos') {
      if (method === 'HEAD') return antworte(405);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = 'x'.repeat(1024);
      const iv = setInterval(() => res.write(chunk), 2);
      intervals.add(iv);
      res.on('close', () => {
        clearInterval(iv);
        intervals.delete(iv);
      });
      return;
    }
    if (path === '/stumm') {
      if (method === 'HEAD') return antworte(405);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.flushHeaders();
      return; // never a body, never an end
    }
    if (path.startsWith('/parallel/')) {
      aktiv++;
      maxGleichzeitig = Math.max(maxGleichzeitig, aktiv);
      if (opts.zaehler) {
        opts.zaehler.aktiv++;
        opts.zaehler.max = Math.max(opts.zaehler.max, opts.zaehler.aktiv);
      }
      await warte(opts.verzoegerungMs ?? 50, timers);
      aktiv--;
      if (opts.zaehler) opts.zaehler.aktiv--;
      return antworte(200);
    }
    return antworte(404);
  };
  const server = opts.tls ? https.createServer(TEST_ZERTIFIKAT, handler) : http.createServer(handler);
  server.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
    servernamen.push(typeof socket.servername === 'string' ? socket.servername : '');
  });
  server.on('connection', () => {
    state.verbindungen++;
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = `${opts.tls ? 'https' : 'http'}://${host}:${port}`;
  return {
    base,
    url: (p: string) => `${base}${p}`,
    anfragen,
    servernamen,
    get verbindungen() {
      return state.verbindungen;
    },
    get maxGleichzeitig() {
      return maxGleichzeitig;
    },
    get schalter() {
      return state.schalter;
    },
    set schalter(v: number) {
      state.schalter = v;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const i of intervals) clearInterval(i);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (a server opened and closed again); test it with `testnetzFuer({ base: url })`. */
export async function geschlossenerPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}
