/**
 * The daily re-check of every award (grace period, suspension, reinstatement). Several instances
 * may run it at the same time safely: each award changes under a row lock and only on a real
 * transition, so a second run finds nothing to do and sends no second mail.
 */
import type { FastifyInstance } from 'fastify';
import { planeTaeglich, type Zeitplan } from '../shared/zeitplan';

/** Starts the daily re-check; the caller stops it on shutdown (the timer never keeps the process alive). */
export function startPraedikatRecheck(app: FastifyInstance): Zeitplan {
  const zeitplan = planeTaeglich({
    uhrzeit: app.config.praedikat.nachpruefungUhrzeit,
    clock: app.services.clock,
    name: 'Nachprüfung der Prädikate',
    log: { info: (m) => app.log.info(m), error: (o, m) => app.log.error(o, m) },
    lauf: async () => {
      const r = await app.services.praedikat.recheckAlle();
      app.log.info(`Nachprüfung der Prädikate: ${r.geprueft} geprüft, ${r.aenderungen.length} Änderungen`);
    },
  });
  return zeitplan;
}
