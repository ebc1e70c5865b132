import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suchanfrage, suchtext, treffer, wortstamm } from './buergerservice.suche';

const hund = suchtext({ name: 'Hund anmelden oder abmelden (Hundesteuer)', leistungen: [{ name: 'Hundehaltung Anmeldung', ozgLeistung: 'Hundehaltung', lebenslage: 'Tierhaltung' }] });
const bau = suchtext({ name: 'Antrag auf Bauvorbescheid', leistungen: [{ name: 'Bauvorbescheid Erteilung', ozgLeistung: 'Bauvorbescheid und Baugenehmigung', lebenslage: 'Bauen & Immobilien' }] });
const wohnsitz = suchtext({ name: 'Wohnsitz anmelden oder ummelden', leistungen: [{ name: 'Wohnsitz Anmeldung', ozgLeistung: 'Wohnsitzmeldungen', lebenslage: 'Wohnen & Umzug' }] });
const gebuehr = suchtext({ name: 'Gebührenbescheid für Müllabfuhr', leistungen: [] });
const passt = (q: string, text: { name: string; alles: string }) => treffer(suchanfrage(q), text) !== null;

describe('the Leistung search of the Bürgerservice', () => {
  it('finds compounds and word forms: "Hund", "Hunde", "Hundes" find the Hundesteuer', () => {
    for (const q of ['Hund', 'hunde', 'Hundes', 'HUNDESTEUER', 'hund anmelden']) expect(passt(q, hund), q).toBe(true);
    expect(passt('Katze', hund)).toBe(false);
  });

  it('finds everyday words by the official term: "Bauantrag" the Baugenehmigung, "Umzug" the Wohnsitz', () => {
    expect(passt('Bauantrag', bau)).toBe(true);
    expect(passt('Umzug', wohnsitz)).toBe(true);
    expect(passt('Ummeldung', wohnsitz)).toBe(true);
    expect(passt('Bauantrag', wohnsitz)).toBe(false);
  });

  it('is tolerant of umlauts: ü, ue and u find the same', () => {
    for (const q of ['Gebühren', 'Gebuehren', 'gebuhren', 'Müll', 'muell', 'mull']) expect(passt(q, gebuehr), q).toBe(true);
  });

  it('needs every word: "Hund Bauantrag" finds neither', () => {
    expect(passt('Hund Bauantrag', hund)).toBe(false);
    expect(passt('Hund Bauantrag', bau)).toBe(false);
  });

  it('ranks a word in the procedure name above a match only in its Leistungen', () => {
    const nurLeistung = suchtext({ name: 'Antrag auf Befreiung', leistungen: [{ name: 'Hundesteuer Befreiung', ozgLeistung: 'Hundehaltung', lebenslage: null }] });
    expect(treffer(suchanfrage('Hund'), hund) as number).toBeGreaterThan(treffer(suchanfrage('Hund'), nurLeistung) as number);
  });

  it('treats an empty query as no filter', () => {
    expect(suchanfrage('  ')).toEqual([]);
    expect(treffer(suchanfrage(''), hund)).toBe(0);
  });

  it('takes words that are names of object properties as plain words ("constructor", "toString")', () => {
    const konstrukt = suchtext({ name: 'constructor tostring', leistungen: [] });
    for (const q of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(() => suchanfrage(q), q).not.toThrow();
    expect(suchanfrage('constructor')).toEqual([{ formen: ['constructor'], synonyme: [] }]);
    expect(passt('constructor', konstrukt)).toBe(true);
    expect(passt('toString', konstrukt)).toBe(true);
    expect(passt('constructor', hund)).toBe(false);
  });

  it('cuts inflection endings only while a real stem remains', () => {
    expect(wortstamm('hunde')).toBe('hund');
    expect(wortstamm('anmeldungen')).toBe('anmeldung');
    expect(wortstamm('kfz')).toBe('kfz');
    expect(wortstamm('hund')).toBe('hund');
  });

  it('finds every procedure by every word of its own name, in any spelling of its umlauts (property)', () => {
    const wort = fc.stringMatching(/^[a-zäöüß]{4,12}$/);
    fc.assert(
      fc.property(fc.array(wort, { minLength: 1, maxLength: 4 }), fc.nat(3), (woerter, i) => {
        const text = suchtext({ name: woerter.join(' '), leistungen: [] });
        const w = woerter[i % woerter.length];
        const schreibweisen = [w, w.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss'), w.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/ß/g, 'ss')];
        for (const q of schreibweisen) expect(treffer(suchanfrage(q), text), q).not.toBeNull();
      }),
    );
  });
});
