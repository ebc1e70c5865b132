/**
 * GET /assets/*: the static assets from memory (src/shared/assets.ts). Hashed addresses are
 * immutable for a year; plain addresses revalidate (`no-cache`, ETag, 304). A hot public route:
 * no session or language work, logged at debug (docs/operations.md „Logging“).
 */
import type { FastifyInstance } from 'fastify';
import { assetManifest } from './assets';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** RFC 9110 §13.1.2: weak comparison; `*` matches. */
const passt = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch !== undefined && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag));

export async function assetRoutes(app: FastifyInstance) {
  const { byName, byUrl } = assetManifest();
  app.get('/assets/*', { config: { access: 'public', hot: true }, helmet: false }, (req, reply) => {
    const pfad = (req.params as { '*': string })['*'];
    const gehasht = byUrl.get(pfad);
    const a = gehasht ?? byName.get(pfad);
    if (!a) {
      return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Nicht gefunden\n');
    }
    reply
      .header('cache-control', gehasht ? IMMUTABLE : 'public, no-cache')
      .header('etag', a.etag)
      .header('x-content-type-options', 'nosniff')
      .header('access-control-allow-origin', '*');
    if (a.type.startsWith('image/svg')) reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    if (passt(req.headers['if-none-match'], a.etag)) return reply.code(304).send();
    return reply.type(a.type).send(a.body);
  });
}
