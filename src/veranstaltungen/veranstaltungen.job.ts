/** Daily reminder mails for tomorrow's events (Europe/Berlin wall-clock time from the config). */
import type { FastifyInstance } from 'fastify';
import { planeTaeglich, type Zeitplan } from '../shared/zeitplan';

export function startVeranstaltungErinnerung(app: FastifyInstance): Zeitplan {
  return planeTaeglich({
    uhrzeit: app.config.veranstaltungen.erinnerungUhrzeit,
    clock: app.services.clock,
    name: 'Erinnerung an Informationsveranstaltungen',
    log: { info: (m) => app.log.info(m), error: (o, m) => app.log.error(o, m) },
    lauf: async () => {
      const r = await app.services.veranstaltungen.erinnere();
      app.log.info(`Erinnerungen an Informationsveranstaltungen: ${r.erinnert} versandt`);
    },
  });
}
