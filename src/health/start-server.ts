/**
 * The HTTP server of a starting instance. It listens before anything else happens (before the
 * database is reached, the migrations run or the first start imports), so that an orchestrator's
 * probes get an answer at every moment of the start:
 *
 * - `GET /livez` 200 — the process runs (a liveness probe must never restart a starting instance);
 * - `GET /healthz` 503 `{"status":"starting","step":…}` — not ready yet, and what it is doing;
 * - everything else 503 with `Retry-After` (a German page, or JSON for `/api`).
 *
 * When the app is built, Fastify takes over the same server (`serverFactory`): no moment without a
 * listener, no second port. See docs/architecture.md („Start-up“) and ADR 0015.
 */
import http from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { Readiness } from './health.routes';

/** Thrown when the server cannot listen; `message` is one German line for the operator. */
export class ListenError extends Error {
  readonly code = 'LISTEN_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ListenError';
  }
}

/** The German line for a failed `listen` (busy port, no permission, address not on this machine). */
export function describeListenError(e: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return `Port ${port} ist bereits belegt (${where}): Läuft der Server schon? Beenden Sie den anderen Prozess oder wählen Sie mit PORT einen anderen Port.`;
    case 'EACCES':
      return `Keine Berechtigung, auf ${where} zu lauschen: Ports unter 1024 brauchen besondere Rechte; wählen Sie mit PORT einen Port ab 1024.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `Die Adresse ${host} gehört nicht zu diesem Rechner (HOST): verwenden Sie z. B. 0.0.0.0 (alle Schnittstellen) oder 127.0.0.1.`;
    default:
      return `Der Server kann nicht auf ${where} lauschen: ${e.message}`;
  }
}

const startingPage = (step: string) => `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Digitales Amt startet</title></head>
<body><main><h1>Die Plattform startet gerade</h1>
<p>${step.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>
<p>Bitte versuchen Sie es in einer halben Minute erneut.</p>
<p lang="en">The platform is starting. Please try again in half a minute.</p></main></body></html>
`;

export interface StartServer {
  server: http.Server;
  /** Starts listening; rejects with a ListenError. */
  listen(port: number, host: string): Promise<void>;
  /** For `buildApp`: Fastify gets this server, already listening, and answers from `app.listen()` on. */
  serverFactory: FastifyServerFactory;
  /** Whether Fastify answers the requests by now. */
  handedOver(): boolean;
  /** Stops listening and ends idle connections (a stop during the start); resolves when all are closed. */
  close(): Promise<void>;
}

export function createStartServer(readiness: Readiness, engine: 'pglite' | 'postgres'): StartServer {
  let appHandler: http.RequestListener | undefined;
  let closing = false;

  const starting: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    // A stop during the start: answer, but tell the client not to reuse the connection.
    if (closing) res.setHeader('connection', 'close');
    if (url.pathname === '/livez') return send(200, 'application/json; charset=utf-8', JSON.stringify({ status: 'ok' }));
    if (url.pathname === '/healthz') {
      return send(503, 'application/json; charset=utf-8', JSON.stringify({ status: 'starting', step: readiness.step, database: 'unchecked', engine }));
    }
    const message = `Die Plattform startet: ${readiness.step}`;
    if (url.pathname.startsWith('/api/') || (req.headers.accept ?? '').startsWith('application/json')) {
      return send(503, 'application/json; charset=utf-8', JSON.stringify({ code: 'STARTING', message, details: [] }), { 'retry-after': '30' });
    }
    return send(503, 'text/html; charset=utf-8', startingPage(message), { 'retry-after': '30', 'content-security-policy': "default-src 'none'" });
  };

  const server = http.createServer((req, res) => (appHandler ?? starting)(req, res));
  // Fastify's defaults for the server it would have created itself.
  server.keepAliveTimeout = 72_000;
  server.requestTimeout = 0;
  server.setTimeout(0);

  const serverFactory: FastifyServerFactory = (handler) => {
    // Fastify's `listen()` calls `server.listen()` after the app is ready: the server listens
    // already, so that call only hands the requests over and reports "listening".
    const listening = server.listen.bind(server);
    server.listen = ((...args: Parameters<http.Server['listen']>) => {
      if (!server.listening) return listening(...args);
      appHandler = handler as http.RequestListener;
      process.nextTick(() => server.emit('listening'));
      return server;
    }) as http.Server['listen'];
    return server;
  };

  return {
    server,
    serverFactory,
    handedOver: () => appHandler !== undefined,
    listen(port, host) {
      return new Promise<void>((resolve, reject) => {
        const onError = (e: NodeJS.ErrnoException) => reject(new ListenError(describeListenError(e, host, port), { cause: e }));
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
    },
    close() {
      closing = true;
      return new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
