/**
 * Verlinkung: the catalogue of Online-Verfahren, linking and unlinking for a Behörde with its
 * history, the live count and eligibility, and the gap advice ("Chancen aufzeigen").
 * No Fastify, no SQL: the repository does the SQL, zaehlung.ts holds the rules.
 */
import { darfVerlinkungenAendern, type Handelnde, pruefeVerlinkungsrecht } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { linkZielAbgelehnt } from '../shared/netz';

import type { BehoerdenRepository } from '../behoerden/behoerden.repository';
import { createVerlinkungRepository, type VerlinkungRepository } from './verlinkung.repository';
import { GRUND_TEXT, type Schwellen, type Zaehlregel, bewerteEignung, zaehleVerlinkungen } from './zaehlung';

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
  if (!URL_PATTERN.test(url)) return 'Die Adresse muss mit https:// beginnen und darf keine Leerzeichen enthalten.';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Die Adresse ist keine gültige URL.';
  }
  return linkZielAbgelehnt(u);
}

export const createVerlinkungService = (repo: VerlinkungRepository, behoerdenRepo: BehoerdenRepository, clock: Clock, settings: VerlinkungSettings) => {
  const findBehoerde = async (ars: string) => {
    const b = await behoerdenRepo.findByArs(ars);
    if (!b) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${ars}.`);
    return b;
  };

  /**
   * Runs a link change in one transaction: change, event, audit entry, recount. Changes of one
   * Behörde queue behind each other (advisory lock per ARS): a concurrent change, also on another
   * instance, is seen by the checks and the recount instead of racing them.
   */
  const change = async <T>(ars: string, fn: (tx: VerlinkungRepository['db'], txRepo: VerlinkungRepository) => Promise<T>) =>
    repo.db.transaction(async (tx) => {
      const txRepo = createVerlinkungRepository(tx);
      await txRepo.sperreBehoerde(tx, ars);
      const result = await fn(tx, txRepo);
      await txRepo.recompute(tx, settings.regel, clock.now(), [ars]);
      return result;
    });

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

    /** Links a procedure for a Behörde; optional URL for this Behörde where it differs. */
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
        throw new ConflictError(`„${verfahren.name}“ ist ein kommunales Verfahren einer anderen Behörde und kann hier nicht verlinkt werden.`);
      }
      const at = clock.now();
      await change(ars, async (tx, r) => {
        if (await r.findLink(tx, ars, verfahrenId)) throw new ConflictError(`„${verfahren.name}“ ist bereits verlinkt.`);
        await r.insertLink(tx, { ars, verfahrenId, url: url === verfahren.url ? null : url, at, by: user.id });
        const nachher = { verfahren: verfahren.name, url: url ?? verfahren.url };
        await r.insertEreignis(tx, { ars, verfahrenId, aktion: 'verlinkt', vorher: null, nachher, actorId: user.id, actorLabel: user.email, quelle: opts.quelle, at });
        await recordAudit(tx, { id: user.id, label: user.email, role: user.role, requestId: opts.requestId }, {
          action: 'verlinkung.create',
          objectType: 'behoerde',
          objectId: ars,
          after: { verfahrenId, ...nachher },
        });
      });
      return this.zaehlstand(ars);
    },

    async entferne(user: Handelnde, ars: string, verfahrenId: string, opts: { quelle: Quelle; requestId?: string }) {
      pruefeVerlinkungsrecht(user, ars);
      await findBehoerde(ars);
      const verfahren = await repo.verfahren(verfahrenId);
      if (!verfahren) throw new NotFoundError('Dieses Online-Verfahren gibt es nicht.');
      const at = clock.now();
      await change(ars, async (tx, r) => {
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
      await change(ars, async (tx, r) => {
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
    async verlinkungen(ars: string, betrachter?: Handelnde) {
      await findBehoerde(ars);
      const mitGrund = darfVerlinkungenAendern(betrachter, ars);
      const links = await repo.linksOf(ars);
      const ergebnis = zaehleVerlinkungen(
        links.map((l) => ({ verfahrenId: l.verfahren_id, art: l.art, aktiv: l.aktiv, defektSeit: l.defekt_seit ? new Date(l.defekt_seit) : null })),
        settings.regel,
        clock.now(),
      );
      const gruende = new Map(ergebnis.nichtGezaehlt.map((n) => [n.verfahrenId, n.grund]));
      return links.map((l) => {
        const grund = gruende.get(l.verfahren_id);
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
          link: {
            status: (l.link_status === 'ok' || l.link_status === 'defekt' ? l.link_status : 'ungeprueft') as 'ok' | 'defekt' | 'ungeprueft',
            defektSeit: l.defekt_seit ? new Date(l.defekt_seit).toISOString() : null,
            geprueftAm: l.geprueft_am ? new Date(l.geprueft_am).toISOString() : null,
            ...(mitGrund && l.link_status ? { httpStatus: l.http_status, fehler: l.link_fehler } : {}),
          },
          zaehlt: !grund,
          grund: grund ?? null,
          grundText: grund ? GRUND_TEXT[grund].de : null,
        };
      });
    },

    /** Live count, threshold, eligibility and the count over time. */
    async zaehlstand(ars: string) {
      const b = await findBehoerde(ars);
      const anzahl = (await repo.storedCount(ars)) ?? 0;
      const eignung = bewerteEignung(anzahl, b.typ, settings.schwellen);
      const verlauf = await repo.verlaufOf(ars);
      return { ars, name: b.name, anzeigename: b.anzeigename, typ: b.typ, ...eignung, verlauf };
    },

    async historie(ars: string, limit = 200) {
      await findBehoerde(ars);
      const rows = await repo.ereignisse(ars, limit);
      return rows.map((e) => ({
        id: Number(e.id),
        verfahrenId: e.verfahren_id,
        verfahren: e.verfahren_name,
        aktion: e.aktion as 'verlinkt' | 'entfernt' | 'geaendert',
        vorher: e.vorher,
        nachher: e.nachher,
        von: e.actor_label,
        quelle: e.quelle,
        am: new Date(e.at).toISOString(),
      }));
    },

    /** "Chancen aufzeigen": what the Behörde can link today, ranked by what similar Behörden link. */
    async chancen(ars: string, limit = 30) {
      const b = await findBehoerde(ars);
      const anzahl = (await repo.storedCount(ars)) ?? 0;
      const eignung = bewerteEignung(anzahl, b.typ, settings.schwellen);
      const klasse = groessenklasseVon(b.bevoelkerung);
      const vorschlaege = await repo.chancen(ars, b.typ, klasse, Math.max(limit, eignung.fehlend));
      const themenfelder = await repo.themenfeldAbdeckung(ars, settings.regel, clock.now());
      const reichtFuerPraedikat = !eignung.erreicht && vorschlaege.length >= eignung.fehlend;
      return {
        ars,
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
    },

    /**
     * The gap of many Behörden at once (outreach to all of them): per Behörde what `chancen`
     * says about count, threshold and what is missing, and its first `limit` suggestions — from
     * two statements for all of them instead of several per Behörde. Unknown ARS are left out.
     */
    async lueckenVieler(arsList: string[], limit = 10) {
      const behoerden = await repo.behoerdenFuerLuecken(arsList);
      const ziele = behoerden.map((b) => ({ ars: b.ars, typ: b.typ, klasse: groessenklasseVon(b.bevoelkerung) }));
      const vorschlaege = new Map<string, Awaited<ReturnType<typeof repo.chancenVieler>>>();
      for (const v of await repo.chancenVieler(ziele, limit)) {
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

    /** Recomputes every Behörde's count (start-up, after imports, after link checks). */
    async alleNeuBerechnen() {
      const started = Date.now();
      await repo.db.transaction((tx) => repo.recompute(tx, settings.regel, clock.now()));
      return { ms: Date.now() - started };
    },
  };
};

export type VerlinkungService = ReturnType<typeof createVerlinkungService>;
