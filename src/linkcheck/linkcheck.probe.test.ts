import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geschlossenerPort, startTestServer, type TestServer, type Zaehler } from './linkcheck.fixtures';
import { createLimiter, httpText, netzwerkfehlerText, type ProbeSettings, pruefeUrl } from './linkcheck.probe';

const settings: ProbeSettings = { timeoutMs: 500, maxRedirects: 5, userAgent: 'DigitalesAmt-Linkpruefung/1.0 (+http://localhost:3000)' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const pruefe = (path: string, s: Partial<ProbeSettings> = {}) => pruefeUrl(server.url(path), { ...settings, ...s });

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
    const r = await pruefeUrl(await geschlossenerPort(), settings);
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

  it('names a port that browsers refuse, and otherwise passes the cause on', async () => {
    expect(await pruefeUrl('http://127.0.0.1:1/', settings)).toMatchObject({ status: 'defekt', fehler: 'Port wird von Browsern gesperrt' });
    expect(netzwerkfehlerText(Object.assign(new TypeError('fetch failed'), { cause: new Error('etwas Seltenes') })).text).toBe('Netzwerkfehler (etwas Seltenes)');
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
      const r = await Promise.all(Array.from({ length: 10 }, (_, i) => pruefeUrl(s.url(`/parallel/${i}`), settings, { limiter })));
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
      const r = await Promise.all(urls.map((u) => pruefeUrl(u, settings, { limiter })));
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
