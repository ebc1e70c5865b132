/**
 * Password hashing with argon2id (OWASP parameters: m=19 MiB, t=2, p=1) and the password rule
 * of NIST SP 800-63B: length counts, composition rules do not.
 */
import { hash, verify } from '@node-rs/argon2';
import { HAEUFIGE_WOERTER, TASTATURREIHEN } from './haeufige-passwoerter';

const ARGON2ID = 2; // Algorithm.Argon2id (const enum, not importable with isolatedModules)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string: verifying against it costs the same time as a real check. */
let dummyHash: Promise<string> | undefined;
export const timingDummyHash = () => {
  dummyHash ??= hashPassword('kein-echtes-passwort-nur-fuer-gleiche-laufzeit');
  return dummyHash;
};

/** Returns a German error message, or undefined when the password is acceptable. */
export function checkPasswordRule(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Das Passwort darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 4) {
    return 'Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.';
  }
  if (/^(.)\1+$/.test(password)) return 'Das Passwort darf nicht aus einem einzigen wiederholten Zeichen bestehen.';
  if (isObviousPassword(password)) {
    return 'Dieses Passwort ist zu leicht zu erraten (ein häufiges Wort oder eine Tastenfolge, ergänzt um Ziffern oder Zeichen). Ein Satz aus mehreren Wörtern ist sicherer.';
  }
  return undefined;
}

const spellOut = (s: string) => s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

/**
 * A common word (optionally repeated) padded with digits and symbols, or a stretch of a keyboard
 * row or of counting digits (NIST SP 800-63B §5.1.1.2: common, sequential and context-specific
 * values). See haeufige-passwoerter.ts.
 */
export function isObviousPassword(password: string): boolean {
  // Undo the usual substitutions (P@ssw0rd), then keep the letters.
  const letters = spellOut(password)
    .replace(/@/g, 'a')
    .replace(/\$/g, 's')
    .replace(/(?<=[a-z])[0134](?=[a-z])/g, (d) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a' })[d] as string)
    .replace(/[^a-z]/g, '');
  if (letters === '') {
    // Digits and symbols only: refuse a run of counting digits such as 123456789012 or 987654321098.
    const digits = password.replace(/\D/g, '');
    const cyclic = '0123456789'.repeat(4);
    return digits.length >= password.length - 2 && (cyclic.includes(digits) || [...cyclic].reverse().join('').includes(digits));
  }
  for (const word of HAEUFIGE_WOERTER) {
    if (letters.length % word.length === 0 && word.repeat(letters.length / word.length) === letters) return true;
  }
  const lower = password.toLowerCase();
  return TASTATURREIHEN.some((row) => {
    const cycle = row.repeat(3);
    return cycle.includes(lower) || [...cycle].reverse().join('').includes(lower);
  });
}

/** A readable random password for first logins (about 120 bits). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 6, 12, 18].map((i) => chars.slice(i, i + 6).join('')).join('-');
}
