/**
 * The Prädikat's threshold rule, in one place: a Behörde reaches the Prädikat with at least 50
 * counting Online-Verfahren, a Bezirk with at least 30. Both numbers are configuration
 * (THRESHOLD_DEFAULT, THRESHOLD_BEZIRK, docs/operations.md); `STANDARD_SCHWELLEN` are their
 * defaults, used by the configuration and wherever no configuration is at hand (the demo planner,
 * a filter called without thresholds). What counts is verlinkung/zaehlung.ts; the SQL form of the
 * rule is `schwelleSql` in verlinkung/verlinkung.repository.ts.
 */

/** Prädikat thresholds in counting Online-Verfahren (`config.thresholds`). */
export interface Schwellen {
  default: number;
  bezirk: number;
}

/** The programme's published thresholds: 50, Bezirke 30. */
export const STANDARD_SCHWELLEN: Readonly<Schwellen> = Object.freeze({ default: 50, bezirk: 30 });

/** The threshold of a Behörde of type (or Ebene) `typ`. */
export const schwelleFuer = (typ: string, schwellen: Schwellen): number => (typ === 'bezirk' ? schwellen.bezirk : schwellen.default);
