/**
 * The one place that reads `process.env`. Every setting is parsed with zod once; a bad value stops
 * the start with a list of every problem (see docs/operations.md for the full table).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import type { DrosselLimits } from './drosselung';
import { parseProxyVertrauen } from './netz';
import { STANDARD_SCHWELLEN } from './schwellen';
import { isRole, ROLES, type Role } from './handelnde';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'ja', 'nein'])
  .transform((v) => ['true', '1', 'yes', 'ja'].includes(v));

/** A euro amount (`42680000`, `2500,50` or `2500.50`), converted exactly to integer cents (bigint). */
const euro = z
  .string()
  .regex(/^\d{1,13}([.,]\d{1,2})?$/, 'Betrag in Euro, z. B. 42680000 oder 2500,50')
  .transform((v) => {
    const [e, c = ''] = v.split(/[.,]/);
    return BigInt(e) * 100n + BigInt(c.padEnd(2, '0'));
  });

/** A secret: at least 32 characters (e.g. `openssl rand -base64 48`). */
const secret = z.string().min(32, 'mindestens 32 Zeichen (erzeugen: openssl rand -base64 48)');
/** Earlier secrets, still accepted for checking during a rotation: separated by commas or spaces. */
const secretList = z
  .string()
  .transform((v) => v.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(secret));

/** The secrets every instance must share; with PostgreSQL they come from the environment only. */
export const SECRET_VARIABLES = ['SESSION_SECRET', 'SIGNET_KEK'] as const;

/** An absolute http(s) URL without credentials, query or fragment (a base that paths are appended to). */
const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password && !u.search && !u.hash;
  } catch {
    return false;
  }
}, 'eine http(s)-Adresse ohne Zugangsdaten, Abfrage oder Anker, z. B. https://digitales-amt.bayern.de');

const DEFAULT_OFFICIAL_DATA_DIR = '../shared/data';

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z
      .string()
      .regex(/^([A-Za-z0-9.-]+|[0-9A-Fa-f:.]+|\[[0-9A-Fa-f:.]+\])$/, 'ein Hostname oder eine IP-Adresse, z. B. 0.0.0.0, 127.0.0.1 oder ::')
      .default('0.0.0.0'),
    /** Directory of the embedded PGlite database; ignored when DATABASE_URL is set. */
    DATA_DIR: z.string().min(1).default('.data'),
    /** PostgreSQL connection string; when set, the server is used instead of PGlite. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'muss mit postgres:// oder postgresql:// beginnen')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** How long the start (and `cli migrate`) keeps trying to reach PostgreSQL before giving up (exit code 3). */
    DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Folder with the official data (Destatis, BKG, OZG/LeiKa); read, never copied. */
    OFFICIAL_DATA_DIR: z.string().min(1).default(DEFAULT_OFFICIAL_DATA_DIR),
    /** Land to import from GV100AD: the key of one of the 16 Länder or "all". */
    IMPORT_LAND: z
      .string()
      .regex(/^(0[1-9]|1[0-6]|all)$/, 'Schlüssel eines Landes von 01 bis 16 (z. B. 09 für Bayern) oder "all"')
      .default('09'),
    /** Simulated links and awards for demonstration; default on, but off with NODE_ENV=production. */
    DEMO_DATA: bool.optional(),
    DEMO_SEED: z.coerce.number().int().default(20210729),
    /**
     * Signs the session, CSRF and login cookies and the unsubscribe links of outreach mails.
     * Unset with the embedded database: generated at first start and kept in DATA_DIR (geheimnisse.ts).
     */
    SESSION_SECRET: secret.optional(),
    /** Earlier session secrets: cookies and unsubscribe links signed with them stay valid. */
    SESSION_SECRET_VORHER: secretList.optional(),
    /** Key-encryption key of the signet signing keys (separate from SESSION_SECRET). */
    SIGNET_KEK: secret.optional(),
    /** Earlier KEKs: keys still wrapped under one are re-wrapped under SIGNET_KEK at start. */
    SIGNET_KEK_VORHER: secretList.optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
    /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16, 'mindestens 16 Zeichen').optional(),
    /** Lockout: after this many consecutive failed logins an account is locked for LOGIN_SPERRE_MINUTEN. */
    LOGIN_MAX_FEHLVERSUCHE: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_SPERRE_MINUTEN: z.coerce.number().int().min(1).max(1440).default(15),
    /** Login attempts per IP address and minute (per instance). */
    LOGIN_RATE_PRO_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
    /**
     * Requests per client address and minute (per instance; 0 = no limit): the JSON API under
     * /api/, and — much higher, so embedding websites and caches are never slowed — the signet
     * (/signet/, /credentials/, /.well-known/), the open-data downloads and the health endpoints.
     */
    API_RATE_PRO_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(300),
    SIGNET_RATE_PRO_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(6000),
    OPENDATA_RATE_PRO_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
    HEALTH_RATE_PRO_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(6000),
    /**
     * The reverse proxies in front of the app (docs/operations.md): a number of hops (`1`: the one
     * proxy that connects to the app) or proxy addresses and networks (`10.0.0.1,10.0.0.0/8`).
     * The client address (rate limits, logs) is then the one the nearest untrusted hop sent;
     * `true` counts as `1`. Any trusted proxy also means TLS in front: cookies get `Secure`, HSTS is sent.
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const r = parseProxyVertrauen(v);
        if ('fehler' in r) {
          ctx.addIssue({ code: 'custom', message: r.fehler });
          return z.NEVER;
        }
        return r;
      }),
    COOKIE_SECURE: bool.optional(),
    /** Public address of the platform: absolute links in open data, feeds, embed code, mails. */
    PUBLIC_BASE_URL: httpUrl.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_EMAIL: z.string().email().default('admin@digitales-amt.bayern.example'),
    /** Password of the first admin (else a random one is printed once). */
    INITIAL_ADMIN_PASSWORD: z.string().min(12, 'mindestens 12 Zeichen').optional(),
    /**
     * Automated tests only (NODE_ENV=test): one known password for the demo accounts, not to be
     * changed at login. Otherwise every demo account gets its own one-time password, printed once.
     */
    DEMO_PASSWORD: z.string().min(12, 'mindestens 12 Zeichen').optional(),
    /** How long the link of an invitation to a new account stays valid. */
    EINLADUNG_GUELTIG_STUNDEN: z.coerce.number().int().min(1).max(720).default(72),
    /** Prädikat thresholds: linked counting Online-Verfahren. */
    THRESHOLD_DEFAULT: z.coerce.number().int().min(1).default(STANDARD_SCHWELLEN.default),
    THRESHOLD_BEZIRK: z.coerce.number().int().min(1).default(STANDARD_SCHWELLEN.bezirk),
    /** Days an awarded Behörde may stay below the threshold before the award is suspended. */
    PRAEDIKAT_KARENZ_TAGE: z.coerce.number().int().min(0).max(730).default(90),
    /** Time of day (Europe/Berlin) of the daily re-check of all awards. */
    PRAEDIKAT_NACHPRUEFUNG_UHRZEIT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('04:00'),
    /** Months after a revocation before the Behörde may apply again (waiting period). */
    PRAEDIKAT_SPERRFRIST_MONATE: z.coerce.number().int().min(0).max(60).default(6),
    /** The print shop that produces the signs: receives each sign order and each cancellation by mail. */
    SCHILD_DRUCKEREI_EMAIL: z.string().email().default('schilddruck@digitales-amt.bayern.example'),
    /** SMTP server for notifications; without SMTP_HOST mails are only logged (status nicht_versendet). */
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    SMTP_SECURE: bool.default(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    MAIL_FROM: z.string().min(3).default('Digitales Amt <noreply@digitales-amt.bayern.example>'),
    /** Does a linked URL that fails the link check still count? zaehlt | karenz | zaehlt_nicht */
    LINK_DEFEKT_REGEL: z.enum(['zaehlt', 'karenz', 'zaehlt_nicht']).default('karenz'),
    /** With `karenz`: days a URL may fail without interruption before it stops counting. */
    LINK_DEFEKT_KARENZ_TAGE: z.coerce.number().int().min(0).max(365).default(14),
    /**
     * Link check (docs/linkpruefung.md). Daily run on unless set; default off with DEMO_DATA, whose
     * URLs are fictional `.example` hosts that would all be marked broken.
     */
    LINKCHECK_ENABLED: bool.optional(),
    /**
     * Build one Behörde page of each peer group before the server takes requests, and prepare the
     * other Behörde pages' data in the background while the server is idle
     * (portal/portal.vorbereitung.ts): first views are fast right after a start. Off: each first
     * view loads its data on demand (test servers that measure other things switch it off).
     */
    BEHOERDEN_VORBEREITUNG: bool.default(true),
    /** Time of the daily run, HH:MM in Europe/Berlin. */
    LINKCHECK_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Uhrzeit HH:MM, z. B. 03:00')
      .default('03:00'),
    /** Per request (each redirect hop is one request). */
    LINKCHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    LINKCHECK_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
    /** Simultaneous requests in total and per server (host name and port). */
    LINKCHECK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    LINKCHECK_CONCURRENCY_PER_HOST: z.coerce.number().int().min(1).max(32).default(2),
    /** Sent with every request so operators of the checked sites know who asks. */
    LINKCHECK_USER_AGENT: z.string().min(1).max(300).optional(),
    /** The ministry's "check now" button waits for the result up to this many URLs, else runs in the background. */
    LINKCHECK_SYNC_MAX_URLS: z.coerce.number().int().min(0).max(1000).default(25),
    /** Deadline of one run: URLs not decided by then keep their last result. */
    LINKCHECK_LAUFZEIT_MINUTEN: z.coerce.number().int().min(1).max(1440).default(120),
    /** Distinct URLs checked per Behörde and run (the ones checked longest ago first). */
    LINKCHECK_MAX_URLS_PRO_BEHOERDE: z.coerce.number().int().min(1).max(100_000).default(500),
    /* Förderprogramm „Digitales Rathaus“ (FöRdR, docs/foerderung.md). Amounts in euros, exact to the cent. */
    /** Programme budget in EUR (e.g. 42680000 or 42680000,00). */
    FOERDER_BUDGET_EUR: euro.prefault('42680000'),
    /** Grant rate in percent; in a „Raum mit besonderem Handlungsbedarf“ the higher one. */
    FOERDER_SATZ_PROZENT: z.coerce.number().int().min(1).max(100).default(80),
    FOERDER_SATZ_RmbH_PROZENT: z.coerce.number().int().min(1).max(100).default(90),
    /** Maximum grant per applicant across all its grants, and the minimum grant (Bagatellgrenze). */
    FOERDER_HOECHSTBETRAG_EUR: euro.prefault('20000'),
    FOERDER_MINDESTBETRAG_EUR: euro.prefault('2500'),
    /** Online services the applicant must offer in total (linked, counting), and for Bezirke. */
    FOERDER_MINDEST_DIENSTE: z.coerce.number().int().min(0).default(20),
    FOERDER_MINDEST_DIENSTE_BEZIRK: z.coerce.number().int().min(0).default(15),
    /** Licences are eligible for at most this many years, paid once. */
    FOERDER_LIZENZ_JAHRE: z.coerce.number().int().min(1).max(10).default(2),
    /** Proof of use (Verwendungsnachweis) is due this many months after the grant notice. */
    FOERDER_NACHWEIS_MONATE: z.coerce.number().int().min(1).max(60).default(12),
    /** Reminder mail this many days before the proof of use is due. */
    FOERDER_ERINNERUNG_TAGE: z.coerce.number().int().min(0).max(365).default(30),
    /* Programme around the Prädikat (issue 8, docs/umfeld.md). */
    /** Time of day (Europe/Berlin) of the reminder mails for the next day's information events. */
    VERANSTALTUNG_ERINNERUNG_UHRZEIT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('08:00'),
    /** Public event registration (double opt-in): how long the confirmation link works, in hours. */
    VERANSTALTUNG_BESTAETIGUNG_STUNDEN: z.coerce.number().int().min(1).max(720).default(48),
    /** Confirmation mails per e-mail address and 24 hours, across all events. */
    VERANSTALTUNG_BESTAETIGUNGEN_PRO_TAG: z.coerce.number().int().min(1).max(100).default(3),
    /** Registrations and confirmations per client address and minute. */
    VERANSTALTUNG_ANMELDUNGEN_PRO_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
    /** Outreach: mails per minute at most, and the threshold share below which a Behörde counts as hesitant. */
    OUTREACH_MAILS_PRO_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    /* Online-Signet (docs/signet.md). */
    /** Issuer of the signet credentials (Open Badges 3.0 issuer profile). */
    SIGNET_ISSUER_NAME: z.string().min(3).default('Bayerisches Staatsministerium für Digitales'),
    SIGNET_ISSUER_URL: httpUrl.default('https://www.stmd.bayern.de'),
    /** Host of the issuer's did:web (default: host of PUBLIC_BASE_URL). */
    SIGNET_DID_HOST: z.string().min(1).optional(),
    /** Cache-Control of the signet image: max-age bounds how long a status change may stay unseen. */
    SIGNET_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    SIGNET_STALE_WHILE_REVALIDATE_SECONDS: z.coerce.number().int().min(0).max(604_800).default(3600),
    /** How long a rendered signet is served from memory before the award's status is read again. */
    SIGNET_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
    /* Login with the state identity provider, OpenID Connect (docs/security.md). Off unless OIDC_ISSUER is set. */
    /** Issuer URL of the provider (its discovery document is at <issuer>/.well-known/openid-configuration). */
    OIDC_ISSUER: z
      .string()
      .url('muss eine URL sein, z. B. https://id.bayern.example/realms/verwaltung')
      .refine((v) => v.startsWith('https://') || isLoopbackUrl(v), 'muss mit https:// beginnen (http nur für localhost/127.0.0.1)')
      .optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Where the provider sends the browser back (default: PUBLIC_BASE_URL + /anmelden/oidc/rueckkehr). */
    OIDC_REDIRECT_URL: z.string().url('muss eine URL sein').optional(),
    /** Where the provider sends the browser after its logout (default: PUBLIC_BASE_URL + /?abgemeldet=1). */
    OIDC_POST_LOGOUT_REDIRECT_URL: z.string().url('muss eine URL sein').optional(),
    OIDC_SCOPES: z
      .string()
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, 'durch Leerzeichen getrennte Scopes, z. B. "openid profile email"')
      .refine((v) => v.split(' ').includes('openid'), 'muss den Scope "openid" enthalten')
      .default('openid profile email'),
    /** Claim with the user's groups or roles at the provider (string or list of strings). */
    OIDC_ROLLEN_CLAIM: z.string().min(1).default('groups'),
    /** Which group gives which role: `gruppe=rolle,gruppe=rolle`; the first match wins. */
    OIDC_ROLLEN_ZUORDNUNG: z
      .string()
      .transform((v, ctx) => {
        const pairs: [string, Role][] = [];
        for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
          const eq = part.lastIndexOf('=');
          const gruppe = part.slice(0, eq).trim();
          const rolle = part.slice(eq + 1).trim();
          if (eq < 1 || !gruppe) {
            ctx.addIssue({ code: 'custom', message: `„${part}“: erwartet gruppe=rolle, z. B. gruppe-a=ministry_reviewer` });
          } else if (!isRole(rolle)) {
            ctx.addIssue({ code: 'custom', message: `„${part}“: unbekannte Rolle „${rolle}“ (erlaubt: ${ROLES.join(', ')})` });
          } else pairs.push([gruppe, rolle]);
        }
        if (pairs.length === 0) ctx.addIssue({ code: 'custom', message: 'mindestens eine Zuordnung gruppe=rolle' });
        return pairs;
      })
      .optional(),
    /** Claim with the ARS of the Behörden a kommune_editor or it_dienstleister acts for (list or comma/space separated). */
    OIDC_BEHOERDEN_CLAIM: z.string().min(1).default('ars'),
    /** Create an account at the first login of an unknown person (just in time); else refuse them. */
    OIDC_KONTEN_ANLEGEN: bool.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.DEMO_PASSWORD && env.NODE_ENV !== 'test') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_PASSWORD'],
        message: 'nur für automatisierte Tests (NODE_ENV=test): ein gemeinsames Passwort hebelt das Vier-Augen-Prinzip aus; sonst erhält jedes Demokonto ein eigenes Einmal-Passwort',
      });
    }
    if (env.OIDC_ISSUER) {
      for (const key of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLLEN_ZUORDNUNG'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'ist Pflicht, wenn OIDC_ISSUER gesetzt ist' });
      }
    }
    if (env.OIDC_REDIRECT_URL && new URL(env.OIDC_REDIRECT_URL).pathname !== '/anmelden/oidc/rueckkehr') {
      ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URL'], message: 'der Pfad muss /anmelden/oidc/rueckkehr sein (nur Schema, Host und Port dürfen abweichen)' });
    }
  });

/** http is accepted for a provider on the same machine only (development, tests). */
function isLoopbackUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** Every environment variable the configuration reads (docs/operations.md; deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof envSchema>, cwd: string) {
  // A real deployment (NODE_ENV=production) starts without simulated data unless asked for.
  const demoData = env.DEMO_DATA ?? env.NODE_ENV !== 'production';
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(cwd, env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
    officialDataDir: path.resolve(cwd, env.OFFICIAL_DATA_DIR),
    importLand: env.IMPORT_LAND,
    demo: { enabled: demoData, seed: env.DEMO_SEED, password: env.DEMO_PASSWORD },
    konten: { einladungStunden: env.EINLADUNG_GUELTIG_STUNDEN },
    /**
     * What the environment gave; the embedded mode fills what is missing from DATA_DIR
     * (`ladeGeheimnisse`). Read them through `geheimnisse(config)`, which refuses to run without.
     */
    secrets: {
      session: env.SESSION_SECRET,
      sessionVorher: env.SESSION_SECRET_VORHER ?? [],
      signetKek: env.SIGNET_KEK,
      signetKekVorher: env.SIGNET_KEK_VORHER ?? [],
      /** Where SIGNET_KEK came from: only a generated one can be replaced by `signet rotate-kek`. */
      signetKekQuelle: (env.SIGNET_KEK ? 'umgebung' : undefined) as 'umgebung' | 'datei' | undefined,
    },
    session: {
      idleMinutes: env.SESSION_IDLE_MINUTES,
      absoluteHours: env.SESSION_ABSOLUTE_HOURS,
      maxFehlversuche: env.LOGIN_MAX_FEHLVERSUCHE,
      sperreMinuten: env.LOGIN_SPERRE_MINUTEN,
      ratePerMinute: env.LOGIN_RATE_PRO_MINUTE,
    },
    trustProxy: env.TRUST_PROXY,
    rateLimits: { api: env.API_RATE_PRO_MINUTE, signet: env.SIGNET_RATE_PRO_MINUTE, opendata: env.OPENDATA_RATE_PRO_MINUTE, gesundheit: env.HEALTH_RATE_PRO_MINUTE } satisfies DrosselLimits,
    cookieSecure: env.COOKIE_SECURE ?? env.TRUST_PROXY.art !== 'keiner',
    publicBaseUrl,
    logLevel: env.LOG_LEVEL,
    metricsToken: env.METRICS_TOKEN,
    adminEmail: env.ADMIN_EMAIL,
    initialAdminPassword: env.INITIAL_ADMIN_PASSWORD,
    thresholds: { default: env.THRESHOLD_DEFAULT, bezirk: env.THRESHOLD_BEZIRK },
    praedikat: {
      karenzTage: env.PRAEDIKAT_KARENZ_TAGE,
      nachpruefungUhrzeit: env.PRAEDIKAT_NACHPRUEFUNG_UHRZEIT,
      sperrfristMonate: env.PRAEDIKAT_SPERRFRIST_MONATE,
      schildDruckereiEmail: env.SCHILD_DRUCKEREI_EMAIL,
    },
    mail: {
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      from: env.MAIL_FROM,
    },
    zaehlregel: { defekteLinks: env.LINK_DEFEKT_REGEL, karenzTage: env.LINK_DEFEKT_KARENZ_TAGE },
    behoerdenVorbereitung: env.BEHOERDEN_VORBEREITUNG,
    linkcheck: {
      enabled: env.LINKCHECK_ENABLED ?? !demoData,
      uhrzeit: env.LINKCHECK_TIME,
      timeoutMs: env.LINKCHECK_TIMEOUT_MS,
      maxRedirects: env.LINKCHECK_MAX_REDIRECTS,
      concurrency: env.LINKCHECK_CONCURRENCY,
      concurrencyPerHost: env.LINKCHECK_CONCURRENCY_PER_HOST,
      userAgent: env.LINKCHECK_USER_AGENT ?? `DigitalesAmt-Linkpruefung/1.0 (+${publicBaseUrl})`,
      syncMaxUrls: env.LINKCHECK_SYNC_MAX_URLS,
      laufzeitMinuten: env.LINKCHECK_LAUFZEIT_MINUTEN,
      maxUrlsProBehoerde: env.LINKCHECK_MAX_URLS_PRO_BEHOERDE,
    },
    signet: {
      issuerName: env.SIGNET_ISSUER_NAME,
      issuerUrl: env.SIGNET_ISSUER_URL,
      didHost: env.SIGNET_DID_HOST,
      maxAgeSeconds: env.SIGNET_MAX_AGE_SECONDS,
      staleWhileRevalidateSeconds: env.SIGNET_STALE_WHILE_REVALIDATE_SECONDS,
      cacheTtlSeconds: env.SIGNET_CACHE_TTL_SECONDS,
    },
    oidc: env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID as string,
          clientSecret: env.OIDC_CLIENT_SECRET as string,
          redirectUrl: env.OIDC_REDIRECT_URL ?? `${publicBaseUrl}/anmelden/oidc/rueckkehr`,
          postLogoutRedirectUrl: env.OIDC_POST_LOGOUT_REDIRECT_URL ?? `${publicBaseUrl}/?abgemeldet=1`,
          scopes: env.OIDC_SCOPES,
          rollenClaim: env.OIDC_ROLLEN_CLAIM,
          rollenZuordnung: env.OIDC_ROLLEN_ZUORDNUNG ?? [],
          behoerdenClaim: env.OIDC_BEHOERDEN_CLAIM,
          kontenAnlegen: env.OIDC_KONTEN_ANLEGEN,
        }
      : undefined,
    veranstaltungen: {
      erinnerungUhrzeit: env.VERANSTALTUNG_ERINNERUNG_UHRZEIT,
      bestaetigungStunden: env.VERANSTALTUNG_BESTAETIGUNG_STUNDEN,
      bestaetigungenProTag: env.VERANSTALTUNG_BESTAETIGUNGEN_PRO_TAG,
      anmeldungenProMinute: env.VERANSTALTUNG_ANMELDUNGEN_PRO_MINUTE,
    },
    outreach: { mailsProMinute: env.OUTREACH_MAILS_PRO_MINUTE },
    foerderung: {
      budgetCent: env.FOERDER_BUDGET_EUR,
      satzProzent: env.FOERDER_SATZ_PROZENT,
      satzRmbhProzent: env.FOERDER_SATZ_RmbH_PROZENT,
      hoechstbetragCent: env.FOERDER_HOECHSTBETRAG_EUR,
      mindestbetragCent: env.FOERDER_MINDESTBETRAG_EUR,
      mindestDienste: env.FOERDER_MINDEST_DIENSTE,
      mindestDiensteBezirk: env.FOERDER_MINDEST_DIENSTE_BEZIRK,
      lizenzJahre: env.FOERDER_LIZENZ_JAHRE,
      nachweisMonate: env.FOERDER_NACHWEIS_MONATE,
      erinnerungTage: env.FOERDER_ERINNERUNG_TAGE,
    },
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Ungültige Konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Settings whose value never appears in a message. */
const isSecretName = (name: string) => /SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(name);

/** One German line per problem: the variable, what is wrong, and (unless secret) the value given. */
function describeIssue(issue: z.core.$ZodIssue, source: Record<string, string | undefined>): string {
  const name = issue.path.join('.');
  // Our own messages (regex, refinements, minimum lengths) are German already; zod's defaults are not.
  const zodDefault = /^(Invalid|Too small|Too big)/.test(issue.message);
  let message = issue.message;
  if (zodDefault && issue.code === 'invalid_type') message = issue.expected === 'int' ? 'muss eine ganze Zahl sein' : issue.expected === 'number' ? 'muss eine Zahl sein' : `ungültiger Wert (erwartet: ${issue.expected})`;
  else if (zodDefault && issue.code === 'invalid_value') message = `erlaubt: ${issue.values.map(String).join(', ')}`;
  else if (zodDefault && issue.code === 'too_small') message = issue.origin === 'string' ? `mindestens ${issue.minimum} Zeichen` : `mindestens ${issue.minimum}`;
  else if (zodDefault && issue.code === 'too_big') message = issue.origin === 'string' ? `höchstens ${issue.maximum} Zeichen` : `höchstens ${issue.maximum}`;
  else if (zodDefault && issue.code === 'invalid_format') message = issue.format === 'email' ? 'keine gültige E-Mail-Adresse' : issue.format === 'url' ? 'keine gültige URL' : `ungültiges Format (${issue.format})`;
  const given = source[name];
  return given !== undefined && !isSecretName(name) ? `${name}: ${message} (angegeben: „${given}“)` : `${name}: ${message}`;
}

/**
 * Checks of the file system beyond the values themselves, for the server's start (and the CLI
 * commands that need them); their problems are listed together with the others.
 */
export interface EnvironmentChecks {
  /** Problems of the official data folder (the caller knows its layout: gebiete `officialDataProblems`). */
  officialDataDir?: (dir: string) => string[];
  /** Whether DATA_DIR must be usable (PGlite mode: it exists or can be created, and is writable). */
  dataDir?: boolean;
  /**
   * Set for `cli migrate` only, which signs and unwraps nothing: the secrets are not required then.
   * Everything else with `DATABASE_URL` needs them from the environment.
   */
  ohneGeheimnisse?: boolean;
}

/** Why a PGlite data directory cannot be used, or null: it must exist or be creatable, and be writable. */
function dataDirProblem(dir: string): string | null {
  let existing = dir;
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!fs.statSync(existing).isDirectory()) return `${existing} ist kein Verzeichnis`;
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    return existing === dir ? `Verzeichnis ${dir} ist nicht beschreibbar` : `Verzeichnis ${dir} kann nicht angelegt werden (${existing} ist nicht beschreibbar)`;
  }
  return null;
}

/** Parses an environment (default: `process.env`); throws a ConfigError listing every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env, cwd = process.cwd(), checks: EnvironmentChecks = {}): Config {
  // Empty strings count as "not set", as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => describeIssue(i, cleaned));
  if (cleaned.DATABASE_URL && !checks.ohneGeheimnisse) {
    // Several instances share one database: each must sign and unwrap with the same secrets, so
    // none may generate its own.
    for (const key of SECRET_VARIABLES) {
      if (!cleaned[key]) problems.push(`${key}: ist Pflicht, wenn DATABASE_URL gesetzt ist: alle Instanzen brauchen dieselben Geheimnisse (erzeugen: openssl rand -base64 48)`);
    }
  }
  // The file checks run even when other values are bad: every problem is listed at once.
  if (checks.officialDataDir) {
    const dir = path.resolve(cwd, cleaned.OFFICIAL_DATA_DIR ?? DEFAULT_OFFICIAL_DATA_DIR);
    problems.push(...checks.officialDataDir(dir).map((p) => `OFFICIAL_DATA_DIR: ${p}`));
  }
  if (checks.dataDir && !cleaned.DATABASE_URL) {
    const problem = dataDirProblem(path.resolve(cwd, cleaned.DATA_DIR ?? '.data'));
    if (problem) problems.push(`DATA_DIR: ${problem}`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return toConfig(parsed.data, cwd);
}

export interface Geheimnisse {
  /** The first signs; every one is accepted when checking (rotation). */
  session: [string, ...string[]];
  /** The first wraps the signet signing keys; every one can unwrap. */
  signetKek: [string, ...string[]];
}

/**
 * The secrets of a config, current first. Throws when they were never loaded: nothing may sign or
 * wrap with a missing secret, and there is no built-in fallback.
 */
export function geheimnisse(config: Config): Geheimnisse {
  const s = config.secrets;
  if (!s.session || !s.signetKek) {
    throw new Error('Geheimnisse nicht geladen: SESSION_SECRET und SIGNET_KEK aus der Umgebung oder aus DATA_DIR (ladeGeheimnisse)');
  }
  return { session: [s.session, ...s.sessionVorher], signetKek: [s.signetKek, ...s.signetKekVorher] };
}

/** Random secrets of this test process: nobody else has them, and every testConfig() shares them. */
let testSecrets: { SESSION_SECRET: string; SIGNET_KEK: string } | undefined;

/**
 * Config for tests: defaults plus overrides, never the caller's environment. The address limits of
 * the API, signet, open data and health groups are off (tests call the app thousands of times from
 * one address); the tests of those limits switch them on with their own values.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  testSecrets ??= { SESSION_SECRET: crypto.randomBytes(48).toString('base64url'), SIGNET_KEK: crypto.randomBytes(48).toString('base64url') };
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    API_RATE_PRO_MINUTE: '0',
    SIGNET_RATE_PRO_MINUTE: '0',
    OPENDATA_RATE_PRO_MINUTE: '0',
    HEALTH_RATE_PRO_MINUTE: '0',
    ...testSecrets,
    ...overrides,
  });
}
