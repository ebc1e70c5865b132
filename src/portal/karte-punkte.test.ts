import { describe, expect, it } from 'vitest';
import { type KartenPunkt, renderPunktKarte } from './karte-punkte';

const punkte: KartenPunkt[] = [
  { ars: '010510000000', name: 'Kreis Test <&>', typ: 'landkreis', lat: 54.1, lon: 9.1, stand: 'unter_schwelle', anzahl: 3 },
  { ars: '010515163', name: 'Amt Test', typ: 'amt', lat: 54.0, lon: 9.0, stand: 'digitales_amt', anzahl: 55 },
  { ars: '010510001001', name: 'Gemeinde "A"', typ: 'gemeinde', lat: 54.5, lon: 9.6, stand: 'nah_dran', anzahl: 44 },
  { ars: '010510002002', name: 'Ohne Lage', typ: 'gemeinde', lat: null, lon: null, stand: 'unter_schwelle', anzahl: 0 },
];

describe('point map', () => {
  it('draws every Behörde with a location as a link with an escaped title, coloured by its Stand', () => {
    const r = renderPunktKarte(punkte, { faerbung: 'status', locale: 'de', links: true, titel: 'Karte SH', id: 'karte-svg' });
    expect(r.ohneLage).toEqual(['010510002002']);
    expect(r.gezeichnet.sort()).toEqual(['010510000000', '010510001001', '010515163']);
    expect(r.svg.match(/<a href="\/behoerden\/\d+"><title>/g)).toHaveLength(3);
    expect(r.svg).toContain('<title>Kreis Test &lt;&amp;&gt;: ');
    expect(r.svg).toContain('Gemeinde &quot;A&quot;: Nah dran');
    expect(r.svg).toContain('role="group" aria-label="Karte SH"');
    expect(r.svg).toContain('id="karte-svg"');
    // The awarded Amt is drawn last, on top of the others.
    expect(r.svg.lastIndexOf('/behoerden/010515163')).toBeGreaterThan(r.svg.lastIndexOf('/behoerden/010510001001'));
    // North is up, east is right: the Gemeinde (north-east) has the smallest y and the largest x.
    const pos = (ars: string) => {
      const m = new RegExp(`/behoerden/${ars}"><title>[^<]*</title><circle cx="([\\d.-]+)" cy="([\\d.-]+)"`).exec(r.svg);
      return [Number(m?.[1]), Number(m?.[2])];
    };
    expect(pos('010510001001')[1]).toBeLessThan(pos('010515163')[1]);
    expect(pos('010510001001')[0]).toBeGreaterThan(pos('010515163')[0]);
    // Kreise are larger dots than Gemeinden.
    expect(r.svg).toMatch(/010510000000">.*?<circle [^>]*r="7"/);
  });

  it('draws a plain picture without links, coloured by count, and a single point (a Stadtstaat)', () => {
    const r = renderPunktKarte(punkte, { faerbung: 'anzahl', locale: 'en', links: false, titel: 'T' });
    expect(r.svg).not.toContain('<a ');
    expect(r.svg).toContain('<title>T</title>');
    expect(r.svg).toContain('<g class="karte__a5" fill="#2b8cbe"><circle'); // 55: the class 50–99
    const berlin = renderPunktKarte([{ ars: '110000000000', name: 'Berlin', typ: 'kreisfreie_stadt', lat: 52.5, lon: 13.4, stand: 'unter_schwelle', anzahl: 0 }], {
      faerbung: 'status',
      locale: 'de',
      links: true,
      titel: 'Berlin',
    });
    expect(berlin.gezeichnet).toEqual(['110000000000']);
    expect(berlin.svg).not.toContain('NaN');
  });

  it('says so when no Behörde has a location', () => {
    const r = renderPunktKarte([punkte[3]], { faerbung: 'status', locale: 'de', links: true, titel: 'Leer' });
    expect(r.svg).toContain('Keine Behörden mit Lageangabe.');
  });
});
