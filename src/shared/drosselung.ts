/**
 * Request limits per client address for whole groups of public addresses (docs/operations.md,
 * "Rate limits"). The JSON API has one limit; the signet, the open-data downloads and the health
 * endpoints have their own, much higher ones, so Kommune websites that embed the signet and caches
 * in front of the open data are never slowed down by someone who floods the API.
 *
 * The counting itself is @fastify/rate-limit (one store per group, per instance, fixed window of
 * one minute, IPv6 per /64 network); the address is `req.ip`, which honours TRUST_PROXY.
 */

/** A group of paths with its own limit. */
export type DrosselGruppe = 'api' | 'signet' | 'opendata' | 'gesundheit';

/** Requests per address and minute of each group; 0 switches the group's limit off. */
export type DrosselLimits = Record<DrosselGruppe, number>;

/** The group of a request URL (path and query), or undefined: pages have no group limit. */
export function drosselGruppe(url: string): DrosselGruppe | undefined {
  const pfad = url.split(/[?#]/)[0];
  if (pfad.startsWith('/signet/') || pfad.startsWith('/credentials/') || pfad.startsWith('/.well-known/')) return 'signet';
  if (pfad === '/opendata' || pfad.startsWith('/opendata/')) return 'opendata';
  if (pfad === '/healthz' || pfad === '/livez' || pfad === '/metrics') return 'gesundheit';
  if (pfad.startsWith('/api/')) return 'api';
  return undefined;
}
