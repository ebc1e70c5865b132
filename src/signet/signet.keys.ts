/**
 * The issuer's Ed25519 signing keys and how their private parts are kept at rest.
 *
 * The private JWK is stored AES-256-GCM encrypted under a key-encryption key (KEK) of its own,
 * SIGNET_KEK — not the session secret, so rotating that one never touches a signing key. The
 * operator's KEK string goes through HKDF-SHA256 (RFC 5869) into the 256-bit AES key; each stored
 * key names the KEK it is wrapped under by a short identifier (an HMAC of the derived key, which
 * reveals nothing about it), and the key's `kid` is authenticated as additional data, so a wrapped
 * key cannot be moved to another row. Formats of `private_enc`:
 *
 * - `v2.<kekId>.<iv>.<tag>.<ciphertext>`: today's format, under a KEK.
 * - `v1.<iv>.<tag>.<ciphertext>`: older installations, under a key derived from SESSION_SECRET.
 *   Read only to re-wrap it under the KEK (the migration at start, signet.service.ts).
 *
 * A database dump alone reveals no private key; a KEK rotation re-wraps every key in one
 * transaction (`npm run cli -- signet rotate-kek`, docs/signet.md).
 */
import crypto from 'node:crypto';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

const b64u = (b: Buffer) => b.toString('base64url');
const SALT = Buffer.from('digitales-amt/signet', 'utf8');

/** A key-encryption key: the AES key derived from the configured string and its identifier. */
export interface Kek {
  id: string;
  key: Buffer;
}

/** Derives the AES-256 key from a configured KEK string (any string of ≥ 32 characters). */
export function kekAus(secret: string): Kek {
  const key = Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, Buffer.from('signet-kek/v2', 'utf8'), 32));
  const id = crypto.createHmac('sha256', key).update('digitales-amt/signet-kek-id').digest('base64url').slice(0, 16);
  return { id, key };
}

/** A new random KEK string (what the first start writes into DATA_DIR). */
export const neuerKekWert = () => crypto.randomBytes(48).toString('base64url');

/** The wrapping key of format v1 (older installations): derived from a session secret. */
export function altesWrapKey(sessionSecret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(sessionSecret, 'utf8'), SALT, Buffer.from('issuer-key-wrap/v1', 'utf8'), 32));
}

const aad = (kid: string) => Buffer.from(`signet-schluessel:${kid}`, 'utf8');

/** Wraps a private JWK under a KEK (format v2). */
export function wrapPrivateJwk(jwk: crypto.JsonWebKey, kid: string, kek: Kek): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', kek.key, iv);
  c.setAAD(aad(kid));
  const ct = Buffer.concat([c.update(JSON.stringify(jwk), 'utf8'), c.final()]);
  return `v2.${kek.id}.${b64u(iv)}.${b64u(c.getAuthTag())}.${b64u(ct)}`;
}

/** What a stored `private_enc` says about itself, without unwrapping it. */
export function wrapFormat(enc: string): { format: 'v1' } | { format: 'v2'; kekId: string } | { format: 'unbekannt' } {
  const parts = enc.split('.');
  if (parts[0] === 'v1' && parts.length === 4) return { format: 'v1' };
  if (parts[0] === 'v2' && parts.length === 5) return { format: 'v2', kekId: parts[1] };
  return { format: 'unbekannt' };
}

const gcmOpen = (key: Buffer, iv: string, tag: string, ct: string, additional?: Buffer): crypto.JsonWebKey => {
  const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  if (additional) d.setAAD(additional);
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8'));
};

/** Thrown when a stored key is wrapped under a KEK (or old secret) that is not configured. */
export class KekFehltError extends Error {
  readonly code = 'SIGNET_KEK_FEHLT';
  constructor(
    readonly kid: string,
    readonly kekId: string | undefined,
  ) {
    super(
      kekId
        ? `Der Signaturschlüssel ${kid} ist mit dem Schlüsselverschlüsselungsschlüssel ${kekId} verschlüsselt, der nicht konfiguriert ist: ` +
          'SIGNET_KEK bzw. SIGNET_KEK_VORHER (oder DATA_DIR/geheimnisse.json) prüfen. Ist dieser KEK verloren: npm run cli -- signet rotate-key ' +
          '(neuer Signaturschlüssel; bisherige Nachweise bleiben prüfbar).'
        : `Der Signaturschlüssel ${kid} ist im alten Format mit einem Sitzungsgeheimnis verschlüsselt, das nicht konfiguriert ist (SESSION_SECRET bzw. SESSION_SECRET_VORHER).`,
    );
    this.name = 'KekFehltError';
  }
}

/**
 * Unwraps a stored private JWK with the first KEK whose id matches (v2) or the first old session
 * secret that opens it (v1). Throws KekFehltError when none fits.
 */
export function unwrapPrivateJwk(enc: string, kid: string, keks: Kek[], sessionSecrets: string[] = []): crypto.JsonWebKey {
  const parts = enc.split('.');
  const f = wrapFormat(enc);
  if (f.format === 'v2') {
    const kek = keks.find((k) => k.id === f.kekId);
    if (!kek) throw new KekFehltError(kid, f.kekId);
    return gcmOpen(kek.key, parts[2], parts[3], parts[4], aad(kid));
  }
  if (f.format === 'v1') {
    for (const s of sessionSecrets) {
      try {
        return gcmOpen(altesWrapKey(s), parts[1], parts[2], parts[3]);
      } catch {
        /* not this one */
      }
    }
    throw new KekFehltError(kid, undefined);
  }
  throw new Error(`signet key ${kid}: unknown encryption format`);
}

/** A new key pair; the kid is the RFC 7638 JWK thumbprint (stable, derived from the key). */
export function generateKeyPair(): { kid: string; publicJwk: PublicJwk; privateJwk: crypto.JsonWebKey } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' }) as { x: string };
  const thumb = crypto.createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: pub.x })).digest('base64url');
  return {
    kid: thumb,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: pub.x, kid: thumb, alg: 'EdDSA', use: 'sig' },
    privateJwk: privateKey.export({ format: 'jwk' }),
  };
}

export const privateKeyObject = (jwk: crypto.JsonWebKey) => crypto.createPrivateKey({ key: jwk, format: 'jwk' });
export const publicKeyObject = (jwk: PublicJwk) => crypto.createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
