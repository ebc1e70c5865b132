/**
 * Background preparation of the Behörde pages (docs/portal.md „Caching and freshness“, ADR 0028):
 * the server keeps every Behörde page's data (links, history, gap advice) of the current stand in
 * memory, so also a Behörde's FIRST view after a start or a change is answered without the gap
 * advice's queries. A pass loads what is not current, one Behörde at a time and only while the
 * server has no request in flight (it waits for a quiet moment before each Behörde), its queries
 * one at a time after those of requests (ADR 0034); then the next pass follows after `PAUSE_MS`;
 * a pass finds only what changed meanwhile (every instance on a PostgreSQL database sees the
 * others' changes through the stand). Before the server takes requests, `vorwaermen` builds one
 * page of each peer group.
 */
import type { FastifyInstance } from 'fastify';

/** Pause between two passes. */
const PAUSE_MS = 2000;
/** Quiet time (no request in flight) before the next Behörde is loaded. */
const RUHE_MS = 150;

export interface Vorbereitung {
  /** Resolves when the current pass is done (tests). */
  durchlauf(): Promise<number>;
  stoppen(): void;
}

/**
 * `laden(ars, stand, vorrang)` gives the loader of one Behörde page's data (behoerden.routes.tsx
 * `behoerdeSeitenDaten`); it awaits `vorrang()` between its queries, so requests come first at the
 * database (shared/db.ts `nachVorrang`).
 */
export function starteBehoerdenVorbereitung(
  app: FastifyInstance,
  laden: (ars: string, stand: string, vorrang: () => Promise<void>) => () => Promise<unknown>,
  o: { pauseMs?: number } = {},
): Vorbereitung {
  let laufend = 0;
  let zuletzt = 0;
  let aktiv = true;
  const server = app.server;
  const anfrage = (_req: unknown, res: import('node:http').ServerResponse) => {
    laufend++;
    res.once('close', () => {
      laufend--;
      zuletzt = performance.now();
    });
  };
  server.on('request', anfrage);
  const schlafen = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
  const warten = async () => {
    // Always one turn of the event loop first: PGlite answers from within the process, so a pass
    // of queries alone would never let waiting requests (and the health probe) in.
    await new Promise<void>((r) => setImmediate(r));
    while (aktiv && (laufend > 0 || performance.now() - zuletzt < RUHE_MS)) await schlafen(RUHE_MS);
  };
  const nachVorrang = app.database.nachVorrang;
  const vorrang = nachVorrang ? () => nachVorrang(() => laufend > 0) : async () => {};
  const portal = app.services.portal;
  let pass: Promise<number> = Promise.resolve(0);
  const schleife = async () => {
    while (aktiv) {
      const t0 = performance.now();
      pass = portal
        .behoerdenVorbereiten((ars, stand) => laden(ars, stand, vorrang), { warten, weiter: () => aktiv })
        .catch((e) => {
          app.log.warn({ err: e }, 'Vorbereitung der Behördenseiten fehlgeschlagen');
          return 0;
        });
      const n = await pass;
      // A whole pass (after the start, an import) at info; the few pages after a change at debug.
      if (n > 0) app.log[n >= 100 ? 'info' : 'debug'](`Behördenseiten vorbereitet: ${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await schlafen(o.pauseMs ?? PAUSE_MS);
    }
  };
  void schleife();
  return {
    durchlauf: () => pass,
    stoppen() {
      aktiv = false;
      server.off('request', anfrage);
    },
  };
}

/** At most this many peer groups are warmed up before the start (all of Germany has more). */
const VORWAERMEN_MAX = 40;

/**
 * Warm-up before the server takes requests (server.ts, before it listens): the page of one
 * Behörde of each peer group is built once, as a visitor's browser asks for it. That keeps each
 * group's ranking of the gap advice (shared by every page of the group) and runs the page's code
 * once (the JavaScript engine compiles it on first use), so the first view of any Behörde page
 * right after the start needs only that Behörde's own data. About two seconds for Bavaria's 30
 * groups. Returns how many pages were built.
 */
export async function vorwaermen(app: FastifyInstance, o: { max?: number } = {}): Promise<number> {
  const portal = app.services.portal;
  const vertreter = (await portal.peerGruppenVertreter(await portal.datenStand())).slice(0, o.max ?? VORWAERMEN_MAX);
  let n = 0;
  for (const ars of vertreter) {
    const r = await app.inject({ method: 'GET', url: `/behoerden/${ars}`, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip', 'user-agent': 'Digitales Amt (Vorbereitung beim Start)' } });
    if (r.statusCode === 200) n++;
    else app.log.warn(`Vorbereitung beim Start: /behoerden/${ars} antwortete ${r.statusCode}`);
  }
  return n;
}
