/**
 * The issuer's Ed25519 signing keys. The private JWK is stored AES-256-GCM encrypted; the key
 * comes from SESSION_SECRET through HKDF-SHA256 (RFC 5869) with a fixed salt and purpose label,
 * so a database dump alone does not reveal it. Changing SESSION_SECRET makes stored private keys
 * unreadable: rotate (`npm run cli -- signet rotate-key`) after changing it; public keys stay.
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

export function deriveWrapKey(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('digitales-amt/signet', 'utf8'), Buffer.from('issuer-key-wrap/v1', 'utf8'), 32));
}

export function encryptPrivateJwk(jwk: crypto.JsonWebKey, wrapKey: Buffer): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', wrapKey, iv);
  const ct = Buffer.concat([c.update(JSON.stringify(jwk), 'utf8'), c.final()]);
  return `v1.${b64u(iv)}.${b64u(c.getAuthTag())}.${b64u(ct)}`;
}

export function decryptPrivateJwk(enc: string, wrapKey: Buffer): crypto.JsonWebKey {
  const [v, iv, tag, ct] = enc.split('.');
  if (v !== 'v1' || !iv || !tag || !ct) throw new Error('signet key: unknown encryption format');
  const d = crypto.createDecipheriv('aes-256-gcm', wrapKey, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8'));
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
