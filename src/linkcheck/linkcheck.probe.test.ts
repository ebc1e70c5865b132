import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geschlossenerPort, startTestServer, TEST_ZERTIFIKAT, type TestServer, testnetzFuer, type Zaehler } from './linkcheck.fixtures';
import { type Adresse, createLimiter, httpText, type Netzzugang, netzwerkfehlerText, type ProbeSettings, pruefeUrl } from './linkcheck.probe';

const settings: ProbeSettings = { timeoutMs: 500, maxRedirects: 5, userAgent: 'DigitalesAmt-Linkpruefung/1.0 (+http://localhost:3000)' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const pruefe = (path: string, s: Partial<ProbeSettings> = {}) => pruefeUrl(server.url(path), { ...settings, ...s }, { netz: { testnetz: testnetzFuer(server) } });

describe('one URL', () => {
  it('reports 200 as ok with a single HEAD request that names the platform', async () => {
    const vorher = server.anfragen.length;
    const r = await pruefe('/ok');
    expect(r).toMatchObject({ status: 'ok', httpStatus: 200, fehler: null, zielUrl: null });
    const neu = server.anfragen.slice(vorher);
    expect(neu.map((a) => a.method)).toEqual(['HEAD']);
    expect(neu[0].userAgent).toBe('DigitalesAmt-Linkpruefung/1.0 (+http://localhost:3000)');
  });

  it('reports 404 and 500 as broken with the status in German text', async () => {
    expect(await pruefe('/404')).toMatchObject({ status: 'defekt', httpStatus: 404, fehler: 'HTTP 404 Not Found' });
    expect(await pruefe('/500')).toMatchObject({ status: 'defekt', httpStatus: 500, fehler: 'HTTP 500 Internal Server Error' });
  });

  it('falls back to GET when the server refuses HEAD with 405', async () => {
    const vorher = server.anfragen.length;
    expect(await pruefe('/nur-get')).toMatchObject({ status: 'ok', httpStatus: 200 });
    expect(server.anfragen.slice(vorher).map((a) => a.method)).toEqual(['HEAD', 'GET']);
  });

  it('falls back to GET when the connection breaks on HEAD only', async () => {
    expect(await pruefe('/head-bricht-ab')).toMatchObject({ status: 'ok', httpStatus: 200 });
  });

  it('follows a chain of three redirects and records where it ended', async () => {
    const r = await pruefe('/kette/3/0');
    expect(r).toMatchObject({ status: 'ok', httpStatus: 200, zielUrl: server.url('/kette/3/3') });
  });

  it('follows exactly the limit of redirects, and reports one more as too many', async () => {
    expect(await pruefe('/kette/5/0')).toMatchObject({ status: 'ok' });
    expect(await pruefe('/kette/6/0')).toMatchObject({ status: 'defekt', httpStatus: 302, fehler: 'Zu viele Weiterleitungen (6)' });
    expect(await pruefe('/kette/1/0', { maxRedirects: 0 })).toMatchObject({ status: 'defekt', fehler: 'Zu viele Weiterleitungen (1)' });
  });

  it('detects a redirect loop', async () => {
    const r = await pruefe('/schleife/a');
    expect(r.status).toBe('defekt');
    expect(r.fehler).toBe('Weiterleitungsschleife (nach 2 Weiterleitungen)');
  });

  it('resolves a relative Location against the current URL', async () => {
    expect(await pruefe('/relativ/a')).toMatchObject({ status: 'ok', zielUrl: server.url('/relativ/b') });
  });

  it('reports a redirect without target and one to a non-http address', async () => {
    expect(await pruefe('/ohne-ziel')).toMatchObject({ status: 'defekt', fehler: 'HTTP 302 Found ohne Weiterleitungsziel' });
    expect(await pruefe('/zu-ftp')).toMatchObject({ status: 'defekt', fehler: 'Weiterleitung auf eine nicht prüfbare Adresse (ftp:)' });
  });

  it('gives up after the timeout and says so in German', async () => {
    const start = Date.now();
    const r = await pruefe('/langsam', { timeoutMs: 200 });
    expect(r).toMatchObject({ status: 'defekt', httpStatus: null, fehler: 'Zeitüberschreitung nach 0,2 s' });
    expect(Date.now() - start).toBeLessThan(1500);
  });

  it('reports a closed port as „Verbindung abgelehnt“', async () => {
    const url = await geschlossenerPort();
    const r = await pruefeUrl(url, settings, { netz: { testnetz: testnetzFuer({ base: url }) } });
    expect(r).toMatchObject({ status: 'defekt', httpStatus: null, fehler: 'Verbindung abgelehnt' });
  });

  it('does not hang on a GET body that never ends: it reads a few KB and aborts', async () => {
    const start = Date.now();
    const r = await pruefe('/endlos', { timeoutMs: 5000 });
    expect(r).toMatchObject({ status: 'ok', httpStatus: 200 });
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('takes the status of a GET whose body never comes, within the timeout', async () => {
    const start = Date.now();
    expect(await pruefe('/stumm', { timeoutMs: 300 })).toMatchObject({ status: 'ok', httpStatus: 200 });
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('reports 429 and 503 with Retry-After as broken, but says it is temporary', async () => {
    const r429 = await pruefe('/429');
    expect(r429).toMatchObject({ status: 'defekt', httpStatus: 429 });
    expect(r429.fehler).toBe('HTTP 429 Too Many Requests – vorübergehend: der Server bittet um einen späteren Versuch (Retry-After: 120)');
    const r503 = await pruefe('/503');
    expect(r503.fehler).toContain('HTTP 503 Service Unavailable – vorübergehend');
    expect(r503.fehler).toContain('Retry-After: 3600');
  });

  it('does not request anything that is not http(s)', async () => {
    expect(await pruefeUrl('ftp://127.0.0.1/x', settings)).toMatchObject({ status: 'defekt', fehler: 'Keine http(s)-Adresse (ftp:) – nicht geprüft' });
    expect(await pruefeUrl('kein link', settings)).toMatchObject({ status: 'defekt', fehler: 'Keine gültige Adresse' });
  });
});

describe('German texts for network errors', () => {
  const fetchFehler = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('names DNS, TLS and connection problems', () => {
    expect(netzwerkfehlerText(fetchFehler('ENOTFOUND')).text).toBe('Servername nicht gefunden (DNS)');
    expect(netzwerkfehlerText(fetchFehler('CERT_HAS_EXPIRED')).text).toBe('TLS-Zertifikat abgelaufen');
    expect(netzwerkfehlerText(fetchFehler('DEPTH_ZERO_SELF_SIGNED_CERT')).text).toBe('TLS-Zertifikat nicht vertrauenswürdig (selbst signiert)');
    expect(netzwerkfehlerText(fetchFehler('ERR_TLS_CERT_ALTNAME_INVALID')).text).toBe('TLS-Zertifikat gilt nicht für diesen Servernamen');
    expect(netzwerkfehlerText(fetchFehler('ERR_SSL_WRONG_VERSION_NUMBER')).text).toBe('TLS-Verbindung fehlgeschlagen');
    expect(netzwerkfehlerText(fetchFehler('UND_ERR_CONNECT_TIMEOUT')).text).toBe('Zeitüberschreitung beim Verbindungsaufbau');
    expect(netzwerkfehlerText(fetchFehler('ECONNRESET'))).toEqual({ text: 'Verbindung vom Server abgebrochen', nachVerbindung: true });
  });

  it('never repeats a raw error message, only a known error code', () => {
    expect(netzwerkfehlerText(Object.assign(new TypeError('fetch failed'), { cause: new Error('connect to 10.1.2.3:5432 via gateway intern-gw') })).text).toBe('Netzwerkfehler');
    expect(netzwerkfehlerText(Object.assign(new Error('x'), { code: 'EADDRNOTAVAIL' })).text).toBe('Netzwerkfehler (EADDRNOTAVAIL)');
  });

  it('reads the code of the first address when several were tried', () => {
    const agg = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}) });
    expect(netzwerkfehlerText(agg).text).toBe('Verbindung abgelehnt');
  });

  it('uses the standard reason phrase, not the server’s', () => {
    expect(httpText(404)).toBe('HTTP 404 Not Found');
    expect(httpText(599)).toBe('HTTP 599');
  });
});

describe('concurrency', () => {
  it('never sends more than the per-host limit to one server at a time', async () => {
    const s = await startTestServer({ verzoegerungMs: 60 });
    try {
      const limiter = createLimiter(16, 2);
      const r = await Promise.all(Array.from({ length: 10 }, (_, i) => pruefeUrl(s.url(`/parallel/${i}`), settings, { limiter, netz: { testnetz: testnetzFuer(s) } })));
      expect(r.every((x) => x.status === 'ok')).toBe(true);
      expect(s.maxGleichzeitig).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('never exceeds the total limit across servers, and does not let one busy server block the others', async () => {
    const zaehler: Zaehler = { aktiv: 0, max: 0 };
    const server = await Promise.all([1, 2, 3, 4].map(() => startTestServer({ verzoegerungMs: 40, zaehler })));
    try {
      const limiter = createLimiter(3, 5);
      const urls = server.flatMap((s) => [1, 2, 3].map((i) => s.url(`/parallel/${i}`)));
      const r = await Promise.all(urls.map((u) => pruefeUrl(u, settings, { limiter, netz: { testnetz: testnetzFuer(...server) } })));
      expect(r.every((x) => x.status === 'ok')).toBe(true);
      expect(zaehler.max).toBe(3);
      expect(limiter.aktiv).toBe(0);
    } finally {
      await Promise.all(server.map((s) => s.close()));
    }
  });

  it('runs queued work of a free host while another host is at its limit', async () => {
    const limiter = createLimiter(4, 1);
    const reihenfolge: string[] = [];
    let freigeben!: () => void;
    const blockiert = new Promise<void>((r) => {
      freigeben = r;
    });
    const a1 = limiter.run('a', async () => {
      reihenfolge.push('a1');
      await blockiert;
    });
    const a2 = limiter.run('a', async () => {
      reihenfolge.push('a2');
    });
    const b1 = limiter.run('b', async () => {
      reihenfolge.push('b1');
    });
    await b1;
    expect(reihenfolge).toEqual(['a1', 'b1']);
    freigeben();
    await Promise.all([a1, a2]);
    expect(reihenfolge).toEqual(['a1', 'b1', 'a2']);
  });
});

describe('no request into internal networks', () => {
  /** A resolver for test names; counts how often each name was asked. */
  const resolver = (tabelle: Record<string, string[] | ((n: number) => string[])>) => {
    const gefragt = new Map<string, number>();
    const aufloesen = async (name: string): Promise<Adresse[]> => {
      const n = (gefragt.get(name) ?? 0) + 1;
      gefragt.set(name, n);
      const eintrag = tabelle[name];
      if (!eintrag) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return (typeof eintrag === 'function' ? eintrag(n) : eintrag).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { aufloesen, gefragt };
  };

  it('connects to no local listener without the test exception, however its address is written', async () => {
    const s = await startTestServer();
    try {
      const port = new URL(s.base).port;
      const spellings = [s.url('/ok'), `https://127.0.0.1:${port}/ok`, `https://0x7f000001:${port}/`, `https://2130706433:${port}/`, `https://0177.0.0.1:${port}/`, `https://127.1:${port}/`, `https://[::ffff:127.0.0.1]:${port}/`];
      for (const url of spellings) {
        const r = await pruefeUrl(url, settings);
        expect(r, url).toMatchObject({ status: 'defekt', httpStatus: null });
        expect(r.fehler, url).toContain('internes Netz (Loopback');
      }
      expect(s.verbindungen).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('refuses the metadata address, private, CGNAT and ULA addresses and localhost without a request', async () => {
    for (const [url, teil] of [
      ['https://169.254.169.254/latest/meta-data/', 'Link-Local'],
      ['https://10.0.0.1/', 'privates Netz'],
      ['https://100.64.0.1/', 'Carrier-Grade-NAT'],
      ['https://[fd00::1]/', 'Unique Local Address'],
      ['https://[::1]/', 'Loopback'],
      ['https://localhost/', 'eigenen Rechner'],
      ['https://api.localhost/', 'eigenen Rechner'],
    ]) {
      const r = await pruefeUrl(url, { ...settings, timeoutMs: 100 });
      expect(r.fehler, url).toContain(teil);
      expect(r.antwortMs, url).toBe(0);
    }
  });

  it('refuses a name that resolves to an internal address, also when only one of its addresses is internal', async () => {
    const s = await startTestServer();
    try {
      const port = new URL(s.base).port;
      const { aufloesen } = resolver({ 'intern.example.org': ['127.0.0.1'], 'gemischt.example.org': ['93.184.215.14', '127.0.0.1'] });
      for (const name of ['intern.example.org', 'gemischt.example.org']) {
        const r = await pruefeUrl(`https://${name}:${port}/ok`, settings, { netz: { aufloesen } });
        expect(r.fehler, name).toBe('Der Servername zeigt auf ein internes Netz (Loopback, der eigene Rechner) – nicht geprüft');
      }
      expect(s.verbindungen).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('follows no redirect into an internal network', async () => {
    const intern = await startTestServer();
    try {
      const r = await pruefe(`/umleitung?nach=${encodeURIComponent(intern.url('/ok'))}`);
      expect(r).toMatchObject({ status: 'defekt', httpStatus: 302, zielUrl: intern.url('/ok') });
      expect(r.fehler).toContain('Weiterleitung auf eine unzulässige Adresse');
      const metadaten = await pruefe(`/umleitung?nach=${encodeURIComponent('https://169.254.169.254/latest/meta-data/')}`);
      expect(metadaten.fehler).toContain('internes Netz (Link-Local)');
      expect(intern.verbindungen).toBe(0);
    } finally {
      await intern.close();
    }
  });

  it('refuses ports other than 443 and 80 and plain http on public addresses without a request', async () => {
    const { aufloesen, gefragt } = resolver({ 'www.stadt.example.org': ['93.184.215.14'] });
    expect((await pruefeUrl('https://www.stadt.example.org:8443/', settings, { netz: { aufloesen } })).fehler).toBe('Port 8443 nicht zulässig (nur 443 und 80) – nicht geprüft');
    expect((await pruefeUrl('http://www.stadt.example.org/', settings, { netz: { aufloesen } })).fehler).toBe('Unverschlüsselte http-Adresse – nur https wird geprüft');
    expect(gefragt.get('www.stadt.example.org')).toBe(2);
  });

  it('connects to the address it checked (SNI and Host carry the name), even when DNS answers differently afterwards', async () => {
    const a = await startTestServer({ tls: true, host: '127.0.0.1' });
    const port = Number(new URL(a.base).port);
    // A second listener on the same port of another loopback address: where a rebinding would lead.
    const b = await startTestServer({ tls: true, host: '127.0.0.2', port });
    try {
      const { aufloesen, gefragt } = resolver({ 'rebind.pruefung.test': (n) => (n === 1 ? ['127.0.0.1'] : ['127.0.0.2']) });
      const netz: Netzzugang = { aufloesen, testnetz: { ziele: new Set([`127.0.0.1:${port}`]), ca: TEST_ZERTIFIKAT.cert } };
      const r = await pruefeUrl(`https://rebind.pruefung.test:${port}/nur-get`, settings, { netz });
      expect(r).toMatchObject({ status: 'ok', httpStatus: 200 });
      expect(gefragt.get('rebind.pruefung.test')).toBe(1);
      expect(a.anfragen.map((x) => [x.method, x.host])).toEqual([
        ['HEAD', `rebind.pruefung.test:${port}`],
        ['GET', `rebind.pruefung.test:${port}`],
      ]);
      expect(a.servernamen).toEqual(['rebind.pruefung.test', 'rebind.pruefung.test']);
      expect(b.verbindungen).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('reports a redirect from https to http as a finding and does not request the http address', async () => {
    const sicher = await startTestServer({ tls: true });
    const klar = await startTestServer();
    try {
      const { aufloesen } = resolver({ 'www.pruefung.test': ['127.0.0.1'] });
      const netz: Netzzugang = { aufloesen, testnetz: { ziele: new Set([new URL(sicher.base).host, new URL(klar.base).host]), ca: TEST_ZERTIFIKAT.cert } };
      const nach = `http://www.pruefung.test:${new URL(klar.base).port}/ok`;
      const r = await pruefeUrl(`https://www.pruefung.test:${new URL(sicher.base).port}/umleitung?nach=${encodeURIComponent(nach)}`, settings, { netz });
      expect(r).toMatchObject({ status: 'defekt', httpStatus: 302, zielUrl: nach, fehler: 'Weiterleitung auf eine unverschlüsselte http-Adresse – nicht angefragt' });
      expect(klar.verbindungen).toBe(0);
    } finally {
      await Promise.all([sicher.close(), klar.close()]);
    }
  });

  it('checks the certificate against the host name it connects for', async () => {
    const s = await startTestServer({ tls: true });
    try {
      const { aufloesen } = resolver({ 'falsch.example.org': ['127.0.0.1'] });
      const r = await pruefeUrl(`https://falsch.example.org:${new URL(s.base).port}/ok`, settings, { netz: { aufloesen, testnetz: testnetzFuer(s) } });
      expect(r.fehler).toBe('TLS-Zertifikat gilt nicht für diesen Servernamen');
      expect(s.anfragen).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});
