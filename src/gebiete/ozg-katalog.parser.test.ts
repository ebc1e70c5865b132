import { describe, expect, it } from 'vitest';
import { type OzgTexte, parseOzgKatalog } from './ozg-katalog.parser';

const valid = (): OzgTexte => ({
  themenfelder: 'themenfeld_id,name\r\n2,Bauen & Wohnen\r\n',
  lebenslagen: 'lebenslage_id,name,themenfeld_id,themenfeld\r\n14,Bauen & Immobilien,2,Bauen & Wohnen\r\n',
  ozgLeistungen: 'ozg_leistung_id,ozg_id,name,lebenslage_id,lebenslage,themenfeld_id,themenfeld\r\n1,10513,Abbruchgenehmigung,14,Bauen & Immobilien,2,Bauen & Wohnen\r\n',
  leikaLeistungen: [
    'leika_leistung_id,leika_schluessel,name,typisierung,ozg_leistung_id,ozg_id,ozg_leistung,rechtsgrundlage,gesetze,gesetzeskuerzel,sdg1_relevant,sdg2_relevant',
    '2,99012001000000,Abbruchgenehmigung,4,1,10513,Abbruchgenehmigung,,,,0,0',
    '3,nicht im LeiKa,"Prüfung, besonders",1,,,,§ 1 BauO,,,1,1',
    '',
  ].join('\r\n'),
});

describe('parseOzgKatalog', () => {
  it('reads the four files and maps "nicht im LeiKa" to no key', () => {
    const k = parseOzgKatalog(valid());
    expect(k.errors).toEqual([]);
    expect(k.ozgLeistungen).toEqual([{ id: 1, ozgId: '10513', name: 'Abbruchgenehmigung', lebenslageId: 14, themenfeldId: 2 }]);
    expect(k.leikaLeistungen).toEqual([
      { id: 2, schluessel: '99012001000000', name: 'Abbruchgenehmigung', typisierung: '4', ozgLeistungId: 1, rechtsgrundlage: null, sdg1: false, sdg2: false },
      { id: 3, schluessel: null, name: 'Prüfung, besonders', typisierung: '1', ozgLeistungId: null, rechtsgrundlage: '§ 1 BauO', sdg1: true, sdg2: true },
    ]);
  });

  it('reports bad keys, unknown parents, mismatched names and flags with file, line and column', () => {
    const t = valid();
    t.leikaLeistungen = t.leikaLeistungen
      .replace('99012001000000', '9901200100000')
      .replace(',4,1,10513,Abbruchgenehmigung,', ',7,1,10514,Abriss,')
      .replace('§ 1 BauO,,,1,1', '§ 1 BauO,,,1,ja');
    t.ozgLeistungen = t.ozgLeistungen.replace('14,Bauen & Immobilien', '15,Bauen & Immobilien');
    const k = parseOzgKatalog(t);
    expect(k.errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ['ozg_leistungen.csv', 2, 'lebenslage_id'],
      ['leika_leistungen.csv', 2, 'leika_schluessel'],
      ['leika_leistungen.csv', 2, 'typisierung'],
      ['leika_leistungen.csv', 2, 'ozg_leistung_id'],
      ['leika_leistungen.csv', 3, 'sdg2_relevant'],
    ]);
  });

  it('reports a repeated parent name that differs from the parent', () => {
    const t = valid();
    t.lebenslagen = t.lebenslagen.replace('2,Bauen & Wohnen', '2,Bauen und Wohnen');
    expect(parseOzgKatalog(t).errors).toEqual([
      { file: 'ozg_lebenslagen.csv', line: 2, field: 'themenfeld', message: '„Bauen und Wohnen“ ist nicht der Name von Themenfeld 2 („Bauen & Wohnen“)' },
    ]);
  });

  it('reports duplicate ids', () => {
    const t = valid();
    t.themenfelder += '2,Nochmal\r\n';
    expect(parseOzgKatalog(t).errors).toEqual([
      { file: 'ozg_themenfelder.csv', line: 3, field: 'themenfeld_id', message: '2 kommt doppelt vor (zuerst in Zeile 2)' },
    ]);
  });
});
