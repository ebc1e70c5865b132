/**
 * Database schema (drizzle pg-core). One schema for PGlite and PostgreSQL; migrations in
 * `migrations/` are generated from it with `npm run db:generate`.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/* ---------------------------------------------------------------- Gebiete (Destatis GV100AD) */

/**
 * "Name, Zusatz" → "Zusatz Name", the official abbreviations written out: GV100AD appends the
 * designation after a comma ("Simbach, M", "Weilheim i.OB, St", "Dachau, GKSt",
 * "München, Landeshauptstadt", "Lübeck, Hansestadt"); citizens read it in front ("Markt Simbach").
 */
const zusatzVorn = (name: string) => {
  const zusatz = `(case substring(${name} from ', ([^,]+)$')
      when 'M' then 'Markt' when 'St' then 'Stadt' when 'GKSt' then 'Große Kreisstadt'
      else substring(${name} from ', ([^,]+)$') end)`;
  const kern = `regexp_replace(${name}, ', [^,]+$', '')`;
  // "Markt Einersheim, M" says "Markt" already: "Markt Einersheim", not "Markt Markt Einersheim".
  return `(case when ${kern} like ${zusatz} || ' %' then ${kern} else ${zusatz} || ' ' || ${kern} end)`;
};

/**
 * Display name of a Gebiet, computed by the database from the official name and the
 * Textkennzeichen (GV100AD): the official name stays in `name`. Kreise get "Landkreis"/"Kreis"
 * (41/42 kreisfreie Städte and Stadtkreise "Stadt"), so "Stadt Ansbach" and "Landkreis Ansbach"
 * read differently; Bavarian VGs "(VGem)" become "Verwaltungsgemeinschaft …". Keep in step with
 * `landkreisName` in gebiete/behoerden.derivation.ts (a test compares both).
 */
export const anzeigenameGebietSql = sql.raw(`case
    when ebene = 'gemeindeverband' and name like '% (VGem)' then 'Verwaltungsgemeinschaft ' || left(name, -7)
    when ebene = 'kreis' and textkennzeichen in ('43', '44') and name ~* '(kreis|^(Region|Städteregion|Regionalverband) )' then name
    when ebene = 'kreis' and textkennzeichen = '44' then 'Landkreis ' || name
    when ebene = 'kreis' and textkennzeichen = '43' then 'Kreis ' || name
    when name ~ ', [^,]+$' then ${zusatzVorn('name')}
    when ebene = 'kreis' and textkennzeichen in ('41', '42') then 'Stadt ' || name
    when ebene = 'gemeinde' and textkennzeichen in ('61', '62') then 'Stadt ' || name
    else name
  end`);

/**
 * Display name of a Behörde from its stored name and type: Landkreise, Bezirke and Verbände carry
 * their designation already ("Landkreis Unterallgäu", "Bezirk Schwaben", "Amt Brome"); Gemeinden
 * get theirs in front ("Markt Simbach", "Stadt Weilheim i.OB", kreisfreie Städte "Stadt Amberg").
 */
export const anzeigenameBehoerdeSql = sql.raw(`case
    when typ = 'vg' and name like '% (VGem)' then 'Verwaltungsgemeinschaft ' || left(name, -7)
    when typ in ('landkreis', 'bezirk', 'vg', 'amt', 'samtgemeinde', 'verbandsgemeinde', 'verwaltungsverband') then name
    when name ~ ', [^,]+$' then ${zusatzVorn('name')}
    when typ = 'kreisfreie_stadt' then 'Stadt ' || name
    else name
  end`);

/**
 * Every territorial unit of the Gemeindeverzeichnis: Land, Regierungsbezirk, Kreis,
 * Gemeindeverband, Gemeinde. The ARS is unique across levels (2, 3, 5, 9, 12 digits).
 */
export const gebiete = pgTable(
  'gebiete',
  {
    ars: text('ars').primaryKey(),
    ags: text('ags'),
    ebene: text('ebene').notNull(), // land | regierungsbezirk | kreis | gemeindeverband | gemeinde
    satzart: integer('satzart').notNull(),
    name: text('name').notNull(),
    textkennzeichen: text('textkennzeichen'),
    typ: text('typ'), // readable type derived from the Textkennzeichen
    /** The name as citizens read it ("Markt Simbach", "Landkreis Ansbach"); derived, see `anzeigenameGebietSql`. */
    anzeigename: text('anzeigename').notNull().generatedAlwaysAs(anzeigenameGebietSql),
    verwaltungssitz: text('verwaltungssitz'),
    landKey: text('land_key').notNull(),
    regbezKey: text('regbez_key'),
    kreisKey: text('kreis_key'),
    verbandArs: text('verband_ars'),
    flaecheHa: bigint('flaeche_ha', { mode: 'number' }),
    bevoelkerung: integer('bevoelkerung'),
    plz: text('plz'),
    plzEindeutig: boolean('plz_eindeutig'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    gebietsstand: date('gebietsstand').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('gebiete_ebene_idx').on(t.ebene), index('gebiete_verband_idx').on(t.verbandArs), index('gebiete_kreis_idx').on(t.kreisKey)],
);

/* ---------------------------------------------------------------- Behörden */

/**
 * The authority that links procedures and receives the Prädikat. Its key is the ARS of the
 * territory it administers: 12 digits (Gemeinde), 9 (VG), 5 (Landkreis), 3 (Bezirk).
 */
export const behoerden = pgTable(
  'behoerden',
  {
    ars: text('ars').primaryKey(),
    name: text('name').notNull(),
    /** Name without the official suffixes (", St", "(VGem)"): for sorting and short mentions. */
    kurzname: text('kurzname').notNull(),
    /** The name as citizens read it ("Markt Simbach", "Verwaltungsgemeinschaft Türkheim"); derived, see `anzeigenameBehoerdeSql`. */
    anzeigename: text('anzeigename').notNull().generatedAlwaysAs(anzeigenameBehoerdeSql),
    typ: text('typ').notNull(), // gemeinde | markt | stadt | grosse_kreisstadt | kreisfreie_stadt | vg | landkreis | bezirk
    landKey: text('land_key').notNull(),
    regbezKey: text('regbez_key').notNull(),
    kreisKey: text('kreis_key'),
    sitz: text('sitz'),
    plz: text('plz'),
    bevoelkerung: integer('bevoelkerung').notNull().default(0),
    flaecheHa: bigint('flaeche_ha', { mode: 'number' }).notNull().default(0),
    /** Seat: the geographic centre of the Gemeinde of the Verwaltungssitz (GV-ISys); null when the seat is not known. */
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    /** Population-weighted centre of the Gemeinden the Behörde serves (for a Gemeinde: its own centre). */
    schwerpunktLat: doublePrecision('schwerpunkt_lat'),
    schwerpunktLon: doublePrecision('schwerpunkt_lon'),
    /** Normalised name for umlaut- and suffix-tolerant search. */
    suchname: text('suchname').notNull(),
    aktiv: boolean('aktiv').notNull().default(true),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('behoerden_typ_idx').on(t.typ), index('behoerden_regbez_idx').on(t.regbezKey), index('behoerden_kreis_idx').on(t.kreisKey)],
);

/** Which Gemeinden a Behörde administers (itself for a Gemeinde, its members for a VG). */
export const behoerdeGemeinden = pgTable(
  'behoerde_gemeinden',
  {
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    gemeindeArs: text('gemeinde_ars').notNull().references(() => gebiete.ars),
  },
  (t) => [primaryKey({ columns: [t.behoerdeArs, t.gemeindeArs] }), uniqueIndex('behoerde_gemeinden_gemeinde_idx').on(t.gemeindeArs)],
);

/* ---------------------------------------------------------------- OZG / LeiKa */

export const ozgThemenfelder = pgTable('ozg_themenfelder', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

export const ozgLebenslagen = pgTable('ozg_lebenslagen', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  themenfeldId: integer('themenfeld_id').notNull().references(() => ozgThemenfelder.id),
});

export const ozgLeistungen = pgTable(
  'ozg_leistungen',
  {
    id: integer('id').primaryKey(),
    ozgId: text('ozg_id').notNull(),
    name: text('name').notNull(),
    lebenslageId: integer('lebenslage_id').references(() => ozgLebenslagen.id),
    themenfeldId: integer('themenfeld_id').references(() => ozgThemenfelder.id),
  },
  (t) => [index('ozg_leistungen_ozg_id_idx').on(t.ozgId)],
);

export const leikaLeistungen = pgTable(
  'leika_leistungen',
  {
    id: integer('id').primaryKey(),
    /** 14-digit LeiKa key; null for the catalogue's "nicht im LeiKa" entries. */
    schluessel: text('schluessel'),
    name: text('name').notNull(),
    typisierung: text('typisierung'),
    ozgLeistungId: integer('ozg_leistung_id').references(() => ozgLeistungen.id),
    rechtsgrundlage: text('rechtsgrundlage'),
    sdg1: boolean('sdg1').notNull().default(false),
    sdg2: boolean('sdg2').notNull().default(false),
  },
  (t) => [index('leika_schluessel_idx').on(t.schluessel)],
);

/* ---------------------------------------------------------------- Geometrien (BKG VG5000) */

export const geoFlaechen = pgTable(
  'geo_flaechen',
  {
    ebene: text('ebene').notNull(), // gemeinde | kreis | regierungsbezirk
    ars: text('ars').notNull(),
    name: text('name').notNull(),
    bez: text('bez'),
    geometry: jsonb('geometry').notNull(),
    stand: date('stand').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ebene, t.ars] })],
);

/* ---------------------------------------------------------------- Online-Verfahren (demo + later catalogue) */

export const onlineVerfahren = pgTable(
  'online_verfahren',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    beschreibung: text('beschreibung').notNull().default(''),
    /** zentral: provided by the Freistaat for every Behörde; kommunal: a Behörde's own. */
    bereitstellung: text('bereitstellung').notNull(),
    /** online (electronic submission, counts) | information | formular_pdf (never count). */
    art: text('art').notNull().default('online'),
    anbieterArs: text('anbieter_ars').references(() => behoerden.ars),
    url: text('url').notNull(),
    vertrauensniveau: text('vertrauensniveau').notNull().default('substanziell'),
    mobilOptimiert: boolean('mobil_optimiert').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Id in the source system (XZuFi `onlinedienst/id`, or the uploader's own key). */
    externeId: text('externe_id'),
    /** Retired procedures stay in the catalogue but no longer count. */
    aktiv: boolean('aktiv').notNull().default(true),
    /** The IT-Dienstleister account that offers this procedure to its client Behörden. */
    anbieterUserId: uuid('anbieter_user_id'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /**
     * `url` normalised (src/verlinkung/url-normalisierung.ts) and its host+path: what „same service“
     * compares. Filled by the writers; a row without them gets them before the next count.
     */
    urlSchluessel: text('url_schluessel'),
    urlHostpfad: text('url_hostpfad'),
  },
  (t) => [
    // Partial where a large share of the rows has no value (an IT-Dienstleister's procedures have
    // no Behörde as provider, many rows no external id): lookups by a value still use them, and a
    // bulk insert does not file those rows. ADR 0037.
    index('online_verfahren_anbieter_idx').on(t.anbieterArs).where(sql`${t.anbieterArs} is not null`),
    uniqueIndex('online_verfahren_externe_id_idx').on(t.externeId).where(sql`${t.externeId} is not null`),
    // The zentrale procedures (a few hundred) are looked up; the kommunale are most of the table.
    index('online_verfahren_zentral_idx').on(t.id).where(sql`${t.bereitstellung} = 'zentral'`),
    // Only compared for equality („same service“): a hash index files a long address cheaper than a B-tree.
    index('online_verfahren_url_schluessel_idx').using('hash', t.urlSchluessel),
    // The rows whose keys are still to be filled in before a count (normally none).
    index('online_verfahren_ohne_url_schluessel_idx').on(t.id).where(sql`${t.urlSchluessel} is null`),
  ],
);

/**
 * Result of the last check of a URL (link health). Keyed by URL: a zentrales Verfahren linked by
 * a thousand Behörden is checked once.
 */
export const linkPruefungen = pgTable('link_pruefungen', {
  url: text('url').primaryKey(),
  /** ok | defekt */
  status: text('status').notNull(),
  httpStatus: integer('http_status'),
  fehler: text('fehler'),
  geprueftAm: ts('geprueft_am').notNull(),
  /** Since when the URL fails without interruption (null while it works). */
  defektSeit: ts('defekt_seit'),
  antwortMs: integer('antwort_ms'),
  /** Final URL after redirects. */
  zielUrl: text('ziel_url'),
});

/** Every change to a Behörde's links: who, when (UTC), how (form, API, upload), before and after. */
export const verlinkungEreignisse = pgTable(
  'verlinkung_ereignisse',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    /** The link's procedure; null only for `upload` (the procedures are listed in `nachher`). */
    verfahrenId: uuid('verfahren_id').references(() => onlineVerfahren.id),
    /**
     * verlinkt | entfernt | geaendert | doppelt_erkannt | … (verlinkung.schemas `EREIGNIS_AKTIONEN`);
     * `upload`: the links an upload added to this Behörde, one event per upload and Behörde —
     * `nachher` = { anzahl, dateiname, verfahren: [ids] }.
     */
    aktion: text('aktion').notNull(),
    vorher: jsonb('vorher'),
    nachher: jsonb('nachher'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    /** formular | api | csv | xzufi | system */
    quelle: text('quelle').notNull(),
    uploadId: uuid('upload_id'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    index('verlinkung_ereignisse_behoerde_idx').on(t.behoerdeArs, t.at),
    check('verlinkung_ereignisse_verfahren_check', sql`${t.verfahrenId} is not null or ${t.aktion} = 'upload'`),
  ],
);

/** Current count per Behörde, kept up to date in the same transaction as every link change. */
export const zaehlstaende = pgTable('zaehlstaende', {
  behoerdeArs: text('behoerde_ars').primaryKey().references(() => behoerden.ars),
  anzahl: integer('anzahl').notNull(),
  berechnetAm: ts('berechnet_am').notNull(),
});

/** Bulk uploads (CSV, XZuFi): checked first (dry run), then taken over all-or-nothing. */
export const uploads = pgTable('uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** csv | xzufi */
  format: text('format').notNull(),
  dateiname: text('dateiname').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id),
  /** geprueft | fehlerhaft | uebernommen */
  status: text('status').notNull(),
  zeilen: integer('zeilen').notNull(),
  fehler: jsonb('fehler').notNull().default([]),
  /**
   * The validated rows, kept between dry run and commit: `json`, kept as the text it was written —
   * written once and read once whole, never queried inside; `jsonb` took twice as long for
   * 100,000 rows both ways.
   */
  daten: json('daten'),
  statistik: jsonb('statistik'),
  createdAt: ts('created_at').notNull().defaultNow(),
  committedAt: ts('committed_at'),
});

export const verfahrenLeistungen = pgTable(
  'verfahren_leistungen',
  {
    verfahrenId: uuid('verfahren_id').notNull().references(() => onlineVerfahren.id),
    leikaId: integer('leika_id').notNull().references(() => leikaLeistungen.id),
  },
  (t) => [primaryKey({ columns: [t.verfahrenId, t.leikaId] })],
);

export const verlinkungen = pgTable(
  'verlinkungen',
  {
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    verfahrenId: uuid('verfahren_id').notNull().references(() => onlineVerfahren.id),
    /** URL for this Behörde where it differs from the catalogue's. */
    url: text('url'),
    linkedAt: ts('linked_at').notNull().defaultNow(),
    linkedBy: uuid('linked_by'),
    demo: boolean('demo').notNull().default(false),
    /** The own `url` normalised and its host+path (null while the catalogue's address is used). */
    urlSchluessel: text('url_schluessel'),
    urlHostpfad: text('url_hostpfad'),
    /**
     * Set by the count: this link is the same service as the link to that procedure, which counts
     * instead (src/verlinkung/zaehlung.ts). Null for every link that is first of its service.
     */
    doppeltVon: uuid('doppelt_von'),
  },
  (t) => [primaryKey({ columns: [t.behoerdeArs, t.verfahrenId] }), index('verlinkungen_verfahren_idx').on(t.verfahrenId)],
);

/**
 * A Behörde's count of linked counting Online-Verfahren on a day, so the count over time can be
 * drawn (links that were removed again are no longer in `verlinkungen`). The demo writes one point
 * on the 1st of every month since 2021 and one for its "today" (src/demo/demo.generator.ts).
 */
export const verlinkungZaehlstaende = pgTable(
  'verlinkung_zaehlstaende',
  {
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    tag: date('tag').notNull(),
    anzahl: integer('anzahl').notNull(),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.behoerdeArs, t.tag] })],
);

/* ---------------------------------------------------------------- Prädikat */

export const praedikate = pgTable(
  'praedikate',
  {
    zertifikatNr: text('zertifikat_nr').primaryKey(), // DA-2021-0001
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    verliehenAm: date('verliehen_am').notNull(),
    status: text('status').notNull().default('gueltig'), // gueltig | ausgesetzt | widerrufen
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('praedikate_behoerde_idx').on(t.behoerdeArs)],
);

/* ---------------------------------------------------------------- Accounts */

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** ministry_admin | ministry_reviewer | grant_officer | kommune_editor | it_dienstleister */
    role: text('role').notNull(),
    /**
     * Further roles besides the main role `role` (which is the first of all the account's roles in
     * the order of ROLES in auth/roles.ts). Never two roles that exclude each other (four eyes).
     */
    zusatzrollen: text('zusatzrollen').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastLoginAt: ts('last_login_at'),
    /** Consecutive failed logins; reset by a successful one. */
    fehlversuche: integer('fehlversuche').notNull().default(0),
    /** Temporary lockout after too many failures. */
    gesperrtBis: ts('gesperrt_bis'),
  },
  (t) => [uniqueIndex('users_email_idx').on(sql`lower(${t.email})`)],
);

/** Behörden a Kommune editor edits or an IT-Dienstleister serves. */
export const userBehoerden = pgTable(
  'user_behoerden',
  {
    userId: uuid('user_id').notNull().references(() => users.id),
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
  },
  (t) => [primaryKey({ columns: [t.userId, t.behoerdeArs] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a stolen database does not yield usable sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    userAgent: text('user_agent'),
    /** ID token of a login with the state identity provider: the hint for its logout (RP-initiated logout). */
    oidcIdToken: text('oidc_id_token'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/* ---------------------------------------------------------------- Operations */

export const importRuns = pgTable('import_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  quelle: text('quelle').notNull(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at').notNull(),
  statistik: jsonb('statistik').notNull(),
  actor: text('actor').notNull(),
});

/** Append-only record of every state-changing action. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    /** Role of the actor at the time. */
    actorRole: text('actor_role'),
    /** Hash chain: SHA-256 over the previous entry's hash and this entry's content. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_object_idx').on(t.objectType, t.objectId)],
);

/* ---------------------------------------------------------------- Mail */

/** Every mail the platform sends (or could not send), kept for the Akte and the outbox page. */
export const mails = pgTable(
  'mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    an: text('an').notNull(),
    betreff: text('betreff').notNull(),
    text: text('text').notNull(),
    /** What the mail is about, e.g. `praedikat.verliehen`. */
    art: text('art').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    /** versendet | fehlgeschlagen | nicht_versendet (no SMTP server configured) */
    status: text('status').notNull(),
    fehler: text('fehler'),
    messageId: text('message_id'),
    erstelltAm: ts('erstellt_am').notNull().defaultNow(),
    versendetAm: ts('versendet_am'),
  },
  (t) => [index('mails_object_idx').on(t.objectType, t.objectId), index('mails_erstellt_idx').on(t.erstelltAm)],
);
