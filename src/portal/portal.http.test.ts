import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { istAktuell, signetVerfuegbar } from './portal.routes';

const req = (headers: Record<string, string>) => ({ headers }) as never;

describe('conditional requests', () => {
  const lm = new Date('2026-11-26T10:00:00Z');
  it('prefers If-None-Match and accepts weak and listed tags', () => {
    expect(istAktuell(req({ 'if-none-match': '"a", W/"b"' }), '"b"', lm)).toBe(true);
    expect(istAktuell(req({ 'if-none-match': '"a"', 'if-modified-since': lm.toUTCString() }), '"b"', lm)).toBe(false);
    expect(istAktuell(req({ 'if-none-match': '*' }), '"b"', lm)).toBe(true);
  });
  it('falls back to If-Modified-Since', () => {
    expect(istAktuell(req({ 'if-modified-since': lm.toUTCString() }), '"b"', lm)).toBe(true);
    expect(istAktuell(req({ 'if-modified-since': new Date(lm.getTime() - 1000).toUTCString() }), '"b"', lm)).toBe(false);
    expect(istAktuell(req({ 'if-modified-since': 'kein Datum' }), '"b"', lm)).toBe(false);
    expect(istAktuell(req({}), '"b"', lm)).toBe(false);
  });
});

describe('signet detection', () => {
  it('shows the signet only once a /signet/ route exists', async () => {
    const ohne = Fastify();
    ohne.decorate('database', {} as never);
    ohne.get('/signetur', async () => 'x');
    await ohne.ready();
    expect(signetVerfuegbar(ohne)).toBe(false);
    const mit = Fastify();
    mit.decorate('database', {} as never);
    mit.get('/signet/:datei', async () => 'x');
    await mit.ready();
    expect(signetVerfuegbar(mit)).toBe(true);
  });
});
