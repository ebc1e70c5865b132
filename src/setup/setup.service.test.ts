import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { createDemoAccounts, DEMO_ACCOUNTS, formatCredentials } from './setup.service';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  // The Behörden the demo accounts are bound to.
  for (const ars of new Set(DEMO_ACCOUNTS.flatMap((a) => a.behoerden))) await aBehoerde(database, { ars, name: `Demo ${ars}` });
});
afterAll(async () => {
  await database?.close();
});

describe('demo accounts', () => {
  it('each gets its own one-time password, shown once, to be changed at the first login', async () => {
    const app = await buildTestApp(database);
    try {
      const accounts = await createDemoAccounts(app.services.auth, { info: () => {} });
      expect(accounts.map((a) => a.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
      expect(new Set(accounts.map((a) => a.password)).size).toBe(accounts.length);
      const banner = formatCredentials('http://localhost:3000', accounts);
      for (const a of accounts) expect(banner.split(a.password)).toHaveLength(2);

      // The two reviewers cannot use each other's password; each must change their own first.
      const [a, b] = accounts.filter((x) => x.role === 'ministry_reviewer');
      expect((await new Browser(app).login(a.email, b.password)).statusCode).toBe(400);
      const login = await new Browser(app).login(a.email, a.password);
      expect(login.headers.location).toBe('/konto/passwort');
    } finally {
      await app.close();
    }
  });
});
