/**
 * Unsubscribe links that work without login: the address and an HMAC-SHA256 over it with the
 * session secret (SESSION_SECRET, generated per installation or configured), compared in constant
 * time. The link cannot be forged for another address. Checking accepts every configured secret,
 * so links in mails sent before a rotation (SESSION_SECRET_VORHER) keep working.
 */
import crypto from 'node:crypto';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

export function abmeldeToken(secret: string, email: string): string {
  return crypto.createHmac('sha256', secret).update(`outreach-abmeldung:${email.toLowerCase()}`).digest('base64url');
}

export function abmeldeLink(baseUrl: string, secret: string, email: string): string {
  return `${baseUrl}/outreach/abmelden?e=${b64(email.toLowerCase())}&t=${abmeldeToken(secret, email)}`;
}

/** The address of a valid link (signed with any of `secrets`), or undefined. */
export function pruefeAbmeldung(secrets: string | string[], e: string, t: string): string | undefined {
  let email: string;
  try {
    email = Buffer.from(e, 'base64url').toString('utf8');
  } catch {
    return undefined;
  }
  if (!email.includes('@')) return undefined;
  const ist = Buffer.from(t);
  for (const secret of [secrets].flat()) {
    const soll = Buffer.from(abmeldeToken(secret, email));
    if (soll.length === ist.length && crypto.timingSafeEqual(soll, ist)) return email;
  }
  return undefined;
}
