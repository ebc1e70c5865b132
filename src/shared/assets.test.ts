import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import subsetFont from 'subset-font';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetManifest, assetUrl } from './assets';
import { assetRoutes } from './assets.routes';
import { registriereKompression } from './kompression';
import { SCHRIFT_FEATURES, SCHRIFT_GEWICHTE, SCHRIFT_ZEICHEN, unicodeRange } from './schriften';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registriereKompression(app);
  await app.register(assetRoutes);
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('static assets under hashed addresses', () => {
  it('serves a hashed address immutable for a year and the plain address revalidating, both with 304', async () => {
    const url = assetUrl('kern/kern.min.css');
    expect(url).toMatch(/^\/assets\/kern\/kern\.min\.[0-9a-f]{12}\.css$/);
    const a = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
    expect(a.statusCode).toBe(200);
    expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(a.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(a.headers['content-encoding']).toBe('br');
    expect((await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(a.headers.etag) } })).statusCode).toBe(304);
    const plain = await app.inject({ method: 'GET', url: '/assets/kern/kern.min.css' });
    expect(plain.headers['cache-control']).toBe('public, no-cache');
    expect(plain.rawPayload.equals(assetManifest().byName.get('kern/kern.min.css')!.body)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/assets/kern/kern.css' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/../package.json' })).statusCode).toBe(404);
  });

  it('declares the subset fonts last per weight in the platform stylesheet, with hashed addresses', async () => {
    const css = assetManifest().byName.get('app.css')!.body.toString();
    for (const g of SCHRIFT_GEWICHTE) {
      const faces = css.split('\n').filter((l) => l.includes(`font-weight:${g};`));
      expect(faces.map((f) => /url\(([^)]+)\)/.exec(f)?.[1])).toEqual([
        assetUrl(`fonts/fira-sans-latin-ext-${g}.woff2`),
        assetUrl(`fonts/fira-sans-latin-${g}.woff2`),
        assetUrl(`fonts/fira-sans-${g}.woff2`),
      ]);
      expect(faces[2]).toContain(`unicode-range:${unicodeRange(SCHRIFT_ZEICHEN)}`);
    }
    expect(unicodeRange('abcxÄ€')).toBe('U+0061-0063, U+0078, U+00C4, U+20AC');
  });

  it('ships the subset fonts exactly as scripts/schriften.ts makes them from the current character set', async () => {
    for (const g of SCHRIFT_GEWICHTE) {
      const quelle = fs.readFileSync(path.join(root, `node_modules/@fontsource/fira-sans/files/fira-sans-latin-${g}-normal.woff2`));
      const neu = await subsetFont(quelle, SCHRIFT_ZEICHEN, { targetFormat: 'woff2', keepFeatures: SCHRIFT_FEATURES });
      expect(neu.equals(fs.readFileSync(path.join(root, `public/fonts/fira-sans-${g}.woff2`))), `fira-sans-${g}.woff2: run npx tsx scripts/schriften.ts`).toBe(true);
    }
  });
});
