import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKompressionsCache, MIN_BYTES, registriereKompression, waehleKodierung } from './kompression';

describe('negotiating the content coding (RFC 9110 §12.5.3)', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip;q=1.0, br;q=0.5', 'gzip'],
    ['br;q=0.8, gzip;q=0.8', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity, *;q=0', undefined],
    ['deflate', undefined],
    ['gzip; q=0.001', 'gzip'],
  ])('Accept-Encoding %j → %j', (header, erwartet) => {
    expect(waehleKodierung(header)).toBe(erwartet);
  });
});

const html = `<!doctype html><html><body>${'<p class="kern-body">Digitales Amt – Online-Verfahren der Kommunen</p>'.repeat(200)}</body></html>`;
const csv = `a,b\n${Array.from({ length: 3000 }, (_, i) => `${i},Behörde ${i}`).join('\n')}`;

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registriereKompression(app);
  app.get('/seite', (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html));
  app.get('/klein', (_req, reply) => reply.type('text/html; charset=utf-8').send('<p>klein</p>'));
  app.get('/daten', (req, reply) => {
    reply.header('etag', '"v1"').header('vary', 'cookie').type('text/csv; charset=utf-8');
    const inm = req.headers['if-none-match'];
    if (inm && inm.replace(/^W\//, '') === '"v1"') return reply.code(304).send();
    return reply.send(csv);
  });
  app.get('/bild', (_req, reply) => reply.type('image/png').send(Buffer.alloc(5000, 7)));
  app.get('/roh', (_req, reply) => reply.type('text/plain').header('cache-control', 'no-transform').send(html));
  app.get('/strom', (_req, reply) => reply.type('text/plain').send(Readable.from([html])));
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const holen = (url: string, ae?: string, extra: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { ...(ae ? { 'accept-encoding': ae } : {}), ...extra } });

describe('compressing responses', () => {
  it('sends a page as Brotli or gzip as the client asks, with Vary, and plain bytes to a client that asks for none', async () => {
    const br = await holen('/seite', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(html);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(html.length / 10);
    const gz = await holen('/seite', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(html);
    const plain = await holen('/seite');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    expect(plain.body).toBe(html);
  });

  it('leaves tiny bodies, images, streams and no-transform answers alone', async () => {
    expect(Buffer.byteLength('<p>klein</p>')).toBeLessThan(MIN_BYTES);
    for (const url of ['/klein', '/bild', '/roh', '/strom']) {
      const r = await holen(url, 'br');
      expect(r.headers['content-encoding'], url).toBeUndefined();
    }
    expect((await holen('/klein', 'br')).headers.vary).toBeUndefined();
  });

  it('compresses a body with an ETag once, weakens its ETag, keeps the route’s Vary, and 304 stays a 304', async () => {
    const vorher = app.kompression.groesse().eintraege;
    const a = await holen('/daten', 'br');
    const b = await holen('/daten', 'br');
    expect(app.kompression.groesse().eintraege).toBe(vorher + 1);
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
    expect(zlib.brotliDecompressSync(b.rawPayload).toString()).toBe(csv);
    expect(a.headers.etag).toBe('W/"v1"');
    expect(a.headers.vary).toBe('cookie, accept-encoding');
    const nicht = await holen('/daten', 'br', { 'if-none-match': String(a.headers.etag) });
    expect(nicht.statusCode).toBe(304);
    expect(nicht.headers['content-encoding']).toBeUndefined();
    expect(nicht.rawPayload.length).toBe(0);
    expect((await holen('/daten')).headers.etag).toBe('"v1"');
  });
});

describe('the cache of compressed bodies', () => {
  it('improves a static asset once in the background and never grows beyond its bound', async () => {
    const cache = createKompressionsCache(2_000);
    const body = Buffer.from(html);
    const erst = await cache.hole('a', body, 'br', 'statisch');
    await cache.fertig();
    const dann = cache.hole('a', body, 'br', 'statisch');
    expect(Buffer.isBuffer(dann)).toBe(true);
    expect((dann as Buffer).length).toBeLessThanOrEqual(erst.length);
    expect(zlib.brotliDecompressSync(dann as Buffer).toString()).toBe(html);
    // Each of these is larger than the bound: only the newest stays.
    let letzte: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5; i++) letzte = await cache.hole(`k${i}`, Buffer.from(`${csv}${i}`), 'gzip', 'daten');
    expect(letzte.length).toBeGreaterThan(2_000);
    expect(cache.groesse()).toEqual({ eintraege: 1, bytes: letzte.length });
  });
});
