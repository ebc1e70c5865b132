/** The maps of the public portal: the area map of Bavaria and the point maps of other Länder, with their tables. */
import type { Locale } from '../shared/i18n';
import { baueKartenGeometrie, type KartenBehoerde, type KartenEbene, type KartenFaerbung, type KartenGeometrie, renderKarte } from './karte';
import { renderPunktKarte } from './karte-punkte';
import type { DatenStand, PortalKern } from './portal.kern';

/** Levels of the point map. */
export type PunktEbene = 'gemeinden' | 'kreise';
const imPunktEbene = (typ: string, ebene: PunktEbene) =>
  ebene === 'kreise' ? typ === 'landkreis' || typ === 'kreisfreie_stadt' : typ !== 'landkreis' && typ !== 'bezirk';

export const createPortalKarte = (kern: PortalKern) => {
  const { repo, cached, uebersicht } = kern;
  let geometrie: { schluessel: string; wert: Promise<KartenGeometrie> } | undefined;

  /** Geometry depends on the imported boundaries and Gemeinde–Behörde mapping only. */
  function kartenGeometrie(st: DatenStand): Promise<KartenGeometrie> {
    const schluessel = st.importSchluessel;
    if (geometrie && geometrie.schluessel === schluessel) return geometrie.wert;
    const wert = repo.geoGemeinden().then((rows) => baueKartenGeometrie(rows.map((r) => ({ ars: r.ars, name: r.name, geometry: r.geometry, behoerdeArs: r.behoerde_ars }))));
    geometrie = { schluessel, wert };
    wert.catch(() => {
      if (geometrie?.wert === wert) geometrie = undefined;
    });
    return wert;
  }

  return {
    /** The map as SVG: the view's paths and borders kept per import, coloured once per data stand. */
    async karte(st: DatenStand, o: { ausschnitt: string | null; ebene: KartenEbene; faerbung: KartenFaerbung; locale: Locale; links: boolean; titel: string }) {
      const key = `karte|${o.ausschnitt ?? 'bayern'}|${o.ebene}|${o.faerbung}|${o.locale}|${o.links}`;
      return cached(key, st.schluessel, async () => {
        const [geo, alle] = await Promise.all([kartenGeometrie(st), uebersicht(st)]);
        const behoerden = new Map<string, KartenBehoerde>(alle.map((b) => [b.ars, { ars: b.ars, name: b.anzeigename, stand: b.stand, anzahl: b.anzahl, schwelle: b.schwelle }]));
        const r = renderKarte(geo, { ...o, behoerden, id: 'karte-svg' });
        return { svg: r.svg, breite: r.breite, hoehe: r.hoehe, flaechen: r.flaechen.length, gefaerbt: r.gefaerbt };
      });
    },

    /**
     * The point map of one Land (two-digit key) or of all imported Länder (null), drawn once per
     * data stand and view. `kreise`: Landkreise and kreisfreie Städte; `gemeinden`: every Behörde
     * of the municipal level (Gemeinden, Ämter, Samtgemeinden, Verbandsgemeinden, VGs).
     */
    async punktKarte(st: DatenStand, o: { land: string | null; ebene: PunktEbene; faerbung: KartenFaerbung; locale: Locale; links: boolean; titel: string }) {
      const key = `punktkarte|${o.land ?? 'alle'}|${o.ebene}|${o.faerbung}|${o.locale}|${o.links}`;
      return cached(key, st.schluessel, async () => {
        const punkte = (await uebersicht(st))
          .filter((b) => (o.land === null || b.land.key === o.land) && imPunktEbene(b.typ, o.ebene))
          // The seat; where it is unknown the centre of the area stands in (a point map needs a place).
          .map((b) => ({ ars: b.ars, name: b.anzeigename, typ: b.typ, lat: b.lat ?? b.schwerpunktLat, lon: b.lon ?? b.schwerpunktLon, stand: b.stand, anzahl: b.anzahl }));
        const r = renderPunktKarte(punkte, { faerbung: o.faerbung, locale: o.locale, links: o.links, titel: o.titel, id: 'karte-svg' });
        return { svg: r.svg, punkte: r.gezeichnet.length, ohneLage: r.ohneLage.length };
      });
    },

    /** The Behörden of one Land on one level of the point map, for its table: by Kreis and name. */
    async landTabelle(st: DatenStand, land: string, ebene: PunktEbene) {
      const alle = await uebersicht(st);
      return alle
        .filter((b) => b.land.key === land && imPunktEbene(b.typ, ebene))
        .sort((a, b) => (a.kreis?.name ?? '').localeCompare(b.kreis?.name ?? '', 'de') || a.kurzname.localeCompare(b.kurzname, 'de') || a.ars.localeCompare(b.ars));
    },

    /** The Behörden of one Regierungsbezirk for the map's table, ordered by Kreis and name. */
    async kartenTabelle(st: DatenStand, ausschnitt: string | null) {
      const alle = await uebersicht(st);
      return alle
        .filter((b) => (ausschnitt === null ? true : b.regierungsbezirk.key === ausschnitt))
        .sort((a, b) => (a.kreis?.name ?? '').localeCompare(b.kreis?.name ?? '', 'de') || a.kurzname.localeCompare(b.kurzname, 'de') || a.ars.localeCompare(b.ars));
    },
  };
};
