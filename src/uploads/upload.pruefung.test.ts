import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostUndPfad, hostUndPfadGemerkt, leikaText } from './upload.pruefung';

describe('host and path of a row URL, remembered for many rows', () => {
  it('gives what the URL parser gives for each URL, whatever came before', () => {
    const teil = fc.stringMatching(/^[A-Za-z0-9%._~\-/?#=&:@\\]{0,12}$/);
    const url = fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'HTTPS://', 'mailto:', 'https:', ''),
        fc.constantFrom('Example.org', 'rz.example.org:443', 'user:pw@host.example', '[::1]', ''),
        teil,
        teil,
      )
      .map(([schema, host, pfad, rest]) => `${schema}${host}${pfad}${rest}`);
    fc.assert(
      fc.property(fc.array(url, { minLength: 1, maxLength: 30 }), (urls) => {
        const gemerkt = hostUndPfadGemerkt();
        for (const u of urls) expect(gemerkt(u)).toBe(hostUndPfad(u));
      }),
      { numRuns: 500 },
    );
  });

  it('reads host and path only, not query or fragment', () => {
    const gemerkt = hostUndPfadGemerkt();
    expect(gemerkt('https://RZ.example.org/antrag/7/?gemeinde=091620000000#a')).toBe('rz.example.org/antrag/7');
    expect(gemerkt('https://rz.example.org/antrag/7?gemeinde=097610000000')).toBe('rz.example.org/antrag/7');
    expect(gemerkt('https://rz.example.org/antrag/8?gemeinde=097610000000')).toBe('rz.example.org/antrag/8');
  });
});

describe("a row's LeiKa keys as one text", () => {
  it('holds each key once, sorted, joined by |, for any number of keys', () => {
    const schluessel = fc.constantFrom('99102013000000', '99001001000000', '99102013000001', '9910', '');
    fc.assert(
      fc.property(fc.array(schluessel, { maxLength: 6 }), (keys) => {
        expect(leikaText(keys)).toBe([...new Set(keys)].sort().join('|'));
      }),
      { numRuns: 500 },
    );
  });
});
