import { describe, expect, it } from 'vitest';
import { istAktuell } from '../shared/web';

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
