/**
 * The rows of a commit's bulk writes in COPY text format (embedded database; upload.repository
 * with `kopieren`): built by the commit, or already by the dry run for the plan it keeps
 * (upload.plan.ts) — then the commit only puts in its time and who commits. Rows in key order:
 * with time-ordered ids (shared/uuid7.ts) the index entries are appended.
 */
import { copyText } from '../shared/db';
import { normalisiereUrl } from '../verlinkung/url-normalisierung';
import type { NeuerLink, NeuesVerfahrenRow } from './upload.repository';

export const VERFAHREN_SPALTEN = [
  'id',
  'name',
  'beschreibung',
  'bereitstellung',
  'art',
  'anbieter_ars',
  'anbieter_user_id',
  'url',
  'vertrauensniveau',
  'externe_id',
  'mobil_optimiert',
  'demo',
  'aktiv',
  'created_at',
  'updated_at',
  'url_schluessel',
  'url_hostpfad',
] as const;
export const LEISTUNG_SPALTEN = ['verfahren_id', 'leika_id'] as const;
export const LINK_SPALTEN = ['behoerde_ars', 'verfahren_id', 'url', 'linked_at', 'linked_by', 'demo', 'url_schluessel', 'url_hostpfad'] as const;

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

/** New procedures (in id order), created and updated at `zeit` (ISO). */
export function verfahrenKopie(v: readonly NeuesVerfahrenRow[], zeit: string): string {
  return copyText(
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

export function leistungenKopie(paare: readonly LeistungPaar[]): string {
  return copyText(paare.map((p) => [p.verfahrenId, p.leikaId]));
}

/** New links (in key order), linked at `zeit` (ISO) by `wer`. */
export function linksKopie(l: readonly NeuerLink[], zeit: string, wer: string): string {
  return copyText(
    l.map((x) => {
      const n = x.url ? (x.adresse ?? normalisiereUrl(x.url)) : undefined;
      return [x.ars, x.verfahrenId, x.url, zeit, wer, false, n?.schluessel ?? null, n?.hostPfad ?? null];
    }),
  );
}

/**
 * Stand-ins for what only the commit knows: its time and who commits (staff of the ministry may
 * commit an upload). Control characters, which no checked value holds (uploads refuse them); a
 * text in which they do not appear exactly as placed is not prepared.
 */
const ZEIT = '\u0002Z\u0002';
const WER = '\u0002W\u0002';

/** COPY texts prepared by a dry run, with how many rows each holds. */
export interface KopieVorbereitet {
  verfahren: { text: string; zeilen: number };
  leistungen: { text: string; zeilen: number };
  neueLinks: { text: string; zeilen: number };
}

const vorkommen = (text: string, teil: string) => {
  let n = 0;
  for (let i = text.indexOf(teil); i >= 0; i = text.indexOf(teil, i + teil.length)) n++;
  return n;
};

/** The COPY texts of a plan's new procedures, their LeiKa links and its new links; undefined when a value holds a stand-in. */
export function bereiteKopieVor(plan: {
  neueVerfahren: readonly (NeuesVerfahrenRow & { leikaIds: readonly number[] })[];
  links: readonly (NeuerLink & { status: string })[];
}): KopieVorbereitet | undefined {
  const verfahren = [...plan.neueVerfahren].sort(nachId);
  const paare = leistungenVon(plan.neueVerfahren);
  const links = plan.links.filter((l) => l.status === 'neu').sort(nachVerfahrenUndArs);
  const k: KopieVorbereitet = {
    verfahren: { text: verfahrenKopie(verfahren, ZEIT), zeilen: verfahren.length },
    leistungen: { text: leistungenKopie(paare), zeilen: paare.length },
    neueLinks: { text: linksKopie(links, ZEIT, WER), zeilen: links.length },
  };
  const stimmt =
    vorkommen(k.verfahren.text, '\u0002') === 4 * verfahren.length &&
    !k.leistungen.text.includes('\u0002') &&
    vorkommen(k.neueLinks.text, '\u0002') === 4 * links.length &&
    vorkommen(k.neueLinks.text, WER) === links.length;
  return stimmt ? k : undefined;
}

/** A prepared text with the commit's time and committer put in. */
export function mitCommit(text: string, at: Date, wer: string): string {
  return text.replaceAll(ZEIT, at.toISOString()).replaceAll(WER, wer);
}
