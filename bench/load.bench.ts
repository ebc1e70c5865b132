/**
 * Load test of the real server: `src/server.ts` as a child process (empty PGlite directory, demo
 * data; on PostgreSQL when DATABASE_URL is set, in a throwaway database), loaded on loopback by
 * autocannon with a mix of public pages, the signet (SVG/PNG, 200 and 304), the JSON/open-data API
 * and a logged-in editor toggling a link through the form and the API — all kinds at once, each
 * with its own connections (tests/load/load.harness.ts).
 *
 * One warm-up round, then two phases of LOAD_ROUNDS rounds each, side by side in one run: the
 * read-only mix, and the same mix with the editor changing a link every 1/LOAD_EDIT_RATE s (each
 * change makes the portal build its cached views — lists, map, statistics, exports — anew).
 * Memory from the server's /metrics. Fails (exit 1) on any socket error or timeout, any unexpected
 * status, or heap growth beyond the margin: the heap level (lowest heap used during a round) of
 * the last rounds against the first measured round.
 *
 *   npx tsx bench/load.bench.ts
 *   LOAD_ROUNDS=3 LOAD_ROUND_SECONDS=5 LOAD_WARMUP_SECONDS=5 LOAD_SCALE=1 LOAD_EDIT_RATE=1 LOAD_HEAP_MARGIN=0.15
 */
import os from 'node:os';
import pg from 'pg';
import { combine, HEAP_GROWING_PERCENT, heapGrowth, type KindResult, mb, prepareScenario, readMemory, type RoundResult, runRound, startLoadServer } from '../tests/load/load.harness';
import { summary } from './support';

const RUNDEN = Number(process.env.LOAD_ROUNDS ?? 3);
const SEKUNDEN = Number(process.env.LOAD_ROUND_SECONDS ?? 5);
const WARMUP = Number(process.env.LOAD_WARMUP_SECONDS ?? 5);
const SCALE = Number(process.env.LOAD_SCALE ?? 1);
const EDIT_RATE = Number(process.env.LOAD_EDIT_RATE ?? 1);
const MARGE = Number(process.env.LOAD_HEAP_MARGIN ?? 0.15);

/** A throwaway PostgreSQL database for the server, when the bench runs on PostgreSQL. */
async function postgres(url: string) {
  const name = `da_load_${process.pid}`;
  const q = async (s: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(s);
    } finally {
      await c.end();
    }
  };
  await q(`drop database if exists ${name}`);
  await q(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => q(`drop database if exists ${name}`) };
}

const pgUrl = process.env.DATABASE_URL;
const db = pgUrl ? await postgres(pgUrl) : undefined;
const engine = db ? 'PostgreSQL' : 'PGlite';
const t0 = performance.now();
// The harness prints where the server runs; stdout is this bench's Markdown.
const log = console.log;
console.log = (...args: unknown[]) => console.error(...args);
const server = await startLoadServer(db ? { DATABASE_URL: db.url } : {}).finally(() => {
  console.log = log;
});
let failed: boolean;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const nicht2xx3xx = (k: KindResult) => Object.entries(k.statuses).filter(([c]) => Number(c) >= 400 || Number(c) < 200).reduce((s, [, v]) => s + v, 0);
const statusText = (k: KindResult) => Object.entries(k.statuses).map(([c, v]) => `${c}: ${n(v)}`).join(', ');

/** One phase: its rounds added up, a table, totals. */
function phase(runden: RoundResult[]) {
  const kinds = combine(runden);
  const dauer = runden.reduce((s, r) => s + r.seconds, 0);
  const gesamt = kinds.reduce((s, k) => ({ responses: s.responses + k.responses, errors: s.errors + k.errors, unexpected: s.unexpected + k.unexpected, other: s.other + nicht2xx3xx(k) }), { responses: 0, errors: 0, unexpected: 0, other: 0 });
  const gruppe = (g: string) => kinds.filter((k) => k.group === g).reduce((s, k) => s + k.rps, 0);
  const gruppen = [...new Set(kinds.map((k) => k.group))];
  const verbindungen = kinds.reduce((s, k) => s + k.connections, 0);
  const tabelle = `| kind | group | conn. | responses | req/s | p50 / p99 / max ms | errors | unexpected | non-2xx/3xx | statuses |
|---|---|---|---|---|---|---|---|---|---|
${kinds.map((k) => `| ${k.name} | ${k.group} | ${k.connections} | ${n(k.responses)} | ${n(k.rps)} | ${k.p50} / ${k.p99} / ${k.max} | ${k.errors} | ${k.unexpected} | ${nicht2xx3xx(k)} | ${statusText(k)} |`).join('\n')}
| **all** | | ${verbindungen} | ${n(gesamt.responses)} | **${n(gesamt.responses / dauer)}** | | ${gesamt.errors} | ${gesamt.unexpected} | ${gesamt.other} | |

Throughput by group (req/s): ${gruppen.map((g) => `${g} ${n(gruppe(g))}`).join('; ')}.
${kinds.some((k) => k.examples.length) ? `\nUnexpected answers (examples):\n\n${kinds.flatMap((k) => k.examples.map((e) => `- ${k.name}: \`${e.replace(/`/g, "'").replace(/\s+/g, ' ')}\``)).join('\n')}\n` : ''}`;
  const cpu = runden.reduce((s, r) => s + r.serverCpu, 0);
  const auslastung = `Server CPU: ${cpu.toFixed(1)} s in ${dauer.toFixed(1)} s (${Math.round((cpu / dauer) * 100)} % of one core); ${n(gesamt.responses / cpu)} requests per server CPU second.\n`;
  return { kinds, dauer, gesamt, gruppe, tabelle: tabelle + auslastung, rps: gesamt.responses / dauer, proCpu: gesamt.responses / cpu, cpu };
}

try {
  const startSeconds = (performance.now() - t0) / 1000;
  const scenario = await prepareScenario(server.baseUrl, { scale: SCALE, editRate: EDIT_RATE });
  const vorher = await readMemory(server.baseUrl);
  const lesend = (k: { group: string }) => k.group !== 'editing';
  process.stderr.write(`load bench: ${engine}, server ready after ${startSeconds.toFixed(1)} s; warm-up ${WARMUP} s, 2 × ${RUNDEN} × ${SEKUNDEN} s\n`);
  const warm = await runRound(server.baseUrl, scenario, { seconds: WARMUP });
  const alle: RoundResult[] = [];
  const messe = async (label: string, filter?: (k: { group: string }) => boolean) => {
    const rs: RoundResult[] = [];
    for (let i = 0; i < RUNDEN; i++) {
      const r = await runRound(server.baseUrl, scenario, { seconds: SEKUNDEN, filter });
      process.stderr.write(`  ${label} round ${i + 1}: ${n(r.kinds.reduce((s, k) => s + k.rps, 0))} req/s, heap level ${mb(r.heapLevel)}, RSS ${mb(r.rssEnd)}\n`);
      rs.push(r);
      alle.push(r);
    }
    return phase(rs);
  };
  const lesen = await messe('read-only', lesend);
  const schreiben = await messe('with editing');
  const nachher = await readMemory(server.baseUrl);
  const heap = heapGrowth(alle);
  const errors = lesen.gesamt.errors + schreiben.gesamt.errors;
  const unexpected = lesen.gesamt.unexpected + schreiben.gesamt.unexpected;
  failed = errors > 0 || unexpected > 0 || heap.growth > MARGE;
  const aenderungen = schreiben.kinds.filter((k) => k.name.startsWith('toggle')).reduce((s, k) => s + (k.statuses['303'] ?? 0) + (k.statuses['201'] ?? 0) + (k.statuses['200'] ?? 0), 0);
  const pages = (p: ReturnType<typeof phase>) => p.kinds.filter((k) => k.group === 'public pages').map((k) => `${k.name.replace(/ .*/, '')} ${k.p50}/${k.p99}`).join(', ');

  console.log(`### Load test: the real server under a mixed load (${engine})

\`src/server.ts\` as a child process (first start: official data, demo data; ready after ${startSeconds.toFixed(1)} s), loopback,
autocannon in the bench process (the load generator and the server share the machine's ${os.cpus().length} cores); all kinds at once,
each with its own connections (closed loop: a connection sends its next request when the answer is in), ${scenario.behoerden} Behörde pages and
${scenario.signets} signets in rotation. Warm-up ${WARMUP} s, then two phases of ${RUNDEN} rounds of ${SEKUNDEN} s: read-only, and with the demo
editor of Nürnberg (logged in through the form, CSRF token from the form) changing a link ${EDIT_RATE}× per second through the form and
the API and loading the Verwaltung page. Latency: the worst round's p50 / p99. Server node option: \`--heap-growing-percent=${HEAP_GROWING_PERCENT}\`
(see Memory). Load average at the end: ${os.loadavg()[0].toFixed(1)}.

**Read-only** (${lesen.dauer.toFixed(1)} s):

${lesen.tabelle}
**With editing** (${schreiben.dauer.toFixed(1)} s, ${aenderungen} link changes):

${schreiben.tabelle}
All requests with editing / read-only: ${(schreiben.rps / lesen.rps).toFixed(2)} (${n(schreiben.rps)} vs ${n(lesen.rps)} req/s; public pages ${(schreiben.gruppe('public pages') / lesen.gruppe('public pages')).toFixed(2)});
requests per server CPU second ${(schreiben.proCpu / lesen.proCpu).toFixed(2)} (${n(schreiben.proCpu)} vs ${n(lesen.proCpu)}). On a shared machine the server gets only part of a core:
requests per server CPU second is the figure that does not depend on that (roughly the req/s of this mix on one free core).

Memory of the server (from \`/metrics\`). Nothing forces a collection; the server process runs with V8's
\`--heap-growing-percent=${HEAP_GROWING_PERCENT}\` (a major collection whenever the old space has grown ${HEAP_GROWING_PERCENT} % beyond what the last one
left), and a round's heap level is the lowest heap used sampled every 200 ms during it — close to the live heap:

| when | RSS | heap used | heap level (round) |
|---|---|---|---|
| ready, before any load | ${mb(vorher.rss)} | ${mb(vorher.heapUsed)} | |
| after the warm-up round | ${mb(warm.rssEnd)} | ${mb(warm.memory.at(-1)!.heapUsed)} | ${mb(warm.heapLevel)} |
${alle.map((r, i) => `| after round ${i + 1} (${i < RUNDEN ? 'read-only' : 'with editing'}) | ${mb(r.rssEnd)} | ${mb(r.memory.at(-1)!.heapUsed)} | ${mb(r.heapLevel)} |`).join('\n')}
| at the end | ${mb(nachher.rss)} | ${mb(nachher.heapUsed)} | |

Heap growth (lower level of the last two rounds against round 1, ${alle.length} rounds after the warm-up): ${(heap.growth * 100).toFixed(1)} % (${mb(heap.first)} → ${mb(heap.last)}); limit ${(MARGE * 100).toFixed(0)} %: ${heap.growth > MARGE ? '**exceeded**' : 'kept'}.
RSS includes PGlite's WebAssembly memory (the database runs inside the server process), which grows with the data and is never given back; it is reported, not limited.
${failed ? '\n**Failed**: errors, unexpected statuses or heap growth beyond the limit (see above).\n' : ''}
${summary(`load test (${engine}), read-only mix, all kinds at once`, `${n(lesen.rps)} req/s with ${Math.round((lesen.cpu / lesen.dauer) * 100)} % of a core for the server; ${n(lesen.proCpu)} requests per server CPU second (${lesen.gesamt.errors} errors, ${lesen.gesamt.unexpected} unexpected, ${lesen.gesamt.other} non-2xx/3xx)`)}
${summary(`load test (${engine}), with ${EDIT_RATE} link change/s / read-only: requests per server CPU second`, `${(schreiben.proCpu / lesen.proCpu).toFixed(2)} (${n(schreiben.proCpu)} vs ${n(lesen.proCpu)}; ${n(schreiben.rps)} req/s; ${schreiben.gesamt.errors} errors, ${schreiben.gesamt.unexpected} unexpected)`)}
${summary(`load test (${engine}), read-only: req/s signet / public pages / API`, `${n(lesen.gruppe('signet'))} / ${n(lesen.gruppe('public pages'))} / ${n(lesen.gruppe('API'))}`)}
${summary(`load test (${engine}), read-only: p50/p99 ms of the public pages`, pages(lesen))}
${summary(`load test (${engine}), with editing: p50/p99 ms of the public pages`, pages(schreiben))}
${summary(`load test (${engine}), heap growth over ${alle.length} rounds (limit ${(MARGE * 100).toFixed(0)} %); RSS`, `${(heap.growth * 100).toFixed(1)} % (${mb(heap.first)} → ${mb(heap.last)}); RSS ${mb(vorher.rss)} → ${mb(nachher.rss)}`)}
`);
} finally {
  await server.stop();
  await db?.drop();
}
process.exit(failed ? 1 : 0);
