/**
 * Throughput of the signet image, measured in one run with autocannon (50 connections, loopback,
 * 5 s per target after a 1 s warm-up), against:
 *   - a bare `node:http` server sending the same SVG bytes (the ceiling),
 *   - the app's `GET /signet/{nr}.svg` (200), with `If-None-Match` (304) and with
 *     `Accept-Encoding: gzip, deflate, br` as browsers send it (200, Brotli),
 *   - `badge-maker` rendering a shields-style badge per request (how badge services work without a CDN).
 * The app is the real server started exactly as `npm start` ships it (bench/support.ts
 * `startShippedServer`: default configuration, LOG_LEVEL unset, a first start with the demo data),
 * in its own process; the bare server and badge-maker run as plain `node` processes of their own
 * (not inside this tsx-run bench process); autocannon runs in a child process so the load
 * generator does not share the servers' event loop.
 *
 *   npx tsx bench/signet.bench.ts            (BENCH_SECONDS=5, BENCH_CONNECTIONS=50, BENCH_ROUNDS=3)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eineGueltigeZertifikatNr, startShippedServer, summary, warteAufVorbereitung } from './support';

const SEKUNDEN = Number(process.env.BENCH_SECONDS ?? 5);
const VERBINDUNGEN = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RUNDEN = Number(process.env.BENCH_ROUNDS ?? 3);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const autocannonBin = path.join(root, 'node_modules/autocannon/autocannon.js');

interface Ergebnis {
  ziel: string;
  rps: number;
  p50: number;
  p99: number;
  status: string;
}

function autocannon(url: string, sekunden: number, headers: Record<string, string> = {}): Promise<{ rps: number; p50: number; p99: number; codes: Record<string, number> }> {
  const args = [autocannonBin, '-j', '-c', String(VERBINDUNGEN), '-d', String(sekunden), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (c) => {
      out += c;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const r = JSON.parse(out);
      const codes: Record<string, number> = {};
      for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx']) if (r[k]) codes[k] = r[k];
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, codes });
    });
  });
}

async function messe(ziel: string, url: string, headers: Record<string, string> = {}): Promise<Ergebnis> {
  await autocannon(url, 1, headers); // warm-up
  const r = await autocannon(url, SEKUNDEN, headers);
  process.stderr.write(`  ${ziel}: ${Math.round(r.rps)} req/s ${JSON.stringify(r.codes)}\n`);
  // Every answer must be the expected one (304 for If-None-Match, else 200): a failing target is a failed bench, not a figure.
  const erwartet = headers['if-none-match'] ? '3xx' : '2xx';
  if (!r.codes[erwartet] || Object.keys(r.codes).some((k) => k !== erwartet)) throw new Error(`${ziel}: expected only ${erwartet}, got ${JSON.stringify(r.codes)}`);
  return { ziel, rps: r.rps, p50: r.p50, p99: r.p99, status: Object.entries(r.codes).map(([k, v]) => `${k}: ${v}`).join(', ') };
}

/** A reference server as a plain `node` process (ESM code given inline); resolves with its address. */
function startePlainNode(code: string, env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.on('error', reject);
    p.on('exit', (c) => reject(new Error(`reference server exited ${c}`)));
    p.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve({ url: out.split('\n')[0].trim(), stop: () => p.kill() });
    });
  });
}

async function main() {
  const server = await startShippedServer();
  // Measured in the steady state: once the server's first background pass over the Behörde pages
  // is done, its idle time no longer goes into that pass (which would hold down the bare server,
  // measured while the app is idle).
  const vorbereitet = await warteAufVorbereitung(server.logFile);
  process.stderr.write(`signet bench: ${vorbereitet}\n`);
  const nr = await eineGueltigeZertifikatNr(server.baseUrl);
  const kurzname = nr;
  const appUrl = `${server.baseUrl}/signet/${nr}.svg`;
  const probe = await fetch(appUrl, { headers: { 'accept-encoding': 'identity' } });
  const bytes = Buffer.from(await probe.arrayBuffer());
  const etag = probe.headers.get('etag') as string;

  // The references run in plain `node` processes of their own, as a bare server would be run
  // (not in this bench process, which runs under tsx and drives the measurements).
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'signet-bench-'));
  const svgDatei = path.join(tmp, 'signet.svg');
  await fs.writeFile(svgDatei, bytes);
  const bare = await startePlainNode(
    `import http from 'node:http'; import fs from 'node:fs';
     const bytes = fs.readFileSync(process.env.SVG_DATEI);
     const s = http.createServer((_req, res) => {
       res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'content-length': bytes.length });
       res.end(bytes);
     });
     s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port));`,
    { SVG_DATEI: svgDatei },
  );
  const bareUrl = bare.url;
  const badge = await startePlainNode(
    `import http from 'node:http'; import { makeBadge } from 'badge-maker';
     const s = http.createServer((_req, res) => {
       const svg = makeBadge({ label: 'Digitales Amt', message: process.env.KURZNAME + ' · gültig', color: '#0a5a8f' });
       res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'content-length': Buffer.byteLength(svg) });
       res.end(svg);
     });
     s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port));`,
    { KURZNAME: kurzname },
  );
  const badgeUrl = badge.url;

  process.stderr.write(`signet bench: ${RUNDEN} rounds, ${bytes.length} bytes SVG, ${VERBINDUNGEN} connections, ${SEKUNDEN} s per target\n`);
  const ziele: [string, string, Record<string, string>][] = [
    ['bare `node:http`, same SVG bytes', bareUrl, {}],
    ['app `GET /signet/{nr}.svg` → 200', appUrl, {}],
    ['app, `If-None-Match` → 304', appUrl, { 'if-none-match': etag }],
    ['app, `Accept-Encoding: gzip, deflate, br` → 200 Brotli', appUrl, { 'accept-encoding': 'gzip, deflate, br' }],
    ['`badge-maker` rendering per request', badgeUrl, {}],
  ];
  // Rounds in rotated order; the best round per target counts (the machine is shared: noise only
  // ever lowers a figure).
  const runden: Ergebnis[][] = ziele.map(() => []);
  for (let r = 0; r < RUNDEN; r++) {
    for (let k = 0; k < ziele.length; k++) {
      const i = (k + r) % ziele.length;
      runden[i].push(await messe(ziele[i][0], ziele[i][1], ziele[i][2]));
    }
  }
  const ergebnisse = runden.map((rs) => rs.reduce((a, b) => (b.rps > a.rps ? b : a)));
  const basis = ergebnisse[0].rps;
  const zeilen = ergebnisse.map((e) => `| ${e.ziel} | ${Math.round(e.rps).toLocaleString('en-US')} | ${(e.rps / basis).toFixed(2)} | ${e.p50} / ${e.p99} ms | ${e.status} |`);
  console.log(`### Signet image (bench/signet.bench.ts)

${bytes.length}-byte SVG, ${VERBINDUNGEN} connections, loopback, ${SEKUNDEN} s per target (after 1 s warm-up), best of ${RUNDEN} rounds in rotated order, autocannon in a child process.

| target | req/s | ratio to bare | latency p50 / p99 | responses |
|---|---|---|---|---|
${zeilen.join('\n')}

The app: \`npm start\` as shipped (default configuration, LOG_LEVEL unset), first start on an empty data directory with the demo data, measured once its background preparation of the Behörde pages was done (${vorbereitet}). Signet 200 vs badge-maker: ${(ergebnisse[1].rps / ergebnisse[4].rps).toFixed(1)}×. All rounds (req/s): ${runden.map((rs, i) => `${ziele[i][0]}: ${rs.map((e) => Math.round(e.rps)).join(' / ')}`).join('; ')}.

${summary('signet SVG 200 / bare node:http (same bytes, same process run)', `${(ergebnisse[1].rps / basis).toFixed(2)} (${Math.round(ergebnisse[1].rps).toLocaleString('en-US')} vs ${Math.round(basis).toLocaleString('en-US')} req/s)`)}
${summary('signet 304 (If-None-Match) / bare node:http', `${(ergebnisse[2].rps / basis).toFixed(2)} (${Math.round(ergebnisse[2].rps).toLocaleString('en-US')} req/s)`)}
${summary('signet SVG 200 Brotli (browser Accept-Encoding) / bare node:http (identity)', `${(ergebnisse[3].rps / basis).toFixed(2)} (${Math.round(ergebnisse[3].rps).toLocaleString('en-US')} req/s)`)}
${summary('badge-maker per request / bare node:http', `${(ergebnisse[4].rps / basis).toFixed(2)} (${Math.round(ergebnisse[4].rps).toLocaleString('en-US')} req/s)`)}
${summary('signet SVG 200 / badge-maker', `${(ergebnisse[1].rps / ergebnisse[4].rps).toFixed(1)}×`)}
`);
  await server.stop();
  bare.stop();
  badge.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
