/**
 * What a visitor downloads (docs/performance.md): the real server started as `npm start` ships it
 * (bench/support.ts `startShippedServer`), then
 *   1. a first visit of the start page (and of the other public pages) in Debian's Chromium with a
 *      fresh profile: the encoded (transferred) body bytes of every response, summed — against the
 *      target of 250 KB for the start page; once right after the start (nothing compressed or
 *      cached yet) and once more a few seconds later;
 *   2. compression: identity, gzip and Brotli bytes of typical responses as a browser asks for
 *      them (`Accept-Encoding: gzip, deflate, br`), and that a 304 stays a 304.
 *
 *   npx tsx bench/auslieferung.bench.ts
 */
import http from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/browser';
import { eineGueltigeZertifikatNr, startShippedServer, summary } from './support';

const ZIEL_KB = 250;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

interface Besuch {
  pfad: string;
  koerper: number;
  mitKoepfen: number;
  antworten: { url: string; status: number; koerper: number; kodierung: string }[];
}

async function ersterBesuch(browser: import('playwright-core').Browser, baseUrl: string, pfad: string): Promise<Besuch> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const antworten: Promise<Besuch['antworten'][number] & { koepfe: number }>[] = [];
  page.on('requestfinished', (req) => {
    antworten.push(
      (async () => {
        const [sizes, res] = await Promise.all([req.sizes(), req.response()]);
        return {
          url: req.url().replace(baseUrl, ''),
          status: res?.status() ?? 0,
          koerper: sizes.responseBodySize,
          koepfe: sizes.responseHeadersSize,
          kodierung: (await res?.allHeaders())?.['content-encoding'] ?? '',
        };
      })(),
    );
  });
  await page.goto(baseUrl + pfad, { waitUntil: 'networkidle' });
  await context.close();
  const liste = (await Promise.all(antworten)).filter((a) => !a.url.startsWith('data:'));
  return {
    pfad,
    koerper: liste.reduce((s, a) => s + a.koerper, 0),
    mitKoepfen: liste.reduce((s, a) => s + a.koerper + a.koepfe, 0),
    antworten: liste,
  };
}

/** Body bytes on the wire (no decoding) and headers of one GET. */
function roh(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; headers: http.IncomingHttpHeaders; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, headers: res.headers, ms: performance.now() - t0 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main() {
  const server = await startShippedServer();
  const base = server.baseUrl;
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const behoerde = '/behoerden/095640000000';
    const pfade = ['/', '/behoerden', behoerde, '/karte', '/statistik'];
    const frisch = await ersterBesuch(browser, base, '/'); // right after the start: nothing compressed yet
    await new Promise((r) => setTimeout(r, 8000)); // the background recompression of the assets
    const spaeter: Besuch[] = [];
    for (const p of pfade) spaeter.push(await ersterBesuch(browser, base, p));
    await browser.close();

    const zeilen = (b: Besuch) => b.antworten.map((a) => `| \`${a.url.slice(0, 70)}\` | ${a.status} | ${a.kodierung || 'identity'} | ${a.koerper.toLocaleString('en-US')} |`).join('\n');

    // Compression of typical responses, as a browser asks.
    const nr = await eineGueltigeZertifikatNr(base);
    const seite = await (await fetch(`${base}/`)).text();
    const css = [...seite.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]);
    const ziele: [string, string][] = [
      ['start page (HTML)', '/'],
      ['Behörden list (HTML)', '/behoerden'],
      ['map `/karte` (HTML with inline SVG)', '/karte'],
      ['`/statistik` (HTML)', '/statistik'],
      ['KERN stylesheet (hashed)', css[0]],
      ['platform stylesheet with font faces (hashed)', css[1]],
      ['map picture `/karte/bayern.svg`', '/karte/bayern.svg'],
      ['signet SVG', `/signet/${nr}.svg`],
      ['`/opendata/behoerden.json`', '/opendata/behoerden.json'],
      ['`/opendata/verfahren-je-behoerde.csv`', '/opendata/verfahren-je-behoerde.csv'],
    ];
    const kompression: string[] = [];
    let csvKalt = 0;
    let csvWarm = 0;
    let bruttoAlle = 0;
    let brAlle = 0;
    for (const [name, pfad] of ziele) {
      const id = await roh(base + pfad, { 'accept-encoding': 'identity' });
      const br = await roh(base + pfad, { 'accept-encoding': 'gzip, deflate, br' });
      const gz = await roh(base + pfad, { 'accept-encoding': 'gzip' });
      const br2 = await roh(base + pfad, { 'accept-encoding': 'gzip, deflate, br' });
      if (pfad.endsWith('.csv')) {
        csvKalt = br.ms;
        csvWarm = br2.ms;
      }
      bruttoAlle += id.bytes;
      brAlle += br2.bytes;
      kompression.push(
        `| ${name} | ${id.bytes.toLocaleString('en-US')} | ${gz.bytes.toLocaleString('en-US')} (${(id.bytes / gz.bytes).toFixed(1)}×) | ${br2.bytes.toLocaleString('en-US')} (${(id.bytes / br2.bytes).toFixed(1)}×) | ${br.headers['content-encoding'] ?? '–'} / ${br.headers.vary ?? '–'} | ${br.headers['cache-control'] ?? '–'} |`,
      );
    }
    // 304 unchanged: the ETag of a compressed answer (weak) still validates.
    const signet = await roh(`${base}/signet/${nr}.svg`, { 'accept-encoding': 'br' });
    const nicht = await roh(`${base}/signet/${nr}.svg`, { 'accept-encoding': 'br', 'if-none-match': String(signet.headers.etag) });
    const csvR = await roh(`${base}/opendata/verfahren-je-behoerde.csv`, { 'accept-encoding': 'br' });
    const csvNicht = await roh(`${base}/opendata/verfahren-je-behoerde.csv`, { 'accept-encoding': 'br', 'if-none-match': String(csvR.headers.etag) });
    if (nicht.status !== 304 || csvNicht.status !== 304) throw new Error(`304 expected, got ${nicht.status} / ${csvNicht.status}`);

    const start = spaeter[0];
    console.log(`### First visit and compression (bench/auslieferung.bench.ts)

The server: \`npm start\` as shipped (default configuration), first start with the demo data. Chromium (Debian), fresh profile per visit, 1280 × 900, waits for network idle; bytes are the encoded (transferred) response bodies as Chromium counts them, \`data:\` URLs left out.

| first visit | bodies | with headers | responses |
|---|---|---|---|
| start page, right after the server start (assets compressed on the fly at Brotli 5) | ${kb(frisch.koerper)} | ${kb(frisch.mitKoepfen)} | ${frisch.antworten.length} |
${spaeter.map((b) => `| \`${b.pfad}\`, a few seconds later (assets at Brotli 11) | ${kb(b.koerper)} | ${kb(b.mitKoepfen)} | ${b.antworten.length} |`).join('\n')}

Start page, first visit right after the start:

| response | status | coding | body bytes |
|---|---|---|---|
${zeilen(frisch)}

Compression (\`Accept-Encoding: gzip, deflate, br\` as Chromium sends it; the second request of each, from the cache where the body has an ETag):

| response | identity bytes | gzip | Brotli | coding / Vary | Cache-Control |
|---|---|---|---|---|---|
${kompression.join('\n')}

The 17 MB CSV export: first compressed answer after the start ${csvKalt.toFixed(0)} ms, the next ${csvWarm.toFixed(0)} ms (compressed once per ETag). A compressed signet and the CSV revalidate with their (weak) ETag: 304 and 304.

${summary(`first visit of the start page, transferred bodies / target ${ZIEL_KB} KB (Chromium, right after npm start)`, `${(frisch.koerper / 1024 / ZIEL_KB).toFixed(2)} (${kb(frisch.koerper)}; ${kb(start.koerper)} a few seconds later)`)}
${summary('compression of typical responses, identity / Brotli bytes (all of the table together)', `${(bruttoAlle / brAlle).toFixed(1)}× (${kb(bruttoAlle)} → ${kb(brAlle)})`)}
`);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
