/**
 * Lenient reading of a work list's filter from the address. A page never answers 400 for a filter
 * a person typed or an old bookmark carries: an unknown value is left out and reported, so the
 * page can say which value it ignored (and show the list without it).
 */

export interface IgnorierterFilter {
  /** Name of the query parameter. */
  feld: string;
  /** The value as sent (shortened). */
  wert: string;
}

const einWert = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return einWert(v[v.length - 1]);
  return undefined;
};

/** Reads one query's filters; every value it cannot use lands in `ignoriert`. */
export function filterLeser(query: unknown) {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const ignoriert: IgnorierterFilter[] = [];
  const merke = (feld: string, wert: string) => ignoriert.push({ feld, wert: wert.length > 60 ? `${wert.slice(0, 60)}…` : wert });
  return {
    ignoriert,
    /** One of `erlaubt`, or undefined (empty, missing or unknown: reported). */
    wahl<T extends string>(feld: string, erlaubt: readonly T[]): T | undefined {
      const v = einWert(q[feld])?.trim();
      if (!v) return undefined;
      if ((erlaubt as readonly string[]).includes(v)) return v as T;
      merke(feld, v);
      return undefined;
    },
    /** A whole number in [min, max], or undefined. */
    zahl(feld: string, min: number, max: number): number | undefined {
      const v = einWert(q[feld])?.trim();
      if (!v) return undefined;
      if (/^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max) return Number(v);
      merke(feld, v);
      return undefined;
    },
    /** A checkbox or yes/no value. */
    ja(feld: string): boolean {
      const v = einWert(q[feld])?.trim();
      if (!v) return false;
      if (['ja', 'true', '1', 'on'].includes(v)) return true;
      if (!['nein', 'false', '0'].includes(v)) merke(feld, v);
      return false;
    },
    /** Free text up to `max` characters (longer: shortened and reported). */
    text(feld: string, max: number): string | undefined {
      const v = einWert(q[feld])?.trim();
      if (!v) return undefined;
      if (v.length > max) merke(feld, v);
      return v.slice(0, max);
    },
  };
}
