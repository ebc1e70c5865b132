import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from './clock';
import { createDatenstandRepository } from './datenstand.repository';
import { type Database, openDatabase } from './db';
import { registriereKompression } from './kompression';
import { gebuendelt, registriereSeitenCache } from './seitencache';

describe('gebuendelt: one read of the stand at a time', () => {
  it('lets callers that come during a read share the NEXT read, never the running one', async () => {
    const reads: { resolve: (v: string) => void }[] = [];
    const stand = gebuendelt(() => new Promise<string>((resolve) => reads.push({ resolve })));
    const a = stand();
    expect(reads).toHaveLength(1);
    const b = stand();
    const c = stand();
    expect(reads).toHaveLength(1); // b and c wait for the read after a's
    reads[0].resolve('s1');
    expect(await a).toBe('s1');
    await new Promise((r) => setImmediate(r));
    expect(reads).toHaveLength(2);
    reads[1].resolve('s2');
    expect(await b).toBe('s2');
    expect(await c).toBe('s2');
    const d = stand();
    expect(reads).toHaveLength(3);
    reads[2].resolve('s3');
    expect(await d).toBe('s3');
  });

  it('a failed read fails its callers only', async () => {
    let n = 0;
    const stand = gebuendelt(async () => {
      n++;
      if (n === 1) throw new Error('weg');
      return `s${n}`;
    });
    await expect(stand()).rejects.toThrow('weg');
    expect(await stand()).toBe('s2');
  });
});

describe('anonymous pages kept while the database is unchanged', () => {
  let database: Database;
  let app: FastifyInstance;
  let renders = 0;
  const clock = fixedClock('2026-12-06T10:00:00Z');
  const br = { 'accept-encoding': 'br, gzip' };

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://', migrate: false });
    await database.query('create table seite_t (v text)');
    await database.query(`insert into seite_t values ('eins')`);
    app = Fastify();
    app.decorateRequest('locale', 'de');
    app.decorateRequest('user', undefined);
    registriereKompression(app);
    registriereSeitenCache(app, { routen: ['/seite/:x'], stand: gebuendelt(createDatenstandRepository(database.db).schnappschuss), clock });
    app.get('/seite/:x', async (req, reply) => {
      renders++;
      const [r] = await database.query<{ v: string }>('select string_agg(v, \',\' order by v) as v from seite_t');
      if ((req.query as { cookie?: string }).cookie) reply.header('set-cookie', '_csrf=neu; Path=/');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html><p>${r.v}</p>${'<!-- Füllung -->'.repeat(200)}`);
    });
    app.get('/andere', async (_req, reply) => {
      renders++;
      return reply.type('text/html').send('x'.repeat(2000));
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const text = (res: { rawPayload: Buffer; headers: Record<string, unknown> }) =>
    res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(res.rawPayload).toString() : res.rawPayload.toString();

  it('builds a page once and sends the same compressed bytes again', async () => {
    const vorher = renders;
    const a = await app.inject({ url: '/seite/1', headers: br });
    const b = await app.inject({ url: '/seite/1', headers: br });
    expect(renders - vorher).toBe(1);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.headers['content-encoding']).toBe('br');
    expect(b.headers.vary).toMatch(/accept-encoding/);
    expect(b.headers['content-type']).toMatch(/^text\/html/);
    expect(b.headers['cache-control']).toBe('no-store');
    expect(Number(b.headers['content-length'])).toBe(b.rawPayload.length);
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
    expect(text(b)).toContain('<p>eins</p>');
    // Another coding is another entry: plain bytes for a client that accepts none.
    const c = await app.inject({ url: '/seite/1' });
    expect(c.headers['content-encoding']).toBeUndefined();
    expect(c.body).toContain('<p>eins</p>');
    expect(renders - vorher).toBe(2);
  });

  it('builds the page anew after any committed change in the database', async () => {
    await app.inject({ url: '/seite/2', headers: br });
    const vorher = renders;
    await database.query(`insert into seite_t values ('zwei')`);
    const nach = await app.inject({ url: '/seite/2', headers: br });
    expect(renders - vorher).toBe(1);
    expect(text(nach)).toContain('<p>eins,zwei</p>');
    // A change in a table the page does not read also counts: the page is built again.
    await database.query('create table seite_andere (x int)');
    await app.inject({ url: '/seite/2', headers: br });
    expect(renders - vorher).toBe(2);
    await app.inject({ url: '/seite/2', headers: br });
    expect(renders - vorher).toBe(2);
  });

  it('builds the page anew on a new day', async () => {
    await app.inject({ url: '/seite/3', headers: br });
    const vorher = renders;
    clock.advance(24 * 3600_000);
    await app.inject({ url: '/seite/3', headers: br });
    expect(renders - vorher).toBe(1);
  });

  it('keeps nothing for visitors with a session or a token, nor answers that set a cookie', async () => {
    await app.inject({ url: '/seite/4', headers: br });
    const vorher = renders;
    await app.inject({ url: '/seite/4', headers: { ...br, cookie: 'sid=abc' } });
    await app.inject({ url: '/seite/4', headers: { ...br, cookie: 'lang=de; sid=abc' } });
    await app.inject({ url: '/seite/4', headers: { ...br, authorization: 'Bearer da_x' } });
    expect(renders - vorher).toBe(3);
    // The language cookie alone is anonymous: the page of that language, kept.
    const de = await app.inject({ url: '/seite/4', headers: { ...br, cookie: 'lang=de' } });
    expect(renders - vorher).toBe(3);
    expect(de.headers['content-encoding']).toBe('br');
    // An answer that sets a cookie (a CSRF token on the page) is never kept.
    await app.inject({ url: '/seite/5?cookie=1', headers: br });
    const zweite = await app.inject({ url: '/seite/5?cookie=1', headers: br });
    expect(renders - vorher).toBe(5);
    expect(zweite.headers['set-cookie']).toBeDefined();
  });

  it('keeps only the routes it is given', async () => {
    const vorher = renders;
    await app.inject({ url: '/andere', headers: br });
    await app.inject({ url: '/andere', headers: br });
    expect(renders - vorher).toBe(2);
  });
});
