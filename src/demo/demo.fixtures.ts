/**
 * Fixture builders for the Demodaten tests: in-memory Behörden and LeiKa-Leistungen for the
 * planner, so tests say only what matters to them. (Database fixtures: tests/support/builders.ts.)
 */
import type { DemoBehoerde, DemoLeistung } from './demo.generator';

let behoerdeCounter = 0;
let leistungCounter = 0;

/** An ARS of the right length for the type, unique among consecutive calls (prefix 098/099: no real Kreis). */
const testArs = (typ: string, n: number) =>
  typ === 'bezirk'
    ? `0${String(n % 100).padStart(2, '0')}`
    : typ === 'landkreis'
      ? `09${String(n % 1000).padStart(3, '0')}`
      : ['vg', 'amt', 'samtgemeinde', 'verbandsgemeinde', 'verwaltungsverband'].includes(typ)
        ? `099${String(n).padStart(6, '0')}`
        : `098${String(n).padStart(9, '0')}`;

/** A Behörde with an ARS of the right length for its type. */
export function aDemoBehoerde(f: Partial<DemoBehoerde> = {}): DemoBehoerde {
  behoerdeCounter += 1;
  const typ = f.typ ?? 'gemeinde';
  const ars = f.ars ?? testArs(typ, behoerdeCounter);
  return { ars, kurzname: f.kurzname ?? `Testbehörde ${behoerdeCounter}`, typ, bevoelkerung: f.bevoelkerung ?? 5000 };
}

/** A LeiKa-Leistung; pass `schluessel: null` for a "nicht im LeiKa" entry. */
export function aDemoLeistung(f: Partial<DemoLeistung> = {}): DemoLeistung {
  leistungCounter += 1;
  const id = f.id ?? leistungCounter;
  return {
    id,
    schluessel: f.schluessel === undefined ? `99${String(100 + (id % 800)).padStart(3, '0')}${String(id).padStart(3, '0')}001000` : f.schluessel,
    name: f.name ?? `Testleistung ${id} Erteilung`,
    typisierung: f.typisierung === undefined ? '4' : f.typisierung,
  };
}

/** The named Behörden of the calibration (first awardees, VG Iphofen, Erlangen) with their real keys. */
export const BENANNTE_BEHOERDEN: DemoBehoerde[] = [
  { ars: '095640000000', kurzname: 'Nürnberg', typ: 'kreisfreie_stadt', bevoelkerung: 526_000 },
  { ars: '097610000000', kurzname: 'Augsburg', typ: 'kreisfreie_stadt', bevoelkerung: 301_000 },
  { ars: '092630000000', kurzname: 'Straubing', typ: 'kreisfreie_stadt', bevoelkerung: 48_000 },
  { ars: '093610000000', kurzname: 'Amberg', typ: 'kreisfreie_stadt', bevoelkerung: 42_000 },
  { ars: '097790130130', kurzname: 'Amberg', typ: 'gemeinde', bevoelkerung: 1_400 },
  { ars: '091610000000', kurzname: 'Ingolstadt', typ: 'kreisfreie_stadt', bevoelkerung: 140_000 },
  { ars: '094610000000', kurzname: 'Bamberg', typ: 'kreisfreie_stadt', bevoelkerung: 79_000 },
  { ars: '096730141141', kurzname: 'Bad Königshofen i.Grabfeld', typ: 'stadt', bevoelkerung: 6_000 },
  { ars: '096755616', kurzname: 'Iphofen', typ: 'vg', bevoelkerung: 9_500 },
  { ars: '095620000000', kurzname: 'Erlangen', typ: 'kreisfreie_stadt', bevoelkerung: 117_000 },
];

/**
 * A synthetic Land: the named Behörden plus `count` others of every type with a spread of
 * populations, and a small Leistungskatalog with Leistungsobjekte and Verrichtungen.
 */
export function eineTestlandschaft(count = 300): { behoerden: DemoBehoerde[]; leistungen: DemoLeistung[] } {
  const typen = ['gemeinde', 'gemeinde', 'gemeinde', 'markt', 'stadt', 'vg', 'vg', 'landkreis', 'grosse_kreisstadt', 'kreisfreie_stadt'];
  const behoerden = [...BENANNTE_BEHOERDEN];
  for (let i = 0; i < count; i++) {
    const typ = i < 7 ? 'bezirk' : typen[i % typen.length];
    const bevoelkerung = typ === 'bezirk' ? 1_000_000 + i * 100_000 : 800 + ((i * 7919) % 60_000);
    behoerden.push(aDemoBehoerde({ typ, bevoelkerung, kurzname: `${typ} ${i}` }));
  }
  const leistungen: DemoLeistung[] = [];
  const objekte = ['Hundesteuer', 'Sondernutzungserlaubnis', 'Baugenehmigung', 'Gewerbe', 'Wohngeld', 'Fischereischein', 'Meldebescheinigung'];
  const verrichtungen = [
    ['001', 'Erteilung'],
    ['104', 'Anmeldung'],
    ['020', 'Verlängerung'],
    ['002', 'Festsetzung'],
  ];
  let id = 10_000;
  for (let g = 0; g < 400; g++) {
    const objekt = `${objekte[g % objekte.length]} ${g}`;
    const key = `99${String(g).padStart(6, '0')}`;
    leistungen.push({ id: id++, schluessel: `${key}000000`, name: objekt, typisierung: ['4', '5', '2/3', '1'][g % 4] });
    for (const [code, v] of verrichtungen.slice(0, 1 + (g % 4))) {
      leistungen.push({ id: id++, schluessel: `${key}${code}000`, name: `${objekt} ${v}`, typisierung: ['4', '5', '2/3', '1'][g % 4] });
    }
  }
  leistungen.push({ id, schluessel: null, name: 'Antrag auf Auskunft über Erschließungskosten', typisierung: '4' });
  return { behoerden, leistungen };
}
