import { describe, expect, it } from 'vitest';
import { parseGeoFlaechen } from './geo-flaechen.parser';

const square = [[[11, 48], [11.1, 48], [11.1, 48.1], [11, 48.1], [11, 48]]];
const feature = (properties: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: square }) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const opts = { file: 'bayern_kreise_vg5000_2021-01-01.geojson', ebene: 'kreis' as const, stand: '2021-01-01', land: '09' };

describe('parseGeoFlaechen', () => {
  it('keeps the features of the selected Land', () => {
    const r = parseGeoFlaechen(collection(feature({ ARS: '09161', GEN: 'Ingolstadt', BEZ: 'Kreisfreie Stadt' }), feature({ ARS: '05111', GEN: 'Düsseldorf' })), opts);
    expect(r.errors).toEqual([]);
    expect(r.flaechen).toEqual([{ ebene: 'kreis', ars: '09161', name: 'Ingolstadt', bez: 'Kreisfreie Stadt', geometry: { type: 'Polygon', coordinates: square }, stand: '2021-01-01' }]);
  });

  it('reports each broken feature by number and property', () => {
    const open = [[[11, 48], [11.1, 48], [11.1, 48.1], [11, 48.1]]];
    const r = parseGeoFlaechen(
      collection(
        feature({ ARS: '0916', GEN: 'Kurz' }),
        feature({ ARS: '09162', GEN: '' }),
        feature({ ARS: '09163', GEN: 'Offen' }, { type: 'Polygon', coordinates: open }),
        feature({ ARS: '09164', GEN: 'Punkt' }, { type: 'Point', coordinates: [11, 48] }),
        feature({ ARS: '09161', GEN: 'A' }),
        feature({ ARS: '09161', GEN: 'B' }),
      ),
      opts,
    );
    expect(r.errors.map((e) => [e.field, e.line])).toEqual([
      ['Feature 1 › ARS', null],
      ['Feature 2 › GEN', null],
      ['Feature 3 › geometry', null],
      ['Feature 4 › geometry', null],
      ['Feature 6 › ARS', null],
    ]);
  });

  it('reports invalid JSON', () => {
    const r = parseGeoFlaechen('{"type": "FeatureCollection",\n"features": [}', opts);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: opts.file, field: null });
    expect(r.errors[0].message).toMatch(/^Kein gültiges JSON: /);
  });

  it('reports a document that is not a FeatureCollection', () => {
    expect(parseGeoFlaechen('{"type": "Feature"}', opts).errors[0].message).toBe('Keine GeoJSON-FeatureCollection mit „features“');
  });
});
