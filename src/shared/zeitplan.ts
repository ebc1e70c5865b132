/**
 * Daily timers without a job system: `planeTaeglich` fires at a wall-clock time in Bavaria
 * (Europe/Berlin, summer time included). Used by the link check, the Prädikat re-check and the
 * event reminders.
 *
 * Several instances on one PostgreSQL database each have the timer. With `einmalProTag` a run
 * first claims its day in the database (`beanspruche`: an advisory lock per job and an audit entry
 * `job.lauf` for `job:YYYY-MM-DD`), so exactly one instance runs it per day; the others log that
 * they skipped it. The jobs guard their effects as well (row locks, SKIP LOCKED, advisory lock),
 * so even two runs at once would not do anything twice.
 */
import { recordAudit } from './audit';
import type { Clock } from './clock';
import type { Db } from './db';
import { istBeansprucht, sperreJob } from './zeitplan.repository';

export interface Logger {
  info(msg: string): void;
  error(obj: unknown, msg: string): void;
}

const berlin = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Date (YYYY-MM-DD) and time (HH:MM) of an instant on the clocks in Bavaria. */
export function berlinZeit(d: Date): { tag: string; uhrzeit: string } {
  const p = Object.fromEntries(berlin.formatToParts(d).map((x) => [x.type, x.value]));
  return { tag: `${p.year}-${p.month}-${p.day}`, uhrzeit: `${p.hour}:${p.minute}` };
}

const HOUR_MS = 3_600_000;

/**
 * The next instant after `nach` when the clocks in Bavaria show `uhrzeit` (HH:MM), on a day other
 * than `nichtAm`. Germany's offsets are whole hours, so candidates are UTC hour starts plus the
 * minutes. A time that does not exist that day (02:30 when summer time begins) is skipped that day;
 * one that exists twice (02:30 when it ends) runs once, because the day of the last run is passed.
 */
export function naechsterLauf(nach: Date, uhrzeit: string, nichtAm?: string): Date {
  const minuten = Number(uhrzeit.slice(3, 5));
  const stunde = Math.floor(nach.getTime() / HOUR_MS) * HOUR_MS;
  for (let i = 0; i < 24 * 3; i++) {
    const t = new Date(stunde + i * HOUR_MS + minuten * 60_000);
    if (t.getTime() <= nach.getTime()) continue;
    const b = berlinZeit(t);
    if (b.uhrzeit === uhrzeit && b.tag !== nichtAm) return t;
  }
  throw new Error(`Keine Uhrzeit ${uhrzeit} in den nächsten drei Tagen`);
}

/**
 * Claims the run of `job` on day `tag` for this instance: true once per job and day across every
 * process on the database. The claim is an audit entry (`job.lauf`, object `job`, id `job:tag`),
 * written under an advisory lock per job, so two instances asking at the same moment get one
 * true and one false. A run that fails after its claim is not repeated that day (the jobs catch up
 * the next day: they work on the current state, not on a day's delta).
 */
export async function beanspruche(db: Db, job: string, tag: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await sperreJob(tx, job);
    const objectId = `${job}:${tag}`;
    if (await istBeansprucht(tx, objectId)) return false;
    await recordAudit(tx, { label: 'system:zeitplan' }, { action: 'job.lauf', objectType: 'job', objectId });
    return true;
  });
}

export type LaufErgebnis = 'gelaufen' | 'uebersprungen' | 'fehlgeschlagen';

export interface Zeitplan {
  /** When the next run is due. */
  readonly naechsterLauf: Date;
  /**
   * Runs today's run now (as if the timer fired): with `einmalProTag` only if no instance has run
   * today's yet. Server: SIGUSR2 (docs/operations.md).
   */
  jetzt(): Promise<LaufErgebnis>;
  stop(): void;
}

export interface TaeglichOptionen {
  uhrzeit: string;
  clock: Clock;
  lauf: () => Promise<unknown>;
  log: Logger;
  name?: string;
  /** Once per day across all instances on this database (see `beanspruche`). */
  einmalProTag?: { db: Db; job: string };
  /** Called after each run that was not skipped (metrics: `da_job_runs_total`). */
  nachLauf?: (ok: boolean) => void;
}

/**
 * Calls `lauf` every day at `uhrzeit` (Europe/Berlin) until stopped. The timer does not keep the
 * process alive. Errors of a run are logged; the next day's run is planned regardless.
 */
export function planeTaeglich(opts: TaeglichOptionen): Zeitplan {
  let timer: NodeJS.Timeout | undefined;
  let gestoppt = false;
  let naechster = naechsterLauf(opts.clock.now(), opts.uhrzeit);
  const name = opts.name ?? 'Job';
  const ausfuehren = async (tag: string): Promise<LaufErgebnis> => {
    try {
      if (opts.einmalProTag && !(await beanspruche(opts.einmalProTag.db, opts.einmalProTag.job, tag))) {
        opts.log.info(`${name}: Lauf für ${tag} übernimmt eine andere Instanz oder ist schon erledigt; hier übersprungen`);
        return 'uebersprungen';
      }
    } catch (e) {
      opts.log.error({ err: e }, `Täglicher Lauf fehlgeschlagen (${name}): Tag ${tag} konnte nicht beansprucht werden`);
      opts.nachLauf?.(false);
      return 'fehlgeschlagen';
    }
    try {
      await opts.lauf();
      opts.nachLauf?.(true);
      return 'gelaufen';
    } catch (e) {
      opts.log.error({ err: e }, `Täglicher Lauf fehlgeschlagen (${name})`);
      opts.nachLauf?.(false);
      return 'fehlgeschlagen';
    }
  };
  const planen = () => {
    timer = setTimeout(
      () => {
        const tag = berlinZeit(naechster).tag;
        // Fire and forget on purpose: ausfuehren catches and logs every error of a run itself.
        void ausfuehren(tag).then(() => {
          if (gestoppt) return;
          naechster = naechsterLauf(opts.clock.now(), opts.uhrzeit, tag);
          planen();
        });
      },
      Math.max(0, naechster.getTime() - opts.clock.now().getTime()),
    );
    timer.unref();
  };
  planen();
  return {
    get naechsterLauf() {
      return naechster;
    },
    jetzt: () => ausfuehren(berlinZeit(opts.clock.now()).tag),
    stop() {
      gestoppt = true;
      clearTimeout(timer);
    },
  };
}

