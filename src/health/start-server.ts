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
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import { entryPoint } from '../shared/runtime';
import type { Readiness } from './health.routes';
import type { StartHelperMessage } from './start-helper';

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

/**
 * The answers of a starting instance: `/livez` 200, `/healthz` 503 with the step, everything else
 * 503. Every answer closes its connection, so that the next probe opens a new one, which the
 * process that is free at that moment accepts (see `startHelper`).
 */
export function startingHandler(state: () => { step: string; engine: 'pglite' | 'postgres' }): http.RequestListener {
  return (req, res) => {
    const { step, engine } = state();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), connection: 'close', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (url.pathname === '/livez') return send(200, 'application/json; charset=utf-8', JSON.stringify({ status: 'ok' }));
    if (url.pathname === '/healthz') {
      return send(503, 'application/json; charset=utf-8', JSON.stringify({ status: 'starting', step, database: 'unchecked', engine }));
    }
    const message = `Die Plattform startet: ${step}`;
    if (url.pathname.startsWith('/api/') || (req.headers.accept ?? '').startsWith('application/json')) {
      return send(503, 'application/json; charset=utf-8', JSON.stringify({ code: 'STARTING', message, details: [] }), { 'retry-after': '30' });
    }
    return send(503, 'text/html; charset=utf-8', startingPage(message), { 'retry-after': '30', 'content-security-policy': "default-src 'none'" });
  };
}

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
  /**
   * Forks the helper process (health/start-helper.ts) that shares the listening socket and answers
   * like the start server, with the current step: while this thread is blocked in one long
   * synchronous step, a probe's new connection is accepted there. Resolves once the helper
   * accepts (or could not be started: then this process answers alone, as before).
   */
  startHelper(): Promise<void>;
  /** Ends the helper (it stops accepting and exits); resolves when it is gone. */
  stopHelper(): Promise<void>;
}

export function createStartServer(readiness: Readiness, engine: 'pglite' | 'postgres'): StartServer {
  let appHandler: http.RequestListener | undefined;
  const starting = startingHandler(() => ({ step: readiness.step, engine }));
  let helper: ChildProcess | undefined;
  let stepTimer: NodeJS.Timeout | undefined;
  const tell = (m: StartHelperMessage, handle?: http.Server) => {
    if (helper?.connected) helper.send(m, handle as never, () => {});
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
    async startHelper() {
      const entry = entryPoint('start-helper', 'src/health/start-helper.ts');
      helper = fork(entry.file, [], { execArgv: entry.needsTsx ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const h = helper;
      const accepting = new Promise<void>((resolve) => {
        h.on('message', (m: { type?: string }) => m.type === 'accepting' && resolve());
        h.once('exit', () => resolve());
        h.on('error', () => resolve());
      });
      tell({ type: 'start', step: readiness.step, engine }, server);
      let last = readiness.step;
      stepTimer = setInterval(() => {
        if (readiness.step !== last) tell({ type: 'step', step: (last = readiness.step) });
      }, 50);
      stepTimer.unref();
      return accepting;
    },
    async stopHelper() {
      clearInterval(stepTimer);
      const h = helper;
      helper = undefined;
      if (!h || h.exitCode !== null || h.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => h.once('exit', () => resolve()));
      if (h.connected) h.send({ type: 'stop' } satisfies StartHelperMessage, () => {});
      const hard = setTimeout(() => h.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(hard);
    },
    close() {
      return new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
