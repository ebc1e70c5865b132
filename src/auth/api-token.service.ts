/**
 * Personal API tokens for machine clients: a user creates a named token with an expiry (at most a
 * year) and a scope (read or write links); it acts as that user, within the user's own rights, on
 * the link API. Only the SHA-256 of the token is stored; it is shown once.
 */
import crypto from 'node:crypto';
import { recordAudit, type Actor } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import { type ApiTokenRepository, type ApiTokenRow, createApiTokenRepository, type TokenUmfang } from './api-token.repository';
import { type AuthRepository, toSessionUser } from './auth.repository';
import { hashToken } from './auth.service';
import { type SessionUser } from '../shared/handelnde';

/** Recognisable prefix: tells our tokens from other bearer tokens and lets secret scanners find leaked ones. */
export const TOKEN_PRAEFIX = 'da_';
export const MAX_GUELTIGKEIT_TAGE = 365;
export const TOKEN_UMFAENGE: readonly TokenUmfang[] = ['lesen', 'schreiben'];

/**
 * Thrown when a bearer token cannot be used: 401 (unknown, expired, revoked, account deactivated)
 * or 403 (scope too small, route not open to tokens). Messages in English like the rest of the API.
 */
export class ApiTokenError extends AppError {
  constructor(
    readonly code: string,
    readonly status: 401 | 403,
    message: string,
    /** RFC 6750 §3.1 error code for the WWW-Authenticate header. */
    readonly bearerError: 'invalid_token' | 'insufficient_scope',
  ) {
    super(message);
  }
}

export interface NewApiToken {
  name: string;
  umfang: string;
  gueltigTage: number;
}

const DAY = 24 * 3600_000;

export const createApiTokenService = (repo: ApiTokenRepository, authRepo: AuthRepository, clock: Clock) => ({
  /** Creates a token; the returned `token` is the only time it is ever readable. */
  async create(actor: Actor, userId: string, input: NewApiToken): Promise<{ token: string; row: ApiTokenRow }> {
    const errors: { field: string; message: string }[] = [];
    const name = input.name.trim();
    if (!name) errors.push({ field: 'name', message: 'Bitte geben Sie dem Token einen Namen, z. B. „CMS der Gemeinde“.' });
    else if (name.length > 100) errors.push({ field: 'name', message: 'Der Name darf höchstens 100 Zeichen lang sein.' });
    if (!(TOKEN_UMFAENGE as readonly string[]).includes(input.umfang)) errors.push({ field: 'umfang', message: 'Bitte wählen Sie „Lesen“ oder „Lesen und Schreiben“.' });
    if (!Number.isInteger(input.gueltigTage) || input.gueltigTage < 1 || input.gueltigTage > MAX_GUELTIGKEIT_TAGE) {
      errors.push({ field: 'gueltigTage', message: `Die Gültigkeit muss zwischen 1 und ${MAX_GUELTIGKEIT_TAGE} Tagen liegen.` });
    }
    if (errors.length > 0) throw new ValidationError('Das Token wurde nicht angelegt.', errors);
    const token = `${TOKEN_PRAEFIX}${crypto.randomBytes(32).toString('base64url')}`;
    const now = clock.now();
    const row = await repo.db.transaction(async (tx) => {
      const r = await createApiTokenRepository(tx).insert({
        userId,
        name,
        tokenHash: hashToken(token),
        praefix: token.slice(0, TOKEN_PRAEFIX.length + 6),
        umfang: input.umfang as TokenUmfang,
        erstelltAm: now,
        laeuftAbAm: new Date(now.getTime() + input.gueltigTage * DAY),
      });
      await recordAudit(tx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: r.id, after: { name, umfang: r.umfang, laeuftAbAm: r.laeuftAbAm.toISOString(), userId } });
      return r;
    });
    return { token, row };
  },

  list: (userId: string) => repo.listOfUser(userId),

  async revoke(actor: Actor, userId: string, id: string) {
    const row = await repo.revoke(userId, id, clock.now());
    if (!row) throw new NotFoundError('Dieses Token gibt es nicht (mehr) oder es ist schon widerrufen.');
    await recordAudit(repo.db, actor, { action: 'api_token.revoke', objectType: 'api_token', objectId: id, before: { name: row.name, umfang: row.umfang } });
    return row;
  },

  /**
   * Resolves a bearer token to its user and scope, or throws an ApiTokenError (401). The user's
   * role and Behörden are read at every request, so a changed right applies at once.
   */
  async authenticate(token: string): Promise<{ user: SessionUser; token: ApiTokenRow }> {
    const invalid = (code: string, message: string) => new ApiTokenError(code, 401, message, 'invalid_token');
    const row = token.startsWith(TOKEN_PRAEFIX) ? await repo.findByHash(hashToken(token)) : undefined;
    if (!row) throw invalid('TOKEN_INVALID', 'The API token is not valid.');
    const now = clock.now();
    if (row.widerrufenAm) throw invalid('TOKEN_REVOKED', 'The API token has been revoked.');
    if (row.laeuftAbAm.getTime() <= now.getTime()) throw invalid('TOKEN_EXPIRED', `The API token expired at ${row.laeuftAbAm.toISOString()}.`);
    const user = await authRepo.findUserById(row.userId);
    if (!user || !user.active) throw invalid('TOKEN_ACCOUNT_INACTIVE', 'The account this API token belongs to is deactivated.');
    // Like sessions: write the last use at most once a minute.
    if (!row.zuletztGenutztAm || now.getTime() - row.zuletztGenutztAm.getTime() > 60_000) await repo.touch(row.id, now);
    return { user: toSessionUser(user, await authRepo.behoerdenOf(user.id)), token: row };
  },
});

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
