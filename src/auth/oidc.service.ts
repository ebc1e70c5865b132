/**
 * Login with the state identity provider (OpenID Connect, e.g. BayernID or a Keycloak of the
 * Land): authorization code flow with PKCE, state and nonce (RFC 9700 §2.1.1), the ID token
 * checked by openid-client. State, nonce and PKCE verifier stay on the server and are used once.
 * Roles come from a claim at every login, so a group removed at the provider removes the role at
 * the next login. Every login and every refusal is written to the audit trail.
 */
import crypto from 'node:crypto';
import * as client from 'openid-client';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { Config } from '../shared/config';
import { AppError } from '../shared/errors';
import type { AuthRepository } from './auth.repository';
import { createOidcRepository, type OidcRepository } from './oidc.repository';
import { BEHOERDEN_BOUND_ROLES } from './roles';
import { type Role } from '../shared/handelnde';

export type OidcSettings = NonNullable<Config['oidc']>;

/** How long the browser may stay at the provider before the started login is void. */
export const ANMELDUNG_MINUTEN = 10;

/**
 * Thrown when a login through the identity provider fails or is refused: 400 (bad or replayed
 * answer), 401 (cancelled or refused at the provider), 403 (no role here), 502 (provider not
 * reachable). The message is German and says what to do.
 */
export class OidcError extends AppError {
  constructor(
    readonly code: string,
    readonly status: 400 | 401 | 403 | 502,
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('base64url');

/** Reads a claim by name; a dotted name reaches into objects (Keycloak: `realm_access.roles`). */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  return name.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), claims);
}

/** A claim as a list of strings: arrays as they are, strings split at commas and spaces. */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(/[,\s]+/).filter(Boolean);
  return [];
}

/** The role for a person's groups: the first entry of the mapping whose group they have. */
export function roleFromGroups(groups: string[], mapping: [string, Role][]): Role | undefined {
  return mapping.find(([gruppe]) => groups.includes(gruppe))?.[1];
}

export const createOidcService = (settings: OidcSettings, repo: OidcRepository, authRepo: AuthRepository, clock: Clock) => {
  let discovered: Promise<client.Configuration> | undefined;

  /** The provider's metadata, fetched once (again after a failure). */
  async function configuration(): Promise<client.Configuration> {
    if (!discovered) {
      const issuer = new URL(settings.issuer);
      discovered = client.discovery(issuer, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
        // http only for a provider on this machine (config allows nothing else), e.g. in tests.
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      });
      discovered.catch(() => {
        discovered = undefined;
      });
    }
    try {
      return await discovered;
    } catch (e) {
      throw new OidcError('OIDC_UNREACHABLE', 502, `Der Landes-Login (${settings.issuer}) ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut. (${(e as Error).message})`);
    }
  }

  async function refuse(grund: string, details: Record<string, unknown>, error: OidcError): Promise<never> {
    await recordAudit(repo.db, { label: 'system:landes-login' }, { action: 'oidc.login_refused', objectType: 'oidc', objectId: String(details.sub ?? 'unbekannt'), after: { grund, ...details } });
    throw error;
  }

  const service = {
    /** Starts a login: returns the provider's authorization URL and the state for the browser's cookie. */
    async start(zurueck?: string) {
      const config = await configuration();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const now = clock.now();
      await repo.deleteExpiredAnmeldungen(now);
      await repo.insertAnmeldung({ stateHash: sha256(state), nonce, codeVerifier, zurueck, erstelltAm: now, laeuftAbAm: new Date(now.getTime() + ANMELDUNG_MINUTEN * 60_000) });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: settings.scopes,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state };
    },

    /**
     * Finishes a login with the provider's answer (the query of the redirect back). `browserState`
     * is the state from the browser's cookie: an answer for another browser's login is refused.
     */
    async finish(query: URLSearchParams, browserState: string | undefined) {
      const state = query.get('state') ?? '';
      const pending = state ? await repo.consumeAnmeldung(sha256(state)) : undefined;
      const providerError = query.get('error');
      if (providerError) {
        const text =
          providerError === 'access_denied'
            ? 'Die Anmeldung wurde beim Landes-Login abgebrochen oder abgelehnt.'
            : `Der Landes-Login hat die Anmeldung nicht durchgeführt (${providerError}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}).`;
        return refuse('fehler_vom_anbieter', { fehler: providerError }, new OidcError('OIDC_PROVIDER_ERROR', 401, `${text} Sie können es erneut versuchen.`));
      }
      if (!state || !browserState || state !== browserState) {
        return refuse('state_passt_nicht', {}, new OidcError('OIDC_STATE_MISMATCH', 400, 'Die Antwort des Landes-Login gehört nicht zu einer Anmeldung in diesem Browser. Bitte starten Sie die Anmeldung neu.'));
      }
      if (!pending) {
        return refuse('anmeldung_unbekannt', {}, new OidcError('OIDC_REPLAYED', 400, 'Diese Anmeldung wurde schon abgeschlossen oder ist unbekannt. Bitte starten Sie die Anmeldung neu.'));
      }
      if (pending.laeuftAbAm.getTime() <= clock.now().getTime()) {
        return refuse('anmeldung_abgelaufen', {}, new OidcError('OIDC_EXPIRED', 400, `Die Anmeldung hat länger als ${ANMELDUNG_MINUTEN} Minuten gedauert und ist abgelaufen. Bitte starten Sie sie neu.`));
      }

      const config = await configuration();
      const currentUrl = new URL(settings.redirectUrl);
      currentUrl.search = query.toString();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
      } catch (e) {
        const err = e as Error & { error?: string; code?: string };
        if (err instanceof client.ResponseBodyError) {
          return refuse('code_abgelehnt', { fehler: err.error }, new OidcError('OIDC_CODE_REJECTED', 400, `Der Landes-Login hat den Anmeldecode nicht angenommen (${err.error}); er war abgelaufen oder schon verwendet. Bitte starten Sie die Anmeldung neu.`));
        }
        if (err instanceof TypeError || err.code === 'OAUTH_TIMEOUT') {
          throw new OidcError('OIDC_UNREACHABLE', 502, 'Der Landes-Login ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.');
        }
        // openid-client wraps the failed check; its cause names it (e.g. the "nonce" claim).
        const detail = err.cause instanceof Error ? err.cause.message : err.message;
        return refuse(
          'id_token_ungueltig',
          { fehler: detail },
          new OidcError('OIDC_INVALID_RESPONSE', 400, `Die Antwort des Landes-Login wurde nicht angenommen (Prüfung fehlgeschlagen: ${detail}). Bitte starten Sie die Anmeldung neu.`),
        );
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw new OidcError('OIDC_INVALID_RESPONSE', 400, 'Der Landes-Login hat kein ID-Token geschickt.');
      let claims: Record<string, unknown> = { ...idClaims };
      // Providers often keep groups and e-mail out of the ID token: then ask the UserInfo endpoint.
      const missing = claimValue(claims, settings.rollenClaim) === undefined || !claims.email;
      if (missing && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims };
      }
      const result = await service.mapToUser(idClaims.iss, idClaims.sub, claims);
      return { ...result, idToken: tokens.id_token as string, zurueck: pending.zurueck ?? undefined };
    },

    /**
     * Maps a verified identity to a local account: its role from the group claim, its Behörden
     * from the ARS claim; creates the account when allowed. Refuses with a reason otherwise.
     */
    async mapToUser(issuer: string, sub: string, claims: Record<string, unknown>) {
      const groups = claimList(claimValue(claims, settings.rollenClaim));
      const role = roleFromGroups(groups, settings.rollenZuordnung);
      const email = typeof claims.email === 'string' ? claims.email.trim() : undefined;
      const name =
        (typeof claims.name === 'string' && claims.name.trim()) ||
        [claims.given_name, claims.family_name].filter((v) => typeof v === 'string').join(' ').trim() ||
        email ||
        sub;
      const identity = await repo.findIdentity(issuer, sub);
      let user = identity ? await authRepo.findUserById(identity.userId) : undefined;
      // Linking by e-mail only when the provider vouches for the address (OpenID Connect Core
      // §5.1: email_verified true); a missing claim is not a confirmation.
      if (!user && email && claims.email_verified === true) user = await authRepo.findUserByEmail(email);

      if (!role) {
        // The group was taken away at the provider: sessions that still run end now.
        if (user && identity) await authRepo.deleteSessionsOfUser(user.id);
        return refuse('keine_rolle', { sub, email, gruppen: groups }, new OidcError('OIDC_NO_ROLE', 403, 'Ihr Konto beim Landes-Login hat keine Rolle auf dieser Plattform. Bitte wenden Sie sich an die Administration Ihrer Behörde oder im Staatsministerium.'));
      }
      if (user && !user.active) {
        return refuse('konto_deaktiviert', { sub, email, userId: user.id }, new OidcError('OIDC_ACCOUNT_INACTIVE', 403, 'Ihr Konto auf dieser Plattform ist deaktiviert. Bitte wenden Sie sich an die Administration im Staatsministerium.'));
      }
      if (!user && !settings.kontenAnlegen) {
        return refuse('unbekannt', { sub, email }, new OidcError('OIDC_UNKNOWN_USER', 403, 'Für Ihre Anmeldung gibt es auf dieser Plattform noch kein Konto. Bitte lassen Sie es von der Administration im Staatsministerium anlegen.'));
      }
      if (!user && !email) {
        return refuse('keine_email', { sub }, new OidcError('OIDC_NO_EMAIL', 403, 'Der Landes-Login hat keine E-Mail-Adresse übermittelt; ohne sie kann kein Konto angelegt werden.'));
      }
      if (!user && email && (await authRepo.findUserByEmail(email))) {
        // Only reachable without email_verified: true — an unconfirmed address never takes over an account.
        return refuse('email_unbestaetigt', { sub, email }, new OidcError('OIDC_EMAIL_UNVERIFIED', 403, `Ein Konto mit der E-Mail-Adresse ${email} gibt es schon; der Landes-Login hat die Adresse aber nicht als bestätigt gemeldet. Bitte wenden Sie sich an die Administration im Staatsministerium.`));
      }
      let behoerden: string[] = [];
      if (BEHOERDEN_BOUND_ROLES.includes(role)) {
        const genannt = [...new Set(claimList(claimValue(claims, settings.behoerdenClaim)))];
        behoerden = await authRepo.existingBehoerden(genannt);
        if (behoerden.length === 0) {
          return refuse('keine_behoerde', { sub, email, role, genannt }, new OidcError('OIDC_NO_BEHOERDE', 403, `Ihre Rolle braucht mindestens eine Behörde; der Landes-Login hat im Merkmal „${settings.behoerdenClaim}“ keinen bekannten Amtlichen Regionalschlüssel (ARS) übermittelt.`));
        }
      }

      const now = clock.now();
      const userId = await repo.db.transaction(async (tx) => {
        const r = createOidcRepository(tx);
        const before = user ? { role: user.role, name: user.name } : undefined;
        const id = user ? user.id : await r.insertUser({ email: email as string, name, role });
        if (user) await r.updateUser(id, { name, role });
        await r.replaceBehoerden(id, behoerden);
        if (identity) await r.touchIdentity(issuer, sub, now);
        else await r.linkIdentity(issuer, sub, id, now);
        await recordAudit(tx, { id, label: email ?? user?.email ?? sub, role }, {
          action: 'oidc.login',
          objectType: 'user',
          objectId: id,
          before,
          after: { role, behoerden, issuer, sub, angelegt: !user, verknuepft: !identity },
        });
        return id;
      });
      return { userId, role, behoerden, created: !user };
    },

    /** Where to send the browser after the local logout: the provider's end-session endpoint, if it has one. */
    async endSessionUrl(idToken: string): Promise<string | undefined> {
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch {
        return undefined; // the local logout is done; the provider's session ends on its own
      }
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: settings.postLogoutRedirectUrl }).href;
    },
  };
  return service;
};

export type OidcService = ReturnType<typeof createOidcService>;
