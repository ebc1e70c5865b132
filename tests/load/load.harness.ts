/**
 * Load test of the real server (docs/performance.md, "Load test"): shared by the short run in the
 * test suite (tests/load/load.test.ts) and the measured run (bench/load.bench.ts).
 *
 * - `startLoadServer()` starts `src/server.ts` as a child process (the browser tests' harness:
 *   empty PGlite directory, or PostgreSQL when given a DATABASE_URL), with demo data and the demo
 *   accounts, and waits for `/healthz`.
 * - `prepareScenario()` looks up what the requests need through the public API (Behörden with a
 *   valid award, their signet ETags), logs in as the demo editor of Nürnberg through the login
 *   form, takes the CSRF token from the Verwaltung page's form and picks zentral procedures the
 *   Behörde has not linked, to toggle back and forth.
 * - `runRound()` runs every request kind at once, each with its own autocannon instance and
 *   connections, bounded by time and, optionally, by a number of requests; every response's status
 *   is checked against what that request must answer. While it runs, `/metrics` is read every
 *   `memorySampleMs` for the server's resident memory and V8 heap.
 *
 * Heap growth without forcing a collection (nothing in the server can trigger one): the heap used
 * oscillates between collections, so a round's heap "level" is the LOWEST heap used seen during it
 * (the level right after a collection: live objects plus little garbage). The server runs with
 * V8's `--heap-growing-percent` (see HEAP_GROWING_PERCENT) so that major collections come often
 * enough for that. A leak raises the level from round to round; `heapGrowth()` compares the first
 * round after the warm-up with the last ones.
 */
import autocannon from 'autocannon';
import { type StartedServer, DEMO_PASSWORD, startServer } from '../e2e/support/browser';

export const EDITOR_EMAIL = 'redaktion.nuernberg@demo.example';
export const EDITOR_ARS = '095640000000';

export interface LoadRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Statuses this request must answer; anything else counts as unexpected. */
  expect: number[];
}

export interface LoadKind {
  name: string;
  /** For the summary: public pages, signet, API, editing. */
  group: string;
  connections: number;
  /** Each connection sends these in order, again and again. */
  requests: LoadRequest[];
  /** Requests per second per connection (editing runs at a human pace); unlimited when absent. */
  rate?: number;
  /** Share of an amount-bound round's requests (cheap kinds get more); default: the connection count. */
  weight?: number;
  /** Sends the logged-in session's cookies. */
  session?: boolean;
}

export interface KindResult {
  name: string;
  group: string;
  connections: number;
  responses: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts (no response at all). */
  errors: number;
  /** Responses with a status outside the request's `expect`. */
  unexpected: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Up to five examples of unexpected answers (method, path, status, start of the body). */
  examples: string[];
  bytes: number;
}

export interface MemorySample {
  t: number;
  rss: number;
  heapUsed: number;
  oldSpace: number;
  external: number;
  /** CPU seconds the server process has used since its start. */
  cpu: number;
}

export interface RoundResult {
  kinds: KindResult[];
  seconds: number;
  memory: MemorySample[];
  /** Lowest heap used during the round (see the module comment). */
  heapLevel: number;
  rssEnd: number;
  /** CPU seconds the server used during the round (its share of a shared machine shows here). */
  serverCpu: number;
}

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Scenario {
  kinds: LoadKind[];
  session: Session;
  /** Procedures toggled by the editing kinds (unlinked again by `resetEdits`). */
  toggled: string[];
  signets: number;
  behoerden: number;
}

/**
 * V8 option of the measured server process (not of the code): a major collection whenever the old
 * space has grown 10 % beyond what the last one left, instead of letting it grow up to several
 * times the live heap. So the lowest heap used of a round is close to the live heap, and a leak
 * shows within a few rounds.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * Starts the real server (`node dist/server.js`, as `npm start`) with demo data and the demo
 * accounts. The load comes from one address, so the per-address limits are off: this measures the
 * server, not them (tests/security/drosselung.test.ts tests the limits).
 */
export function startLoadServer(env: Record<string, string> = {}): Promise<StartedServer> {
  return startServer({
    env: { LOG_LEVEL: 'warn', DEMO_DATA: 'true', DEMO_PASSWORD, API_RATE_PRO_MINUTE: '0', SIGNET_RATE_PRO_MINUTE: '0', OPENDATA_RATE_PRO_MINUTE: '0', HEALTH_RATE_PRO_MINUTE: '0', BEHOERDEN_VORBEREITUNG: 'false', ...env },
    nodeArgs: [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`],
  });
}

/** The server's memory figures from `/metrics` (da_process_resident_memory_bytes, da_nodejs_*). */
export async function readMemory(baseUrl: string): Promise<MemorySample> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  const gauge = (name: string) => {
    const m = new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`/metrics has no ${name}`);
    return Number(m[1]);
  };
  return {
    t: performance.now(),
    rss: gauge('da_process_resident_memory_bytes'),
    heapUsed: gauge('da_nodejs_heap_used_bytes'),
    oldSpace: gauge('da_nodejs_heap_space_used_bytes{space="old_space"}'),
    external: gauge('da_nodejs_external_memory_bytes'),
    cpu: gauge('da_process_cpu_seconds_total'),
  };
}

/** Cookies of a response as `name=value` pairs (Set-Cookie). */
function setCookies(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const csrfOf = (html: string, where: string) => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token in the form of ${where}`);
  return token;
};

/** Logs in through the login form; then takes the CSRF token from the Verwaltung page's form. */
export async function login(baseUrl: string, email: string, password: string, ars: string): Promise<Session> {
  const jar = new Map<string, string>();
  const page = await fetch(`${baseUrl}/anmelden`);
  setCookies(page, jar);
  const token = csrfOf(await page.text(), '/anmelden');
  const res = await fetch(`${baseUrl}/anmelden`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: token }).toString(),
  });
  setCookies(res, jar);
  if (res.status !== 303) throw new Error(`login of ${email} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const verwaltung = await fetch(`${baseUrl}/verwaltung/behoerden/${ars}/verlinkungen`, { headers: { cookie: cookieHeader(jar) } });
  setCookies(verwaltung, jar);
  if (verwaltung.status !== 200) throw new Error(`/verwaltung/behoerden/${ars}/verlinkungen answered ${verwaltung.status}`);
  return { cookie: cookieHeader(jar), csrf: csrfOf(await verwaltung.text(), `/verwaltung/behoerden/${ars}/verlinkungen`) };
}

async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()) as T;
}

async function etagOf(baseUrl: string, path: string): Promise<string> {
  const res = await fetch(`${baseUrl}${path}`);
  await res.arrayBuffer();
  const etag = res.headers.get('etag');
  if (res.status !== 200 || !etag) throw new Error(`${path} answered ${res.status} without an ETag`);
  return etag;
}

/**
 * The mix of requests. `scale` multiplies the connections of the read-only kinds; `editRate` is
 * the requests per second of the editing connection (each one a link change; whole numbers only,
 * autocannon's rate counts per second).
 */
export async function prepareScenario(baseUrl: string, opts: { scale?: number; editRate?: number } = {}): Promise<Scenario> {
  const scale = opts.scale ?? 1;
  const editRate = Math.max(1, Math.round(opts.editRate ?? 1));
  const c = (n: number) => Math.max(1, Math.round(n * scale));
  type Liste = { items: { ars: string; praedikat: { zertifikatNr: string; status: string } | null }[] };
  const aemter = (await getJson<Liste>(baseUrl, '/api/v1/behoerden?status=digitales_amt&pageSize=20')).items.filter((b) => b.praedikat?.status === 'gueltig');
  if (aemter.length < 5) throw new Error(`only ${aemter.length} Behörden with a valid award in the demo data`);
  const andere = (await getJson<Liste>(baseUrl, '/api/v1/behoerden?status=nah_dran&pageSize=10')).items;
  const behoerden = [...aemter.slice(0, 10), ...andere.slice(0, 10)].map((b) => b.ars);
  const nummern = aemter.slice(0, 10).map((b) => b.praedikat!.zertifikatNr);
  const svg = await Promise.all(nummern.map(async (nr) => ({ path: `/signet/${nr}.svg`, etag: await etagOf(baseUrl, `/signet/${nr}.svg`) })));
  const png = await Promise.all(nummern.map(async (nr) => ({ path: `/signet/${nr}.png`, etag: await etagOf(baseUrl, `/signet/${nr}.png`) })));

  const session = await login(baseUrl, EDITOR_EMAIL, DEMO_PASSWORD, EDITOR_ARS);
  const verlinkt = new Set((await getJson<{ verfahrenId: string }[]>(baseUrl, `/api/v1/behoerden/${EDITOR_ARS}/verlinkungen`)).map((v) => v.verfahrenId));
  const katalog = await getJson<{ items: { id: string; aktiv: boolean }[] }>(baseUrl, '/api/v1/verfahren?bereitstellung=zentral&art=online&pageSize=200');
  const frei = katalog.items.filter((v) => v.aktiv && !verlinkt.has(v.id)).map((v) => v.id);
  if (frei.length < 2) throw new Error(`no unlinked zentral procedure for ${EDITOR_ARS}`);
  const [formular, api] = frei;

  const get = (path: string, expect = [200]): LoadRequest => ({ path, expect });
  const form = (aktion: 'verlinken' | 'entfernen', verfahrenId: string): LoadRequest => ({
    method: 'POST',
    path: `/verwaltung/behoerden/${EDITOR_ARS}/verlinkungen/${aktion}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ verfahrenId, _csrf: session.csrf }).toString(),
    expect: [303],
  });
  const apiPath = (id: string) => `/api/v1/behoerden/${EDITOR_ARS}/verlinkungen/${id}`;
  const apiHeaders = { 'x-csrf-token': session.csrf, 'content-type': 'application/json' };

  const kinds: LoadKind[] = [
    { name: 'start page `/`', group: 'public pages', connections: c(1), weight: 3, requests: [get('/')] },
    {
      name: 'Digitale Ämter list with filters',
      group: 'public pages',
      connections: c(2),
      weight: 3,
      requests: [
        '/behoerden?status=digitales_amt',
        '/behoerden?status=digitales_amt&sort=verliehen',
        '/behoerden?status=digitales_amt&regierungsbezirk=096',
        '/behoerden?status=digitales_amt&typ=stadt&page=2',
        '/behoerden?status=digitales_amt&jahr=2022',
        '/behoerden?q=Koenigshofen',
        '/behoerden?status=nah_dran&sort=anzahl',
      ].map((p) => get(p)),
    },
    { name: 'Behörde page', group: 'public pages', connections: c(2), weight: 3, requests: behoerden.map((a) => get(`/behoerden/${a}`)) },
    { name: 'map `/karte`', group: 'public pages', connections: c(1), weight: 1, requests: [get('/karte'), get('/karte/096'), get('/karte?farbe=anzahl')] },
    { name: 'statistics `/statistik`', group: 'public pages', connections: c(1), weight: 1, requests: [get('/statistik')] },
    { name: 'signet SVG → 200', group: 'signet', connections: c(2), weight: 20, requests: svg.map((s) => get(s.path)) },
    { name: 'signet SVG, If-None-Match → 304', group: 'signet', connections: c(2), weight: 20, requests: svg.map((s) => ({ path: s.path, headers: { 'if-none-match': s.etag }, expect: [304] })) },
    { name: 'signet PNG → 200', group: 'signet', connections: c(1), weight: 20, requests: png.map((s) => get(s.path)) },
    { name: 'signet PNG, If-None-Match → 304', group: 'signet', connections: c(1), weight: 20, requests: png.map((s) => ({ path: s.path, headers: { 'if-none-match': s.etag }, expect: [304] })) },
    {
      name: 'JSON API',
      group: 'API',
      connections: c(1),
      weight: 4,
      requests: [
        get('/api/v1/behoerden?status=digitales_amt&pageSize=50'),
        get(`/api/v1/behoerden/${behoerden[0]}`),
        get(`/api/v1/behoerden/${behoerden[1]}/zaehlstand`),
        get('/api/v1/verfahren?bereitstellung=zentral&pageSize=50'),
        get(`/api/v1/behoerden/${behoerden[2]}/verlinkungen`),
      ],
    },
    { name: 'open data (`behoerden.json`, `praedikate.csv`)', group: 'API', connections: 1, weight: 1, requests: [get('/opendata/behoerden.json'), get('/opendata/praedikate.csv')] },
    { name: 'Verwaltung page (logged in)', group: 'editing', connections: 1, session: true, rate: editRate, weight: 0.3, requests: [get(`/verwaltung/behoerden/${EDITOR_ARS}/verlinkungen`)] },
    {
      name: 'toggle a link: form (link 303, unlink 303), API (PUT 201, DELETE 200)',
      group: 'editing',
      connections: 1,
      session: true,
      rate: editRate,
      weight: 1,
      requests: [
        form('verlinken', formular),
        form('entfernen', formular),
        { method: 'PUT', path: apiPath(api), headers: apiHeaders, body: '{}', expect: [201] },
        { method: 'DELETE', path: apiPath(api), headers: { 'x-csrf-token': session.csrf }, expect: [200] },
      ],
    },
  ];
  return { kinds, session, toggled: [formular, api], signets: nummern.length, behoerden: behoerden.length };
}

/** Unlinks the toggled procedures again (a round may stop between link and unlink). */
export async function resetEdits(baseUrl: string, scenario: Scenario): Promise<void> {
  for (const id of scenario.toggled) {
    const res = await fetch(`${baseUrl}/api/v1/behoerden/${EDITOR_ARS}/verlinkungen/${id}`, {
      method: 'DELETE',
      headers: { cookie: scenario.session.cookie, 'x-csrf-token': scenario.session.csrf },
    });
    await res.arrayBuffer();
    if (res.status !== 200 && res.status !== 404) throw new Error(`unlinking ${id} answered ${res.status}`);
  }
}

export interface RoundOptions {
  /** Upper bound of the round in seconds. */
  seconds: number;
  /** Upper bound of the requests of the whole round, shared by the kinds by weight (default: none, time only). */
  requests?: number;
  /** Only the kinds for which this is true (default: all). */
  filter?: (kind: LoadKind) => boolean;
  memorySampleMs?: number;
}

/** Runs every kind at once; see the module comment. */
export async function runRound(baseUrl: string, scenario: Scenario, opts: RoundOptions): Promise<RoundResult> {
  await resetEdits(baseUrl, scenario);
  const kinds = scenario.kinds.filter(opts.filter ?? (() => true));
  const totalWeight = kinds.reduce((s, k) => s + (k.weight ?? k.connections), 0);
  const memory: MemorySample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      memory.push(await readMemory(baseUrl));
      await new Promise((r) => setTimeout(r, opts.memorySampleMs ?? 200));
    }
  })();
  const t0 = performance.now();
  const results = await Promise.all(
    kinds.map(async (kind): Promise<KindResult> => {
      let unexpected = 0;
      const examples: string[] = [];
      const requests = kind.requests.map((r) => ({
        method: r.method ?? 'GET',
        path: r.path,
        headers: { ...(kind.session ? { cookie: scenario.session.cookie } : {}), ...r.headers },
        body: r.body,
        onResponse: (status: number, body: string) => {
          if (r.expect.includes(status)) return;
          unexpected++;
          if (examples.length < 5) examples.push(`${r.method ?? 'GET'} ${r.path} → ${status}: ${String(body).slice(0, 200)}`);
        },
      }));
      let amount: number | undefined;
      if (opts.requests) {
        // Whole cycles per connection, so an editing connection ends unlinked.
        const perConnection = Math.max(1, Math.round((opts.requests * (kind.weight ?? kind.connections)) / totalWeight / kind.connections / requests.length));
        amount = perConnection * requests.length * kind.connections;
      }
      let cap: NodeJS.Timeout | undefined;
      const r = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          { url: baseUrl, connections: kind.connections, duration: opts.seconds, amount, connectionRate: kind.rate, requests, timeout: 30 },
          (err, result) => (err ? reject(err) : resolve(result)),
        );
        // An amount-bound round stops at the time bound too.
        if (amount) cap = setTimeout(() => instance.stop(), opts.seconds * 1000);
      });
      clearTimeout(cap);
      const statuses: Record<string, number> = {};
      let responses = 0;
      for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) {
        statuses[code] = s.count ?? 0;
        responses += s.count ?? 0;
      }
      return {
        name: kind.name,
        group: kind.group,
        connections: kind.connections,
        responses,
        seconds: r.duration,
        rps: responses / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        errors: r.errors + r.timeouts,
        unexpected,
        statuses,
        examples,
        bytes: r.throughput.total,
      };
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  memory.push(await readMemory(baseUrl));
  await resetEdits(baseUrl, scenario);
  const last = memory[memory.length - 1];
  return { kinds: results, seconds, memory, heapLevel: Math.min(...memory.map((m) => m.heapUsed)), rssEnd: last.rss, serverCpu: last.cpu - memory[0].cpu };
}

/** Adds up the kinds of several rounds (latency: the worst round's p50/p99, to stay on the safe side). */
export function combine(rounds: RoundResult[]): KindResult[] {
  return rounds[0].kinds.map((_, i) => {
    const ks = rounds.map((r) => r.kinds[i]);
    const statuses: Record<string, number> = {};
    for (const k of ks) for (const [code, n] of Object.entries(k.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    const responses = ks.reduce((s, k) => s + k.responses, 0);
    const seconds = ks.reduce((s, k) => s + k.seconds, 0);
    return {
      ...ks[0],
      responses,
      seconds,
      rps: responses / seconds,
      p50: Math.max(...ks.map((k) => k.p50)),
      p99: Math.max(...ks.map((k) => k.p99)),
      max: Math.max(...ks.map((k) => k.max)),
      errors: ks.reduce((s, k) => s + k.errors, 0),
      unexpected: ks.reduce((s, k) => s + k.unexpected, 0),
      statuses,
      examples: ks.flatMap((k) => k.examples).slice(0, 5),
      bytes: ks.reduce((s, k) => s + k.bytes, 0),
    };
  });
}

/**
 * Heap growth over the measured rounds: the lower of the last two rounds' heap levels against the
 * first measured round's (both after the warm-up round), as a fraction (0.1 = 10 % more).
 */
export function heapGrowth(measured: RoundResult[]): { first: number; last: number; growth: number } {
  const first = measured[0].heapLevel;
  const last = Math.min(...measured.slice(-2).map((r) => r.heapLevel));
  return { first, last, growth: last / first - 1 };
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
