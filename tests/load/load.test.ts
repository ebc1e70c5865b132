/**
 * A short load test of the real server (tests/load/load.harness.ts; the measured run is
 * bench/load.bench.ts): every request kind at once — public pages, signet SVG/PNG with and
 * without If-None-Match, JSON and open-data API, a logged-in editor toggling a link through the
 * form and the API — bounded by a number of requests per round and by time. Asserts that nothing
 * failed (no socket error, no timeout, every status the one the request must answer), that every
 * kind was served, that the edits left the count as it was, and that the server's heap level did
 * not grow beyond a generous margin from round to round. No timing assertions.
 *
 * On PostgreSQL (TEST_DATABASE_URL) the server runs on a new database of that server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../e2e/support/browser';
import { createPostgresDatabase, testEngine } from '../support/db';
import { EDITOR_ARS, heapGrowth, prepareScenario, readMemory, type RoundResult, runRound, type Scenario, startLoadServer } from './load.harness';

/** Requests per round (shared by the kinds), rounds after the warm-up, upper bound per round. */
const REQUESTS = Number(process.env.LOAD_TEST_REQUESTS ?? 1000);
const ROUNDS = 3;
const MAX_SECONDS = 60;
/** Generous: a few thousand requests cannot show a slow leak, only a gross one. */
const HEAP_MARGIN = 0.5;

describe(`load test of the real server (${testEngine()})`, () => {
  let server: StartedServer;
  let scenario: Scenario;
  let countBefore: number;
  const rounds: RoundResult[] = [];

  const zaehlstand = async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/behoerden/${EDITOR_ARS}/zaehlstand`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { anzahl: number }).anzahl;
  };

  beforeAll(async () => {
    server = await startLoadServer(testEngine() === 'postgres' ? { DATABASE_URL: await createPostgresDatabase() } : {});
    scenario = await prepareScenario(server.baseUrl, { editRate: 4 });
    countBefore = await zaehlstand();
    await runRound(server.baseUrl, scenario, { seconds: MAX_SECONDS, requests: REQUESTS / 2 }); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      const r = await runRound(server.baseUrl, scenario, { seconds: MAX_SECONDS, requests: REQUESTS, memorySampleMs: 100 });
      console.log(`load round ${i + 1}: ${r.seconds.toFixed(1)} s, heap level ${(r.heapLevel / 2 ** 20).toFixed(1)} MiB; ${r.kinds.map((k) => `${k.name}: ${k.responses} in ${k.seconds.toFixed(1)} s`).join(', ')}`);
      rounds.push(r);
    }
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('answers every request of every kind with the status it must answer, without errors', () => {
    const problems = rounds.flatMap((r, i) =>
      r.kinds.filter((k) => k.errors > 0 || k.unexpected > 0).map((k) => `round ${i + 1}, ${k.name}: ${k.errors} errors, ${k.unexpected} unexpected ${JSON.stringify(k.statuses)} ${k.examples.join(' | ')}`),
    );
    expect(problems).toEqual([]);
    for (const r of rounds) for (const k of r.kinds) expect(k.responses, k.name).toBeGreaterThan(0);
    const total = rounds.reduce((s, r) => s + r.kinds.reduce((t, k) => t + k.responses, 0), 0);
    expect(total).toBeGreaterThanOrEqual(ROUNDS * REQUESTS * 0.9);
  });

  it('served every status class it was asked for: 200 pages, 304 signets, 303 form posts, 201/200 API edits', () => {
    const codes = new Set(rounds.flatMap((r) => r.kinds.flatMap((k) => Object.keys(k.statuses))));
    expect([...codes].sort()).toEqual(['200', '201', '303', '304']);
  });

  it('toggled the link back and forth: the count is what it was', async () => {
    const edits = rounds.reduce((s, r) => s + r.kinds.filter((k) => k.group === 'editing').reduce((t, k) => t + (k.statuses['201'] ?? 0) + (k.statuses['303'] ?? 0), 0), 0);
    expect(edits).toBeGreaterThan(0);
    expect(await zaehlstand()).toBe(countBefore);
  });

  it(`keeps the heap level within ${HEAP_MARGIN * 100} % from the first round after the warm-up to the last`, async () => {
    const { first, last, growth } = heapGrowth(rounds);
    expect(first).toBeGreaterThan(0);
    expect(growth, `heap level ${first} → ${last} bytes (levels per round: ${rounds.map((r) => r.heapLevel).join(', ')})`).toBeLessThan(HEAP_MARGIN);
    // The gauges the measurement reads are there and plausible.
    const m = await readMemory(server.baseUrl);
    expect(m.rss).toBeGreaterThan(m.heapUsed);
    expect(m.oldSpace).toBeGreaterThan(0);
    expect(m.oldSpace).toBeLessThanOrEqual(m.heapUsed);
  });
});
