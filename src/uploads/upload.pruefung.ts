/**
 * Bulk upload of Online-Verfahren (CSV, and XZuFi 2.2 through xzufi.*), the dry run: check every row
 * and keep the checked upload with the plan of what a commit would do; the commit
 * (upload.service.ts) checks the rows again with the same `pruefeZeilen`. No Fastify, no SQL
 * (upload.repository.ts).
 *
 * Catalogue semantics (docs/uploads.md):
 * - A row with `verfahrenId` links that existing catalogue entry (zentral, the Behörde's own, or
 *   one the uploader or the Behörde's IT-Dienstleister offers) to the row's Behörde.
 * - Rows without it describe the uploader's own procedure. Rows with the same `externeId` — or,
 *   without one, the same name, URL host+path and LeiKa keys — are ONE catalogue entry
 *   (`bereitstellung 'kommunal'`). An IT-Dienstleister's entry is offered by its account
 *   (`anbieter_user_id`) to every Behörde it serves; anyone else's belongs to the row's Behörde
 *   (`anbieter_ars`), so for them the Behörde is part of the key.
 * - The entry's URL is that of its first row; a row whose URL differs keeps it as the link's own
 *   URL (`verlinkungen.url`), e.g. `…/antrag?gemeinde=09162000`.
 * - Existing entries (same externe_id, or same key and owner) are reused and left unchanged;
 *   existing links are kept, a changed URL is updated. Uploading the same file again changes nothing.
 */
import { uuid7 } from '../shared/uuid7';
import { darfVerlinkungenAendern } from '../auth/berechtigung';
import { MINISTERIUM, UPLOAD_ROLLEN } from '../auth/roles';
import type { Handelnde } from '../shared/handelnde';
import { recordAudit } from '../shared/audit';
import { type Clock, systemClock } from '../shared/clock';
import type { Database, Db } from '../shared/db';
import { AppError, ForbiddenError } from '../shared/errors';
import { steuerzeichenFehler } from '../shared/steuerzeichen';
import { pruefeVerfahrensname } from '../verlinkung/verfahrensname';
import { createVerlinkungRepository } from '../verlinkung/verlinkung.repository';
import { DIENST_GRUND_TEXT, pruefeUrl } from '../verlinkung/verlinkung.service';
import { type DienstGrund, type DienstMerkmale, derselbeDienst, dienstMerkmale } from '../verlinkung/zaehlung';
import type { NormalisierteUrl } from '../verlinkung/url-normalisierung';
import { sortiereFehler } from './csv-upload.parser';
import { behaltePlan } from './upload.plan';
import { createUploadRepository, type EigenerEintrag, type KatalogEintrag, type NeuesVerfahrenRow } from './upload.repository';
import type { UploadFehler, UploadZeile } from './upload.types';

export const ARTEN = ['online', 'information', 'formular_pdf'] as const;
/** eIDAS assurance levels as XZuFi 2.2 names them (`vertrauensniveau`). */
export const VERTRAUENSNIVEAUS = ['niedrig', 'substanziell', 'hoch'] as const;

export const MAX_NAME = 300;
export const MAX_BESCHREIBUNG = 5000;
export const MAX_EXTERNE_ID = 200;
/** Keeps the error list of one row short; no procedure realises that many Leistungen. */
export const MAX_LEIKA_JE_ZEILE = 50;

const ARS_MUSTER = /^(\d{3}|\d{5}|\d{9}|\d{12})$/;
const LEIKA_MUSTER = /^99\d{12}$/;
export const UUID_MUSTER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type UploadFormat = 'csv' | 'xzufi';
export type UploadStatus = 'geprueft' | 'fehlerhaft' | 'uebernommen';

/** What a commit would do (dry run) or did (after the commit). */
export interface UploadStatistik {
  zeilen: number;
  verfahrenNeu: number;
  /** Distinct existing catalogue entries the rows refer to. */
  verfahrenVorhanden: number;
  verlinkungenNeu: number;
  verlinkungenUnveraendert: number;
  verlinkungenUrlGeaendert: number;
  /** Behörden named in the file. */
  behoerdenInDatei: number;
  /** Behörden whose links change (new or changed URL); their counts are recomputed. */
  behoerdenBetroffen: number;
  behoerden: string[];
  /** Notes that did not stop the upload (ignored columns, …). */
  hinweise: string[];
  /** Records in the file (CSV: data rows; XZuFi: onlinedienste), when known. */
  datensaetze?: number;
  /** Rows that are the same service as an earlier row or an existing link of their Behörde: not taken over. */
  doppelt?: number;
  /** The first of them (at most `MAX_DOPPELTE_GELISTET`), each with the line or link it repeats. */
  doppelte?: DoppelteZeile[];
}

/** A row that describes a service its Behörde already has (from the file or linked before). */
export interface DoppelteZeile {
  zeile: number;
  ars: string;
  name: string;
  /** The line of the file it repeats … */
  wieZeile?: number;
  /** … or the existing link. */
  wieVerfahren?: { verfahrenId: string; name: string };
  grund: DienstGrund;
  meldung: string;
}

export const MAX_DOPPELTE_GELISTET = 1000;

/** A new catalogue entry the commit creates. */
export interface NeuesVerfahren extends NeuesVerfahrenRow {
  leikaIds: number[];
  zeile: number;
}

/** What happens to one row's link. */
export interface PlanLink {
  zeile: number;
  ars: string;
  verfahrenId: string;
  /** URL stored on the link (null: the catalogue's URL). */
  url: string | null;
  status: 'neu' | 'unveraendert' | 'url_geaendert';
  /** The keys of `url`, when the check computed them (new links): the commit writes them. */
  adresse?: NormalisierteUrl;
}

export interface UploadPlan {
  neueVerfahren: NeuesVerfahren[];
  /** One per valid row: what happens to its link. */
  links: PlanLink[];
  statistik: UploadStatistik;
}

export interface PruefErgebnis {
  fehler: UploadFehler[];
  plan: UploadPlan;
}

/** An error with an English message for the JSON API beside the German one for pages. */
export function zweisprachig<T extends AppError>(e: T, en: string): T {
  return Object.assign(e, { messageEn: en });
}
export const englischeMeldung = (e: unknown): string | undefined => (e as { messageEn?: string }).messageEn;

const executor = (database: Database | Db): Db => ('close' in database && 'kind' in database ? (database as Database).db : (database as Db));

const hostPfadVon = (u: URL) => `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;

/** `https://Example.org/a/b/?x=1#y` → `example.org/a/b`: what makes two rows' URLs the same procedure. */
export function hostUndPfad(url: string): string {
  try {
    return hostPfadVon(new URL(url));
  } catch {
    return url;
  }
}

/** A row's LeiKa keys as one text: each key once, sorted, joined by `|` (rows have one or two keys mostly). */
export function leikaText(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  if (keys.length === 1) return keys[0];
  if (keys.length === 2) return keys[0] === keys[1] ? keys[0] : keys[0] < keys[1] ? `${keys[0]}|${keys[1]}` : `${keys[1]}|${keys[0]}`;
  return [...new Set(keys)].sort().join('|');
}

/**
 * `hostUndPfad` for many rows: remembered by the URL up to its query or fragment, which cannot
 * change host or path (the URL parser ends both at the first `?` or `#`) — rows of one procedure
 * for many Behörden often differ only in the query. A URL that does not parse stands for itself.
 */
export function hostUndPfadGemerkt(): (url: string) => string {
  const gemerkt = new Map<string, string>();
  return (url) => {
    const ende = url.search(/[?#]/);
    const kopf = ende < 0 ? url : url.slice(0, ende);
    let hp = gemerkt.get(kopf);
    if (hp === undefined) {
      try {
        hp = hostPfadVon(new URL(url));
      } catch {
        return url;
      }
      gemerkt.set(kopf, hp);
    }
    return hp;
  };
}

/**
 * Checks what a row says by itself, without the database: formats, lengths, allowed values.
 * Returns the errors, each with the row's line and the column.
 */
export function pruefeFormat(z: UploadZeile): UploadFehler[] {
  const f: UploadFehler[] = [];
  const err = (spalte: string, meldung: string) => f.push({ zeile: z.zeile, spalte, meldung });
  const mitId = Boolean(z.verfahrenId);

  if (!z.ars) err('ars', 'Der Behördenschlüssel (ARS) fehlt.');
  else if (!ARS_MUSTER.test(z.ars)) err('ars', `„${kurz(z.ars)}“ ist kein Behördenschlüssel: erwartet wird der ARS mit 3, 5, 9 oder 12 Ziffern.`);

  if (!z.name) {
    if (!mitId) err('name', 'Der Name fehlt.');
  } else if (z.name.length > MAX_NAME) err('name', `Der Name ist ${z.name.length} Zeichen lang; erlaubt sind höchstens ${MAX_NAME}.`);
  else {
    const steuer = steuerzeichenFehler(z.name);
    const name = steuer ? `Der Name ${steuer}` : pruefeVerfahrensname(z.name);
    if (name) err('name', name);
  }

  if (z.beschreibung.length > MAX_BESCHREIBUNG) {
    err('beschreibung', `Die Beschreibung ist ${z.beschreibung.length.toLocaleString('de-DE')} Zeichen lang; erlaubt sind höchstens ${MAX_BESCHREIBUNG.toLocaleString('de-DE')}.`);
  } else {
    const steuer = steuerzeichenFehler(z.beschreibung, { zeilenumbruch: true });
    if (steuer) err('beschreibung', `Die Beschreibung ${steuer}`);
  }

  if (!z.url) {
    if (!mitId) err('url', 'Die Adresse (URL) fehlt.');
  } else {
    const problem = pruefeUrl(z.url);
    if (problem) err('url', problem);
  }

  if (z.leikaSchluessel.length === 0) {
    if (!mitId) err('leika_schluessel', 'Mindestens ein LeiKa-Schlüssel ist nötig.');
  } else if (z.leikaSchluessel.length > MAX_LEIKA_JE_ZEILE) {
    err('leika_schluessel', `${z.leikaSchluessel.length} LeiKa-Schlüssel in einer Zeile; erlaubt sind höchstens ${MAX_LEIKA_JE_ZEILE}.`);
  } else {
    for (const k of new Set(z.leikaSchluessel)) {
      if (!LEIKA_MUSTER.test(k)) {
        err('leika_schluessel', `„${kurz(k)}“ ist kein LeiKa-Schlüssel: 14 Ziffern, beginnend mit 99 (mehrere mit | trennen).`);
      }
    }
  }

  if (z.verfahrenId && !UUID_MUSTER.test(z.verfahrenId)) err('verfahren_id', `„${kurz(z.verfahrenId)}“ ist keine Verfahrens-ID (UUID wie 3f2c…-…).`);
  if (z.art && !(ARTEN as readonly string[]).includes(z.art)) err('art', `„${kurz(z.art)}“ ist keine zulässige Art: online, information oder formular_pdf.`);
  if (z.vertrauensniveau && !(VERTRAUENSNIVEAUS as readonly string[]).includes(z.vertrauensniveau)) {
    err('vertrauensniveau', `„${kurz(z.vertrauensniveau)}“ ist kein zulässiges Vertrauensniveau: niedrig, substanziell oder hoch.`);
  }
  if (z.externeId && z.externeId.length > MAX_EXTERNE_ID) err('externe_id', `Die externe ID ist ${z.externeId.length} Zeichen lang; erlaubt sind höchstens ${MAX_EXTERNE_ID}.`);
  else if (z.externeId) {
    const steuer = steuerzeichenFehler(z.externeId);
    if (steuer) err('externe_id', `Die externe ID ${steuer}`);
  }
  return f;
}

const kurz = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
const istItDienstleister = (user: Handelnde) => user.role === 'it_dienstleister';

/** Working state of one row during the check. */
interface Zeile {
  z: UploadZeile;
  /** ARS valid, Behörde active and the uploader may act for it. */
  arsOk: boolean;
  /** No error in any column. */
  ok: boolean;
  leikaIds: number[];
  /** Resolved catalogue entry (existing) … */
  eintrag?: KatalogEintrag;
  /** … or the key of the new entry this row belongs to. */
  gruppe?: string;
}

/**
 * Validates every row against the database and plans what a commit would do. Every lookup is one
 * query for all rows (all ARS, all LeiKa keys, all ids…), so 100,000 rows take a few seconds.
 * Pass a transaction to check inside it (the commit does).
 *
 * `formatGeprueft`: the rows are those of a checked upload without errors (the commit's second
 * check). What a row says by itself (`pruefeFormat`, a function of the row alone) passed then and
 * is not checked again; everything that depends on the database is.
 */
export async function pruefeZeilen(
  zeilen: readonly UploadZeile[],
  user: Handelnde,
  database: Database | Db,
  opts: { formatGeprueft?: boolean } = {},
): Promise<PruefErgebnis> {
  const repo = createUploadRepository(executor(database));
  const fehler: UploadFehler[] = [];
  const melde = (z: UploadZeile, spalte: string | undefined, meldung: string) => fehler.push({ zeile: z.zeile, spalte, meldung });

  // --- What each row says by itself.
  const rows: Zeile[] = zeilen.map((z) => {
    if (opts.formatGeprueft) return { z, arsOk: true, ok: true, leikaIds: [] };
    const f = pruefeFormat(z);
    fehler.push(...f);
    return { z, arsOk: !f.some((e) => e.spalte === 'ars'), ok: f.length === 0, leikaIds: [] };
  });

  // --- Behörden: exist, active, served by the uploader (one query for all ARS).
  const arsListe = [...new Set(rows.filter((r) => r.arsOk).map((r) => r.z.ars))];
  const behoerden = new Map((await repo.behoerden(arsListe)).map((b) => [b.ars, b]));
  const darf = new Map(arsListe.map((ars) => [ars, darfVerlinkungenAendern(user, ars)]));
  for (const r of rows) {
    if (!r.arsOk) continue;
    const b = behoerden.get(r.z.ars);
    if (!b) melde(r.z, 'ars', `Keine Behörde mit dem Schlüssel ${r.z.ars}.`);
    else if (!b.aktiv) melde(r.z, 'ars', `Die Behörde ${r.z.ars} (${b.name}) ist nicht mehr aktiv.`);
    else if (!darf.get(r.z.ars)) {
      melde(r.z, 'ars', `Sie betreuen die Behörde ${r.z.ars} (${b.name}) nicht und dürfen für sie keine Online-Verfahren hochladen.`);
    } else continue;
    r.arsOk = false;
    r.ok = false;
  }

  // --- LeiKa keys exist (one query for all keys).
  const schluesselMenge = new Set<string>();
  for (const r of rows) for (const k of r.z.leikaSchluessel) if (LEIKA_MUSTER.test(k)) schluesselMenge.add(k);
  const alleSchluessel = [...schluesselMenge];
  const leikaIds = new Map((await repo.leika(alleSchluessel)).map((l) => [l.schluessel, l.id]));
  for (const r of rows) {
    if (r.z.leikaSchluessel.length > MAX_LEIKA_JE_ZEILE) continue;
    const schluessel = r.z.leikaSchluessel;
    for (let i = 0; i < schluessel.length; i++) {
      const k = schluessel[i];
      if (schluessel.indexOf(k) !== i || !LEIKA_MUSTER.test(k)) continue; // each key once
      const id = leikaIds.get(k);
      if (id === undefined) {
        melde(r.z, 'leika_schluessel', `Den LeiKa-Schlüssel ${k} gibt es im Leistungskatalog nicht.`);
        r.ok = false;
      } else r.leikaIds.push(id);
    }
  }

  // --- Referenced catalogue entries: by id, by externe_id (two queries).
  const ids = [...new Set(rows.filter((r) => r.z.verfahrenId && UUID_MUSTER.test(r.z.verfahrenId)).map((r) => r.z.verfahrenId!.toLowerCase()))];
  const nachId = new Map((await repo.verfahrenNachId(ids)).map((v) => [v.id, v]));
  const externeIds = [...new Set(rows.filter((r) => !r.z.verfahrenId && r.z.externeId).map((r) => r.z.externeId!))];
  const nachExterneId = new Map((await repo.verfahrenNachExterneId(externeIds)).map((v) => [v.externe_id!, v]));
  const anbieter = [...new Set([...nachId.values(), ...nachExterneId.values()].map((v) => v.anbieter_user_id).filter((x): x is string => Boolean(x)))];
  const betreut = await repo.betreuteBehoerden(anbieter);
  /** Same rule as the single link (verlinkung.repository `verlinkbarSql`), plus the uploader's own offers. */
  const verlinkbar = (v: KatalogEintrag, ars: string) =>
    v.bereitstellung === 'zentral' || v.anbieter_ars === ars || v.anbieter_user_id === user.id || Boolean(v.anbieter_user_id && betreut.get(v.anbieter_user_id)?.has(ars));

  const itDl = istItDienstleister(user);
  /** Is an existing kommunal entry the uploader's own (then rows may reuse it by externe_id)? */
  const eigenesEintrag = (v: KatalogEintrag, ars: string) => (itDl ? v.anbieter_user_id === user.id : v.anbieter_user_id === null && v.anbieter_ars === ars);

  for (const r of rows) {
    const { z } = r;
    if (z.verfahrenId) {
      if (!UUID_MUSTER.test(z.verfahrenId)) continue;
      const v = nachId.get(z.verfahrenId.toLowerCase());
      if (!v) {
        melde(z, 'verfahren_id', `Kein Online-Verfahren mit der ID ${z.verfahrenId}.`);
        r.ok = false;
      } else if (!v.aktiv) {
        melde(z, 'verfahren_id', `„${v.name}“ ist außer Betrieb und kann nicht verlinkt werden.`);
        r.ok = false;
      } else if (r.arsOk && !verlinkbar(v, z.ars)) {
        melde(z, 'verfahren_id', `„${v.name}“ ist ein kommunales Verfahren eines anderen Anbieters und kann für die Behörde ${z.ars} nicht verlinkt werden.`);
        r.ok = false;
      } else r.eintrag = v;
    } else if (z.externeId) {
      const v = nachExterneId.get(z.externeId);
      if (!v) continue;
      if (v.bereitstellung !== 'zentral' && !(r.arsOk && eigenesEintrag(v, z.ars))) {
        if (r.arsOk) {
          melde(z, 'externe_id', `Die externe ID „${kurz(z.externeId)}“ gehört schon zu „${v.name}“, einem Verfahren eines anderen Anbieters.`);
          r.ok = false;
        }
      } else if (!v.aktiv) {
        melde(z, 'externe_id', `„${v.name}“ (externe ID „${kurz(z.externeId)}“) ist außer Betrieb und kann nicht verlinkt werden.`);
        r.ok = false;
      } else r.eintrag = v;
    }
  }

  // --- Rows describing own procedures: group them into catalogue entries.
  const hostPfad = hostUndPfadGemerkt();
  const gruppenSchluessel = (r: Zeile) => {
    const { z } = r;
    const inhalt = z.externeId
      ? `e\u0000${z.externeId}`
      : `k\u0000${z.name}\u0000${hostPfad(z.url)}\u0000${leikaText(z.leikaSchluessel)}`;
    // Not an IT-Dienstleister: the entry belongs to the row's Behörde, so the Behörde is part of the
    // key (an externe_id is unique in the whole catalogue: a second Behörde is an error below).
    return itDl || z.externeId ? inhalt : `${z.ars}\u0000${inhalt}`;
  };
  interface Gruppe {
    erste: Zeile;
    eintrag?: KatalogEintrag;
    neu?: NeuesVerfahren;
  }
  const gruppen = new Map<string, Gruppe>();
  /** An empty art is `online`, an empty vertrauensniveau `substanziell`: the same as writing them. */
  const mitStandard = (feld: keyof UploadZeile, wert: unknown) =>
    String(wert ?? '') || (feld === 'art' ? 'online' : feld === 'vertrauensniveau' ? 'substanziell' : '');
  const vergleich: [keyof UploadZeile, string, string][] = [
    ['name', 'name', 'einen anderen Namen'],
    ['beschreibung', 'beschreibung', 'eine andere Beschreibung'],
    ['art', 'art', 'eine andere Art'],
    ['vertrauensniveau', 'vertrauensniveau', 'ein anderes Vertrauensniveau'],
  ];
  for (const r of rows) {
    if (r.z.verfahrenId || !r.ok) continue;
    const key = gruppenSchluessel(r);
    const g = gruppen.get(key);
    if (!g) {
      gruppen.set(key, { erste: r, eintrag: r.eintrag });
      r.gruppe = key;
      continue;
    }
    // Every row of one procedure must describe it the same way; only ars and url may differ.
    const e = g.erste.z;
    const wie = e.externeId ? `(externe ID „${kurz(e.externeId)}“)` : '(gleicher Name, gleiche Adresse, gleiche LeiKa-Schlüssel)';
    let konflikt = false;
    if (!itDl && e.externeId && e.ars !== r.z.ars) {
      melde(
        r.z,
        'externe_id',
        `Die externe ID „${kurz(e.externeId)}“ steht schon in Zeile ${e.zeile} für die Behörde ${e.ars}. Ein kommunales Verfahren gehört zu einer Behörde; nur IT-Dienstleister bieten eines mehreren Behörden an.`,
      );
      konflikt = true;
    }
    for (const [feld, spalte, was] of vergleich) {
      if (mitStandard(feld, e[feld]) !== mitStandard(feld, r.z[feld])) {
        melde(r.z, spalte, `Die Zeile beschreibt dasselbe Verfahren wie Zeile ${e.zeile} ${wie}, aber mit ${was}. Alle Zeilen eines Verfahrens brauchen dieselben Angaben; nur ars und url dürfen sich unterscheiden.`);
        konflikt = true;
      }
    }
    if (e.externeId && leikaText(e.leikaSchluessel) !== leikaText(r.z.leikaSchluessel)) {
      melde(r.z, 'leika_schluessel', `Die Zeile beschreibt dasselbe Verfahren wie Zeile ${e.zeile} ${wie}, aber mit anderen LeiKa-Schlüsseln.`);
      konflikt = true;
    }
    if (konflikt) r.ok = false;
    else r.gruppe = key;
  }

  // Groups without externe_id: reuse an own entry with the same name, URL host+path and LeiKa keys.
  const ohneExterne = [...gruppen.values()].filter((g) => !g.eintrag && !g.erste.z.externeId);
  const eigene = await repo.eigeneVerfahren(
    [...new Set(ohneExterne.map((g) => g.erste.z.name))],
    itDl ? { userId: user.id } : { arsList: [...new Set(ohneExterne.map((g) => g.erste.z.ars))] },
  );
  const eigeneNachSchluessel = new Map<string, EigenerEintrag>();
  for (const v of eigene) {
    // A retired entry is not reused (a new one is created); it must not shadow that new one later.
    if (!v.aktiv) continue;
    const inhalt = `k\u0000${v.name}\u0000${hostPfad(v.url)}\u0000${v.leika.join('|')}`;
    const key = itDl ? inhalt : `${v.anbieter_ars}\u0000${inhalt}`;
    if (!eigeneNachSchluessel.has(key)) eigeneNachSchluessel.set(key, v); // the oldest wins
  }
  for (const [key, g] of gruppen) {
    if (g.eintrag) continue;
    const vorhanden = g.erste.z.externeId ? undefined : eigeneNachSchluessel.get(key);
    if (vorhanden) {
      g.eintrag = vorhanden;
      continue;
    }
    const z = g.erste.z;
    g.neu = {
      id: uuid7(),
      name: z.name,
      beschreibung: z.beschreibung,
      url: z.url,
      art: z.art || 'online',
      vertrauensniveau: z.vertrauensniveau || 'substanziell',
      externeId: z.externeId ?? null,
      anbieterArs: itDl ? null : z.ars,
      anbieterUserId: itDl ? user.id : null,
      leikaIds: g.erste.leikaIds,
      zeile: z.zeile,
    };
  }

  // --- One link per (Behörde, procedure): a second row for the same pair is an error.
  const ziel = (r: Zeile): { id: string; name: string; url: string } | undefined => {
    if (r.eintrag) return r.eintrag;
    const g = r.gruppe ? gruppen.get(r.gruppe) : undefined;
    return g?.eintrag ?? g?.neu;
  };
  /** Behörde → procedure → the row that links it first. */
  const gesehen = new Map<string, Map<string, number>>();
  const gueltig: { r: Zeile; v: { id: string; name: string; url: string } }[] = [];
  for (const r of rows) {
    if (!r.ok || !r.arsOk) continue;
    const v = ziel(r);
    if (!v) continue;
    let jeVerfahren = gesehen.get(r.z.ars);
    if (!jeVerfahren) gesehen.set(r.z.ars, (jeVerfahren = new Map()));
    const frueher = jeVerfahren.get(v.id);
    if (frueher !== undefined) {
      const spalte = r.z.verfahrenId ? 'verfahren_id' : r.z.externeId ? 'externe_id' : 'name';
      melde(r.z, spalte, `Dasselbe Verfahren („${kurz(v.name)}“) steht für die Behörde ${r.z.ars} schon in Zeile ${frueher}.`);
      r.ok = false;
      continue;
    }
    jeVerfahren.set(v.id, r.z.zeile);
    gueltig.push({ r, v });
  }

  // --- Compare with the links that exist (one query for all pairs of existing entries).
  const neuIds = new Set([...gruppen.values()].flatMap((g) => (g.neu ? [g.neu.id] : [])));
  const mitEintrag = gueltig.filter((x) => !neuIds.has(x.v.id));
  const bestehend = new Map(
    (await repo.bestehendeLinks(
      mitEintrag.map((x) => x.r.z.ars),
      mitEintrag.map((x) => x.v.id),
    )).map((l) => [`${l.behoerde_ars}\u0000${l.verfahren_id}`, l]),
  );
  const alleLinks: PlanLink[] = gueltig.map(({ r, v }) => {
    const eigeneUrl = r.z.url && r.z.url !== v.url ? r.z.url : null;
    const alt = bestehend.get(`${r.z.ars}\u0000${v.id}`);
    const status: PlanLink['status'] = !alt ? 'neu' : (alt.url ?? null) === eigeneUrl ? 'unveraendert' : 'url_geaendert';
    return { zeile: r.z.zeile, ars: r.z.ars, verfahrenId: v.id, url: eigeneUrl, status };
  });

  // --- One service once per Behörde: a new link that is the same service as a link the Behörde has,
  // or as an earlier row of the file, is reported and left out (docs/verlinkung.md, „Derselbe Dienst“).
  const doppelte = await findeDoppelte(gueltig, alleLinks, database);
  const doppelteZeilen = new Set(doppelte.map((d) => `${d.zeile}\u0000${d.ars}`));
  const links = alleLinks.filter((l) => !doppelteZeilen.has(`${l.zeile}\u0000${l.ars}`));

  // Only entries that a valid row links are created.
  const verlinkt = new Set(links.map((l) => l.verfahrenId));
  const neue = [...gruppen.values()].flatMap((g) => (g.neu && verlinkt.has(g.neu.id) ? [g.neu] : []));
  const betroffen = [...new Set(links.filter((l) => l.status !== 'unveraendert').map((l) => l.ars))].sort();
  const statistik: UploadStatistik = {
    zeilen: zeilen.length,
    verfahrenNeu: neue.length,
    verfahrenVorhanden: new Set(links.filter((l) => !neuIds.has(l.verfahrenId)).map((l) => l.verfahrenId)).size,
    verlinkungenNeu: links.filter((l) => l.status === 'neu').length,
    verlinkungenUnveraendert: links.filter((l) => l.status === 'unveraendert').length,
    verlinkungenUrlGeaendert: links.filter((l) => l.status === 'url_geaendert').length,
    behoerdenInDatei: new Set(zeilen.map((z) => z.ars)).size,
    behoerdenBetroffen: betroffen.length,
    behoerden: betroffen,
    hinweise: [],
    doppelt: doppelte.length,
    doppelte: doppelte.slice(0, MAX_DOPPELTE_GELISTET),
  };
  return { fehler: sortiereFehler(fehler), plan: { neueVerfahren: neue, links, statistik } };
}

/**
 * The new links of an upload that are the same service as a link their Behörde already has, or as
 * an earlier new link of the file for the same Behörde (zaehlung.ts `derselbeDienst`: same
 * normalised address, or same host+path with a common LeiKa key). Links to an entry the Behörde
 * links already (unchanged or a new address) are not new services. One query for the Behörden's
 * links and one for the LeiKa keys of referenced catalogue entries.
 */
const istNeu = (v: { id: string; name: string; url: string } | NeuesVerfahren): v is NeuesVerfahren => 'leikaIds' in v;

async function findeDoppelte(gueltig: { r: Zeile; v: { id: string; name: string; url: string } | NeuesVerfahren }[], links: PlanLink[], database: Database | Db): Promise<DoppelteZeile[]> {
  const neu = links.map((l, i) => ({ l, g: gueltig[i] })).filter((x) => x.l.status === 'neu');
  if (neu.length === 0) return [];
  const vRepo = createVerlinkungRepository(executor(database));
  const arsListe = [...new Set(neu.map((x) => x.l.ars))];
  const bestehend = await vRepo.dienstLinks(arsListe);
  // Rows that name a catalogue entry by id carry no LeiKa keys of their own: take the entry's.
  const ohneLeika = [...new Set(neu.filter((x) => x.g.r.z.leikaSchluessel.length === 0).map((x) => x.l.verfahrenId))];
  const leikaVon = new Map((await vRepo.dienstMerkmaleVon(ohneLeika)).map((m) => [m.id, m.leika]));

  interface Dienst {
    m: DienstMerkmale;
    verfahrenId: string;
    name: string;
    zeile?: number;
    /** Order in which the Behörde's services were seen: the first match in this order is reported. */
    pos: number;
  }
  // Per Behörde the services by address and by host+path with each of their LeiKa keys: a row is
  // compared only with the services that can be the same (same address, or same host+path and a
  // common key) — not with every service of the Behörde, which grew with the square of the rows.
  // Most keys have one service: it is kept without an array (100,000 new links would otherwise
  // allocate hundreds of thousands of one-element arrays).
  type Eintraege = Dienst | Dienst[];
  interface Verzeichnis {
    nachAdresse: Map<string, Eintraege>;
    nachHostPfadLeika: Map<string, Eintraege>;
    anzahl: number;
  }
  const jeBehoerde = new Map<string, Verzeichnis>();
  const anhaengen = (map: Map<string, Eintraege>, key: string, d: Dienst) => {
    const da = map.get(key);
    if (da === undefined) map.set(key, d);
    else if (Array.isArray(da)) da.push(d);
    else map.set(key, [da, d]);
  };
  const einordnen = (ars: string, m: DienstMerkmale, hostPfadLeika: readonly string[], verfahrenId: string, name: string, zeile?: number) => {
    let v = jeBehoerde.get(ars);
    if (!v) {
      v = { nachAdresse: new Map(), nachHostPfadLeika: new Map(), anzahl: 0 };
      jeBehoerde.set(ars, v);
    }
    const e: Dienst = { m, verfahrenId, name, zeile, pos: v.anzahl++ };
    if (m.urlSchluessel !== null) anhaengen(v.nachAdresse, m.urlSchluessel, e);
    for (const k of hostPfadLeika) anhaengen(v.nachHostPfadLeika, k, e);
  };
  /** The keys of `nachHostPfadLeika` for one service: host+path with each of its LeiKa keys once. */
  const hostPfadLeikaSchluessel = (m: DienstMerkmale): string[] => {
    if (m.hostPfad === null) return [];
    const keys: string[] = [];
    m.leika.forEach((k, i) => {
      if (m.leika.indexOf(k) === i) keys.push(`${m.hostPfad}\u0000${k}`);
    });
    return keys;
  };
  const KEINE: readonly Dienst[] = [];
  const kandidaten = (ars: string, m: DienstMerkmale, hostPfadLeika: readonly string[]): readonly Dienst[] => {
    const v = jeBehoerde.get(ars);
    if (!v) return KEINE;
    let gefunden: Dienst[] | undefined;
    const nimm = (da: Eintraege | undefined) => {
      if (da === undefined) return;
      gefunden ??= [];
      if (Array.isArray(da)) gefunden.push(...da);
      else gefunden.push(da);
    };
    if (m.urlSchluessel !== null) nimm(v.nachAdresse.get(m.urlSchluessel));
    for (const k of hostPfadLeika) nimm(v.nachHostPfadLeika.get(k));
    if (!gefunden) return KEINE;
    return gefunden.length === 1 ? gefunden : [...new Set(gefunden)].sort((a, b) => a.pos - b.pos);
  };
  for (const b of bestehend) {
    const m = dienstMerkmale({ url: b.url, urlSchluessel: b.url_schluessel, hostPfad: b.url_hostpfad, leika: b.leika });
    einordnen(b.behoerde_ars, m, hostPfadLeikaSchluessel(m), b.verfahren_id, b.name);
  }
  const ergebnis: DoppelteZeile[] = [];
  for (const { l, g } of [...neu].sort((a, b) => a.l.zeile - b.l.zeile)) {
    const z = g.r.z;
    const m = dienstMerkmale({ url: l.url ?? g.v.url, leika: z.leikaSchluessel.length ? z.leikaSchluessel : (leikaVon.get(l.verfahrenId) ?? []) });
    // The keys just computed are those the commit writes: of the link's own URL, or of a new entry's.
    if (m.urlSchluessel !== null && m.hostPfad !== null) {
      const adresse = { schluessel: m.urlSchluessel, hostPfad: m.hostPfad };
      if (l.url !== null) l.adresse = adresse;
      else if (istNeu(g.v)) g.v.adresse ??= adresse;
    }
    const hostPfadLeika = hostPfadLeikaSchluessel(m);
    let treffer: { d: Dienst; grund: DienstGrund } | undefined;
    for (const d of kandidaten(l.ars, m, hostPfadLeika)) {
      if (d.verfahrenId === l.verfahrenId) continue;
      const grund = derselbeDienst(m, d.m);
      if (grund) {
        treffer = { d, grund };
        break;
      }
    }
    if (!treffer) {
      einordnen(l.ars, m, hostPfadLeika, l.verfahrenId, z.name || g.v.name, l.zeile);
      continue;
    }
    const { d, grund } = treffer;
    const wie = d.zeile !== undefined ? `wie Zeile ${d.zeile}` : `wie das bereits verlinkte „${kurz(d.name)}“`;
    ergebnis.push({
      zeile: l.zeile,
      ars: l.ars,
      name: z.name || g.v.name,
      ...(d.zeile !== undefined ? { wieZeile: d.zeile } : { wieVerfahren: { verfahrenId: d.verfahrenId, name: d.name } }),
      grund,
      meldung: `Derselbe Dienst für die Behörde ${l.ars} ${wie} (${DIENST_GRUND_TEXT[grund]}); die Zeile wird nicht übernommen und zählt nicht doppelt.`,
    });
  }
  return ergebnis;
}

/* ------------------------------------------------------------------ storing and taking over */

/** Column order of the rows kept in `uploads.daten` (compact: one array per row, not one object). */
const DATEN_SPALTEN = ['zeile', 'ars', 'name', 'beschreibung', 'url', 'leika_schluessel', 'verfahren_id', 'externe_id', 'vertrauensniveau', 'art'] as const;

interface GespeicherteDaten {
  version: 1;
  spalten: typeof DATEN_SPALTEN;
  zeilen: (string | number)[][];
}

export function packeZeilen(zeilen: readonly UploadZeile[]): GespeicherteDaten {
  return {
    version: 1,
    spalten: DATEN_SPALTEN,
    zeilen: zeilen.map((z) => [z.zeile, z.ars, z.name, z.beschreibung, z.url, z.leikaSchluessel.join('|'), z.verfahrenId ?? '', z.externeId ?? '', z.vertrauensniveau ?? '', z.art ?? '']),
  };
}

export function entpackeZeilen(daten: unknown): UploadZeile[] {
  const d = daten as GespeicherteDaten | null;
  if (!d || d.version !== 1 || !Array.isArray(d.zeilen)) return [];
  return d.zeilen.map((r) => {
    const [zeile, ars, name, beschreibung, url, leika, verfahrenId, externeId, vertrauensniveau, art] = r as [number, ...string[]];
    const z: UploadZeile = { zeile: Number(zeile), ars, name, beschreibung, url, leikaSchluessel: leika ? leika.split('|') : [] };
    if (verfahrenId) z.verfahrenId = verfahrenId;
    if (externeId) z.externeId = externeId;
    if (vertrauensniveau) z.vertrauensniveau = vertrauensniveau;
    if (art) z.art = art;
    return z;
  });
}

export interface UploadEingabe {
  format: UploadFormat;
  dateiname: string;
  zeilen: UploadZeile[];
  /** Problems found while reading the file (syntax, encoding, missing columns): they make the upload `fehlerhaft`. */
  lesefehler: UploadFehler[];
  /** Notes that do not stop the upload (e.g. ignored columns). */
  hinweise?: string[];
  /** Records in the file (CSV: data rows, however many lines they span; XZuFi: onlinedienste). */
  datensaetze?: number;
}

/** An upload as pages and the API show it. `fehler` is all errors or one page of them. */
export interface UploadErgebnis {
  id: string;
  format: string;
  dateiname: string;
  status: UploadStatus;
  zeilen: number;
  fehlerAnzahl: number;
  fehler: UploadFehler[];
  statistik: UploadStatistik | null;
  hochgeladenVon: string;
  userId: string;
  erstelltAm: string;
  uebernommenAm: string | null;
}

export interface AufrufOptionen {
  requestId?: string;
  clock?: Clock;
}

const darfHochladen = (user: Handelnde) => UPLOAD_ROLLEN.includes(user.role);
export const istMinisterium = (user: Handelnde) => MINISTERIUM.includes(user.role);

/**
 * The dry run: checks every row (and takes the reading errors of the file), stores the upload with
 * status `geprueft` or `fehlerhaft`, the rows and what a commit would do. Writes nothing else.
 * The CSV route and the XZuFi import both call this with their rows.
 */
export async function pruefeUndSpeichere(database: Database | Db, user: Handelnde, eingabe: UploadEingabe, opts: AufrufOptionen = {}): Promise<UploadErgebnis> {
  if (!darfHochladen(user)) {
    throw zweisprachig(new ForbiddenError('Ihre Rolle erlaubt keine Uploads von Online-Verfahren.', [], 'UPLOAD_ROLLE'), 'Your role may not upload online procedures.');
  }
  const db = executor(database);
  const at = (opts.clock ?? systemClock).now();
  // Embedded database: the data stand before the check, kept with the plan (upload.plan.ts).
  // PGlite runs one statement or transaction at a time, so whatever changes the checked data after
  // this read advances the stand after it.
  const eingebettet = 'close' in database && 'kind' in database && database.kind === 'pglite';
  const datenstand = eingebettet ? await createUploadRepository(db).datenstand() : undefined;
  const { fehler, plan } = await pruefeZeilen(eingabe.zeilen, user, db);
  const alle = sortiereFehler([...eingabe.lesefehler, ...fehler]);
  if (eingabe.zeilen.length === 0 && alle.length === 0) alle.push({ zeile: 1, meldung: 'Die Datei enthält keine Online-Verfahren.' });
  const statistik: UploadStatistik = { ...plan.statistik, hinweise: eingabe.hinweise ?? [], datensaetze: eingabe.datensaetze ?? eingabe.zeilen.length };
  const status: UploadStatus = alle.length > 0 ? 'fehlerhaft' : 'geprueft';
  const dateiname = eingabe.dateiname.trim().slice(0, 255) || (eingabe.format === 'csv' ? 'upload.csv' : 'upload.xml');
  const id = await db.transaction(async (tx) => {
    const repo = createUploadRepository(tx);
    const uploadId = await repo.insertUpload({
      format: eingabe.format,
      dateiname,
      userId: user.id,
      status,
      zeilen: eingabe.zeilen.length,
      fehler: alle,
      daten: packeZeilen(eingabe.zeilen),
      statistik,
      at,
    });
    await recordAudit(tx, { id: user.id, label: user.email, requestId: opts.requestId }, {
      action: 'upload.pruefen',
      objectType: 'upload',
      objectId: uploadId,
      after: { format: eingabe.format, dateiname, status, zeilen: eingabe.zeilen.length, fehler: alle.length },
    });
    return uploadId;
  });
  if (status === 'geprueft' && datenstand !== undefined) behaltePlan(id, plan, user, datenstand);
  return {
    id,
    format: eingabe.format,
    dateiname,
    status,
    zeilen: eingabe.zeilen.length,
    fehlerAnzahl: alle.length,
    fehler: alle,
    statistik,
    hochgeladenVon: user.email,
    userId: user.id,
    erstelltAm: at.toISOString(),
    uebernommenAm: null,
  };
}
