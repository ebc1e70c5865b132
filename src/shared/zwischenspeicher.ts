/**
 * A small in-memory cache of promises per key, valid for one `stand` (a data-version string):
 * the first caller of a key and stand loads, everybody else shares the promise; a failed load is
 * not kept; the least recently used key goes first when `max` keys are held.
 */
export function promiseCache<T>(max: number) {
  const eintraege = new Map<string, { stand: string; wert: Promise<T> }>();
  return {
    get(key: string, stand: string, laden: () => Promise<T>): Promise<T> {
      const hit = eintraege.get(key);
      eintraege.delete(key);
      if (hit && hit.stand === stand) {
        eintraege.set(key, hit);
        return hit.wert;
      }
      const wert = laden();
      eintraege.set(key, { stand, wert });
      while (eintraege.size > max) eintraege.delete(eintraege.keys().next().value as string);
      wert.catch(() => {
        if (eintraege.get(key)?.wert === wert) eintraege.delete(key);
      });
      return wert;
    },
  };
}
