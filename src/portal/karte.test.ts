import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { baueKartenGeometrie, type KartenBehoerde, kartenGrundlage, legende, renderKarte } from './karte';

/** A square in lon/lat around Bavaria's centre. */
const quadrat = (x: number, y: number, d = 0.1): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [11 + x, 49 + y],
      [11 + x + d, 49 + y],
      [11 + x + d, 49 + y + d],
      [11 + x, 49 + y + d],
      [11 + x, 49 + y],
    ],
  ],
});

// Four Gemeinden: two of one VG (sharing a border), one alone in another Kreis, one gemeindefrei.
const rows = [
  { ars: '091610000001', name: 'A', geometry: quadrat(0, 0), behoerdeArs: '091615001' },
  { ars: '091610000002', name: 'B', geometry: quadrat(0.1, 0), behoerdeArs: '091615001' },
  { ars: '092620000003', name: 'C <&>', geometry: quadrat(0.2, 0), behoerdeArs: '092620000003' },
  { ars: '092629999451', name: 'Forst', geometry: quadrat(0.2, 0.1), behoerdeArs: null },
];
const behoerden = new Map<string, KartenBehoerde>([
  ['091615001', { ars: '091615001', name: 'VG Test', stand: 'digitales_amt', anzahl: 55, schwelle: 50 }],
  ['092620000003', { ars: '092620000003', name: 'C <&> "Stadt"', stand: 'nah_dran', anzahl: 44, schwelle: 50 }],
  ['092', { ars: '092', name: 'Bezirk Niederbayern', stand: 'unter_schwelle', anzahl: 3, schwelle: 30 }],
]);

describe('map', () => {
  const geo = baueKartenGeometrie(rows);

  it('draws one link per Behörde: VG members merged, gemeindefreie Gebiete without a link', () => {
    const r = renderKarte(geo, { ausschnitt: null, ebene: 'gemeinden', faerbung: 'status', behoerden, locale: 'de', links: true, titel: 'T' });
    expect(r.flaechen).toEqual([
      { behoerdeArs: '091615001', gemeinden: ['091610000001', '091610000002'] },
      { behoerdeArs: '092620000003', gemeinden: ['092620000003'] },
    ]);
    expect([...r.gefaerbt].sort()).toEqual(['091610000001', '091610000002', '092620000003']);
    expect(r.svg.match(/<a href=/g)).toHaveLength(2);
    // Merged: the VG's two squares are one ring.
    const vg = /<a href="\/behoerden\/091615001">.*?<path d="([^"]+)"/.exec(r.svg)?.[1] ?? '';
    expect(vg.match(/M/g)).toHaveLength(1);
    expect(r.svg).toContain('<title>C &lt;&amp;&gt; &quot;Stadt&quot;: Nah dran (höchstens 10 fehlen), 44 Online-Verfahren</title>');
    expect(r.svg).toContain('fill="#1b7837"');
    expect(r.svg).toContain('role="group" aria-label="T"');
    expect(r.svg).not.toContain('style=');
    for (const d of r.svg.matchAll(/ d="([^"]+)"/g)) expect(d[1]).toMatch(/^[Mlz\d -]+$/); // integer coordinates only
  });

  it('zooms to one Regierungsbezirk and draws Bezirke as areas', () => {
    const zoom = renderKarte(geo, { ausschnitt: '092', ebene: 'gemeinden', faerbung: 'anzahl', behoerden, locale: 'en', links: true, titel: 'Z' });
    expect(zoom.flaechen.map((f) => f.behoerdeArs)).toEqual(['092620000003']);
    expect(zoom.svg).toContain(': Close (10 or fewer missing), 44 online procedures');
    const bezirke = renderKarte(geo, { ausschnitt: null, ebene: 'bezirke', faerbung: 'status', behoerden, locale: 'de', links: false, titel: 'B' });
    expect(bezirke.flaechen.map((f) => f.behoerdeArs)).toEqual(['092']);
    expect(bezirke.svg).toContain('<title>B</title>');
    expect(bezirke.svg).not.toContain('<a ');
  });

  it('reuses the geometry part of a view across data changes and colours by the new status', () => {
    const frisch = baueKartenGeometrie(rows);
    const o = { ausschnitt: null, ebene: 'gemeinden' as const, faerbung: 'status' as const, locale: 'de' as const, links: true, titel: 'T' };
    const vorher = renderKarte(frisch, { ...o, behoerden });
    const grundlage = kartenGrundlage(frisch, null, 'gemeinden');
    // The award of the VG is revoked, C reaches its threshold and gains a link: new data, same geometry.
    const nachher = new Map(behoerden);
    nachher.set('091615001', { ...(behoerden.get('091615001') as KartenBehoerde), stand: 'widerrufen' });
    nachher.set('092620000003', { ...(behoerden.get('092620000003') as KartenBehoerde), stand: 'schwelle_erreicht', anzahl: 50 });
    const neu = renderKarte(frisch, { ...o, behoerden: nachher });
    expect(kartenGrundlage(frisch, null, 'gemeinden')).toBe(grundlage);
    // Other views have their own geometry part.
    expect(kartenGrundlage(frisch, '092', 'gemeinden')).not.toBe(grundlage);
    expect(kartenGrundlage(frisch, null, 'kreise')).not.toBe(grundlage);

    const gruppe = (svg: string, ars: string) => new RegExp(`<g class="karte__(\\w+)" fill="(#[0-9a-f]+)">(?:(?!</g>).)*href="/behoerden/${ars}"`).exec(svg)?.slice(1, 3);
    expect(gruppe(vorher.svg, '091615001')).toEqual(['digitales_amt', '#1b7837']);
    expect(gruppe(neu.svg, '091615001')).toEqual(['widerrufen', '#762a83']);
    expect(gruppe(neu.svg, '092620000003')).toEqual(['schwelle_erreicht', '#a6dba0']);
    expect(neu.svg).toContain('<title>C &lt;&amp;&gt; &quot;Stadt&quot;: Schwelle erreicht, noch ohne Prädikat, 50 Online-Verfahren</title>');
    expect(neu.svg).not.toContain('karte__digitales_amt');
    // Same paths and borders as a map drawn from scratch with the new data.
    const vonGrundAuf = renderKarte(baueKartenGeometrie(rows), { ...o, behoerden: nachher });
    expect(neu.svg).toBe(vonGrundAuf.svg);
    expect(neu.flaechen).toEqual(vorher.flaechen);
    const pfade = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(pfade(neu.svg)).toEqual(pfade(vorher.svg));
  });

  it('drops an area from the colouring when its Behörde is gone, and draws it as without Behörde', () => {
    const o = { ausschnitt: null, ebene: 'gemeinden' as const, faerbung: 'anzahl' as const, locale: 'de' as const, links: false, titel: 'T' };
    const ohneC = new Map(behoerden);
    ohneC.delete('092620000003');
    const r = renderKarte(geo, { ...o, behoerden: ohneC });
    expect(r.flaechen.map((f) => f.behoerdeArs)).toEqual(['091615001']);
    expect([...r.gefaerbt].sort()).toEqual(['091610000001', '091610000002']);
    expect(renderKarte(geo, { ...o, behoerden }).flaechen).toHaveLength(2);
  });

  it('has a legend entry for every class, and one for areas without a Behörde', () => {
    expect(legende('status', 'de').map((e) => e.klasse)).toEqual(['digitales_amt', 'ausgesetzt', 'widerrufen', 'schwelle_erreicht', 'nah_dran', 'unter_schwelle', 'ohne']);
    expect(legende('anzahl', 'en').at(-2)?.label).toBe('100 or more');
  });
});
