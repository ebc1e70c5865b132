/**
 * Exit codes of the server process, for supervisors and operators (docs/operations.md, „Exit
 * codes“). The CLI uses 0, 1, 2 and 3 with the same meaning.
 */
export const EXIT = {
  /** Stopped on SIGTERM/SIGINT after the requests in flight were answered. */
  ok: 0,
  /** An unexpected error, or a stop that took longer than the grace period. */
  error: 1,
  /** Invalid configuration: every bad variable is listed on stderr. */
  config: 2,
  /** No database: PGlite directory in use by another process, or PostgreSQL unreachable / refusing. */
  database: 3,
  /** Cannot listen: port in use, no permission, address not on this machine. */
  listen: 4,
  /** The start-up preparation failed: a migration or the official data import (problems listed). */
  preparation: 5,
} as const;
