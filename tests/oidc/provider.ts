/**
 * A real OpenID provider for tests (the `oidc-provider` package), in this process on a random
 * loopback port. Its login step is a minimal interaction: it logs in the account named by
 * `nextLogin` (or answers with an error such as access_denied) and grants the requested scopes.
 * Claims beyond `sub` come from the UserInfo endpoint, as with many real providers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
  ars?: string[] | string;
}

export const CLIENT_ID = 'digitales-amt';
export const CLIENT_SECRET = 'ein-geheimnis-nur-fuer-tests-0123456789';

export async function startTestProvider(opts: { redirectUri: string; postLogoutRedirectUri: string }) {
  const accounts = new Map<string, TestAccount>();
  const nextLogin: { account?: string; error?: string } = {};
  let provider: Provider;

  const interaktion = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (nextLogin.error) {
        await provider.interactionFinished(req, res, { error: nextLogin.error, error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
        return;
      }
      const accountId = nextLogin.account as string;
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  };
  // Both answer their own errors: the provider's Koa callback and the try/catch above.
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) void provider.callback()(req, res);
    else void interaktion(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-1', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['cookie-schluessel-nur-fuer-tests'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], verwaltung: ['groups', 'ars'] },
    scopes: ['openid', 'email', 'profile', 'verwaltung'],
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });

  return {
    issuer,
    accounts,
    nextLogin,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A cookie jar over fetch for the provider's pages (redirects followed by hand). */
export class ProviderBrowser {
  private cookies = new Map<string, string>();

  async get(url: string) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows the provider's redirects until one leaves the provider; returns that URL. */
  async followUntil(start: string, leavesAt: string): Promise<URL> {
    let url = start;
    for (let i = 0; i < 10; i++) {
      const res = await this.get(url);
      const location = res.headers.get('location');
      if (!location) throw new Error(`provider answered ${res.status} at ${url}: ${(await res.text()).slice(0, 300)}`);
      const next = new URL(location, url);
      if (next.href.startsWith(leavesAt)) return next;
      url = next.href;
    }
    throw new Error('too many redirects at the provider');
  }
}
