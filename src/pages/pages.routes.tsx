/** Start page and the platform's information pages. */
import type { FastifyInstance } from 'fastify';
import { pageContext, sendPage } from '../shared/web';
import { StartPage } from './views/start.view';

export async function pagesRoutes(app: FastifyInstance) {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    const counts = await app.services.behoerden.countByTyp();
    return sendPage(reply, <StartPage ctx={pageContext(req, reply)} counts={counts} />);
  });
}
