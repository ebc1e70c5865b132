/**
 * Compares two pre-check results field by field, whatever fields they have: the record stored at
 * submission and a fresh one. Objects are walked key by key, lists of objects with an `id` (or, for
 * entries of a procedure, a `verfahrenId`) are matched by it (their `titel` or `name` names them),
 * lists of plain values are compared as a whole.
 * New parts of the pre-check result show up here without any change. Pure; property-tested.
 */

export interface VergleichZeile {
  /** Where in the result, e.g. ['punkte', 'links', 'status']. */
  pfad: string[];
  /** Readable name of each step of the path. */
  namen: string[];
  /** The value at submission and now; undefined: not present there. */
  alt: string | undefined;
  neu: string | undefined;
  geaendert: boolean;
}

type Blatt = { pfad: string[]; namen: string[]; wert: string };

const istObjekt = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const schluessel = (v: unknown) => {
  if (!istObjekt(v)) return undefined;
  const id = v.id ?? v.verfahrenId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

const wertText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

function flach(wert: unknown, pfad: string[], namen: string[], aus: Blatt[]) {
  if (Array.isArray(wert)) {
    const ids = wert.map(schluessel);
    if (wert.length > 0 && ids.every((id) => id !== undefined) && new Set(ids).size === ids.length) {
      wert.forEach((el, i) => {
        const o = el as Record<string, unknown>;
        const name = typeof o.titel === 'string' ? o.titel : typeof o.name === 'string' ? o.name : (ids[i] as string);
        const { id: _id, verfahrenId: _verfahrenId, titel: _titel, ...rest } = o;
        flach(rest, [...pfad, ids[i] as string], [...namen, name], aus);
      });
      return;
    }
    if (wert.every((el) => !istObjekt(el) && !Array.isArray(el))) {
      aus.push({ pfad, namen, wert: wert.map(wertText).join(', ') });
      return;
    }
    wert.forEach((el, i) => flach(el, [...pfad, String(i + 1)], [...namen, String(i + 1)], aus));
    return;
  }
  if (istObjekt(wert)) {
    const keys = Object.keys(wert);
    if (keys.length === 0) aus.push({ pfad, namen, wert: '' });
    for (const k of keys) flach(wert[k], [...pfad, k], [...namen, k], aus);
    return;
  }
  aus.push({ pfad, namen, wert: wertText(wert) });
}

/** Every leaf of both results, in the order of the stored one (then what only the fresh one has). */
export function vergleiche(alt: unknown, neu: unknown, ohne: readonly string[] = ['am']): VergleichZeile[] {
  const a: Blatt[] = [];
  const n: Blatt[] = [];
  flach(alt, [], [], a);
  flach(neu, [], [], n);
  const weg = (b: Blatt) => b.pfad.length === 1 && ohne.includes(b.pfad[0]);
  const key = (b: Blatt) => JSON.stringify(b.pfad);
  const neuNach = new Map(n.filter((b) => !weg(b)).map((b) => [key(b), b]));
  const zeilen: VergleichZeile[] = [];
  const gesehen = new Set<string>();
  for (const b of a.filter((x) => !weg(x))) {
    const k = key(b);
    gesehen.add(k);
    const m = neuNach.get(k);
    zeilen.push({ pfad: b.pfad, namen: m?.namen ?? b.namen, alt: b.wert, neu: m?.wert, geaendert: !m || m.wert !== b.wert });
  }
  for (const [k, b] of neuNach) if (!gesehen.has(k)) zeilen.push({ pfad: b.pfad, namen: b.namen, alt: undefined, neu: b.wert, geaendert: true });
  return zeilen;
}
