/**
 * Bearer tokens on the link API. Tokens act as their user, within the user's own rights, only on
 * the routes listed here; reading needs scope `lesen`, changing needs `schreiben`. Errors follow
 * RFC 6750 §3: 401 with `WWW-Authenticate: Bearer error="invalid_token"`, 403 with
 * `error="insufficient_scope"`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiTokenRow } from './api-token.repository';
import { ApiTokenError, TOKEN_PRAEFIX } from './api-token.service';

/** Routes open to API tokens (method + route pattern) and the scope each needs. */
export const TOKEN_ROUTES: Record<string, 'lesen' | 'schreiben'> = {
  'GET /api/v1/verfahren': 'lesen',
  'GET /api/v1/verfahren/:id': 'lesen',
  'GET /api/v1/behoerden/:ars/verlinkungen': 'lesen',
  'GET /api/v1/behoerden/:ars/verlinkungen/historie': 'lesen',
  'GET /api/v1/behoerden/:ars/zaehlstand': 'lesen',
  'GET /api/v1/behoerden/:ars/chancen': 'lesen',
  'PUT /api/v1/behoerden/:ars/verlinkungen/:verfahrenId': 'schreiben',
  'PATCH /api/v1/behoerden/:ars/verlinkungen/:verfahrenId': 'schreiben',
  'DELETE /api/v1/behoerden/:ars/verlinkungen/:verfahrenId': 'schreiben',
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request is authenticated by an API token instead of a session. */
    apiToken?: ApiTokenRow;
  }
}

/** The token of an `Authorization: Bearer da_…` header; other bearer tokens (e.g. for /metrics) are not ours. */
export function ownBearerToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m && m[1].startsWith(TOKEN_PRAEFIX) ? m[1] : undefined;
}

/**
 * Authenticates a request by its API token (called from the app's onRequest hook when there is no
 * session cookie). Sets `req.user` and `req.apiToken`, or throws an ApiTokenError after setting the
 * WWW-Authenticate header.
 */
export async function authenticateBearer(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
  const challenge = (e: ApiTokenError, scope?: string) => {
    const parts = [`realm="digitales-amt"`, `error="${e.bearerError}"`, `error_description="${e.message.replace(/"/g, "'")}"`];
    if (scope) parts.push(`scope="${scope}"`);
    reply.header('www-authenticate', `Bearer ${parts.join(', ')}`);
    return e;
  };
  let result: Awaited<ReturnType<typeof app.services.apiTokens.authenticate>>;
  try {
    result = await app.services.apiTokens.authenticate(token);
  } catch (e) {
    if (e instanceof ApiTokenError) throw challenge(e);
    throw e;
  }
  const route = req.routeOptions.url;
  if (route === undefined) return; // not found: the not-found handler answers
  const needed = TOKEN_ROUTES[`${req.method} ${route}`];
  if (!needed) {
    throw challenge(new ApiTokenError('TOKEN_ROUTE_NOT_ALLOWED', 403, `API tokens are not accepted for ${req.method} ${route}; they work on the link API only.`, 'insufficient_scope'));
  }
  if (needed === 'schreiben' && result.token.umfang !== 'schreiben') {
    throw challenge(new ApiTokenError('TOKEN_SCOPE', 403, 'This API token may only read; changing links needs a token with write scope.', 'insufficient_scope'), 'schreiben');
  }
  req.user = result.user;
  req.apiToken = result.token;
}
