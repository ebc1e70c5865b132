/**
 * Daily reminder mails for tomorrow's events (Europe/Berlin wall-clock time from the config). With
 * several instances the day is claimed first (`einmalProTag`), and each registration is claimed by
 * one UPDATE (`erinnert_am`, veranstaltungen.repository.ts `beanspruche`) before its mail goes out,
 * so nobody gets a reminder twice. A crash between the claim and the mail loses that reminder
 * rather than sending it twice.
 */
import type { FastifyInstance } from 'fastify';
import { planeTaeglich, type Zeitplan } from '../shared/zeitplan';

export function startVeranstaltungErinnerung(app: FastifyInstance): Zeitplan {
  return planeTaeglich({
    uhrzeit: app.config.veranstaltungen.erinnerungUhrzeit,
    clock: app.services.clock,
    name: 'Erinnerung an Informationsveranstaltungen',
    einmalProTag: { db: app.database.db, job: 'veranstaltung-erinnerung' },
    nachLauf: (ok) => app.metrics.jobRun('veranstaltung-erinnerung', ok),
    log: { info: (m) => app.log.info(m), error: (o, m) => app.log.error(o, m) },
    lauf: async () => {
      const r = await app.services.veranstaltungen.erinnere();
      app.log.info(`Erinnerungen an Informationsveranstaltungen: ${r.erinnert} versandt`);
    },
  });
}
