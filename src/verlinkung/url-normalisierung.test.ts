import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisiereUrl } from './url-normalisierung';

const key = (u: string) => normalisiereUrl(u).schluessel;

describe('URL normalisation for "the same service"', () => {
  it('treats spellings of one address as the same', () => {
    const gleich = [
      'https://formulare.example.org/parken',
      'https://formulare.example.org/parken/',
      'HTTPS://Formulare.Example.ORG/parken',
      'https://formulare.example.org:443/parken',
      'http://formulare.example.org/parken',
      'http://formulare.example.org:80/parken',
      'https://formulare.example.org/parken#antrag',
      'https://formulare.example.org/parken?utm_source=newsletter&utm_medium=mail',
      'https://formulare.example.org/parken?quelle=startseite',
      'https://formulare.example.org/parken?fbclid=abc&gclid=def&ref=x&source=y&mtm_campaign=z&pk_kwd=q',
      'https://formulare.example.org//parken//',
      'https://nutzer:geheim@formulare.example.org/parken',
      'https://formulare.example.org./parken',
      'https://formulare.example.org/./a/../parken',
      '  https://formulare.example.org/parken  ',
      'https://formulare.example.org/parken?',
    ];
    for (const u of gleich) expect(key(u), u).toBe('https://formulare.example.org/parken');
  });

  it('normalises international host names and percent-encoding', () => {
    expect(key('https://bürgerservice.example/antrag')).toBe(key('https://xn--brgerservice-dlb.example/antrag'));
    expect(key('https://example.org/%7Enutzer/stra%c3%9fe')).toBe(key('https://example.org/~nutzer/straße'));
    expect(key('https://example.org/a%2fb')).toBe('https://example.org/a%2Fb');
    expect(key('https://example.org/a%2fb')).not.toBe(key('https://example.org/a/b'));
    expect(key('https://example.org/s?q=a%20b')).toBe(key('https://example.org/s?q=a+b'));
    expect(key('https://example.org/s?name=%C3%BC')).toBe(key('https://example.org/s?name=ü'));
  });

  it('keeps what tells services apart', () => {
    expect(key('https://portal.example/form?id=4711')).not.toBe(key('https://portal.example/form?id=4712'));
    expect(key('https://portal.example/form?id=4711&utm_source=x')).toBe(key('https://portal.example/form?id=4711'));
    expect(key('https://portal.example/form?b=2&a=1')).toBe(key('https://portal.example/form?a=1&b=2'));
    expect(key('https://portal.example/form?a=1&a=2')).not.toBe(key('https://portal.example/form?a=2&a=1'));
    expect(key('https://portal.example:8443/form')).not.toBe(key('https://portal.example/form'));
    expect(key('https://portal.example/Form')).not.toBe(key('https://portal.example/form'));
    expect(key('https://a.portal.example/form')).not.toBe(key('https://b.portal.example/form'));
    expect(key('https://portal.example/form?ars=091620000000')).not.toBe(key('https://portal.example/form?ars=095640000000'));
  });

  it('gives host and path without scheme and query', () => {
    expect(normalisiereUrl('https://Portal.example:8443/form/?id=1#x').hostPfad).toBe('portal.example:8443/form');
    expect(normalisiereUrl('https://portal.example/').hostPfad).toBe('portal.example');
  });

  it('keys a string that is no URL by its text', () => {
    expect(normalisiereUrl(' Kein Link ')).toEqual({ schluessel: 'kein link', hostPfad: 'kein link' });
  });

  it('is idempotent and ignores fragments, tracking parameters and case of scheme and host', () => {
    const teil = fc.stringMatching(/^[a-z0-9äöü%._~-]{1,8}$/);
    const url = fc.record({
      host: fc.constantFrom('Example.org', 'formulare.EXAMPLE.org', 'bürger.example'),
      pfad: fc.array(teil, { maxLength: 4 }),
      query: fc.array(fc.tuple(fc.constantFrom('id', 'ars', 'utm_source', 'quelle', 'fbclid', 'lang'), teil), { maxLength: 4 }),
      fragment: fc.option(teil, { nil: undefined }),
      slash: fc.boolean(),
    });
    fc.assert(
      fc.property(url, (u) => {
        let text: string;
        try {
          text = `https://${u.host}/${u.pfad.join('/')}${u.slash ? '/' : ''}${u.query.length ? `?${u.query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}${u.fragment ? `#${u.fragment}` : ''}`;
          new URL(text);
        } catch {
          return;
        }
        const n = normalisiereUrl(text);
        expect(normalisiereUrl(n.schluessel).schluessel).toBe(n.schluessel);
        expect(key(text.replace(/#.*$/, ''))).toBe(n.schluessel);
        expect(key(text.replace('https://', 'HTTP://'))).toBe(n.schluessel);
        expect(n.schluessel).not.toMatch(/[#]|utm_source|quelle=|fbclid/);
      }),
    );
  });
});
