/**
 * Link health check: requests every linked URL, stores the result per URL, then recomputes the
 * counts, because a link that fails for longer than the configured grace period stops counting
 * (zaehlung.ts). No Fastify, no process.env: settings come in, the repository does the SQL.
 *
 * One check per distinct URL: a zentrales Verfahren linked by a thousand Behörden is one request.
 */
import { type Actor, recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { Config } from '../shared/config';
import type { Database } from '../shared/db';
import { createVerlinkungRepository } from '../verlinkung/verlinkung.repository';
import { linkZaehlt, type Zaehlregel } from '../verlinkung/zaehlung';
import { darfVerlinkungenAendern } from '../auth/berechtigung';
import { createLimiter, type Netzzugang, type ProbeErgebnis, type ProbeSettings, pruefeUrl } from './linkcheck.probe';
import { createLinkcheckRepository } from './linkcheck.repository';
import { type Handelnde } from '../shared/handelnde';

export interface LinkcheckSettings extends ProbeSettings {
  /** Simultaneous requests in total. */
  concurrency: number;
  /** Simultaneous requests per server (host name and port). */
  concurrencyPerHost: number;
  /** The counting rule: after the check the counts are recomputed with it. */
  zaehlregel: Zaehlregel;
  /** Deadline of one run: what is not decided by then stays as it was (not stored). */
  laufzeitMs: number;
  /** Distinct URLs checked per Behörde and run (those checked longest ago first). */
  maxUrlsProBehoerde: number;
}

/** The settings of the checker from the configuration (shared/config.ts, docs/linkpruefung.md). */
export const linkcheckSettings = (config: Config): LinkcheckSettings & { syncMaxUrls: number } => ({
  timeoutMs: config.linkcheck.timeoutMs,
  maxRedirects: config.linkcheck.maxRedirects,
  userAgent: config.linkcheck.userAgent,
  concurrency: config.linkcheck.concurrency,
  concurrencyPerHost: config.linkcheck.concurrencyPerHost,
  syncMaxUrls: config.linkcheck.syncMaxUrls,
  zaehlregel: config.zaehlregel,
  laufzeitMs: config.linkcheck.laufzeitMinuten * 60_000,
  maxUrlsProBehoerde: config.linkcheck.maxUrlsProBehoerde,
});

/** alle: every linked URL; defekte: those broken at the last check; auswahl: given URLs. */
export type Umfang = 'alle' | 'defekte' | 'auswahl';

export interface PruefOptionen {
  /** Only these URLs (linked or not); default: every linked URL. */
  urls?: string[];
  /** Only URLs that failed at the last check (a quick re-check after repairs). */
  nurDefekte?: boolean;
  /** Time stored as `geprueft_am` / `defekt_seit` and used for the recount; default: the start. */
  now?: Date;
  /** Resolver and test exceptions (tests only; see Testnetz in linkcheck.probe.ts). */
  netz?: Netzzugang;
  /** Aborts the run (shutdown): requests stop, nothing is stored. */
  signal?: AbortSignal;
  /** Who started it, for the run record. */
  actor?: string;
}

export interface Zusammenfassung {
  umfang: Umfang;
  geprueft: number;
  ok: number;
  defekt: number;
  /** Broken now, working (or never checked) before. */
  neuDefekt: number;
  /** Working now, broken before. */
  repariert: number;
  /** Not decided because the run reached its deadline (stay as they were). */
  nichtGeprueft: number;
  /** Linked URLs left for a later run because their Behörde has more than the cap. */
  ueberGrenze: number;
  dauerMs: number;
  gestartetAm: string;
  beendetAm: string;
  abgebrochen: boolean;
}

/**
 * Checks the URLs, stores the results set-based, recomputes every Behörde's count and records
 * the run. Returns the summary and every single result.
 */
export async function pruefeLinks(database: Database, settings: LinkcheckSettings, opts: PruefOptionen = {}): Promise<Zusammenfassung & { ergebnisse: ProbeErgebnis[] }> {
  const repo = createLinkcheckRepository(database);
  const gestartet = new Date();
  const jetzt = opts.now ?? gestartet;
  const umfang: Umfang = opts.urls ? 'auswahl' : opts.nurDefekte ? 'defekte' : 'alle';
  const { urls, ueberGrenze } = await repo.zuPruefendeUrls({ urls: opts.urls, nurDefekte: opts.nurDefekte, maxProBehoerde: settings.maxUrlsProBehoerde });
  const limiter = createLimiter(settings.concurrency, settings.concurrencyPerHost);
  // The deadline aborts what is still running or waiting; a shutdown does the same and stores nothing.
  const frist = AbortSignal.timeout(settings.laufzeitMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, frist]) : frist;
  const alle = await Promise.all(urls.map((url) => pruefeUrl(url, settings, { limiter, signal, netz: opts.netz })));
  const ergebnisse = alle.filter((e) => !e.abgebrochen);
  const ok = ergebnisse.filter((e) => e.status === 'ok').length;
  const basis = { umfang, geprueft: ergebnisse.length, ok, defekt: ergebnisse.length - ok, nichtGeprueft: alle.length - ergebnisse.length, ueberGrenze, gestartetAm: gestartet.toISOString() };
  if (opts.signal?.aborted) {
    // Shutting down: results of a half run would mark URLs broken that were merely aborted.
    const beendet = new Date();
    return { ...basis, neuDefekt: 0, repariert: 0, dauerMs: beendet.getTime() - gestartet.getTime(), beendetAm: beendet.toISOString(), abgebrochen: true, ergebnisse };
  }
  const { neuDefekt, repariert } = await repo.speichere(ergebnisse, jetzt);
  // Broken links may stop counting (or count again): every count, set-based, in one statement.
  const verlinkungRepo = createVerlinkungRepository(database.db);
  await database.db.transaction((tx) => verlinkungRepo.recompute(tx, settings.zaehlregel, jetzt));
  const beendet = new Date();
  const zusammenfassung: Zusammenfassung = { ...basis, neuDefekt, repariert, dauerMs: beendet.getTime() - gestartet.getTime(), beendetAm: beendet.toISOString(), abgebrochen: false };
  await repo.protokolliereLauf({ startedAt: gestartet, finishedAt: beendet, statistik: zusammenfassung, actor: opts.actor ?? 'system' });
  return { ...zusammenfassung, ergebnisse };
}

/* ------------------------------------------------------------------ runs in this process */

interface Laufzustand {
  laufend?: { seit: Date; umfang: Umfang; ac: AbortController; fertig: Promise<unknown> };
  /** Message of the last background run that failed (shown on the ministry page). */
  letzterFehler?: string;
  /** Stops the daily schedule (linkcheck.job.ts). */
  zeitplanStoppen?: () => void;
}

/** State per database: the routes, the schedule and the CLI of one process share it. */
const zustaende = new WeakMap<Database, Laufzustand>();
export const laufzustand = (database: Database): Laufzustand => {
  let z = zustaende.get(database);
  if (!z) {
    z = {};
    zustaende.set(database, z);
  }
  return z;
};

/** Stops the schedule and aborts a running check; resolves when it has ended (before the database closes). */
export async function stoppeLinkpruefung(database: Database): Promise<void> {
  const z = laufzustand(database);
  z.zeitplanStoppen?.();
  z.zeitplanStoppen = undefined;
  const lauf = z.laufend;
  if (!lauf) return;
  lauf.ac.abort();
  await lauf.fertig.catch(() => {});
}

const DAY_MS = 86_400_000;

export type StartErgebnis =
  | { modus: 'fertig'; zusammenfassung: Zusammenfassung }
  | { modus: 'hintergrund'; urls: number }
  | { modus: 'laeuft_bereits' }
  /** Another instance holds the lock of the full run. */
  | { modus: 'gesperrt' };

export interface Logger {
  info(msg: string): void;
  error(obj: unknown, msg: string): void;
}

const stillerLogger: Logger = { info: () => {}, error: () => {} };

export const createLinkcheckService = (
  database: Database,
  settings: LinkcheckSettings & { syncMaxUrls: number },
  clock: Clock,
  deps: { netz?: Netzzugang; log?: Logger } = {},
) => {
  const repo = createLinkcheckRepository(database);
  const zustand = laufzustand(database);
  const log = deps.log ?? stillerLogger;

  /** Runs a check registered as "läuft" in this process; full runs only under the lock. */
  const lauf = async (umfang: 'alle' | 'defekte', actor: string): Promise<StartErgebnis> => {
    if (zustand.laufend) return { modus: 'laeuft_bereits' };
    const ac = new AbortController();
    let fertigMelden!: () => void;
    const fertig = new Promise<void>((resolve) => {
      fertigMelden = resolve;
    });
    zustand.laufend = { seit: clock.now(), umfang, ac, fertig };
    try {
      const pruefen = () => pruefeLinks(database, settings, { nurDefekte: umfang === 'defekte', netz: deps.netz, signal: ac.signal, actor, now: clock.now() });
      if (umfang === 'defekte') return { modus: 'fertig', zusammenfassung: await pruefen() };
      const r = await repo.mitSperre(pruefen);
      return r.erhalten ? { modus: 'fertig', zusammenfassung: r.ergebnis } : { modus: 'gesperrt' };
    } finally {
      zustand.laufend = undefined;
      fertigMelden();
    }
  };

  const imHintergrund = (umfang: 'alle' | 'defekte', actor: string) => {
    zustand.letzterFehler = undefined;
    lauf(umfang, actor).then(
      (r) => {
        if (r.modus === 'fertig') {
          const z = r.zusammenfassung;
          log.info(`Linkprüfung (${umfang}): ${z.geprueft} geprüft, ${z.defekt} defekt, ${z.neuDefekt} neu defekt, ${z.repariert} repariert, ${Math.round(z.dauerMs / 1000)} s`);
        } else if (r.modus === 'gesperrt') log.info('Linkprüfung übersprungen: sie läuft bereits auf einer anderen Instanz');
      },
      (e: unknown) => {
        zustand.letzterFehler = (e as Error).message;
        log.error({ err: e }, 'Linkprüfung fehlgeschlagen');
      },
    );
  };

  return {
    settings,

    /** Checks now with the given options (CLI and tests): see `pruefeLinks`. */
    pruefe: (opts: PruefOptionen = {}) => pruefeLinks(database, settings, { netz: deps.netz, now: clock.now(), ...opts }),

    /**
     * Like `pruefe`, but a full run (no `urls`, not `nurDefekte`) only under the lock of the daily
     * run, so the CLI never checks alongside another instance. Undefined when the lock is taken.
     */
    async pruefeExklusiv(opts: PruefOptionen = {}) {
      const run = () => pruefeLinks(database, settings, { netz: deps.netz, now: clock.now(), ...opts });
      if (opts.urls || opts.nurDefekte) return run();
      const r = await repo.mitSperre(run);
      return r.erhalten ? r.ergebnis : undefined;
    },

    /**
     * The ministry's "check now": waits for the result when there are at most `syncMaxUrls` URLs,
     * else starts the check in the background of this process (the page then shows "läuft").
     */
    async starte(umfang: 'alle' | 'defekte', actor: Actor): Promise<StartErgebnis> {
      if (zustand.laufend) return { modus: 'laeuft_bereits' };
      if (umfang === 'alle' && (await repo.sperreBelegt())) return { modus: 'gesperrt' };
      const urls = (await repo.zuPruefendeUrls({ nurDefekte: umfang === 'defekte', maxProBehoerde: settings.maxUrlsProBehoerde })).urls.length;
      const sofort = urls <= settings.syncMaxUrls;
      await recordAudit(database.db, actor, { action: 'linkpruefung.start', objectType: 'linkpruefung', objectId: umfang, after: { urls, modus: sofort ? 'sofort' : 'hintergrund' } });
      if (sofort) return lauf(umfang, actor.label);
      if (zustand.laufend) return { modus: 'laeuft_bereits' };
      imHintergrund(umfang, actor.label);
      return { modus: 'hintergrund', urls };
    },

    /** The daily run (linkcheck.job.ts): every URL, only if no other instance is checking. */
    geplanterLauf: () => lauf('alle', 'system:zeitplan'),

    /** Whether a check runs in this process or (PostgreSQL) on another instance. */
    async status() {
      const l = zustand.laufend;
      const andereInstanz = !l && (await repo.sperreBelegt());
      return {
        laeuft: Boolean(l) || andereInstanz,
        seit: l ? l.seit.toISOString() : null,
        umfang: l?.umfang ?? null,
        andereInstanz,
        letzterFehler: zustand.letzterFehler ?? null,
      };
    },

    async uebersicht() {
      const [bestand, laeufe] = await Promise.all([repo.bestand(), repo.letzteLaeufe(5)]);
      return {
        bestand,
        laeufe: laeufe.map((l) => ({
          gestartetAm: new Date(l.started_at).toISOString(),
          beendetAm: new Date(l.finished_at).toISOString(),
          von: l.actor,
          ...(l.statistik as Partial<Zusammenfassung>),
        })),
      };
    },

    /** Broken URLs, most linked first, with whether they still count under the configured rule. */
    async defekte(q: { regierungsbezirk?: string; page: number; pageSize: number }) {
      const [total, rows] = await Promise.all([
        repo.anzahlDefekteUrls(q.regierungsbezirk),
        repo.defekteUrls({ regierungsbezirk: q.regierungsbezirk, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
      ]);
      const jetzt = clock.now();
      return {
        total,
        page: q.page,
        pageSize: q.pageSize,
        regel: settings.zaehlregel,
        items: rows.map((r) => ({
          url: r.url,
          httpStatus: r.http_status,
          fehler: r.fehler,
          geprueftAm: new Date(r.geprueft_am).toISOString(),
          ...zaehlstatus(r.defekt_seit, settings.zaehlregel, jetzt),
          zielUrl: r.ziel_url,
          behoerden: r.behoerden,
          verfahren: r.verfahren,
        })),
      };
    },

    /**
     * A Behörde's broken links (public); undefined when there is no such Behörde. The public sees
     * only that a link is broken, since when and whether it still counts; the reason and the HTTP
     * status are for the Behörde's editors, its IT-Dienstleister and the ministry (`betrachter`).
     */
    async defekteLinksVon(ars: string, betrachter?: Handelnde) {
      const name = await repo.behoerdeName(ars);
      if (name === undefined) return undefined;
      const jetzt = clock.now();
      const rows = await repo.defekteLinksVon(ars);
      const mitGrund = darfVerlinkungenAendern(betrachter, ars);
      return {
        ars,
        name,
        regel: settings.zaehlregel,
        items: rows.map((r) => ({
          verfahrenId: r.verfahren_id,
          name: r.name,
          url: r.url,
          status: 'defekt' as const,
          geprueftAm: new Date(r.geprueft_am).toISOString(),
          ...zaehlstatus(r.defekt_seit, settings.zaehlregel, jetzt),
          ...(mitGrund ? { httpStatus: r.http_status, fehler: r.fehler } : {}),
        })),
      };
    },

    regierungsbezirke: () => repo.regierungsbezirke(),

    /** Stops the schedule and a running check (app shutdown). */
    stoppe: () => stoppeLinkpruefung(database),
  };
};

/** Since when broken, whether it still counts, and until when in the grace period. */
export function zaehlstatus(defektSeit: Date | string | null, regel: Zaehlregel, jetzt: Date) {
  const seit = defektSeit ? new Date(defektSeit) : null;
  const karenzBis = seit && regel.defekteLinks === 'karenz' ? new Date(seit.getTime() + regel.karenzTage * DAY_MS) : null;
  return { defektSeit: seit ? seit.toISOString() : null, zaehlt: linkZaehlt(seit, regel, jetzt), karenzBis: karenzBis ? karenzBis.toISOString() : null };
}

export type LinkcheckService = ReturnType<typeof createLinkcheckService>;
