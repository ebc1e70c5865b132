/**
 * Load generator for bench/seiten.bench.ts, run in a child process so it does not share the
 * measured server's or the bench's event loop: a closed loop of `verbindungen` keep-alive
 * connections (each sends its next request when the answer is in), for `sekunden`, over the given
 * paths in rotation; prints one JSON line with every latency (ms), the statuses and the bytes.
 *
 *   node --import tsx bench/seiten-last.ts <json: { basis, pfade, verbindungen, sekunden, headers }>
 */
import http from 'node:http';

interface Auftrag {
  basis: string;
  pfade: string[];
  verbindungen: number;
  sekunden: number;
  headers: Record<string, string>;
}

const auftrag = JSON.parse(process.argv[2]) as Auftrag;
const agent = new http.Agent({ keepAlive: true, maxSockets: auftrag.verbindungen });
const url = new URL(auftrag.basis);

function einmal(pfad: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pfad, agent, headers: auftrag.headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  const ende = performance.now() + auftrag.sekunden * 1000;
  const latenzen: number[] = [];
  const status: Record<string, number> = {};
  let bytes = 0;
  let fehler = 0;
  let naechster = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: auftrag.verbindungen }, async () => {
      while (performance.now() < ende) {
        const pfad = auftrag.pfade[naechster++ % auftrag.pfade.length];
        try {
          const r = await einmal(pfad);
          latenzen.push(r.ms);
          status[r.status] = (status[r.status] ?? 0) + 1;
          bytes += r.bytes;
        } catch {
          fehler++;
        }
      }
    }),
  );
  const dauer = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ latenzen, status, bytes, fehler, dauer })}\n`);
  agent.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
