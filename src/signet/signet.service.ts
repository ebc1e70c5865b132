/**
 * The Online-Signet: signet image (SVG/PNG) with live status, rendered once per status change and
 * served from memory; the award as a signed Open Badges 3.0 credential; the issuer's keys (JWKS,
 * did:web) with rotation; the Bitstring Status Lists; verification of a posted credential.
 * No Fastify, no SQL (signet.repository.ts), no process.env (settings come from config).
 */
import crypto from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import { compactVerify, decodeProtectedHeader, SignJWT, type JWTPayload } from 'jose';
import type { Clock } from '../shared/clock';
import { NotFoundError } from '../shared/errors';
import {
  type AwardInfo,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  didWebFor,
  type IssuerInfo,
  STATUS_PURPOSES,
  type StatusPurpose,
  statusListUrl,
} from './signet.credential';
import { decryptPrivateJwk, deriveWrapKey, encryptPrivateJwk, generateKeyPair, privateKeyObject, type PublicJwk, publicKeyObject } from './signet.keys';
import type { SignetFakten, SignetRepository } from './signet.repository';
import { bitAt, decodeStatusList, encodeStatusList } from './signet.statuslist';
import { renderSignetSvg, renderUnbekanntSvg, type SignetDaten } from './signet.svg';

export interface SignetSettings {
  publicBaseUrl: string;
  issuerName: string;
  issuerUrl: string;
  /** did:web host; default: the host of publicBaseUrl. */
  didHost?: string;
  /** Secret the key-wrapping key is derived from (SESSION_SECRET). */
  keySecret: string;
  /** How long a rendered signet is served from memory before its facts are read again. */
  cacheTtlSeconds: number;
  maxAgeSeconds: number;
  staleWhileRevalidateSeconds: number;
}

export const ZERTIFIKAT_NR = /^DA-\d{4}-\d{4,6}$/;
export type SignetFormat = 'svg' | 'png';
export const PNG_BREITEN = { s: 160, m: 320, l: 640, xl: 960 } as const;
export type PngGroesse = keyof typeof PNG_BREITEN;

export interface SignetBild {
  body: Buffer;
  etag: string;
  contentType: string;
  status: 200 | 404;
}

interface CacheEintrag {
  key: string;
  bild: SignetBild;
  geprueftAm: number;
}

const etagOf = (b: Buffer | string) => `"${crypto.createHash('sha256').update(b).digest('base64url').slice(0, 27)}"`;
const MAX_CACHE = 20_000;

/** Why a credential failed; stable codes for API clients. */
export type VerifyCode =
  | 'MALFORMED_CREDENTIAL'
  | 'UNSUPPORTED_ALGORITHM'
  | 'UNKNOWN_KEY'
  | 'INVALID_SIGNATURE'
  | 'WRONG_ISSUER'
  | 'NOT_AN_OPEN_BADGE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'UNKNOWN_STATUS_LIST'
  | 'REVOKED'
  | 'SUSPENDED';

export interface VerifyCheck {
  check: 'format' | 'signature' | 'issuer' | 'type' | 'dates' | 'status';
  ok: boolean;
  message: string;
}

export interface VerifyResult {
  verified: boolean;
  error?: { code: VerifyCode; message: string };
  checks: VerifyCheck[];
  kid?: string;
  credential?: { id?: string; subjectName?: string; subjectId?: string; validFrom?: string };
}

export const createSignetService = (repo: SignetRepository, clock: Clock, settings: SignetSettings) => {
  const baseUrl = settings.publicBaseUrl.replace(/\/$/, '');
  const did = didWebFor(settings.didHost ?? new URL(baseUrl).host);
  const issuer: IssuerInfo = { did, name: settings.issuerName, url: settings.issuerUrl, baseUrl };
  const wrapKey = deriveWrapKey(settings.keySecret);
  const ttlMs = settings.cacheTtlSeconds * 1000;
  const bilder = new Map<string, CacheEintrag>();
  const laufend = new Map<string, Promise<SignetBild>>();

  const cacheControl = `public, max-age=${settings.maxAgeSeconds}, stale-while-revalidate=${settings.staleWhileRevalidateSeconds}`;

  const datenAus = (f: SignetFakten): SignetDaten => ({ name: f.anzeigename || f.kurzname || f.name, jahr: Number(f.verliehenAm.slice(0, 4)), zertifikatNr: f.zertifikatNr, status: f.status });

  const renderBild = (d: SignetDaten | null, nr: string, format: SignetFormat, breite: number): SignetBild => {
    const svg = d ? renderSignetSvg(d) : renderUnbekanntSvg(nr);
    const body =
      format === 'svg'
        ? Buffer.from(svg, 'utf8')
        : Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: breite }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());
    return { body, etag: etagOf(body), contentType: format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png', status: d ? 200 : 404 };
  };

  async function frisch(nr: string, format: SignetFormat, breite: number, cacheKey: string, alt?: CacheEintrag): Promise<SignetBild> {
    const f = ZERTIFIKAT_NR.test(nr) ? await repo.fakten(nr) : undefined;
    const d = f ? datenAus(f) : null;
    const key = d ? `${d.status}|${d.name}|${d.jahr}` : 'unbekannt';
    const now = Date.now();
    if (alt && alt.key === key) {
      alt.geprueftAm = now;
      return alt.bild;
    }
    const bild = renderBild(d, nr, format, breite);
    if (d) {
      // Unknown numbers are not cached: they would let anyone fill the memory.
      if (bilder.size >= MAX_CACHE) bilder.delete(bilder.keys().next().value as string);
      bilder.set(cacheKey, { key, bild, geprueftAm: now });
    } else bilder.delete(cacheKey);
    return bild;
  }

  // ---- keys
  let schluesselCache: { at: number; aktiv: { kid: string; key: crypto.KeyObject }; alle: PublicJwk[] } | undefined;
  async function schluessel() {
    if (schluesselCache && Date.now() - schluesselCache.at < 60_000) return schluesselCache;
    let aktiv = await repo.aktiverSchluessel();
    if (!aktiv) {
      const k = generateKeyPair();
      await repo.ersterSchluessel({ kid: k.kid, alg: 'EdDSA', publicJwk: k.publicJwk, privateEnc: encryptPrivateJwk(k.privateJwk, wrapKey), aktiv: true, erstelltAm: clock.now() });
      aktiv = await repo.aktiverSchluessel();
      if (!aktiv) throw new Error('signet: no active issuer key after creating one');
    }
    const alle = (await repo.schluessel()).map((r) => r.publicJwk as PublicJwk);
    schluesselCache = { at: Date.now(), aktiv: { kid: aktiv.kid, key: privateKeyObject(decryptPrivateJwk(aktiv.privateEnc, wrapKey)) }, alle };
    return schluesselCache;
  }

  const signiere = async (payload: Record<string, unknown>) => {
    const k = await schluessel();
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ alg: 'EdDSA', kid: k.aktiv.kid, typ: 'vc+jwt', cty: 'vc' })
      .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
      .sign(k.aktiv.key);
  };

  // ---- status lists, cached per (data version, active key)
  const listenCache = new Map<StatusPurpose, { version: string; jwt: string; bits: Buffer; at: number }>();
  async function statusListe(purpose: StatusPurpose) {
    const version = `${await repo.version()}|${(await schluessel()).aktiv.kid}`;
    const c = listenCache.get(purpose);
    if (c && c.version === version) return c;
    await repo.indizesVergeben();
    const eintraege = await repo.statusEintraege();
    const setzen = eintraege.filter((e) => (purpose === 'revocation' ? e.status === 'widerrufen' : e.status === 'ausgesetzt')).map((e) => e.index);
    const encoded = encodeStatusList(setzen);
    const vc = buildStatusListCredential(issuer, purpose, encoded, clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const jwt = await signiere({ ...vc, iss: did, jti: vc.id });
    const neu = { version, jwt, bits: decodeStatusList(encoded), at: Date.now() };
    listenCache.set(purpose, neu);
    return neu;
  }

  async function award(nr: string): Promise<{ f: SignetFakten; a: AwardInfo }> {
    const f = ZERTIFIKAT_NR.test(nr) ? await repo.fakten(nr) : undefined;
    if (!f) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
    const statusIndex = await repo.statusIndex(nr);
    return { f, a: { zertifikatNr: nr, verliehenAm: f.verliehenAm, ars: f.ars, name: f.name, typ: f.typ, statusIndex } };
  }

  const service = {
    issuer,
    did,
    cacheControl,
    settings,

    /**
     * The signet image. Served from memory; after `cacheTtlSeconds` the award's facts are read
     * again (one indexed query) and the bytes re-rendered only if status, name or year changed.
     */
    signet(nr: string, format: SignetFormat = 'svg', groesse: PngGroesse = 'm'): SignetBild | Promise<SignetBild> {
      const breite = PNG_BREITEN[groesse];
      const cacheKey = `${nr}|${format}|${format === 'png' ? breite : ''}`;
      const e = bilder.get(cacheKey);
      if (e && Date.now() - e.geprueftAm < ttlMs) return e.bild;
      const lauf = laufend.get(cacheKey);
      if (lauf) return lauf;
      const p = frisch(nr, format, breite, cacheKey, e).finally(() => laufend.delete(cacheKey));
      laufend.set(cacheKey, p);
      return p;
    },

    /** Drops every cached image (tests; after a name change by import). */
    leereCache() {
      bilder.clear();
      listenCache.clear();
      schluesselCache = undefined;
    },

    fakten: (nr: string) => (ZERTIFIKAT_NR.test(nr) ? repo.fakten(nr) : Promise.resolve(undefined)),

    /** The award as a signed OpenBadgeCredential (VC-JWT) and its decoded form. */
    async credential(nr: string) {
      const { a, f } = await award(nr);
      const vc = buildOpenBadgeCredential(issuer, a);
      const jwt = await signiere({ ...vc, iss: did, jti: vc.id, sub: vc.credentialSubject.id });
      return { jwt, credential: vc, fakten: f, statusIndex: a.statusIndex };
    },

    async statusListJwt(purpose: StatusPurpose) {
      return (await statusListe(purpose)).jwt;
    },

    async jwks() {
      const k = await schluessel();
      return { keys: k.alle };
    },

    async didDocument() {
      const k = await schluessel();
      const ids = k.alle.map((j) => `${did}#${j.kid}`);
      return {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
        id: did,
        alsoKnownAs: [baseUrl],
        verificationMethod: k.alle.map((j) => ({ id: `${did}#${j.kid}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: j })),
        assertionMethod: ids,
      };
    },

    /** Makes a new key the signing key; older keys stay published for verification. */
    async rotateKey(): Promise<{ kid: string; vorher?: string }> {
      const vorher = (await repo.aktiverSchluessel())?.kid;
      const k = generateKeyPair();
      await repo.rotiere({ kid: k.kid, alg: 'EdDSA', publicJwk: k.publicJwk, privateEnc: encryptPrivateJwk(k.privateJwk, wrapKey), aktiv: true, erstelltAm: clock.now() }, clock.now());
      schluesselCache = undefined;
      listenCache.clear();
      return { kid: k.kid, vorher };
    },

    /** Verifies a VC-JWT: format, signature with a published key, issuer, type, dates, status lists. */
    async verify(jwt: string): Promise<VerifyResult> {
      const checks: VerifyCheck[] = [];
      const fail = (code: VerifyCode, check: VerifyCheck['check'], message: string, extra: Partial<VerifyResult> = {}): VerifyResult => {
        checks.push({ check, ok: false, message });
        return { verified: false, error: { code, message }, checks, ...extra };
      };
      const token = jwt.trim();
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
        return fail('MALFORMED_CREDENTIAL', 'format', 'The credential is not a compact JWS (three base64url parts separated by dots).');
      }
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(token);
      } catch {
        return fail('MALFORMED_CREDENTIAL', 'format', 'The JWS protected header is not valid base64url-encoded JSON.');
      }
      if (header.alg !== 'EdDSA') return fail('UNSUPPORTED_ALGORITHM', 'format', `Algorithm "${String(header.alg)}" is not accepted; this issuer signs with EdDSA (Ed25519).`);
      checks.push({ check: 'format', ok: true, message: 'Compact JWS with alg EdDSA.' });
      const kid = header.kid?.includes('#') ? header.kid.split('#').pop() : header.kid;
      let jwk = (await schluessel()).alle.find((j) => j.kid === kid);
      if (!jwk && schluesselCache && Date.now() - schluesselCache.at > 5_000) {
        // Another instance may have rotated the key within the last minute: read the keys again.
        schluesselCache = undefined;
        jwk = (await schluessel()).alle.find((j) => j.kid === kid);
      }
      if (!jwk) return fail('UNKNOWN_KEY', 'signature', `Key id "${String(header.kid)}" is not one of the issuer's published keys (${baseUrl}/.well-known/jwks.json).`);
      let payload: Record<string, unknown>;
      try {
        const r = await compactVerify(token, publicKeyObject(jwk), { algorithms: ['EdDSA'] });
        payload = JSON.parse(new TextDecoder().decode(r.payload));
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return fail('INVALID_SIGNATURE', 'signature', `The signature does not match the content for key ${jwk.kid}: the credential was altered or not signed by this issuer.`);
        return fail('MALFORMED_CREDENTIAL', 'signature', `The credential could not be decoded: ${(e as Error).message}`);
      }
      checks.push({ check: 'signature', ok: true, message: `Signature valid (Ed25519 key ${jwk.kid}).` });
      const summary = {
        id: typeof payload.id === 'string' ? payload.id : undefined,
        subjectName: (payload.credentialSubject as { name?: string } | undefined)?.name,
        subjectId: (payload.credentialSubject as { id?: string } | undefined)?.id,
        validFrom: typeof payload.validFrom === 'string' ? payload.validFrom : undefined,
      };
      const extra = { kid: jwk.kid, credential: summary };
      const iss = typeof payload.issuer === 'string' ? payload.issuer : (payload.issuer as { id?: string } | undefined)?.id;
      if (iss !== did) return fail('WRONG_ISSUER', 'issuer', `Issuer "${String(iss)}" is not ${did}.`, extra);
      checks.push({ check: 'issuer', ok: true, message: `Issuer is ${did} (${settings.issuerName}).` });
      const types = Array.isArray(payload.type) ? payload.type : [payload.type];
      if (!types.includes('VerifiableCredential') || !types.includes('OpenBadgeCredential')) {
        return fail('NOT_AN_OPEN_BADGE', 'type', 'The credential is not of type VerifiableCredential + OpenBadgeCredential.', extra);
      }
      checks.push({ check: 'type', ok: true, message: 'OpenBadgeCredential (Open Badges 3.0).' });
      const now = clock.now().getTime();
      const from = summary.validFrom ? Date.parse(summary.validFrom) : Number.NaN;
      if (Number.isNaN(from)) return fail('MALFORMED_CREDENTIAL', 'dates', 'validFrom is missing or not a date-time.', extra);
      if (from > now) return fail('NOT_YET_VALID', 'dates', `The credential is valid only from ${summary.validFrom}.`, extra);
      if (typeof payload.validUntil === 'string' && Date.parse(payload.validUntil) < now) return fail('EXPIRED', 'dates', `The credential expired at ${payload.validUntil}.`, extra);
      checks.push({ check: 'dates', ok: true, message: `Valid from ${summary.validFrom}${payload.validUntil ? ` until ${payload.validUntil}` : ', no end date'}.` });
      const entries = (Array.isArray(payload.credentialStatus) ? payload.credentialStatus : payload.credentialStatus ? [payload.credentialStatus] : []) as {
        statusPurpose?: string;
        statusListIndex?: string;
        statusListCredential?: string;
      }[];
      if (entries.length === 0) return fail('UNKNOWN_STATUS_LIST', 'status', 'The credential has no credentialStatus entry; its status cannot be checked.', extra);
      for (const entry of entries) {
        const purpose = STATUS_PURPOSES.find((p) => entry.statusListCredential === statusListUrl(baseUrl, p) && entry.statusPurpose === p);
        const index = Number(entry.statusListIndex);
        if (!purpose || !Number.isInteger(index)) {
          return fail('UNKNOWN_STATUS_LIST', 'status', `Status entry (${String(entry.statusPurpose)}, ${String(entry.statusListCredential)}) does not point to one of this issuer's status lists.`, extra);
        }
        const liste = await statusListe(purpose);
        if (index < 0 || index >= liste.bits.length * 8) return fail('UNKNOWN_STATUS_LIST', 'status', `Status list index ${index} is outside the list.`, extra);
        if (bitAt(liste.bits, index)) {
          return purpose === 'revocation'
            ? fail('REVOKED', 'status', `The award was revoked: bit ${index} is set in the revocation status list ${entry.statusListCredential}.`, extra)
            : fail('SUSPENDED', 'status', `The award is suspended: bit ${index} is set in the suspension status list ${entry.statusListCredential}.`, extra);
        }
      }
      checks.push({ check: 'status', ok: true, message: 'Neither revoked nor suspended (Bitstring Status Lists).' });
      return { verified: true, checks, ...extra };
    },
  };
  return service;
};

export type SignetService = ReturnType<typeof createSignetService>;
