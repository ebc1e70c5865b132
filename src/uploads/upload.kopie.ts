/**
 * The rows of a commit's bulk writes in binary COPY format (embedded database; upload.repository
 * with `kopieren`; shared/copy-binaer.ts): built by the commit, or already by the dry run for the
 * plan it keeps (upload.plan.ts) — then the commit only puts in its time and who commits. Rows in
 * key order: with time-ordered ids (shared/uuid7.ts) the index entries are appended.
 */
import { type CopyDaten, type CopyTyp, copyBinaer, platzhalter, type Platzhalter, setzeEin } from '../shared/copy-binaer';
import { normalisiereUrl } from '../verlinkung/url-normalisierung';
import type { NeuerLink, NeuesVerfahrenRow } from './upload.repository';

const spalten = <T extends readonly (readonly [string, CopyTyp])[]>(s: T) => ({ namen: s.map(([n]) => n), typen: s.map(([, t]) => t) });

export const VERFAHREN_SPALTEN = spalten([
  ['id', 'uuid'],
  ['name', 'text'],
  ['beschreibung', 'text'],
  ['bereitstellung', 'text'],
  ['art', 'text'],
  ['anbieter_ars', 'text'],
  ['anbieter_user_id', 'uuid'],
  ['url', 'text'],
  ['vertrauensniveau', 'text'],
  ['externe_id', 'text'],
  ['mobil_optimiert', 'bool'],
  ['demo', 'bool'],
  ['aktiv', 'bool'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['url_schluessel', 'text'],
  ['url_hostpfad', 'text'],
] as const);
export const LEISTUNG_SPALTEN = spalten([
  ['verfahren_id', 'uuid'],
  ['leika_id', 'int'],
] as const);
export const LINK_SPALTEN = spalten([
  ['behoerde_ars', 'text'],
  ['verfahren_id', 'uuid'],
  ['url', 'text'],
  ['linked_at', 'timestamptz'],
  ['linked_by', 'uuid'],
  ['demo', 'bool'],
  ['url_schluessel', 'text'],
  ['url_hostpfad', 'text'],
] as const);

export interface LeistungPaar {
  verfahrenId: string;
  leikaId: number;
}

export const nachId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
export const nachVerfahrenUndLeistung = (a: LeistungPaar, b: LeistungPaar) =>
  a.verfahrenId < b.verfahrenId ? -1 : a.verfahrenId > b.verfahrenId ? 1 : a.leikaId - b.leikaId;
export const nachVerfahrenUndArs = (a: NeuerLink, b: NeuerLink) =>
  a.verfahrenId < b.verfahrenId ? -1 : a.verfahrenId > b.verfahrenId ? 1 : a.ars < b.ars ? -1 : a.ars > b.ars ? 1 : 0;

/** The LeiKa links of new procedures, each pair once, in key order. */
export function leistungenVon(neue: readonly { id: string; leikaIds: readonly number[] }[]): LeistungPaar[] {
  return neue.flatMap((v) => [...new Set(v.leikaIds)].map((leikaId) => ({ verfahrenId: v.id, leikaId }))).sort(nachVerfahrenUndLeistung);
}

/** New procedures (in id order), created and updated at `zeit`. */
export function verfahrenKopie(v: readonly NeuesVerfahrenRow[], zeit: Date | Platzhalter): CopyDaten {
  return copyBinaer(
    VERFAHREN_SPALTEN.typen,
    v.map((x) => {
      const n = x.adresse ?? normalisiereUrl(x.url);
      return [
        x.id,
        x.name,
        x.beschreibung,
        'kommunal',
        x.art,
        x.anbieterArs,
        x.anbieterUserId,
        x.url,
        x.vertrauensniveau,
        x.externeId,
        true,
        false,
        true,
        zeit,
        zeit,
        n.schluessel,
        n.hostPfad,
      ];
    }),
  );
}

export function leistungenKopie(paare: readonly LeistungPaar[]): CopyDaten {
  return copyBinaer(
    LEISTUNG_SPALTEN.typen,
    paare.map((p) => [p.verfahrenId, p.leikaId]),
  );
}

/** New links (in key order), linked at `zeit` by `wer`. */
export function linksKopie(l: readonly NeuerLink[], zeit: Date | Platzhalter, wer: string | Platzhalter): CopyDaten {
  return copyBinaer(
    LINK_SPALTEN.typen,
    l.map((x) => {
      const n = x.url ? (x.adresse ?? normalisiereUrl(x.url)) : undefined;
      return [x.ars, x.verfahrenId, x.url, zeit, wer, false, n?.schluessel ?? null, n?.hostPfad ?? null];
    }),
  );
}

/** Stand-ins for what only the commit knows: its time and who commits (staff of the ministry may commit an upload). */
const ZEIT = platzhalter('zeit');
const WER = platzhalter('wer');

/** The rows prepared by a dry run for its commit. */
export interface KopieVorbereitet {
  verfahren: CopyDaten;
  leistungen: CopyDaten;
  neueLinks: CopyDaten;
}

/** The rows of a plan's new procedures, their LeiKa links and its new links, with stand-ins for the commit's time and committer. */
export function bereiteKopieVor(plan: {
  neueVerfahren: readonly (NeuesVerfahrenRow & { leikaIds: readonly number[] })[];
  links: readonly (NeuerLink & { status: string })[];
}): KopieVorbereitet {
  return {
    verfahren: verfahrenKopie([...plan.neueVerfahren].sort(nachId), ZEIT),
    leistungen: leistungenKopie(leistungenVon(plan.neueVerfahren)),
    neueLinks: linksKopie(plan.links.filter((l) => l.status === 'neu').sort(nachVerfahrenUndArs), ZEIT, WER),
  };
}

/** Prepared rows with the commit's time and committer put in (in place: a kept plan is written once). */
export function mitCommit(d: CopyDaten, at: Date, wer: string): CopyDaten {
  return setzeEin(setzeEin(d, ZEIT.platzhalter, at), WER.platzhalter, wer);
}
