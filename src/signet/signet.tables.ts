/**
 * Tables of the Online-Signet: the issuer's signing keys (Ed25519, private part encrypted at rest)
 * and each award's index in the Bitstring Status Lists (W3C, revocation and suspension).
 */
import { boolean, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Signing keys of the issuer. Exactly one is active (partial unique index); rotated keys stay so
 * credentials signed with them remain verifiable (they are still published in JWKS and did.json).
 * `private_enc` is the private JWK, AES-256-GCM encrypted under the key-encryption key SIGNET_KEK
 * and naming it (`v2.<kek-id>.…`; older rows `v1.…` under SESSION_SECRET until the next start
 * re-wraps them, see signet.keys.ts).
 */
export const signetSchluessel = pgTable(
  'signet_schluessel',
  {
    kid: text('kid').primaryKey(),
    alg: text('alg').notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    privateEnc: text('private_enc').notNull(),
    aktiv: boolean('aktiv').notNull(),
    erstelltAm: ts('erstellt_am').notNull(),
    abgeloestAm: ts('abgeloest_am'),
  },
  (t) => [uniqueIndex('signet_schluessel_ein_aktiver_idx').on(t.aktiv).where(sql`aktiv`)],
);

/**
 * Position of an award's bit in the status lists; assigned once, never reused. No foreign key to
 * `praedikate` on purpose: removing the demo data deletes demo awards, and a stale row here only
 * keeps an index unused (migration 0009 drops the key 0008 created).
 */
export const signetStatusIndex = pgTable(
  'signet_status_index',
  {
    zertifikatNr: text('zertifikat_nr').primaryKey(),
    listenIndex: serial('listen_index').notNull(),
    /** Spare: the list a later split would put the award in (always 1 for now). */
    liste: integer('liste').notNull().default(1),
    vergebenAm: ts('vergeben_am').notNull().defaultNow(),
    /** Free-form notes (e.g. migration source); not used by the code. */
    meta: jsonb('meta'),
  },
  (t) => [uniqueIndex('signet_status_index_idx').on(t.liste, t.listenIndex)],
);
