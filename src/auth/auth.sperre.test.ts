/**
 * The lockout holds under parallel attempts: every password check is reserved in the database
 * before it runs, so 50 wrong passwords at once are checked against the account's hash at most
 * LOGIN_MAX_FEHLVERSUCHE times — on PGlite, on PostgreSQL, and across two instances on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { createPostgresDatabase, testEngine } from '../../tests/support/db';
import { fixedClock } from '../shared/clock';
import { type Database, openDatabase } from '../shared/db';
import { createAuthRepository } from './auth.repository';
import { createAuthService, type SessionSettings } from './auth.service';
import { verifyPassword } from './password';

const SETTINGS: SessionSettings = { idleMinutes: 60, absoluteHours: 12, maxFehlversuche: 5, sperreMinuten: 15 };

let databases: Database[] = [];

beforeAll(async () => {
  if (testEngine() === 'postgres') {
    // Two instances: two connection pools on one database, as two server processes would have.
    const url = await createPostgresDatabase();
    databases = [await openDatabase({ databaseUrl: url, poolSize: 8 }), await openDatabase({ databaseUrl: url, poolSize: 8 })];
  } else {
    databases = [await openDatabase({ dataDir: 'memory://' })];
  }
});
afterAll(async () => {
  for (const d of databases) await d.close();
});

/** Auth services on each database that count how often the given hash is checked. */
function dienste(hash: () => string, clock = fixedClock('2026-12-06T10:00:00Z')) {
  const zaehler = { echteHashPruefungen: 0, allePruefungen: 0 };
  const pruefePasswort = async (h: string, pw: string) => {
    zaehler.allePruefungen++;
    if (h === hash()) zaehler.echteHashPruefungen++;
    return verifyPassword(h, pw);
  };
  const services = databases.map((d) => createAuthService(createAuthRepository(d.db), clock, SETTINGS, { publicBaseUrl: 'http://localhost:3000', einladungStunden: 72, rollenVomLandesLogin: false, pruefePasswort }));
  return { services, zaehler, clock };
}

async function einKonto() {
  const user = await aUser(databases[0], 'ministry_reviewer');
  const row = await createAuthRepository(databases[0].db).findUserById(user.id);
  return { email: user.email, hash: row?.passwordHash as string };
}

describe('lockout under parallel attempts', () => {
  it(`checks 50 parallel wrong passwords at most ${SETTINGS.maxFehlversuche} times against the hash`, async () => {
    const konto = await einKonto();
    const { services, zaehler } = dienste(() => konto.hash);
    const ergebnisse = await Promise.all(Array.from({ length: 50 }, (_, i) => services[i % services.length].authenticate(konto.email, `falsch-${i}-falsch`)));
    expect(ergebnisse.every((r) => r === undefined)).toBe(true);
    expect(zaehler.echteHashPruefungen).toBe(SETTINGS.maxFehlversuche);
    // The other 45 did the same work on a dummy hash: the answer time tells nothing.
    expect(zaehler.allePruefungen).toBe(50);
    const [row] = await databases[0].query<{ gesperrt_bis: Date | null; fehlversuche: number }>('select gesperrt_bis, fehlversuche from users where lower(email) = lower($1)', [konto.email]);
    expect(row.gesperrt_bis).not.toBeNull();
    const [{ n }] = await databases[0].query<{ n: number }>("select count(*)::int as n from audit_log where action = 'user.locked' and object_id = (select id::text from users where lower(email) = lower($1))", [konto.email]);
    expect(n).toBe(1);
  });

  it('refuses the right password while locked, without checking it, and accepts it after the lockout', async () => {
    const konto = await einKonto();
    const { services, zaehler, clock } = dienste(() => konto.hash);
    const [a] = services;
    for (let i = 0; i < SETTINGS.maxFehlversuche; i++) await a.authenticate(konto.email, `falsch-${i}-falsch`);
    expect(zaehler.echteHashPruefungen).toBe(SETTINGS.maxFehlversuche);
    expect(await a.authenticate(konto.email, 'Ein-langes-Test-Passwort-2026')).toBeUndefined();
    expect(zaehler.echteHashPruefungen).toBe(SETTINGS.maxFehlversuche);
    clock.advance(SETTINGS.sperreMinuten * 60_000 + 1000);
    expect((await a.authenticate(konto.email, 'Ein-langes-Test-Passwort-2026'))?.email).toBe(konto.email);
  });

  it('starts counting afresh after a successful login', async () => {
    const konto = await einKonto();
    const { services } = dienste(() => konto.hash);
    const [a] = services;
    for (let i = 0; i < SETTINGS.maxFehlversuche - 1; i++) await a.authenticate(konto.email, `falsch-${i}-falsch`);
    const user = await a.authenticate(konto.email, 'Ein-langes-Test-Passwort-2026');
    expect(user).toBeDefined();
    await a.startSession(user?.id as string);
    for (let i = 0; i < SETTINGS.maxFehlversuche - 1; i++) await a.authenticate(konto.email, `falsch-${i}-falsch`);
    expect(await a.authenticate(konto.email, 'Ein-langes-Test-Passwort-2026')).toBeDefined();
  });
});
