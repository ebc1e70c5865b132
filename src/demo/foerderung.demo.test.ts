import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, buildTestApp } from '../../tests/support/app';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import { loadConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { type FoerderDemoBehoerde, OHNE_DEMO_ANTRAEGE, planeFoerderDemo, removeFoerderDemo, seedFoerderDemo } from './foerderung.demo';

const settings = loadConfig({}).foerderung;
const behoerden: FoerderDemoBehoerde[] = Array.from({ length: 1200 }, (_, i) => ({
  ars: `09${String(100 + (i % 80)).padStart(3, '0')}${String(i).padStart(7, '0')}`,
  name: `Gemeinde ${i}`,
  typ: i % 50 === 0 ? 'bezirk' : i % 7 === 0 ? 'vg' : 'gemeinde',
}));

describe('Förder-Demodaten (plan)', () => {
  it('is deterministic for a seed and a day, and different for another seed', () => {
    const a = planeFoerderDemo(behoerden, { seed: 1, today: '2026-11-26', settings });
    const b = planeFoerderDemo(behoerden, { seed: 1, today: '2026-11-26', settings });
    expect(JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    expect(planeFoerderDemo(behoerden, { seed: 2, today: '2026-11-26', settings }).antraege[0].id).not.toBe(a.antraege[0].id);
  });

  it('plans about 860 applications in plausible states that obey the rules and the four eyes', () => {
    const p = planeFoerderDemo(behoerden, { seed: 20210729, today: '2026-11-26', settings });
    expect(p.antraege.length).toBe(860);
    const status = new Set(p.antraege.map((a) => a.status));
    for (const s of ['entwurf', 'eingereicht', 'geprueft', 'bewilligt', 'abgelehnt', 'nachweis_eingegangen', 'ausgezahlt']) expect(status).toContain(s);
    const proBehoerde = new Map<string, bigint>();
    for (const a of p.antraege) {
      expect(a.demo).toBe(true);
      if (a.geprueftVonLabel && a.entschiedenVonLabel) expect(a.geprueftVonLabel).not.toBe(a.entschiedenVonLabel);
      if (a.freigabe1VonLabel && a.freigabe2VonLabel) expect(a.freigabe1VonLabel).not.toBe(a.freigabe2VonLabel);
      if (a.foerderbetragCent) {
        expect(a.foerderbetragCent >= settings.mindestbetragCent).toBe(true);
        expect((a.foerderbetragCent as bigint) * 100n <= (a.zuwendungsfaehigCent as bigint) * BigInt(a.foerdersatzProzent as number)).toBe(true);
        proBehoerde.set(a.behoerdeArs, (proBehoerde.get(a.behoerdeArs) ?? 0n) + (a.foerderbetragCent as bigint));
      }
      if (a.eingereichtAm) expect(a.eingereichtAm.getTime() >= a.erstelltAm.getTime() - 86_400_000).toBe(true);
      if (a.nachweisFaelligAm && a.bescheidAm) expect(a.nachweisFaelligAm > a.bescheidAm).toBe(true);
    }
    // Per-applicant cap (commitments before releases may only exceed it by what was released).
    for (const summe of proBehoerde.values()) expect(summe <= 2n * settings.hoechstbetragCent).toBe(true);
    const bindung = p.buchungen.filter((b) => b.art === 'bindung').reduce((s, b) => s + (b.betragCent as bigint), 0n);
    expect(bindung <= settings.budgetCent).toBe(true);
    expect(new Set(p.buchungen.map((b) => `${b.antragId}:${b.art}`)).size).toBe(p.buchungen.length);
  });
});

describe('Förder-Demodaten on the Bavarian data', () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openImportedTestDatabase();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('seeds once, leaves Nürnberg without applications, and the overview agrees with the ledger', async () => {
    const r = await seedFoerderDemo(database, { seed: 20210729, today: '2026-11-26', settings });
    expect(r.seeded).toBe(true);
    expect(r.summary?.antraege).toBe(860);
    expect((await seedFoerderDemo(database, { seed: 20210729, today: '2026-11-26', settings })).seeded).toBe(false);
    const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from foerder_antraege where behoerde_ars = any($1)', [OHNE_DEMO_ANTRAEGE]);
    expect(Number(n)).toBe(0);
    const officer = { ...(await aUser(database, 'grant_officer')), behoerden: [] };
    const h = await app.services.foerderung.haushalt(officer);
    expect(h.stimmtUeberein).toBe(true);
    expect(h.restCent > 0n).toBe(true);
    const s = await app.services.foerderung.statistik(officer);
    expect(s.nachRegbez).toHaveLength(7);
    expect(s.nachRegbez.every((x) => x.antraege > 0)).toBe(true);
    expect((await removeFoerderDemo(database)).antraege).toBe(860);
  });
});
