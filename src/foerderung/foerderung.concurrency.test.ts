/**
 * The budget under concurrent approvals: never over-committed, no grant counted twice.
 *
 * - Every engine: many approvals at once in one app (Promise.all), each application approved by
 *   two officers at the same moment.
 * - PostgreSQL run: the same across two app instances (two `buildApp`, two connection pools) on
 *   one database — what several servers behind a load balancer do.
 * - PGlite run: a second instance cannot open the same embedded database at all (directory lock),
 *   which is why several instances need PostgreSQL; that refusal is tested instead.
 * The test names say which engine ran them; nothing is skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { createPostgresDatabase, openTestDatabase, testEngine } from '../../tests/support/db';
import { type Database, DataDirLockedError, openDatabase } from '../shared/db';
import type { AppError } from '../shared/errors';
import type { FoerderungService } from './foerderung.service';
import type { Handelnde } from '../shared/handelnde';
import { eineEingabe, einAntragsteller, sachbearbeitung } from './testing/fixtures';

const engine = testEngine() === 'postgres' ? 'PostgreSQL' : 'PGlite';
/** 50,000 EUR budget, grants of 8,000 EUR each: exactly 6 fit (48,000), the 7th would exceed it. */
const ENV = { FOERDER_BUDGET_EUR: '50000' };
const PASST = 6;
const ANTRAEGE = 16;

/** Applications checked by officer A, ready for a decision. */
async function geprueftAntraege(database: Database, app: FastifyInstance, a: Handelnde, n: number): Promise<string[]> {
  const f = app.services.foerderung;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    // Portal conditions are open (not failed) at the decision, so no linked services are needed here.
    const g = await einAntragsteller(database, app.services, { dienste: 0 });
    const x = await f.erstelleEntwurf(g.editor, g.ars, eineEingabe());
    await f.reicheEin(g.editor, x.id);
    await f.pruefe(a, x.id, { empfehlung: 'bewilligen' });
    ids.push(x.id);
  }
  return ids;
}

const ergebnis = async (p: Promise<unknown>) =>
  p.then(
    () => 'bewilligt' as const,
    (e: AppError) => {
      if (e.code !== 'CONFLICT') throw e;
      return e.details?.some((d) => d.field === 'budget') ? ('budget' as const) : ('schon_entschieden' as const);
    },
  );

async function pruefeLedger(database: Database, f: FoerderungService, officer: Handelnde, ids: string[]) {
  const rows = await database.query<{ antrag_id: string; n: string; summe: string }>(
    `select antrag_id, count(*)::text as n, sum(betrag_cent)::text as summe from foerder_buchungen where art = 'bindung' group by antrag_id`,
  );
  const h = await f.haushalt(officer);
  // Never over-committed, and exactly the six that fit.
  expect(h.stand.gebundenCent <= h.stand.gesamtCent).toBe(true);
  expect(h.stand.gebundenCent).toBe(BigInt(PASST) * 800_000n);
  expect(h.restCent).toBe(5_000_000n - BigInt(PASST) * 800_000n);
  // No grant counted twice.
  expect(rows.every((r) => r.n === '1' && r.summe === '800000')).toBe(true);
  expect(rows.length).toBe(PASST);
  // The applications agree with the ledger.
  const status = await database.query<{ status: string; n: string }>(`select status, count(*)::text as n from foerder_antraege where id = any($1::uuid[]) group by status`, [ids]);
  expect(Object.fromEntries(status.map((s) => [s.status, Number(s.n)]))).toEqual({ bewilligt: PASST, geprueft: ANTRAEGE - PASST });
  expect(h.stimmtUeberein).toBe(true);
}

describe(`concurrent approvals in one app instance (${engine})`, () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildTestApp(database, { env: ENV });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it(`never over-commits the budget or counts a grant twice: ${ANTRAEGE} applications, each approved by two officers at once (${engine})`, async () => {
    const [a, b, c] = await sachbearbeitung(database, 3);
    const ids = await geprueftAntraege(database, app, a, ANTRAEGE);
    const f = app.services.foerderung;
    const results = await Promise.all(ids.flatMap((id) => [ergebnis(f.entscheide(b, id, { entscheidung: 'bewilligen' })), ergebnis(f.entscheide(c, id, { entscheidung: 'bewilligen' }))]));
    expect(results.filter((r) => r === 'bewilligt').length).toBe(PASST);
    expect(results.filter((r) => r === 'budget').length).toBeGreaterThanOrEqual(ANTRAEGE - PASST);
    await pruefeLedger(database, f, a, ids);
  });
});

const aufPostgres = testEngine() === 'postgres';

if (!aufPostgres) {
  describe('a second app instance on the same embedded database (PGlite)', () => {
    it('is refused by the data directory lock, so only one process ever commits budget (PGlite)', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-foerder-lock-'));
      const first = await openDatabase({ dataDir: dir });
      try {
        await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      } finally {
        await first.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

if (aufPostgres) describe('concurrent approvals across two app instances on one database (PostgreSQL)', () => {
  let db1: Database;
  let db2: Database;
  let app1: FastifyInstance;
  let app2: FastifyInstance;
  beforeAll(async () => {
    const url = await createPostgresDatabase();
    db1 = await openDatabase({ databaseUrl: url, poolSize: 6 });
    db2 = await openDatabase({ databaseUrl: url, poolSize: 6, migrate: false });
    app1 = await buildTestApp(db1, { env: ENV });
    app2 = await buildTestApp(db2, { env: ENV });
  });
  afterAll(async () => {
    await app1?.close();
    await app2?.close();
    await db1?.close();
    await db2?.close();
  });

  it(`never over-commits the budget or counts a grant twice when two instances approve the same ${ANTRAEGE} applications at once (PostgreSQL)`, async () => {
    const [a, b, c] = await sachbearbeitung(db1, 3);
    const ids = await geprueftAntraege(db1, app1, a, ANTRAEGE);
    const f1 = app1.services.foerderung;
    const f2 = app2.services.foerderung;
    // Instance 1 approves as officer B, instance 2 as officer C — every application from both sides.
    const results = await Promise.all(
      ids.flatMap((id, i) =>
        i % 2 === 0
          ? [ergebnis(f1.entscheide(b, id, { entscheidung: 'bewilligen' })), ergebnis(f2.entscheide(c, id, { entscheidung: 'bewilligen' }))]
          : [ergebnis(f2.entscheide(c, id, { entscheidung: 'bewilligen' })), ergebnis(f1.entscheide(b, id, { entscheidung: 'bewilligen' }))],
      ),
    );
    expect(results.filter((r) => r === 'bewilligt').length).toBe(PASST);
    await pruefeLedger(db2, f2, a, ids);
    // Both instances see the same budget.
    expect((await f1.haushalt(a)).restCent).toBe((await f2.haushalt(a)).restCent);
  });
});
