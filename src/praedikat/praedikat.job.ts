/**
 * The daily re-check of every award (grace period, suspension, reinstatement). With several
 * instances on one database, the day is claimed first (`einmalProTag`, src/shared/zeitplan.ts), so
 * one instance runs it. Even two runs at once would be safe: each award changes under a row lock
 * and only on a real transition, so a second run finds nothing to do and sends no second mail.
 */
import type { FastifyInstance } from 'fastify';
import { planeTaeglich, type Zeitplan } from '../shared/zeitplan';
import { zahlMitWort } from '../shared/i18n';

/** Starts the daily re-check; the caller stops it on shutdown (the timer never keeps the process alive). */
export function startPraedikatRecheck(app: FastifyInstance): Zeitplan {
  const zeitplan = planeTaeglich({
    uhrzeit: app.config.praedikat.nachpruefungUhrzeit,
    clock: app.services.clock,
    name: 'Nachprüfung der Prädikate',
    einmalProTag: { db: app.database.db, job: 'praedikat-nachpruefung' },
    nachLauf: (ok) => app.metrics.jobRun('praedikat-nachpruefung', ok),
    log: { info: (m) => app.log.info(m), error: (o, m) => app.log.error(o, m) },
    lauf: async () => {
      const r = await app.services.praedikat.recheckAlle();
      app.log.info(`Nachprüfung der Prädikate: ${r.geprueft} geprüft, ${zahlMitWort('de', r.aenderungen.length, 'Änderung', 'Änderungen')}`);
    },
  });
  return zeitplan;
}
