/** Builds the app on a test database and helps with forms (CSRF token and cookies). */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app';
import { createAuthRepository } from '../../src/auth/auth.repository';
import { createAuthService } from '../../src/auth/auth.service';

import type { Netzzugang } from '../../src/linkcheck/linkcheck.probe';
import { type Clock, systemClock } from '../../src/shared/clock';
import { testConfig } from '../../src/shared/config';
import type { Database } from '../../src/shared/db';
import { type Role } from '../../src/shared/handelnde';

export const TEST_PASSWORD = 'Ein-langes-Test-Passwort-2026';

export async function buildTestApp(database: Database, opts: { clock?: Clock; env?: Record<string, string>; linkcheckNetz?: Netzzugang } = {}) {
  // Tests log in many times from one address; the per-IP limit has its own test.
  const config = testConfig({ LOGIN_RATE_PRO_MINUTE: '1000', ...opts.env });
  const app = await buildApp({ config, database, clock: opts.clock ?? systemClock, linkcheckNetz: opts.linkcheckNetz });
  await app.ready();
  return app;
}

export async function aUser(database: Database, role: Role, behoerden: string[] = [], email?: string) {
  const auth = createAuthService(createAuthRepository(database.db), systemClock, { idleMinutes: 60, absoluteHours: 12, maxFehlversuche: 5, sperreMinuten: 15 });
  const { user } = await auth.createUser(
    { label: 'test' },
    { email: email ?? `${role}.${Math.random().toString(36).slice(2, 8)}@test.example`, name: `Test ${role}`, role, behoerden, password: TEST_PASSWORD },
  );
  return user;
}

/** A cookie jar for `app.inject()`. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(private app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Loads `formPage` for its CSRF token, then posts the form like a browser. */
  async submit(formPage: string, action: string, fields: Record<string, string>) {
    const page = await this.get(formPage);
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error(`no CSRF token on ${formPage}`);
    return this.post(action, { ...fields, _csrf: token });
  }

  async post(url: string, fields: Record<string, string>) {
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }

  async login(email: string, password = TEST_PASSWORD) {
    return this.submit('/anmelden', '/anmelden', { email, password });
  }
}
