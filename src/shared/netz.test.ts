import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pruefeUrl } from '../verlinkung/verlinkung.service';
import { hostAbgelehnt, interneAdresse, linkZiel, linkZielAbgelehnt, parseProxyVertrauen, vertrauensFunktion } from './netz';

const host = (url: string) => new URL(url).hostname;

describe('interneAdresse', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspezifiziert'],
    ['10.1.2.3', 'privat'],
    ['172.16.0.1', 'privat'],
    ['172.31.255.255', 'privat'],
    ['192.168.178.1', 'privat'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserviert'],
    ['198.18.0.1', 'reserviert'],
    ['::', 'unspezifiziert'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fd00::1', 'ula'],
    ['fc12:3456::1', 'ula'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::7f00:1', 'reserviert'],
    ['::127.0.0.1', 'reserviert'],
    ['2001:db8::1', 'reserviert'],
    ['2002:7f00:1::1', 'reserviert'],
  ])('%s is internal (%s)', (ip, art) => {
    expect(interneAdresse(ip)).toBe(art);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '193.17.0.1', '2a00:1450:4001:82b::2004', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(interneAdresse(ip)).toBeUndefined();
  });

  it('finds every address of the private IPv4 networks, however many', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b, c) => {
        expect(interneAdresse(`10.${a}.${b}.${c}`)).toBe('privat');
        expect(interneAdresse(`127.${a}.${b}.${c}`)).toBe('loopback');
        expect(interneAdresse(`192.168.${b}.${c}`)).toBe('privat');
        expect(interneAdresse(`172.${16 + (a % 16)}.${b}.${c}`)).toBe('privat');
        expect(interneAdresse(`::ffff:10.${a}.${b}.${c}`)).toBe('privat');
      }),
    );
  });
});

describe('hostAbgelehnt: every spelling the URL parser accepts', () => {
  it.each([
    'https://127.0.0.1/',
    'https://0x7f000001/',
    'https://2130706433/',
    'https://0177.0.0.1/',
    'https://127.1/',
    'https://0x7f.1/',
    'https://127.0.0.1./',
    'https://[::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[0:0:0:0:0:ffff:7f00:1]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://0/',
    'https://[::]/',
    'https://[fd12::1]/',
    'https://100.64.1.1/',
    'https://224.0.0.1/',
    'https://localhost/',
    'https://LOCALHOST./',
    'https://admin.localhost/',
    'https://drucker.local/',
    'https://metadata.google.internal/',
    'https://router.home.arpa/',
    'https://intranet/',
  ])('refuses %s', (url) => {
    expect(hostAbgelehnt(host(url))).toBeTruthy();
  });

  it.each(['https://www.stadt.bayern.de/', 'https://[2a00:1450:4001:82b::2004]/', 'https://8.8.8.8/', 'https://localhost.example.org/'])('allows %s', (url) => {
    expect(hostAbgelehnt(host(url))).toBeUndefined();
  });
});

describe('linkZielAbgelehnt and pruefeUrl (the check at entry)', () => {
  it('refuses credentials and ports other than 443/80, with a German reason', () => {
    expect(linkZielAbgelehnt(new URL('https://nutzer:geheim@www.stadt.de/'))).toMatch(/Benutzernamen/);
    expect(linkZielAbgelehnt(new URL('https://www.stadt.de:8443/'))).toMatch(/Port 8443/);
    expect(linkZielAbgelehnt(new URL('https://www.stadt.de:443/'))).toBeUndefined();
  });

  it('names the range in the message', () => {
    expect(pruefeUrl('https://0x7f000001/antrag')).toMatch(/internes Netz \(Loopback/);
    expect(pruefeUrl('https://10.0.0.5/antrag')).toMatch(/privates Netz/);
    expect(pruefeUrl('https://localhost/antrag')).toMatch(/eigenen Rechner/);
    expect(pruefeUrl('https://www.stadt.bayern.de/antrag')).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  it('reads hop counts, addresses and networks; true means one proxy', () => {
    expect(parseProxyVertrauen(undefined)).toEqual({ art: 'keiner' });
    expect(parseProxyVertrauen('false')).toEqual({ art: 'keiner' });
    expect(parseProxyVertrauen('true')).toEqual({ art: 'hops', hops: 1 });
    expect(parseProxyVertrauen('2')).toEqual({ art: 'hops', hops: 2 });
    expect(parseProxyVertrauen('10.0.0.1, 192.168.0.0/16')).toEqual({ art: 'adressen', netze: ['10.0.0.1', '192.168.0.0/16'] });
    expect(parseProxyVertrauen('10.0.0.1,proxy.intern')).toMatchObject({ fehler: expect.stringContaining('proxy.intern') });
  });

  it('trusts only the listed proxies, also when they connect over IPv6 as mapped IPv4', () => {
    const trust = vertrauensFunktion({ art: 'adressen', netze: ['10.0.0.1', '192.168.0.0/16'] }) as (a: string, h: number) => boolean;
    expect(trust('10.0.0.1', 0)).toBe(true);
    expect(trust('::ffff:10.0.0.1', 0)).toBe(true);
    expect(trust('192.168.4.4', 1)).toBe(true);
    expect(trust('10.0.0.2', 0)).toBe(false);
    expect(trust('203.0.113.9', 0)).toBe(false);
    const eins = vertrauensFunktion({ art: 'hops', hops: 1 }) as (a: string, h: number) => boolean;
    expect([eins('203.0.113.9', 0), eins('203.0.113.9', 1)]).toEqual([true, false]);
    expect(vertrauensFunktion({ art: 'keiner' })).toBe(false);
  });
});

describe('linkZiel', () => {
  it('gives only absolute http(s) addresses as link targets', () => {
    expect(linkZiel('https://www.bayern.de/a?b=1#c')).toBe('https://www.bayern.de/a?b=1#c');
    expect(linkZiel('http://amt.example/')).toBe('http://amt.example/');
    for (const boese of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>', '/relativ', '//evil.example', 'vbscript:x', '', null, undefined]) {
      expect(linkZiel(boese)).toBeUndefined();
    }
  });
});
