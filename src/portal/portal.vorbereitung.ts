/**
 * Background preparation of the Behörde pages (docs/portal.md „Caching and freshness“, ADR 0028):
 * the server keeps every Behörde page's data (links, history, gap advice) of the current stand in
 * memory, so also a Behörde's FIRST view after a start or a change is answered without the gap
 * advice's queries. A pass loads what is not current, one Behörde at a time and only while the
 * server has no request in flight (it waits for a quiet moment before each Behörde), then the next
 * pass follows after `PAUSE_MS`; a pass finds only what changed meanwhile (every instance on a
 * PostgreSQL database sees the others' changes through the stand).
 */
import type { FastifyInstance } from 'fastify';

/** Pause between two passes. */
const PAUSE_MS = 2000;
/** Quiet time (no request in flight) before the next Behörde is loaded. */
const RUHE_MS = 20;

export interface Vorbereitung {
  /** Resolves when the current pass is done (tests). */
  durchlauf(): Promise<number>;
  stoppen(): void;
}

/** `laden(ars, stand)` gives the loader of one Behörde page's data (behoerden.routes.tsx `behoerdeSeitenDaten`). */
export function starteBehoerdenVorbereitung(app: FastifyInstance, laden: (ars: string, stand: string) => () => Promise<unknown>, o: { pauseMs?: number } = {}): Vorbereitung {
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
  const portal = app.services.portal;
  let pass: Promise<number> = Promise.resolve(0);
  const schleife = async () => {
    while (aktiv) {
      const t0 = performance.now();
      pass = portal
        .behoerdenVorbereiten(laden, { warten, weiter: () => aktiv })
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
