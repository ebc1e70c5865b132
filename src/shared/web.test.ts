import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './web';

describe('safeRedirectTarget', () => {
  it.each([
    '/\t/evil.example',
    '/%09/evil.example',
    '/%2509/evil.example',
    '//evil.example',
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '/\\evil.example',
    '/%5Cevil.example',
    '/%255cevil.example',
    '\\\\evil.example',
    '/\r\nLocation: https://evil.example',
    '/%0d%0aSet-Cookie:x=1',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'evil.example',
    ' /konto',
    '',
    '/%25252525252F%2Fevil.example',
  ])('refuses %j and falls back to /', (target) => {
    expect(safeRedirectTarget(target)).toBe('/');
  });

  it('keeps same-origin paths with query and fragment, normalised', () => {
    expect(safeRedirectTarget('/konto')).toBe('/konto');
    expect(safeRedirectTarget('/verfahren?q=Hund&seite=2#liste')).toBe('/verfahren?q=Hund&seite=2#liste');
    expect(safeRedirectTarget('/behoerden/../konto')).toBe('/konto');
    expect(safeRedirectTarget('/stra%C3%9Fe')).toBe('/stra%C3%9Fe');
    expect(safeRedirectTarget('/Straße')).toBe('/Stra%C3%9Fe');
    expect(safeRedirectTarget('/verfahren?q=100%25')).toBe('/verfahren?q=100%25');
    expect(safeRedirectTarget(undefined, '/konto')).toBe('/konto');
  });

  it('never leaves the origin, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `/${s}`), fc.webUrl(), fc.webPath()), (s) => {
        const r = safeRedirectTarget(s);
        expect(r.startsWith('/')).toBe(true);
        expect(r.startsWith('//')).toBe(false);
        expect(r).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        // Whatever a browser makes of it, it resolves to the own origin.
        expect(new URL(r, 'https://eigen.example').origin).toBe('https://eigen.example');
      }),
      { numRuns: 500 },
    );
  });
});
