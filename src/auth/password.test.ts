import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordRule, generatePassword, isObviousPassword } from './password';

describe('obvious passwords', () => {
  it.each([
    'Passwort2024!',
    'password1234',
    'P@ssw0rd-2026',
    'Sommer2026!!!',
    'Bayern-2026!!',
    'München123456',
    'Digitales-Amt-2026',
    'passwortpasswort',
    '123456789012',
    '9876543210987',
    'wertzuiopüqwe',
    'asdfghjklöä',
    'abcdefghijklm',
  ])('refuses %s', (pw) => {
    expect(isObviousPassword(pw)).toBe(true);
  });

  it.each(['Ein-langes-Test-Passwort-2026', 'Demo-Passwort-2026!', 'pferd batterie heftklammer', 'Sommerregen über Regensburg', '4711-0815-1312-2606'])('accepts %s', (pw) => {
    expect(isObviousPassword(pw)).toBe(false);
  });

  it('says in German why a padded common word is refused', () => {
    expect(checkPasswordRule('Passwort2024!')).toContain('zu leicht zu erraten');
  });

  it('never refuses the generated one-time passwords', () => {
    fc.assert(
      fc.property(fc.integer(), () => checkPasswordRule(generatePassword()) === undefined),
      { numRuns: 200 },
    );
  });
});
