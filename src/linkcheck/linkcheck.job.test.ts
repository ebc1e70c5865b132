import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import { loadConfig } from '../shared/config';
import { berlinZeit, naechsterLauf, planeTaeglich, startLinkcheckSchedule } from './linkcheck.job';
import { laufzustand } from './linkcheck.service';

const stillerLog = { info: () => {}, error: () => {} };

describe('naechsterLauf', () => {
  it('finds 03:00 Berlin time in winter (UTC+1) and summer (UTC+2)', () => {
    expect(naechsterLauf(new Date('2026-01-10T12:00:00Z'), '03:00').toISOString()).toBe('2026-01-11T02:00:00.000Z');
    expect(naechsterLauf(new Date('2026-07-10T00:30:00Z'), '03:00').toISOString()).toBe('2026-07-10T01:00:00.000Z');
    expect(naechsterLauf(new Date('2026-07-10T01:00:00Z'), '03:00').toISOString()).toBe('2026-07-11T01:00:00.000Z');
  });

  it('skips a time that does not exist when summer time begins', () => {
    // 29 March 2026: the clocks jump from 02:00 to 03:00.
    expect(naechsterLauf(new Date('2026-03-28T12:00:00Z'), '02:30').toISOString()).toBe('2026-03-30T00:30:00.000Z');
    expect(naechsterLauf(new Date('2026-03-28T12:00:00Z'), '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('runs once on the day a time exists twice (summer time ends)', () => {
    // 25 October 2026: 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
    const erster = naechsterLauf(new Date('2026-10-24T12:00:00Z'), '02:30');
    expect(erster.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(naechsterLauf(new Date('2026-10-25T00:31:00Z'), '02:30', berlinZeit(erster).tag).toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });
});

describe('planeTaeglich', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every day at the configured time until stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-10T12:00:00Z') });
    const laeufe: string[] = [];
    const clock = { now: () => new Date() };
    const plan = planeTaeglich({ uhrzeit: '03:00', clock, log: stillerLog, lauf: async () => void laeufe.push(new Date().toISOString()) });
    expect(plan.naechsterLauf.toISOString()).toBe('2026-01-11T02:00:00.000Z');
    await vi.advanceTimersByTimeAsync(13 * 3_600_000);
    expect(laeufe).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(laeufe).toEqual(['2026-01-11T02:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(laeufe).toEqual(['2026-01-11T02:00:00.000Z', '2026-01-12T02:00:00.000Z']);
    plan.stop();
    await vi.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(laeufe).toHaveLength(2);
  });

  it('plans the next day even when a run fails', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-10T12:00:00Z') });
    const fehler: unknown[] = [];
    let laeufe = 0;
    const plan = planeTaeglich({
      uhrzeit: '03:00',
      clock: { now: () => new Date() },
      log: { info: () => {}, error: (o) => fehler.push(o) },
      lauf: async () => {
        laeufe++;
        throw new Error('Datenbank weg');
      },
    });
    await vi.advanceTimersByTimeAsync(2 * 24 * 3_600_000);
    expect(laeufe).toBe(2);
    expect(fehler).toHaveLength(2);
    plan.stop();
  });
});

describe('configuration of the daily run', () => {
  it('is off with demo data (fictional .example URLs) and on in a real deployment, unless set', () => {
    expect(loadConfig({}).linkcheck.enabled).toBe(false);
    expect(loadConfig({ DEMO_DATA: 'false' }).linkcheck.enabled).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false', LINKCHECK_ENABLED: 'false' }).linkcheck.enabled).toBe(false);
    expect(loadConfig({ LINKCHECK_ENABLED: 'true' }).linkcheck.enabled).toBe(true);
  });

  it('has the documented defaults and names the platform in the user agent', () => {
    const c = loadConfig({ PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example/' }).linkcheck;
    expect(c).toMatchObject({ uhrzeit: '03:00', timeoutMs: 10_000, maxRedirects: 5, concurrency: 16, concurrencyPerHost: 2, syncMaxUrls: 25 });
    expect(c.userAgent).toBe('DigitalesAmt-Linkpruefung/1.0 (+https://digitales-amt.bayern.example)');
  });

  it('rejects a malformed time', () => {
    expect(() => loadConfig({ LINKCHECK_TIME: '3 Uhr' })).toThrow(/LINKCHECK_TIME/);
  });
});

describe('startLinkcheckSchedule', () => {
  it('does not start in the demo and starts when enabled; closing the app stops it', async () => {
    const database = await openTestDatabase();
    try {
      const demo = await buildTestApp(database);
      expect(startLinkcheckSchedule(demo)).toBeUndefined();
      await demo.close();

      const app = await buildTestApp(database, { env: { LINKCHECK_ENABLED: 'true', LINKCHECK_TIME: '04:15' } });
      const plan = startLinkcheckSchedule(app);
      expect(plan).toBeDefined();
      expect(berlinZeit(plan!.naechsterLauf).uhrzeit).toBe('04:15');
      expect(laufzustand(database).zeitplanStoppen).toBeDefined();
      await app.close();
      expect(laufzustand(database).zeitplanStoppen).toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
