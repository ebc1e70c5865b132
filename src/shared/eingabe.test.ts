import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSteuerzeichenInEingabe, findUnzulaessigesZeichen } from './eingabe';

describe('findUnzulaessigesZeichen', () => {
  it('names the field with a NUL or an unpaired surrogate, also nested and in keys', () => {
    expect(findUnzulaessigesZeichen({ name: 'a\u0000b' }, '')).toBe('name');
    expect(findUnzulaessigesZeichen({ a: [{ b: 'x\uD800' }] }, '')).toBe('a.0.b');
    expect(findUnzulaessigesZeichen({ a: '\uDC00y' }, 'body')).toBe('body.a');
    expect(findUnzulaessigesZeichen({ 'k\u0000': 'ok' }, '')).toBe('k\u0000');
  });

  it('accepts umlauts, emoji (surrogate pairs), RTL marks, buffers and streams', () => {
    expect(findUnzulaessigesZeichen({ name: 'Ärger 😀 \u202E', datei: Buffer.from([0, 0xd8]) }, '')).toBeUndefined();
    expect(findUnzulaessigesZeichen({ pipe: () => {}, x: '\u0000' }, '')).toBeUndefined();
  });

  it('accepts every well-formed string and refuses every string with a NUL', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => findUnzulaessigesZeichen({ s }, '') === undefined));
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => findUnzulaessigesZeichen([`${a}\u0000${b}`], '') === '0'));
  });
});

describe('findSteuerzeichenInEingabe', () => {
  it('names the field with a bidi override or another invisible control, nested too, with the character', () => {
    expect(findSteuerzeichenInEingabe({ name: 'Ärger \u202E' }, '')).toEqual({ feld: 'name', zeichen: { code: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE', stelle: 7 } });
    expect(findSteuerzeichenInEingabe({ a: [{ b: 'x\u2066y' }] }, 'body')?.feld).toBe('body.a.0.b');
  });

  it('accepts line breaks and tabs in text, buffers, and any password', () => {
    expect(findSteuerzeichenInEingabe({ text: 'Zeile\r\n\tzwei', datei: Buffer.from('\u202E') }, '')).toBeUndefined();
    expect(findSteuerzeichenInEingabe({ password: '\u202Egeheim', neuesPasswort: '\u200B' }, '')).toBeUndefined();
  });
});
