/**
 * Daily timers without a job system: `planeTaeglich` fires at a wall-clock time in Bavaria
 * (Europe/Berlin, summer time included). Jobs that must run once across several instances guard
 * themselves (advisory lock, row locks). Used by the link check and the Prädikat re-check.
 */
import type { Clock } from './clock';

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

export interface Zeitplan {
  /** When the next run is due. */
  readonly naechsterLauf: Date;
  stop(): void;
}

/**
 * Calls `lauf` every day at `uhrzeit` (Europe/Berlin) until stopped. The timer does not keep the
 * process alive. Errors of a run are logged; the next day's run is planned regardless.
 */
export function planeTaeglich(opts: { uhrzeit: string; clock: Clock; lauf: () => Promise<unknown>; log: Logger; name?: string }): Zeitplan {
  let timer: NodeJS.Timeout | undefined;
  let gestoppt = false;
  let naechster = naechsterLauf(opts.clock.now(), opts.uhrzeit);
  const planen = () => {
    timer = setTimeout(
      async () => {
        const tag = berlinZeit(naechster).tag;
        try {
          await opts.lauf();
        } catch (e) {
          opts.log.error({ err: e }, `Täglicher Lauf fehlgeschlagen (${opts.name ?? 'Job'})`);
        }
        if (gestoppt) return;
        naechster = naechsterLauf(opts.clock.now(), opts.uhrzeit, tag);
        planen();
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
    stop() {
      gestoppt = true;
      clearTimeout(timer);
    },
  };
}

