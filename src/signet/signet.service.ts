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
import {
  generateKeyPair,
  type Kek,
  kekAus,
  KekFehltError,
  privateKeyObject,
  type PublicJwk,
  publicKeyObject,
  unwrapPrivateJwk,
  wrapFormat,
  wrapPrivateJwk,
} from './signet.keys';
import type { SchluesselRow, SignetFakten, SignetRepository } from './signet.repository';
import { bitAt, decodeStatusList, encodeStatusList } from './signet.statuslist';
import { renderSignetSvg, renderUnbekanntSvg, type SignetDaten } from './signet.svg';

export interface SignetSettings {
  publicBaseUrl: string;
  issuerName: string;
  issuerUrl: string;
  /** did:web host; default: the host of publicBaseUrl. */
  didHost?: string;
  /** Key-encryption keys as configured (SIGNET_KEK, then SIGNET_KEK_VORHER): the first wraps, every one unwraps. */
  keks: string[];
  /** Session secrets: open keys of the old format (wrapped under SESSION_SECRET) once, to re-wrap them. */
  alteGeheimnisse: string[];
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

/** One stored signing key as `signet status` shows it (never the private part). */
export interface SchluesselStatus {
  kid: string;
  aktiv: boolean;
  erstelltAm: Date;
  abgeloestAm: Date | null;
  /** `v2` under a KEK, `v1` the old format under the session secret. */
  format: 'v1' | 'v2' | 'unbekannt';
  kekId?: string;
  /** Wrapped under the current KEK (nothing to do). */
  unterAktuellemKek: boolean;
  /** Can be unwrapped with the configured KEKs or old secrets. */
  lesbar: boolean;
}

/** What a re-wrap did. */
export interface PflegeErgebnis {
  /** Identifier of the KEK everything is wrapped under now. */
  kekId: string;
  /** Keys re-wrapped under it (kid). */
  umgeschluesselt: string[];
  /** A new active key, when the active one was in the old format and could not be opened. */
  neuerSchluessel?: { kid: string; vorher: string };
  /** Retired keys that cannot be opened with what is configured; they stay published for verification. */
  unlesbar: string[];
}

export const createSignetService = (repo: SignetRepository, clock: Clock, settings: SignetSettings) => {
  const baseUrl = settings.publicBaseUrl.replace(/\/$/, '');
  const did = didWebFor(settings.didHost ?? new URL(baseUrl).host);
  const issuer: IssuerInfo = { did, name: settings.issuerName, url: settings.issuerUrl, baseUrl };
  if (settings.keks.length === 0) throw new Error('signet: no key-encryption key configured');
  /** KEKs, current first. A KEK rotation puts a new one in front (kekWechseln). */
  let ring: Kek[] = settings.keks.map(kekAus);
  const ttlMs = settings.cacheTtlSeconds * 1000;
  const bilder = new Map<string, CacheEintrag>();
  /** The image for unknown numbers, per format and width (at most five entries). */
  const unbekannteBilder = new Map<string, SignetBild>();
  const laufend = new Map<string, Promise<SignetBild>>();

  const cacheControl = `public, max-age=${settings.maxAgeSeconds}, stale-while-revalidate=${settings.staleWhileRevalidateSeconds}`;

  const datenAus = (f: SignetFakten): SignetDaten => ({ name: f.anzeigename || f.kurzname || f.name, jahr: Number(f.verliehenAm.slice(0, 4)), zertifikatNr: f.zertifikatNr, status: f.status });

  const renderBild = (d: SignetDaten | null, format: SignetFormat, breite: number): SignetBild => {
    const svg = d ? renderSignetSvg(d) : renderUnbekanntSvg();
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
    if (!d) {
      // Unknown numbers share one image per format and size, rendered once: a flood of made-up
      // numbers costs one indexed query each, never a rendering, and fills no memory.
      bilder.delete(cacheKey);
      const k = `${format}|${breite}`;
      let unbekannt = unbekannteBilder.get(k);
      if (!unbekannt) {
        unbekannt = renderBild(null, format, breite);
        unbekannteBilder.set(k, unbekannt);
      }
      return unbekannt;
    }
    const bild = renderBild(d, format, breite);
    if (bilder.size >= MAX_CACHE) bilder.delete(bilder.keys().next().value as string);
    bilder.set(cacheKey, { key, bild, geprueftAm: now });
    return bild;
  }

  // ---- keys
  let schluesselCache: { at: number; aktiv: { kid: string; key: crypto.KeyObject }; alle: PublicJwk[] } | undefined;
  /**
   * Private keys once opened, by kid. A key never changes under its kid, so a re-wrap by another
   * instance (new KEK) does not force this one to open it again.
   */
  const geoeffnet = new Map<string, crypto.KeyObject>();
  const neuerSchluessel = () => {
    const k = generateKeyPair();
    return { kid: k.kid, alg: 'EdDSA', publicJwk: k.publicJwk, privateEnc: wrapPrivateJwk(k.privateJwk, k.kid, ring[0]), aktiv: true, erstelltAm: clock.now() };
  };
  const unterAktuellemKek = (row: SchluesselRow) => {
    const f = wrapFormat(row.privateEnc);
    return f.format === 'v2' && f.kekId === ring[0].id;
  };

  async function schluessel() {
    if (schluesselCache && Date.now() - schluesselCache.at < 60_000) return schluesselCache;
    let aktiv = await repo.aktiverSchluessel();
    if (!aktiv) {
      await repo.ersterSchluessel(neuerSchluessel());
      aktiv = await repo.aktiverSchluessel();
      if (!aktiv) throw new Error('signet: no active issuer key after creating one');
    }
    let key = geoeffnet.get(aktiv.kid);
    if (!key) {
      if (!unterAktuellemKek(aktiv)) {
        // Old format or an earlier KEK: re-wrap first (as at start), then use what that left active.
        await pflegen();
        aktiv = (await repo.aktiverSchluessel()) as SchluesselRow;
      }
      key = privateKeyObject(unwrapPrivateJwk(aktiv.privateEnc, aktiv.kid, ring, settings.alteGeheimnisse));
      geoeffnet.set(aktiv.kid, key);
    }
    const alle = (await repo.schluessel()).map((r) => r.publicJwk as PublicJwk);
    schluesselCache = { at: Date.now(), aktiv: { kid: aktiv.kid, key }, alle };
    return schluesselCache;
  }

  /**
   * Re-wraps every stored key that is not under the current KEK, in one transaction. A key of the
   * old format that no configured secret opens (an installation that ran with the former built-in
   * development secret) cannot be trusted to be private: when it is the active one, a new key
   * takes over and the old one stays published, so credentials signed with it still verify.
   * An active key under a KEK that is not configured is a misconfiguration: nothing changes and
   * KekFehltError names the KEK.
   */
  async function pflegen(): Promise<PflegeErgebnis> {
    const kek = ring[0];
    const r = await repo.umschluesseln((rows) => {
      const neu: { kid: string; privateEnc: string }[] = [];
      const unlesbar: string[] = [];
      let ersetzen: SchluesselRow | undefined;
      for (const row of rows) {
        if (unterAktuellemKek(row)) continue;
        let jwk: crypto.JsonWebKey;
        try {
          jwk = unwrapPrivateJwk(row.privateEnc, row.kid, ring, settings.alteGeheimnisse);
        } catch (e) {
          if (!(e instanceof KekFehltError)) throw e;
          if (row.aktiv && e.kekId) throw e;
          if (row.aktiv) ersetzen = row;
          unlesbar.push(row.kid);
          continue;
        }
        neu.push({ kid: row.kid, privateEnc: wrapPrivateJwk(jwk, row.kid, kek) });
      }
      return { neu, unlesbar, ersetzeAktiven: ersetzen ? neuerSchluessel() : undefined, vorher: ersetzen?.kid };
    }, clock.now());
    if (r.neu.length > 0 || r.ersetzeAktiven) {
      schluesselCache = undefined;
      listenCache.clear();
    }
    return {
      kekId: kek.id,
      umgeschluesselt: r.neu.map((n) => n.kid),
      neuerSchluessel: r.ersetzeAktiven && r.vorher ? { kid: r.ersetzeAktiven.kid, vorher: r.vorher } : undefined,
      unlesbar: r.unlesbar,
    };
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
      const neu = neuerSchluessel();
      await repo.rotiere(neu, clock.now());
      schluesselCache = undefined;
      listenCache.clear();
      return { kid: neu.kid, vorher };
    },

    /** Re-wraps every key not under the current KEK (at start, and after a KEK change). */
    schluesselPflegen: pflegen,

    /**
     * Makes `kekWert` the current KEK (the previous ones stay usable for unwrapping) and re-wraps
     * every stored key under it in one transaction. The signing keys themselves do not change.
     */
    async kekWechseln(kekWert: string): Promise<PflegeErgebnis> {
      const neu = kekAus(kekWert);
      ring = [neu, ...ring.filter((k) => k.id !== neu.id)];
      return pflegen();
    },

    /** Identifier of the current KEK (never the KEK itself). */
    kekId: () => ring[0].id,

    /** Every stored key with its wrapping (for `signet status`). */
    async schluesselStatus(): Promise<SchluesselStatus[]> {
      return (await repo.schluessel()).map((r) => {
        const f = wrapFormat(r.privateEnc);
        let lesbar = true;
        try {
          unwrapPrivateJwk(r.privateEnc, r.kid, ring, settings.alteGeheimnisse);
        } catch {
          lesbar = false;
        }
        return {
          kid: r.kid,
          aktiv: r.aktiv,
          erstelltAm: r.erstelltAm,
          abgeloestAm: r.abgeloestAm,
          format: f.format,
          kekId: f.format === 'v2' ? f.kekId : undefined,
          unterAktuellemKek: unterAktuellemKek(r),
          lesbar,
        };
      });
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

/**
 * At every start: re-wraps the keys that are not under the current KEK (the migration of keys
 * wrapped under SESSION_SECRET, and the second half of a KEK change). A problem is logged and the
 * start goes on: the signet images need no private key, and a credential request names the problem.
 */
export async function signetSchluesselBeimStart(
  signet: SignetService,
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void },
): Promise<PflegeErgebnis | undefined> {
  try {
    const r = await signet.schluesselPflegen();
    if (r.umgeschluesselt.length > 0) log.info({ kek: r.kekId, kids: r.umgeschluesselt }, `Signaturschlüssel unter dem aktuellen KEK neu verschlüsselt: ${r.umgeschluesselt.length}`);
    if (r.neuerSchluessel) {
      log.warn(
        r.neuerSchluessel,
        'Der aktive Signaturschlüssel war im alten Format mit einem nicht konfigurierten Geheimnis verschlüsselt und gilt nicht als geheim: ein neuer signiert ab jetzt, der alte bleibt zur Prüfung veröffentlicht',
      );
    }
    // Stays so at every start; nothing to do about it, so not a warning.
    if (r.unlesbar.length > 0) log.info({ kids: r.unlesbar }, 'Abgelöste Signaturschlüssel, die nicht geöffnet werden können (nur noch zur Prüfung veröffentlicht)');
    return r;
  } catch (e) {
    log.error({ err: e }, `Signaturschlüssel: ${(e as Error).message}`);
    return undefined;
  }
}
