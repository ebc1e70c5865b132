/** Start page and the platform's information pages. */
import type { FastifyInstance } from 'fastify';
import { readAttributions } from '../shared/attributions';
import { pageContext, sendPage } from '../shared/web';
import { BarrierefreiheitPage } from './views/barrierefreiheit.view';
import { DatenquellenPage } from './views/datenquellen.view';
import { DatenschutzPage } from './views/datenschutz.view';
import { ImpressumPage } from './views/impressum.view';
import type { InfoEnv } from './views/info.parts';
import { LeichteSprachePage } from './views/leichte-sprache.view';
import { StartPage } from './views/start.view';

export async function pagesRoutes(app: FastifyInstance) {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    const portal = app.services.portal;
    const [counts, zahlen] = await Promise.all([app.services.behoerden.countByTyp(), portal.datenStand().then((st) => portal.startseite(st))]);
    return sendPage(reply, <StartPage ctx={pageContext(req, reply)} counts={counts} zahlen={zahlen} schwellen={app.config.thresholds} />);
  });

  // Read once at start-up, like the footer: the pages name what this deployment actually uses.
  const { config } = app;
  const env: InfoEnv = {
    publicBaseUrl: config.publicBaseUrl,
    demo: config.demo.enabled,
    session: { idleMinutes: config.session.idleMinutes, absoluteHours: config.session.absoluteHours },
    logLevel: config.logLevel,
    cookieSecure: config.cookieSecure,
    thresholds: config.thresholds,
    attributions: readAttributions(config.officialDataDir),
  };

  const infoPages = {
    '/impressum': ImpressumPage,
    '/datenschutz': DatenschutzPage,
    '/barrierefreiheit': BarrierefreiheitPage,
    '/leichte-sprache': LeichteSprachePage,
    '/datenquellen': DatenquellenPage,
  } as const;

  for (const [url, Page] of Object.entries(infoPages)) {
    app.get(url, { config: { access: 'public' } }, async (req, reply) => sendPage(reply, <Page ctx={pageContext(req, reply)} env={env} />));
  }
}
