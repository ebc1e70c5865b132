/**
 * The Prädikat's state machines as pure functions: the application (Antrag) with its four-eyes
 * check, and the award with its re-check (grace period, suspension, reinstatement, revocation).
 * Services call these to decide; they never change state any other way. Property-tested.
 */

export type AntragStatus = 'eingereicht' | 'empfohlen' | 'zurueckgegeben' | 'verliehen' | 'abgelehnt' | 'zurueckgezogen';
export type Empfehlung = 'verleihen' | 'ablehnen' | 'zurueckgeben';
export type PraedikatStatus = 'gueltig' | 'ausgesetzt' | 'widerrufen';

export const OFFEN: readonly AntragStatus[] = ['eingereicht', 'empfohlen', 'zurueckgegeben'];

export interface AntragZustand {
  status: AntragStatus;
  empfohlenVon?: string | null;
  empfehlung?: Empfehlung | null;
  /** Everyone who submitted (or resubmitted) it: they may neither recommend nor decide it. */
  eingereichtVon?: readonly string[];
}

export type AntragAktion =
  | { art: 'erneut_einreichen'; von: string }
  | { art: 'empfehlen'; von: string; empfehlung: Empfehlung }
  | { art: 'entscheiden'; von: string; entscheidung: Empfehlung }
  | { art: 'zurueckziehen'; von: string };

/** The outcome: the new state, or a German reason why the step is not allowed. */
export type Uebergang<T> = { ok: true; zustand: T } | { ok: false; grund: string };

const nein = <T>(grund: string): Uebergang<T> => ({ ok: false, grund });

const VIER_AUGEN = 'Vier-Augen-Prinzip:';
const MASSNAHME_OFFEN = 'Für dieses Prädikat ist bereits';

/** The domain code (shared/fehlercodes.ts) of a refusal of this file's state machines. */
export function ablehnungsCode(grund: string): 'PRAEDIKAT_VIER_AUGEN' | 'PRAEDIKAT_BEFANGEN' | 'PRAEDIKAT_MASSNAHME_OFFEN' | 'PRAEDIKAT_FALSCHER_SCHRITT' {
  if (grund === BEFANGEN) return 'PRAEDIKAT_BEFANGEN';
  if (grund.startsWith(VIER_AUGEN)) return 'PRAEDIKAT_VIER_AUGEN';
  if (grund.startsWith(MASSNAHME_OFFEN)) return 'PRAEDIKAT_MASSNAHME_OFFEN';
  return 'PRAEDIKAT_FALSCHER_SCHRITT';
}

export const BEFANGEN = 'Befangenheit: Wer den Antrag eingereicht hat, darf ihn weder empfehlen noch entscheiden. Das übernehmen zwei andere Personen.';

/**
 * One step of an application. Four eyes: the decision must come from a different person than the
 * recommendation; the same person can never do both. No self-decisions: whoever submitted the
 * application (in any role) can neither recommend nor decide it.
 */
export function antragUebergang(z: AntragZustand, a: AntragAktion): Uebergang<AntragZustand> {
  const einreicher = z.eingereichtVon ?? [];
  switch (a.art) {
    case 'erneut_einreichen':
      if (z.status !== 'zurueckgegeben') return nein('Nur ein zurückgegebener Antrag kann erneut eingereicht werden.');
      return { ok: true, zustand: { status: 'eingereicht', empfohlenVon: null, empfehlung: null, eingereichtVon: einreicher.includes(a.von) ? einreicher : [...einreicher, a.von] } };
    case 'empfehlen':
      if (z.status !== 'eingereicht') return nein('Eine Empfehlung ist nur für einen eingereichten Antrag möglich.');
      if (einreicher.includes(a.von)) return nein(BEFANGEN);
      return { ok: true, zustand: { status: 'empfohlen', empfohlenVon: a.von, empfehlung: a.empfehlung, eingereichtVon: einreicher } };
    case 'entscheiden':
      if (z.status !== 'empfohlen') return nein('Entschieden wird erst nach der Empfehlung der ersten Prüfung.');
      if (einreicher.includes(a.von)) return nein(BEFANGEN);
      if (!z.empfohlenVon || z.empfohlenVon === a.von) {
        return nein(`${VIER_AUGEN} Die Entscheidung muss eine andere Person treffen als die, die empfohlen hat.`);
      }
      return {
        ok: true,
        zustand: {
          status: a.entscheidung === 'verleihen' ? 'verliehen' : a.entscheidung === 'ablehnen' ? 'abgelehnt' : 'zurueckgegeben',
          empfohlenVon: a.entscheidung === 'zurueckgeben' ? null : z.empfohlenVon,
          empfehlung: a.entscheidung === 'zurueckgeben' ? null : z.empfehlung,
          eingereichtVon: einreicher,
        },
      };
    case 'zurueckziehen':
      if (!['eingereicht', 'zurueckgegeben'].includes(z.status)) return nein('Nur ein Antrag, über den noch nicht beraten wird, kann zurückgezogen werden.');
      return { ok: true, zustand: { ...z, status: 'zurueckgezogen' } };
  }
}

/* ------------------------------------------------------------------------------------ award */

export interface PraedikatZustand {
  status: PraedikatStatus;
  /** Set while the count is below the threshold. */
  unterSchwelleSeit: Date | null;
  /** Last day (UTC date) of the grace period. */
  karenzBis: string | null;
  manuellAusgesetzt: boolean;
}

export type PraedikatEreignis = 'unterschreitung' | 'aussetzung' | 'wiederherstellung' | 'erholung' | 'widerruf';

export interface RecheckErgebnis {
  zustand: PraedikatZustand;
  /** What happened, for the history and the mail; undefined when nothing changed. */
  ereignis?: PraedikatEreignis;
}

const DAY_MS = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The daily re-check of one award. Below the threshold: note it and start the grace period;
 * after the grace period: suspend. Back at or above: end the grace period, or reinstate an award
 * the re-check suspended (one suspended by hand stays suspended). A revoked award never changes.
 */
export function recheck(z: PraedikatZustand, erreicht: boolean, jetzt: Date, karenzTage: number): RecheckErgebnis {
  if (z.status === 'widerrufen') return { zustand: z };
  if (erreicht) {
    if (z.status === 'ausgesetzt' && !z.manuellAusgesetzt) {
      return { zustand: { status: 'gueltig', unterSchwelleSeit: null, karenzBis: null, manuellAusgesetzt: false }, ereignis: 'wiederherstellung' };
    }
    if (z.status === 'gueltig' && z.unterSchwelleSeit) return { zustand: { ...z, unterSchwelleSeit: null, karenzBis: null }, ereignis: 'erholung' };
    return { zustand: z };
  }
  if (z.status === 'gueltig' && !z.unterSchwelleSeit) {
    return { zustand: { ...z, unterSchwelleSeit: jetzt, karenzBis: isoDate(new Date(jetzt.getTime() + karenzTage * DAY_MS)) }, ereignis: 'unterschreitung' };
  }
  if (z.status === 'gueltig' && z.karenzBis && isoDate(jetzt) > z.karenzBis) {
    return { zustand: { ...z, status: 'ausgesetzt' }, ereignis: 'aussetzung' };
  }
  return { zustand: z };
}

export type ManuelleAktion = { art: 'aussetzen' } | { art: 'wiederherstellen'; erreicht: boolean } | { art: 'widerrufen' };

/**
 * Suspension, reinstatement and revocation by the ministry. Revocation is final. Reinstatement and
 * revocation take effect only through `vierAugenMassnahme` (a second person confirms); suspension,
 * the protective step, takes effect at once.
 */
export function manuellerUebergang(z: PraedikatZustand, a: ManuelleAktion): Uebergang<PraedikatZustand> & { ereignis?: PraedikatEreignis } {
  if (z.status === 'widerrufen') return nein('Ein widerrufenes Prädikat kann nicht mehr geändert werden.');
  switch (a.art) {
    case 'aussetzen':
      if (z.status === 'ausgesetzt') return nein('Das Prädikat ist bereits ausgesetzt.');
      return { ok: true, zustand: { ...z, status: 'ausgesetzt', manuellAusgesetzt: true }, ereignis: 'aussetzung' };
    case 'wiederherstellen':
      if (z.status !== 'ausgesetzt') return nein('Nur ein ausgesetztes Prädikat kann wiederhergestellt werden.');
      if (!a.erreicht) return nein('Die Behörde liegt unter der Schwelle: Das Prädikat kann erst wiederhergestellt werden, wenn sie wieder erreicht ist.');
      return { ok: true, zustand: { status: 'gueltig', unterSchwelleSeit: null, karenzBis: null, manuellAusgesetzt: false }, ereignis: 'wiederherstellung' };
    case 'widerrufen':
      return { ok: true, zustand: { ...z, status: 'widerrufen' }, ereignis: 'widerruf' };
  }
}

/* ------------------------------------------------------------------ four eyes for measures */

/** Measures that need a second person: revocation (final) and reinstatement after a suspension. */
export type MassnahmeArt = 'widerrufen' | 'wiederherstellen';

/** A measure requested by one person and not yet confirmed or withdrawn. */
export interface OffeneMassnahme {
  art: MassnahmeArt;
  von: string;
}

export type VierAugenAktion =
  | { art: 'widerrufen'; von: string }
  | { art: 'wiederherstellen'; von: string; erreicht: boolean }
  /** Withdraw the open request (the requester or another person of the ministry). */
  | { art: 'zuruecknehmen'; von: string };

export type VierAugenErgebnis =
  /** First person: the request is recorded; the award does not change. */
  | { ok: true; schritt: 'beantragt'; offen: OffeneMassnahme; zustand: PraedikatZustand }
  /** Second, different person: the measure takes effect. */
  | { ok: true; schritt: 'bestaetigt'; offen: null; zustand: PraedikatZustand; ereignis: PraedikatEreignis }
  | { ok: true; schritt: 'zurueckgenommen'; offen: null; zustand: PraedikatZustand }
  | { ok: false; grund: string };

const MASSNAHME_TEXT: Record<MassnahmeArt, { der: string; den: string }> = {
  widerrufen: { der: 'der Widerruf', den: 'den Widerruf' },
  wiederherstellen: { der: 'die Wiederherstellung', den: 'die Wiederherstellung' },
};

/**
 * Revocation and reinstatement under four eyes: the first call records a request and changes
 * nothing else; the same call by a second, different person makes it take effect. Either may
 * withdraw an open request. The award's own rules (`manuellerUebergang`) apply at both steps.
 */
export function vierAugenMassnahme(z: PraedikatZustand, offen: OffeneMassnahme | null, a: VierAugenAktion): VierAugenErgebnis {
  if (a.art === 'zuruecknehmen') {
    if (!offen) return { ok: false, grund: 'Es gibt keinen offenen Antrag auf Widerruf oder Wiederherstellung.' };
    return { ok: true, schritt: 'zurueckgenommen', offen: null, zustand: z };
  }
  if (offen && offen.art !== a.art) {
    return { ok: false, grund: `${MASSNAHME_OFFEN} ${MASSNAHME_TEXT[offen.art].der} beantragt. Nehmen Sie diesen Antrag zuerst zurück.` };
  }
  const u = manuellerUebergang(z, a.art === 'wiederherstellen' ? { art: 'wiederherstellen', erreicht: a.erreicht } : { art: 'widerrufen' });
  if (!u.ok) return u;
  if (!offen) return { ok: true, schritt: 'beantragt', offen: { art: a.art, von: a.von }, zustand: z };
  if (offen.von === a.von) {
    return { ok: false, grund: `${VIER_AUGEN} Sie haben ${MASSNAHME_TEXT[a.art].den} beantragt. Bestätigen muss eine andere Person.` };
  }
  return { ok: true, schritt: 'bestaetigt', offen: null, zustand: u.zustand, ereignis: u.ereignis ?? (a.art === 'widerrufen' ? 'widerruf' : 'wiederherstellung') };
}

/** The day `monate` months after the ISO date `tag` (end of month kept: 31.8. + 6 → 28./29.2.). */
export function plusMonate(tag: string, monate: number): string {
  const [y, m, d] = tag.slice(0, 10).split('-').map(Number);
  const ziel = new Date(Date.UTC(y, m - 1 + monate, 1));
  const letzter = new Date(Date.UTC(ziel.getUTCFullYear(), ziel.getUTCMonth() + 1, 0)).getUTCDate();
  ziel.setUTCDate(Math.min(d, letzter));
  return ziel.toISOString().slice(0, 10);
}

export const STATUS_TEXT: Record<PraedikatStatus, { de: string; en: string }> = {
  gueltig: { de: 'gültig', en: 'valid' },
  ausgesetzt: { de: 'ausgesetzt', en: 'suspended' },
  widerrufen: { de: 'widerrufen', en: 'revoked' },
};

export const ANTRAG_STATUS_TEXT: Record<AntragStatus, string> = {
  eingereicht: 'eingereicht, wartet auf die erste Prüfung',
  empfohlen: 'geprüft, wartet auf die Entscheidung',
  zurueckgegeben: 'zur Überarbeitung zurückgegeben',
  verliehen: 'Prädikat verliehen',
  abgelehnt: 'abgelehnt',
  zurueckgezogen: 'zurückgezogen',
};
