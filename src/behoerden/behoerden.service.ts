/** Behörden: list with filters and search, details with member Gemeinden. No Fastify, no SQL. */
import { NotFoundError } from '../shared/errors';
import { normalizeQuery } from '../shared/text';
import type { BehoerdeRow, BehoerdenRepository, MitgliedRow } from './behoerden.repository';
import { type BehoerdenQuery } from './behoerden.schemas';

import { type Schwellen as Thresholds, schwelleFuer } from '../verlinkung/zaehlung';
import { type BehoerdeTyp, typLabel } from '../shared/behoerde-typen';

export const createBehoerdenService = (repo: BehoerdenRepository, thresholds: Thresholds) => {
  const toSummary = (r: BehoerdeRow, mitglieder: MitgliedRow[]) => ({
    ars: r.ars,
    name: r.name,
    kurzname: r.kurzname,
    anzeigename: r.anzeigename,
    typ: r.typ as BehoerdeTyp,
    typLabel: typLabel(r.typ),
    regierungsbezirk: { key: r.regbez_key, name: r.regbez_name ?? r.regbez_key, anzeigename: r.regbez_name ?? r.regbez_key },
    landkreis: r.kreis_key ? { key: r.kreis_key, name: r.kreis_name ?? r.kreis_key, anzeigename: r.kreis_anzeigename ?? r.kreis_name ?? r.kreis_key } : null,
    bevoelkerung: r.bevoelkerung,
    plz: r.plz,
    mitgliedsgemeinden: mitglieder.filter((m) => m.behoerde_ars === r.ars && m.ars !== r.ars).map((m) => ({ ars: m.ars, name: m.name, anzeigename: m.anzeigename })),
    onlineVerfahren: r.anzahl,
    schwelle: schwelleFuer(r.typ, thresholds),
    praedikat: r.zertifikat_nr ? { zertifikatNr: r.zertifikat_nr, verliehenAm: r.verliehen_am as string, status: r.praedikat_status as string } : null,
  });

  return {
    async list(q: BehoerdenQuery) {
      const raw = q.q?.trim() ?? '';
      const digits = /^\d+$/.test(raw) ? raw : undefined;
      const suchbegriff = !digits && raw ? normalizeQuery(raw) : undefined;
      const { total, items } = await repo.list({
        typ: q.typ,
        land: q.land,
        regierungsbezirk: q.regierungsbezirk,
        landkreis: q.landkreis,
        suchbegriff: suchbegriff || undefined,
        ziffern: digits,
        status: q.status,
        jahr: q.jahr,
        schwellen: thresholds,
        sort: q.sort,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      // Verbände and erfüllende Gemeinden administer other Gemeinden; Kreise and Bezirke none.
      const mitglieder = await repo.mitglieder(items.filter((i) => i.ars.length >= 9).map((i) => i.ars));
      return { total, page: q.page, pageSize: q.pageSize, items: items.map((r) => toSummary(r, mitglieder)) };
    },

    async get(ars: string) {
      const row = await repo.findByArs(ars);
      if (!row) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${ars}.`);
      const mitglieder = await repo.mitglieder([ars]);
      return {
        ...toSummary(row, mitglieder),
        sitz: row.sitz,
        flaecheHa: row.flaeche_ha,
        koordinaten: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
        mitgliedsgemeinden: mitglieder
          .filter((m) => m.ars !== ars)
          .map((m) => ({ ars: m.ars, name: m.name, anzeigename: m.anzeigename, bevoelkerung: m.bevoelkerung === null ? null : Number(m.bevoelkerung), plz: m.plz })),
      };
    },

    /**
     * A Gemeinde that is no Behörde of its own (a member of a VG, or a gemeindefreies Gebiet) with
     * the Behörde responsible for it; undefined when the key names no Gemeinde.
     */
    async gemeinde(ars: string) {
      const g = await repo.gemeinde(ars);
      if (!g) return undefined;
      const row = g.behoerde_ars ? await repo.findByArs(g.behoerde_ars) : undefined;
      // Gemeindefreie Gebiete belong to no Gemeinde: their Landkreis looks after them.
      const kreis = !row && g.kreis_key ? await repo.findByArs(g.kreis_key) : undefined;
      const zustaendig = row ?? kreis;
      return {
        gemeinde: {
          ars: g.ars,
          name: g.name,
          anzeigename: g.anzeigename,
          bevoelkerung: g.bevoelkerung,
          flaecheHa: g.flaeche_ha,
          plz: g.plz,
          plzEindeutig: g.plz_eindeutig,
          gemeindefrei: !g.behoerde_ars,
          landkreis: g.kreis_key ? { key: g.kreis_key, anzeigename: g.kreis_anzeigename ?? g.kreis_key } : null,
          regierungsbezirk: g.regbez_key ? { key: g.regbez_key, name: g.regbez_name ?? g.regbez_key } : null,
        },
        behoerde: zustaendig ? toSummary(zustaendig, await repo.mitglieder(zustaendig.ars.length >= 9 ? [zustaendig.ars] : [])) : null,
      };
    },

    filterOptions: (land?: string) => repo.gebieteFuerFilter(land),
    laender: () => repo.laender(),
    verleihungsjahre: () => repo.verleihungsjahre(),
    namesOf: (arsList: string[]) => repo.names(arsList),
    countByTyp: () => repo.zaehleNachTyp(),
  };
};

export type BehoerdenService = ReturnType<typeof createBehoerdenService>;
