/**
 * Verlinkung: the catalogue of Online-Verfahren, linking and unlinking for a Behörde with its
 * history, the live count and eligibility, and the gap advice ("Chancen aufzeigen").
 * No Fastify, no SQL: the repository does the SQL, zaehlung.ts holds the rules.
 */
import { darfAkteSehen, darfVerlinkungenAendern, istMinisterium, pruefeVerlinkungsrecht } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { linkZielAbgelehnt } from '../shared/netz';
import { steuerzeichenFehler } from '../shared/steuerzeichen';

import { berechnePruefsignale } from './pruefsignale';
import type { EreignisAktion } from './verlinkung.schemas';
import { type Anlass, alsZaehlLink, createVerlinkungRepository, type LinkRow, type VerlinkungRepository } from './verlinkung.repository';
import { type DienstGrund, derselbeDienst, dienstMerkmale, GRUND_TEXT, type Schwellen, type Zaehlregel, bewerteEignung, zaehleVerlinkungen } from './zaehlung';
import { type Handelnde } from '../shared/handelnde';

export type Quelle = 'formular' | 'api' | 'csv' | 'xzufi' | 'system';


export interface VerlinkungSettings {
  schwellen: Schwellen;
  regel: Zaehlregel;
}

/** Size classes by population for "similar Behörden" in the gap advice. */
const GROESSENKLASSEN: [number, number][] = [
  [0, 2_000],
  [2_000, 5_000],
  [5_000, 10_000],
  [10_000, 20_000],
  [20_000, 50_000],
  [50_000, 100_000],
  [100_000, 500_000],
  [500_000, 2_147_483_647], // int4 maximum: the bound is a SQL parameter
];
export const groessenklasseVon = (bevoelkerung: number): [number, number] =>
  GROESSENKLASSEN.find(([von, bis]) => bevoelkerung >= von && bevoelkerung < bis) ?? GROESSENKLASSEN[GROESSENKLASSEN.length - 1];

/** Escapes LIKE wildcards so a search for „100%“ finds that text. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const URL_PATTERN = /^https:\/\/[^\s/$.?#][^\s]*$/i;

/**
 * Checks a link URL: https only, at most 2,000 characters, a public host on the standard port
 * (no internal addresses, `localhost` or credentials: shared/netz.ts). Returns a German error or
 * undefined. Every entry path calls it: form, API, CSV upload and XZuFi import.
 */
export function pruefeUrl(url: string): string | undefined {
  if (url.length > 2000) return 'Die Adresse ist länger als 2.000 Zeichen.';
  const steuer = steuerzeichenFehler(url);
  if (steuer) return `Die Adresse ${steuer}`;
  if (!URL_PATTERN.test(url)) return 'Die Adresse muss mit https:// beginnen und darf keine Leerzeichen enthalten.';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Die Adresse ist keine gültige URL.';
  }
  return linkZielAbgelehnt(u);
}

/** The Kommune's view of a „zählt nicht“ mark (the reviewer's name stays internal). */
export interface ZaehltNichtVermerk {
  status: 'aktiv' | 'einspruch';
  grund: string;
  gesetztAm: string;
  einspruch: string | null;
  einspruchAm: string | null;
  /** The reviewer's last answer to an objection (`zurueckgewiesen`) with its reason. */
  entscheidung: string | null;
  entscheidungGrund: string | null;
  entschiedenAm: string | null;
}

/** An existing link that is the same service as one about to be made. */
export interface GleicherDienst {
  verfahrenId: string;
  name: string;
  url: string;
  grund: DienstGrund;
}

export const DIENST_GRUND_TEXT: Record<DienstGrund, string> = {
  gleiche_adresse: 'gleiche Adresse',
  gleiche_leistung_und_adresse: 'gleiche Leistung (LeiKa-Schlüssel) unter gleicher Adresse',
};

export type VerlinkungFilter = 'zaehlt' | 'zaehlt_nicht' | 'defekt';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const MAX_BEGRUENDUNG = 2000;

/** Checks a reason or objection typed by a person: present, not too long, no invisible controls. */
function pruefeBegruendung(text: string | undefined, feld: string, was: string): string {
  const t = (text ?? '').trim();
  let fehler: string | undefined;
  if (!t) fehler = `Bitte geben Sie ${was} an.`;
  else if (t.length > MAX_BEGRUENDUNG) fehler = `Der Text ist ${t.length.toLocaleString('de-DE')} Zeichen lang; erlaubt sind höchstens ${MAX_BEGRUENDUNG.toLocaleString('de-DE')}.`;
  else {
    const s = steuerzeichenFehler(t, { zeilenumbruch: true });
    if (s) fehler = `Der Text ${s}`;
  }
  if (fehler) throw new ValidationError(fehler, [{ field: feld, message: fehler }]);
  return t;
}

/**
 * What the link service reads about a Behörde (the Behörden repository, behoerden/behoerden.repository.ts,
 * provides it; createServices hands it in, so this folder needs nothing from behoerden/).
 */
export interface BehoerdenLeser {
  findByArs(ars: string): Promise<{ ars: string; name: string; anzeigename: string; typ: string; bevoelkerung: number } | undefined>;
}

export const createVerlinkungService = (repo: VerlinkungRepository, behoerdenRepo: BehoerdenLeser, clock: Clock, settings: VerlinkungSettings) => {
  const findBehoerde = async (ars: string) => {
    const b = await behoerdenRepo.findByArs(ars);
    if (!b) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${ars}.`);
    return b;
  };

  /** Peer-group rankings (`chancen`), each of its group's latest stand; see `chancen`. */
  const raenge = new Map<string, { stand: string; rang: ReturnType<VerlinkungRepository['gruppenRang']> }>();
  const gruppenRang = (typ: string, klasse: [number, number], stand: string | undefined) => {
    if (stand === undefined) return repo.gruppenRang(typ, klasse);
    const key = `${typ}|${klasse[0]}`;
    const hit = raenge.get(key);
    if (hit?.stand === stand) return hit.rang;
    const rang = repo.gruppenRang(typ, klasse);
    rang.catch(() => {
      if (raenge.get(key)?.rang === rang) raenge.delete(key);
    });
    raenge.set(key, { stand, rang });
    return rang;
  };

  /**
   * Runs a link change in one transaction: change, event, audit entry, recount. Changes of one
   * Behörde queue behind each other (advisory lock per ARS): a concurrent change, also on another
   * instance, is seen by the checks and the recount instead of racing them.
   */
  const change = async <T>(ars: string, anlass: Anlass, fn: (tx: VerlinkungRepository['db'], txRepo: VerlinkungRepository) => Promise<T>) =>
    repo.db.transaction(async (tx) => {
      const txRepo = createVerlinkungRepository(tx);
      await txRepo.sperreBehoerde(tx, ars);
      const result = await fn(tx, txRepo);
      await txRepo.recompute(tx, settings.regel, clock.now(), [ars], anlass);
      return result;
    });
  const anlassVon = (user: Handelnde, quelle: Quelle): Anlass => ({ actorId: user.id, actorLabel: user.email, quelle });

  /** The Kommune's view of a mark. */
  const vermerkSicht = (l: LinkRow): ZaehltNichtVermerk | null =>
    l.vermerk && l.vermerk.status !== 'aufgehoben'
      ? {
          status: l.vermerk.status,
          grund: l.vermerk.grund,
          gesetztAm: iso(l.vermerk.gesetzt_am) as string,
          einspruch: l.vermerk.einspruch,
          einspruchAm: iso(l.vermerk.einspruch_am),
          entscheidung: l.vermerk.entscheidung,
          entscheidungGrund: l.vermerk.entscheidung_grund,
          entschiedenAm: iso(l.vermerk.entschieden_am),
        }
      : null;

  type Behoerde = NonNullable<Awaited<ReturnType<BehoerdenLeser['findByArs']>>>;

  /** `zaehlstand` of a Behörde already read, with its stored count. */
  const zaehlstandVon = async (b: Behoerde, anzahl: number) => {
    const eignung = bewerteEignung(anzahl, b.typ, settings.schwellen);
    const verlauf = await repo.verlaufOf(b.ars);
    return { ars: b.ars, name: b.name, anzeigename: b.anzeigename, typ: b.typ, ...eignung, verlauf };
  };

  /** `chancen` of a Behörde already read, with its stored count. */
  const chancenVon = async (b: Behoerde, anzahl: number, limit: number, stand: string | undefined, verlinkt?: Set<string>, vorrang?: () => Promise<void>) => {
    const eignung = bewerteEignung(anzahl, b.typ, settings.schwellen);
    const klasse = groessenklasseVon(b.bevoelkerung);
    const [gruppe, eigene] = await Promise.all([gruppenRang(b.typ, klasse, stand), verlinkt ?? repo.verlinkteVerfahren(b.ars)]);
    await vorrang?.();
    // The group without the Behörde itself (an inactive one is not a member).
    const peers = gruppe.mitglieder.size - (gruppe.mitglieder.has(b.ars) ? 1 : 0);
    const gewaehlt = [];
    for (const v of gruppe.rang) {
      if (gewaehlt.length >= Math.max(limit, eignung.fehlend)) break;
      if (!eigene.has(v.id)) gewaehlt.push(v);
    }
    const themen = await repo.themenfelderVon(gewaehlt.map((v) => v.id));
    const vorschlaege = gewaehlt.map((v) => ({ ...v, peers, verlinkt_von_peers: v.n, themenfelder: themen.get(v.id) ?? [] }));
    await vorrang?.();
    const themenfelder = await repo.themenfeldAbdeckung(b.ars, settings.regel, clock.now());
    const reichtFuerPraedikat = !eignung.erreicht && vorschlaege.length >= eignung.fehlend;
    return {
      ars: b.ars,
      name: b.name,
      ...eignung,
      vergleichsgruppe: { typ: b.typ, bevoelkerungVon: klasse[0], bevoelkerungBis: klasse[1] === 2_147_483_647 ? null : klasse[1], anzahl: vorschlaege[0]?.peers ?? 0 },
      vorschlaege: vorschlaege.map((v, i) => ({
        verfahrenId: v.id,
        name: v.name,
        url: v.url,
        themenfelder: v.themenfelder,
        anteilVergleichsgruppe: v.peers > 0 ? Math.round((v.verlinkt_von_peers / v.peers) * 1000) / 10 : 0,
        /** Among the first `fehlend`: these links together reach the threshold. */
        reichtZurSchwelle: !eignung.erreicht && i < eignung.fehlend,
      })),
      /** "Mit diesen N Verlinkungen erreichen Sie das Prädikat" — null when reached or impossible with zentrale alone. */
      mitDiesenErreichtManDasPraedikat: reichtFuerPraedikat ? eignung.fehlend : null,
      themenfelder: themenfelder.map((t) => ({ id: t.id, name: t.name, anzahl: t.anzahl, abgedeckt: t.anzahl > 0 })),
    };
  };

  /** A Behörde's links, each with whether it counts and why not (the pure counting rules). */
  const verlinkungenVon = async (ars: string, opts: { themenfelder?: boolean; betrachter?: Handelnde; geprueft?: boolean } = {}) => {
    // `geprueft`: the caller has just read the Behörde (seitenDaten).
    if (!opts.geprueft) await findBehoerde(ars);
    const mitGrund = darfVerlinkungenAendern(opts.betrachter, ars);
    const links = await repo.linksOf(ars, { themenfelder: opts.themenfelder });
    const ergebnis = zaehleVerlinkungen(
      links.map((l) => alsZaehlLink(l, Boolean(l.vermerk && l.vermerk.status !== 'aufgehoben'))),
      settings.regel,
      clock.now(),
    );
    const gruende = new Map(ergebnis.nichtGezaehlt.map((n) => [n.verfahrenId, n]));
    const namen = new Map(links.map((l) => [l.verfahren_id, l.name]));
    return links.map((l) => {
      const n = gruende.get(l.verfahren_id);
      const vermerk = vermerkSicht(l);
      const doppeltVon = n?.doppeltVon ? { verfahrenId: n.doppeltVon, name: namen.get(n.doppeltVon) ?? '' } : null;
      const grundText = !n
        ? null
        : n.grund === 'zaehlt_nicht_pruefung' && vermerk
          ? `Zählt nicht (Prüfung durch das Staatsministerium): ${vermerk.grund}`
          : n.grund === 'doppelt' && doppeltVon
            ? `Zählt nicht doppelt: derselbe Dienst wie „${doppeltVon.name}“, das bereits verlinkt ist.`
            : GRUND_TEXT[n.grund].de;
      return {
        verfahrenId: l.verfahren_id,
        name: l.name,
        bereitstellung: l.bereitstellung as 'zentral' | 'kommunal',
        art: l.art,
        url: l.url,
        eigeneUrl: l.eigene_url,
        verlinktSeit: new Date(l.linked_at).toISOString(),
        demo: l.demo,
        themenfelder: l.themenfelder,
        leika: l.leika,
        link: {
          status: (l.link_status === 'ok' || l.link_status === 'defekt' ? l.link_status : 'ungeprueft') as 'ok' | 'defekt' | 'ungeprueft',
          defektSeit: iso(l.defekt_seit),
          geprueftAm: iso(l.geprueft_am),
          ...(mitGrund && l.link_status ? { httpStatus: l.http_status, fehler: l.link_fehler } : {}),
        },
        zaehlt: !n,
        grund: n?.grund ?? null,
        grundText,
        doppeltVon,
        zaehltNicht: vermerk,
      };
    });
  };

  return {
    settings,

    async katalog(q: { q?: string; bereitstellung?: 'zentral' | 'kommunal'; art?: string; verlinkbarFuer?: string; page: number; pageSize: number }) {
      const { total, items } = await repo.katalog({
        suchbegriff: q.q?.trim() ? escapeLike(q.q.trim().toLocaleLowerCase('de-DE').slice(0, 100)) : undefined,
        bereitstellung: q.bereitstellung,
        art: q.art,
        verlinkbarFuer: q.verlinkbarFuer,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { total, page: q.page, pageSize: q.pageSize, items };
    },

    async verfahren(id: string) {
      const v = await repo.verfahren(id);
      if (!v) throw new NotFoundError('Dieses Online-Verfahren gibt es nicht.');
      return v;
    },

    /**
     * The Behörde's links that are the same service as `verfahrenId` would be (with `url` as its own
     * address): the warning before linking a second entry for one service.
     */
    async gleicherDienst(ars: string, verfahrenId: string, url?: string): Promise<GleicherDienst[]> {
      const [v] = await repo.dienstMerkmaleVon([verfahrenId]);
      if (!v) return [];
      const eigene = url?.trim() && url.trim() !== v.url ? url.trim() : undefined;
      const neu = dienstMerkmale(eigene ? { url: eigene, leika: v.leika } : { url: v.url, urlSchluessel: v.url_schluessel, hostPfad: v.url_hostpfad, leika: v.leika });
      const treffer: GleicherDienst[] = [];
      for (const l of await repo.dienstLinks([ars])) {
        if (l.verfahren_id === verfahrenId) continue;
        const grund = derselbeDienst(neu, dienstMerkmale({ url: l.url, urlSchluessel: l.url_schluessel, hostPfad: l.url_hostpfad, leika: l.leika }));
        if (grund) treffer.push({ verfahrenId: l.verfahren_id, name: l.name, url: l.url, grund });
      }
      return treffer;
    },

    /** For a page of procedures: which are the same service as one the Behörde links already. */
    async gleicherDienstFuer(ars: string, verfahrenIds: string[]): Promise<Map<string, GleicherDienst>> {
      const [kandidaten, links] = await Promise.all([repo.dienstMerkmaleVon(verfahrenIds), repo.dienstLinks([ars])]);
      const merkmale = links.map((l) => ({ l, m: dienstMerkmale({ url: l.url, urlSchluessel: l.url_schluessel, hostPfad: l.url_hostpfad, leika: l.leika }) }));
      const ergebnis = new Map<string, GleicherDienst>();
      for (const v of kandidaten) {
        const m = dienstMerkmale({ url: v.url, urlSchluessel: v.url_schluessel, hostPfad: v.url_hostpfad, leika: v.leika });
        for (const { l, m: lm } of merkmale) {
          if (l.verfahren_id === v.id) continue;
          const grund = derselbeDienst(m, lm);
          if (grund) {
            ergebnis.set(v.id, { verfahrenId: l.verfahren_id, name: l.name, url: l.url, grund });
            break;
          }
        }
      }
      return ergebnis;
    },

    /**
     * Links a procedure for a Behörde; optional URL for this Behörde where it differs. Linking a
     * second entry of a service the Behörde links already is allowed (it does not count twice); the
     * answer names the entries (`gleicherDienst`), the link's event records it.
     */
    async verlinke(user: Handelnde, ars: string, verfahrenId: string, opts: { url?: string; quelle: Quelle; requestId?: string }) {
      pruefeVerlinkungsrecht(user, ars);
      await findBehoerde(ars);
      const verfahren = await repo.verfahren(verfahrenId);
      if (!verfahren) throw new NotFoundError('Dieses Online-Verfahren gibt es nicht.');
      const url = opts.url?.trim() || null;
      if (url) {
        const problem = pruefeUrl(url);
        if (problem) throw new ValidationError('Die Verlinkung wurde nicht gespeichert.', [{ field: 'url', message: problem }]);
      }
      if (!(await repo.isVerlinkbar(verfahrenId, ars))) {
        throw new ConflictError(`„${verfahren.name}“ ist ein kommunales Verfahren einer anderen Behörde und kann hier nicht verlinkt werden.`, [], 'VERLINKUNG_FREMDES_VERFAHREN');
      }
      const at = clock.now();
      const gleicherDienst = await this.gleicherDienst(ars, verfahrenId, url ?? undefined);
      await change(ars, anlassVon(user, opts.quelle), async (tx, r) => {
        if (await r.findLink(tx, ars, verfahrenId)) throw new ConflictError(`„${verfahren.name}“ ist bereits verlinkt.`, [], 'VERLINKUNG_DOPPELT');
        await r.insertLink(tx, { ars, verfahrenId, url: url === verfahren.url ? null : url, at, by: user.id });
        const nachher = {
          verfahren: verfahren.name,
          url: url ?? verfahren.url,
          ...(gleicherDienst.length ? { gleicherDienstWie: gleicherDienst.map((g) => ({ verfahrenId: g.verfahrenId, name: g.name })) } : {}),
        };
        await r.insertEreignis(tx, { ars, verfahrenId, aktion: 'verlinkt', vorher: null, nachher, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: 'verlinkung.create',
          objectType: 'behoerde',
          objectId: ars,
          after: { verfahrenId, ...nachher },
        });
      });
      return { ...(await this.zaehlstand(ars)), gleicherDienst };
    },

    async entferne(user: Handelnde, ars: string, verfahrenId: string, opts: { quelle: Quelle; requestId?: string }) {
      pruefeVerlinkungsrecht(user, ars);
      await findBehoerde(ars);
      const verfahren = await repo.verfahren(verfahrenId);
      if (!verfahren) throw new NotFoundError('Dieses Online-Verfahren gibt es nicht.');
      const at = clock.now();
      await change(ars, anlassVon(user, opts.quelle), async (tx, r) => {
        const link = await r.findLink(tx, ars, verfahrenId);
        if (!link) throw new NotFoundError(`„${verfahren.name}“ ist nicht verlinkt.`);
        await r.deleteLink(tx, ars, verfahrenId);
        const vorher = { verfahren: verfahren.name, url: link.url ?? verfahren.url, verlinktSeit: link.linked_at };
        await r.insertEreignis(tx, { ars, verfahrenId, aktion: 'entfernt', vorher, nachher: null, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: 'verlinkung.delete',
          objectType: 'behoerde',
          objectId: ars,
          before: { verfahrenId, ...vorher },
        });
      });
      return this.zaehlstand(ars);
    },

    async aendereUrl(user: Handelnde, ars: string, verfahrenId: string, url: string | undefined, opts: { quelle: Quelle; requestId?: string }) {
      pruefeVerlinkungsrecht(user, ars);
      const verfahren = await repo.verfahren(verfahrenId);
      if (!verfahren) throw new NotFoundError('Dieses Online-Verfahren gibt es nicht.');
      const neu = url?.trim() || null;
      if (neu) {
        const problem = pruefeUrl(neu);
        if (problem) throw new ValidationError('Die Adresse wurde nicht geändert.', [{ field: 'url', message: problem }]);
      }
      const at = clock.now();
      await change(ars, anlassVon(user, opts.quelle), async (tx, r) => {
        const link = await r.findLink(tx, ars, verfahrenId);
        if (!link) throw new NotFoundError(`„${verfahren.name}“ ist nicht verlinkt.`);
        const eigene = neu === verfahren.url ? null : neu;
        if (eigene === link.url) return;
        await r.updateLinkUrl(tx, ars, verfahrenId, eigene);
        const vorher = { url: link.url ?? verfahren.url };
        const nachher = { url: eigene ?? verfahren.url };
        await r.insertEreignis(tx, { ars, verfahrenId, aktion: 'geaendert', vorher, nachher, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: 'verlinkung.update',
          objectType: 'behoerde',
          objectId: ars,
          before: { verfahrenId, ...vorher },
          after: { verfahrenId, ...nachher },
        });
      });
      return this.zaehlstand(ars);
    },

    /**
     * Links of a Behörde, each with whether it counts and why not, and the state of its address at
     * the last link check: ok, defekt or ungeprueft. Why an address is broken (reason, HTTP status)
     * only goes to those who may change the links (`betrachter`: the Behörde's editors, its
     * IT-Dienstleister, the ministry); the public never sees it.
     */
    verlinkungen: (ars: string, betrachter?: Handelnde) => verlinkungenVon(ars, { betrachter }),

    /** The procedures a Behörde links (ids only: for marking a page of the catalogue). */
    verlinkteIds: async (ars: string) => new Set((await repo.dienstLinks([ars])).map((l) => l.verfahren_id)),

    /**
     * One page of a Behörde's links for the editor page: searched by name or address, filtered by
     * counts / does not count / broken, with the numbers of each filter. All links are counted by
     * the rules (same service needs all of them); only the page is returned.
     */
    async verlinkungenSeite(ars: string, q: { q?: string; filter?: VerlinkungFilter; seite: number; proSeite: number }, betrachter?: Handelnde) {
      const alle = await verlinkungenVon(ars, { themenfelder: false, betrachter });
      const such = q.q?.trim().toLocaleLowerCase('de-DE');
      const gesucht = such ? alle.filter((v) => v.name.toLocaleLowerCase('de-DE').includes(such) || v.url.toLocaleLowerCase('de-DE').includes(such)) : alle;
      const passt = (v: (typeof alle)[number], f: VerlinkungFilter | undefined) =>
        !f || (f === 'zaehlt' ? v.zaehlt : f === 'zaehlt_nicht' ? !v.zaehlt : v.link?.status === 'defekt');
      const treffer = gesucht.filter((v) => passt(v, q.filter));
      const seiten = Math.max(1, Math.ceil(treffer.length / q.proSeite));
      const seite = Math.min(q.seite, seiten);
      return {
        gesamt: alle.length,
        total: treffer.length,
        seite,
        seiten,
        proSeite: q.proSeite,
        items: treffer.slice((seite - 1) * q.proSeite, seite * q.proSeite),
        anzahl: {
          alle: gesucht.length,
          zaehlt: gesucht.filter((v) => passt(v, 'zaehlt')).length,
          zaehlt_nicht: gesucht.filter((v) => passt(v, 'zaehlt_nicht')).length,
          defekt: gesucht.filter((v) => passt(v, 'defekt')).length,
        },
        /** Marks of the ministry on any link (not only this page): the Kommune must see them all. */
        vermerkt: alle.filter((v) => v.zaehltNicht),
      };
    },

    /**
     * A ministry reviewer marks a linked entry „zählt nicht“ with a reason: the count drops at once,
     * the Kommune sees the reason (editor page, public page) and can object.
     */
    async setzeZaehltNicht(user: Handelnde, ars: string, verfahrenId: string, grundText: string, opts: { quelle: Quelle; requestId?: string }) {
      if (!istMinisterium(user)) throw new ForbiddenError('Nur die Prüfung im Staatsministerium kann einen Eintrag als „zählt nicht“ markieren.', [], 'NUR_MINISTERIUM');
      const grund = pruefeBegruendung(grundText, 'grund', 'den Grund für die Kommune');
      await findBehoerde(ars);
      const verfahren = await this.verfahren(verfahrenId);
      const at = clock.now();
      await change(ars, anlassVon(user, opts.quelle), async (tx, r) => {
        if (!(await r.findLink(tx, ars, verfahrenId))) throw new NotFoundError(`„${verfahren.name}“ ist nicht verlinkt.`);
        if (await r.offenerVermerk(tx, ars, verfahrenId)) throw new ConflictError(`„${verfahren.name}“ ist bereits als „zählt nicht“ markiert.`, [], 'VERMERK_DOPPELT');
        await r.insertVermerk(tx, { ars, verfahrenId, grund, vonId: user.id, vonLabel: user.email, at });
        await r.insertEreignis(tx, { ars, verfahrenId, aktion: 'zaehlt_nicht', vorher: null, nachher: { verfahren: verfahren.name, grund }, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: 'verlinkung.zaehlt_nicht',
          objectType: 'behoerde',
          objectId: ars,
          after: { verfahrenId, verfahren: verfahren.name, grund },
        });
      });
      return this.zaehlstand(ars);
    },

    /** The Kommune objects to a mark (its editors or IT-Dienstleister); the mark stays until a reviewer decides. */
    async widersprecheZaehltNicht(user: Handelnde, ars: string, verfahrenId: string, text: string, opts: { quelle: Quelle; requestId?: string }) {
      if (istMinisterium(user) || !darfVerlinkungenAendern(user, ars)) throw new ForbiddenError('Einspruch erhebt die Redaktion der Behörde.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
      const begruendung = pruefeBegruendung(text, 'einspruch', 'die Begründung des Einspruchs');
      const verfahren = await this.verfahren(verfahrenId);
      const at = clock.now();
      await change(ars, anlassVon(user, opts.quelle), async (tx, r) => {
        const v = await r.offenerVermerk(tx, ars, verfahrenId);
        if (!v) throw new NotFoundError(`„${verfahren.name}“ ist nicht als „zählt nicht“ markiert.`);
        if (v.status === 'einspruch') throw new ConflictError('Über den Einspruch ist noch nicht entschieden.', [], 'VERMERK_FALSCHER_SCHRITT');
        await r.einspruchVermerk(tx, v.id, { text: begruendung, vonLabel: user.email, at });
        await r.insertEreignis(tx, { ars, verfahrenId, aktion: 'einspruch', vorher: { grund: v.grund }, nachher: { verfahren: verfahren.name, einspruch: begruendung }, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: 'verlinkung.zaehlt_nicht.einspruch',
          objectType: 'behoerde',
          objectId: ars,
          before: { verfahrenId, status: v.status },
          after: { verfahrenId, status: 'einspruch', einspruch: begruendung },
        });
      });
      return this.zaehlstand(ars);
    },

    /**
     * A reviewer decides on a mark: `aufheben` (the entry counts again) or, after an objection,
     * `zurueckweisen` (the objection is turned down, the mark stays). Always with a reason.
     */
    async entscheideZaehltNicht(user: Handelnde, ars: string, verfahrenId: string, entscheidung: 'aufheben' | 'zurueckweisen', text: string, opts: { quelle: Quelle; requestId?: string }) {
      if (!istMinisterium(user)) throw new ForbiddenError('Über einen „zählt nicht“-Vermerk entscheidet die Prüfung im Staatsministerium.', [], 'NUR_MINISTERIUM');
      const grund = pruefeBegruendung(text, 'grund', 'den Grund der Entscheidung');
      const verfahren = await this.verfahren(verfahrenId);
      const at = clock.now();
      await change(ars, anlassVon(user, opts.quelle), async (tx, r) => {
        const v = await r.offenerVermerk(tx, ars, verfahrenId);
        if (!v) throw new NotFoundError(`„${verfahren.name}“ ist nicht als „zählt nicht“ markiert.`);
        if (entscheidung === 'zurueckweisen' && v.status !== 'einspruch') throw new ConflictError('Es liegt kein Einspruch vor, der zurückgewiesen werden könnte.', [], 'VERMERK_FALSCHER_SCHRITT');
        await r.entscheideVermerk(tx, v.id, { entscheidung: entscheidung === 'aufheben' ? 'aufgehoben' : 'zurueckgewiesen', grund, vonLabel: user.email, at });
        const aktion = entscheidung === 'aufheben' ? 'zaehlt_wieder' : 'einspruch_zurueckgewiesen';
        await r.insertEreignis(tx, { ars, verfahrenId, aktion, vorher: { grund: v.grund, status: v.status }, nachher: { verfahren: verfahren.name, grund }, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: `verlinkung.zaehlt_nicht.${entscheidung}`,
          objectType: 'behoerde',
          objectId: ars,
          before: { verfahrenId, status: v.status, grund: v.grund },
          after: { verfahrenId, status: entscheidung === 'aufheben' ? 'aufgehoben' : 'aktiv', grund },
        });
      });
      return this.zaehlstand(ars);
    },

    /**
     * Review signals for the ministry (pruefsignale.ts): new own entries since the last review,
     * entries without LeiKa key, names like information pages or files, shared addresses, links
     * never checked or broken — with counts and the entries (at most `maxEintraege` each).
     */
    async pruefsignale(ars: string, opts: { maxEintraege?: number } = {}) {
      const [links, stand, seit, anderswo] = await Promise.all([verlinkungenVon(ars, { themenfelder: false }), this.zaehlstand(ars), repo.letztePruefung(ars), repo.gleicheAdresseAnderswo(ars)]);
      return berechnePruefsignale(
        links.map((l) => ({
          verfahrenId: l.verfahrenId,
          name: l.name,
          url: l.url,
          bereitstellung: l.bereitstellung,
          verlinktSeit: l.verlinktSeit,
          leika: l.leika,
          zaehlt: l.zaehlt,
          linkStatus: l.link.status === 'ungeprueft' ? null : l.link.status,
          doppeltVon: l.doppeltVon?.name ?? null,
          gleicheAdresseAnderswo: anderswo.get(l.verfahrenId) ?? 0,
          vermerkt: Boolean(l.zaehltNicht),
        })),
        { seit, anzahl: stand.anzahl, maxEintraege: opts.maxEintraege },
      );
    },

    /** Live count, threshold, eligibility and the count over time. */
    async zaehlstand(ars: string) {
      const b = await findBehoerde(ars);
      return zaehlstandVon(b, (await repo.storedCount(ars)) ?? 0);
    },

    /** The history (as `historie`) for those who may change the links: the Behörde's editors, its IT-Dienstleister, the ministry. */
    async historieFuer(user: Handelnde | undefined, ars: string) {
      if (!darfVerlinkungenAendern(user, ars)) throw new ForbiddenError('Die Historie sehen nur die Redaktion der Behörde, ihr IT-Dienstleister und das Ministerium.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
      return this.historie(ars);
    },

    /** The review signals (as `pruefsignale`) for the ministry and the editors of the Behörde. */
    async pruefsignaleFuer(user: Handelnde | undefined, ars: string, opts: { maxEintraege?: number } = {}) {
      if (!darfAkteSehen(user, ars)) throw new ForbiddenError('Die Prüfsignale sehen das Ministerium und die Redaktion der Behörde.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
      return this.pruefsignale(ars, opts);
    },

    /** The editor page of Behörde `ars`: may `user` change its links? Throws ForbiddenError if not. */
    pruefeVerwaltungsrecht(user: Handelnde | undefined, ars: string) {
      if (!darfVerlinkungenAendern(user, ars)) throw new ForbiddenError('Sie dürfen die Verlinkungen dieser Behörde nicht ändern.', [], 'BEHOERDE_NICHT_ZUGEORDNET');
    },

    /** The reviewer's page of the review signals: the ministry only. Throws ForbiddenError otherwise. */
    pruefePruefungsrecht(user: Handelnde | undefined) {
      if (!istMinisterium(user)) throw new ForbiddenError('Die Prüfsignale bearbeitet die Prüfung im Staatsministerium.', [], 'NUR_MINISTERIUM');
    },

    async historie(ars: string, limit = 200) {
      await findBehoerde(ars);
      const rows = await repo.ereignisse(ars, limit);
      return rows.map((e) => ({
        id: Number(e.id),
        verfahrenId: e.verfahren_id,
        verfahren: e.verfahren_name,
        aktion: e.aktion as EreignisAktion,
        vorher: e.vorher,
        nachher: e.nachher,
        von: e.actor_label,
        quelle: e.quelle,
        am: new Date(e.at).toISOString(),
      }));
    },

    /**
     * "Chancen aufzeigen": what the Behörde can link today, ranked by what similar Behörden link.
     * With `o.stand` (a key that changes with every change of the peer group's links and of the
     * catalogue, e.g. the portal's peer group key) the ranking of the Behörde's peer group is kept
     * for that stand and shared by every member's page; without it, it is read anew.
     */
    async chancen(ars: string, limit = 30, o: { stand?: string } = {}) {
      const b = await findBehoerde(ars);
      return chancenVon(b, (await repo.storedCount(ars)) ?? 0, limit, o.stand);
    },

    /**
     * What a Behörde's public page shows of its links — `verlinkungen`, `chancen` (with the peer
     * group's ranking kept for `o.stand`) and `zaehlstand` — for a Behörde the caller has just read
     * (the page reads it from the Behörden service), reading its count and links once. Its queries
     * go one at a time; background work passes `o.vorrang`, awaited before each.
     */
    async seitenDaten(b: Behoerde, o: { stand?: string; vorrang?: () => Promise<void> } = {}) {
      const { vorrang } = o;
      const anzahl = (await repo.storedCount(b.ars)) ?? 0;
      await vorrang?.();
      const verfahren = await verlinkungenVon(b.ars, { geprueft: true });
      await vorrang?.();
      const chancen = await chancenVon(b, anzahl, 30, o.stand, new Set(verfahren.map((v) => v.verfahrenId)), vorrang);
      await vorrang?.();
      return { verfahren, chancen, zaehlstand: await zaehlstandVon(b, anzahl) };
    },

    /**
     * The gap of many Behörden at once (outreach to all of them): per Behörde what `chancen`
     * says about count, threshold and what is missing, and its first `max(limit, fehlend)` suggestions — from
     * two statements for all of them instead of several per Behörde. Unknown ARS are left out.
     */
    async lueckenVieler(arsList: string[], limit = 10) {
      const behoerden = await repo.behoerdenFuerLuecken(arsList);
      // As in `chancen`: at least `limit` suggestions, and as many as the Behörde still lacks.
      const ziele = behoerden.map((b) => ({
        ars: b.ars,
        typ: b.typ,
        klasse: groessenklasseVon(b.bevoelkerung),
        grenze: Math.max(limit, bewerteEignung(b.anzahl, b.typ, settings.schwellen).fehlend),
      }));
      const vorschlaege = new Map<string, Awaited<ReturnType<typeof repo.chancenVieler>>>();
      for (const v of await repo.chancenVieler(ziele)) {
        const liste = vorschlaege.get(v.ars) ?? [];
        liste.push(v);
        vorschlaege.set(v.ars, liste);
      }
      return new Map(
        behoerden.map((b) => {
          const eignung = bewerteEignung(b.anzahl, b.typ, settings.schwellen);
          const liste = vorschlaege.get(b.ars) ?? [];
          const verfuegbar = liste[0]?.verfuegbar ?? 0;
          return [
            b.ars,
            {
              ars: b.ars,
              ...eignung,
              vorschlaege: liste.map((v) => ({ verfahrenId: v.id, name: v.name, anteilVergleichsgruppe: v.peers > 0 ? Math.round((v.verlinkt_von_peers / v.peers) * 1000) / 10 : 0 })),
              /** As in `chancen`: null when reached or impossible with zentrale alone. */
              mitDiesenErreichtManDasPraedikat: !eignung.erreicht && verfuegbar >= eignung.fehlend ? eignung.fehlend : null,
            },
          ];
        }),
      );
    },

    /**
     * Recomputes every Behörde's count (start-up, after imports, after link checks). Links that are
     * the same service as an earlier one are marked and get an event, once: on the first start after
     * the update this records the duplicates already in the data (nothing is deleted).
     */
    async alleNeuBerechnen() {
      const started = Date.now();
      const { neueDoppelte } = await repo.db.transaction(async (tx) => {
        const r = await repo.recompute(tx, settings.regel, clock.now());
        if (r.neueDoppelte > 0) {
          await recordAudit(tx, { label: 'system:zaehlung' }, { action: 'verlinkung.doppelte_erkannt', objectType: 'zaehlung', objectId: 'alle', after: { verlinkungen: r.neueDoppelte } });
        }
        return r;
      });
      return { ms: Date.now() - started, neueDoppelte };
    },
  };
};

export type VerlinkungService = ReturnType<typeof createVerlinkungService>;
