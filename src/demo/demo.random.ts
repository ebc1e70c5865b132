/**
 * Seeded randomness for the Demodaten planner. Never `Math.random`: the same seed and input must
 * give a byte-identical plan, on every machine and Node version.
 *
 * - `cyrb128` hashes a string to four 32-bit words (public domain, bryc/code "PRNGs").
 * - `sfc32` is Chris Doty-Humphrey's Small Fast Counter from PractRand: tiny, fast and passes
 *   PractRand/BigCrush, good enough for a simulation (not for anything security-related).
 *
 * Each purpose gets its own stream (`createRandom(seed, 'links', ars)`), so adding a Behörde or a
 * Leistung only changes that part of the plan instead of shifting every later draw.
 */

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * `count` distinct indices drawn without replacement with probability proportional to the
   * weights (Efraimidis–Spirakis: largest `u^(1/w)` wins). Zero weights are never drawn.
   */
  weightedSample(weights: readonly number[], count: number): number[];
}

export function createRandom(...parts: Array<string | number>): Random {
  const [a, b, c, d] = cyrb128(parts.join('\u241f'));
  const raw = sfc32(a, b, c, d);
  // Discard the first outputs: sfc32 mixes its state during the first few rounds.
  for (let i = 0; i < 15; i++) raw();
  const rnd: Random = {
    next: raw,
    between: (min, max) => min + (max - min) * raw(),
    int: (min, max) => min + Math.floor(raw() * (max - min + 1)),
    chance: (p) => raw() < p,
    normal() {
      const u = 1 - raw();
      const v = raw();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => items[Math.floor(raw() * items.length)],
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(raw() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    weightedSample(weights, count) {
      const keyed: Array<[number, number]> = [];
      for (let i = 0; i < weights.length; i++) {
        const u = raw();
        if (weights[i] > 0) keyed.push([Math.log(1 - u) / weights[i], i]);
      }
      // log(u)/w orders like u^(1/w); ties broken by index for stability.
      keyed.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
      return keyed.slice(0, count).map(([, i]) => i);
    },
  };
  return rnd;
}
