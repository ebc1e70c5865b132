import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnzulaessigesZeichen } from './eingabe';

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
