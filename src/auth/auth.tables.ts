/**
 * Tables of the login with the state identity provider (OpenID Connect) and of the API tokens
 * for machine clients. Users, sessions and per-Behörde rights stay in src/shared/schema.ts.
 */
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Which local account an identity at an OpenID provider belongs to. The identity is the pair
 * issuer + `sub` (OpenID Connect Core 1.0 §2: `sub` is only unique within its issuer).
 */
export const oidcIdentitaeten = pgTable(
  'oidc_identitaeten',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    erstelltAm: ts('erstellt_am').notNull(),
    letzteAnmeldungAm: ts('letzte_anmeldung_am'),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('oidc_identitaeten_user_idx').on(t.userId)],
);

/**
 * A login started at the provider and not yet finished: state (stored as SHA-256), nonce and PKCE
 * verifier stay on the server. The row is deleted when the answer comes back (single use) and
 * refused after `laeuftAbAm`.
 */
export const oidcAnmeldungen = pgTable('oidc_anmeldungen', {
  stateHash: text('state_hash').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  zurueck: text('zurueck'),
  erstelltAm: ts('erstellt_am').notNull(),
  laeuftAbAm: ts('laeuft_ab_am').notNull(),
});

/**
 * Personal API tokens for machine clients (a Kommune's CMS, an IT-Dienstleister's system). Only
 * the SHA-256 of the token is stored; the token itself is shown once when it is created.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, so its owner can recognise it in the list. */
    praefix: text('praefix').notNull(),
    /** lesen | schreiben (schreiben includes lesen) */
    umfang: text('umfang').notNull(),
    erstelltAm: ts('erstellt_am').notNull(),
    laeuftAbAm: ts('laeuft_ab_am').notNull(),
    zuletztGenutztAm: ts('zuletzt_genutzt_am'),
    widerrufenAm: ts('widerrufen_am'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Invitations: the ministry admin invites a person by e-mail; the mail carries a one-time link
 * with which the person sets their own password. Only the SHA-256 of the link's token is stored;
 * the link is void after `laeuftAbAm`, once used, or when a newer invitation or a deactivation
 * revokes it.
 */
export const einladungen = pgTable(
  'einladungen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    erstelltVon: uuid('erstellt_von').references(() => users.id),
    erstelltAm: ts('erstellt_am').notNull(),
    laeuftAbAm: ts('laeuft_ab_am').notNull(),
    angenommenAm: ts('angenommen_am'),
    widerrufenAm: ts('widerrufen_am'),
  },
  (t) => [index('einladungen_user_idx').on(t.userId)],
);
