import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findeSteuerzeichen, ohneSteuerzeichen, steuerzeichenFehler } from './steuerzeichen';

describe('invisible control characters', () => {
  it('finds bidi overrides, embeddings, isolates, marks, zero-width and C0/C1 controls, with position', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u200E', '\u200F', '\u061C', '\uFEFF', '\u2028', '\u2029', '\u0007', '\u007F', '\u0085', '\u009B']) {
      expect(findeSteuerzeichen(`ab${c}cd`), c.codePointAt(0)?.toString(16)).toMatchObject({ stelle: 3 });
    }
    expect(findeSteuerzeichen('Name\u202Emoc.liam@a')).toEqual({ code: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE', stelle: 5 });
    expect(steuerzeichenFehler('😀\u202E')).toContain('an Stelle 2');
  });

  it('allows letters of every script, emoji with joiners, and line breaks where text may have them', () => {
    expect(findeSteuerzeichen('Ärger مرحبا שלום 👩‍👩‍👧 ZWNJ\u200Cx')).toBeUndefined();
    expect(findeSteuerzeichen('Zeile 1\nZeile 2\r\n\tEingerückt', { zeilenumbruch: true })).toBeUndefined();
    expect(findeSteuerzeichen('Zeile 1\nZeile 2')).toMatchObject({ code: 'U+000A', stelle: 8 });
  });

  it('removes exactly what it refuses, for PDF output of older data', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'ü', ' ', '\n', '\u202E', '\u2066', '\u200B', '\u0007', '😀') }), (s) => {
        const sauber = ohneSteuerzeichen(s);
        expect(findeSteuerzeichen(sauber, { zeilenumbruch: true })).toBeUndefined();
        expect(sauber.replace(/[^a]/g, '')).toBe(s.replace(/[^a]/g, ''));
      }),
    );
  });
});
