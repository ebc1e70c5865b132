/**
 * The daily link check. There is no job system: a timer per process fires at the configured time
 * (Europe/Berlin). With several instances on one database the day is claimed first
 * (`einmalProTag`, src/shared/zeitplan.ts): one instance runs it, the others skip that day's run.
 * The check itself runs under a PostgreSQL advisory lock (`pg_try_advisory_lock`, see
 * linkcheck.repository.ts), so it never runs beside a manual full check on another instance. Started by server.ts once the platform is ready; stopped (and a
 * running check aborted) when the app closes (onClose hook in linkcheck.routes.tsx).
 *
 * Off when LINKCHECK_ENABLED=false, and by default with DEMO_DATA: the demo's URLs are fictional
 * `.example` hosts, so every demo link would be marked broken and stop counting after the grace period.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../shared/clock';
import { planeTaeglich, type Zeitplan } from '../shared/zeitplan';

export { berlinZeit, naechsterLauf, planeTaeglich, type Zeitplan } from '../shared/zeitplan';
import { laufzustand, type Logger, type StartErgebnis } from './linkcheck.service';

/**
 * Starts the daily check for this app (server.ts, after ready). Returns undefined when switched
 * off. Stopped by `app.close()`.
 */
export function startLinkcheckSchedule(app: FastifyInstance, opts: { clock?: Clock } = {}): Zeitplan | undefined {
  const cfg = app.config.linkcheck;
  if (!cfg.enabled) {
    app.log.info('Tägliche Linkprüfung abgeschaltet (LINKCHECK_ENABLED=false oder Demodaten, siehe docs/linkpruefung.md)');
    return undefined;
  }
  const clock = opts.clock ?? app.services.clock;
  const log: Logger = { info: (m) => app.log.info(m), error: (o, m) => app.log.error(o, m) };
  const service = app.services.linkcheck;
  const zustand = laufzustand(app.database);
  zustand.zeitplanStoppen?.();
  const zeitplan = planeTaeglich({
    uhrzeit: cfg.uhrzeit,
    clock,
    log,
    name: 'Tägliche Linkprüfung',
    einmalProTag: { db: app.database.db, job: 'linkpruefung' },
    nachLauf: (ok) => app.metrics.jobRun('linkpruefung', ok),
    lauf: async () => {
      const r: StartErgebnis = await service.geplanterLauf();
      if (r.modus === 'fertig') {
        const z = r.zusammenfassung;
        log.info(`Tägliche Linkprüfung: ${z.geprueft} geprüft, ${z.defekt} defekt (${z.neuDefekt} neu), ${z.repariert} repariert, ${Math.round(z.dauerMs / 1000)} s`);
      } else if (r.modus === 'gesperrt') log.info('Tägliche Linkprüfung läuft auf einer anderen Instanz; hier übersprungen');
      else log.info('Tägliche Linkprüfung übersprungen: eine Prüfung läuft bereits');
    },
  });
  zustand.zeitplanStoppen = () => zeitplan.stop();
  app.log.info(`Tägliche Linkprüfung um ${cfg.uhrzeit} Uhr (Europe/Berlin); nächster Lauf ${zeitplan.naechsterLauf.toISOString()}`);
  return zeitplan;
}
