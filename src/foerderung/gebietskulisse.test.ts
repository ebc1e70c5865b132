import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gebietskulisseAus, liegtImRmbh, parseGebietskulisse } from './gebietskulisse';

/** A small invented list for the tests (never the real Gebietskulisse). */
const CSV = 'ars,name\r\n09901,Landkreis Probe\r\n099020001001,Musterdorf\r\n09903,Probestadt\r\n099040005101,Alpha\r\n099040005102,Beta\r\n';
const PROV = '# Testliste\n\n- Quelle: Testfixture, keine amtliche Liste\n- Stand: 2025-01-15\n';

const ok = () => {
  const k = parseGebietskulisse(CSV, PROV, 'test.csv');
  if (k.status !== 'ok') throw new Error(JSON.stringify(k));
  return k;
};

describe('reading the Gebietskulisse', () => {
  it('reads the list with its source and date', () => {
    const k = ok();
    expect(k).toMatchObject({ quelle: 'Testfixture, keine amtliche Liste', stand: '2025-01-15' });
    expect([...k.eintraege.keys()]).toEqual(['09901', '099020001001', '09903', '099040005101', '099040005102']);
  });

  it('refuses the whole list for any error and names every problem with its line', () => {
    const k = parseGebietskulisse('ars;name\n09901;A\n12345;Falsch\n09901;Doppelt\n099020001001;\n', '- Quelle: X\n', 'x.csv');
    expect(k.status).toBe('fehlerhaft');
    if (k.status !== 'fehlerhaft') return;
    expect(k.fehler).toEqual([
      expect.stringContaining('Stand: JJJJ-MM-TT'),
      expect.stringContaining('Zeile 3, Spalte ars: „12345“'),
      expect.stringContaining('Zeile 4, Spalte ars: 09901 steht doppelt'),
      expect.stringContaining('Zeile 5, Spalte name'),
    ]);
    expect(parseGebietskulisse(CSV, undefined, 'x.csv').status).toBe('fehlerhaft');
    expect(parseGebietskulisse('name\nA\n', PROV, 'x.csv')).toMatchObject({ status: 'fehlerhaft', fehler: [expect.stringContaining('ars')] });
  });
});

describe('who lies in the Raum mit besonderem Handlungsbedarf', () => {
  const { eintraege, stand } = ok();
  const b = (ars: string, typ: string, mitglieder: string[] = []) => liegtImRmbh({ ars, typ, name: 'X', mitglieder }, eintraege, stand);
  it('counts a listed Landkreis and every Gemeinde and VG in it', () => {
    expect(b('09901', 'landkreis').imRaum).toBe(true);
    expect(b('099010012012', 'markt')).toMatchObject({ imRaum: true, grund: expect.stringContaining('Landkreis Probe (09901)') });
    expect(b('099015001', 'vg').imRaum).toBe(true);
  });
  it('counts a listed Gemeinde, but not its Landkreis or its neighbours', () => {
    expect(b('099020001001', 'gemeinde').imRaum).toBe(true);
    expect(b('09902', 'landkreis').imRaum).toBe(false);
    expect(b('099020001002', 'gemeinde').imRaum).toBe(false);
  });
  it('counts a kreisfreie Stadt listed by its Kreis key', () => {
    expect(b('099030000000', 'kreisfreie_stadt').imRaum).toBe(true);
  });
  it('counts a VG only when all its members are listed, and never a Bezirk', () => {
    expect(b('099040005', 'vg', ['099040005101', '099040005102']).imRaum).toBe(true);
    expect(b('099040005', 'vg', ['099040005101', '099040005103']).imRaum).toBe(false);
    expect(b('099', 'bezirk').imRaum).toBe(false);
  });
});

describe('the loader', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmbh-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it('says when the list is not installed, and reads it once it is', () => {
    const laden = gebietskulisseAus(dir);
    expect(laden().status).toBe('fehlt');
    fs.mkdirSync(path.join(dir, 'rmbh'));
    fs.writeFileSync(path.join(dir, 'rmbh', 'gebietskulisse.csv'), CSV);
    fs.writeFileSync(path.join(dir, 'rmbh', 'PROVENANCE.md'), PROV);
    expect(laden()).toMatchObject({ status: 'ok', stand: '2025-01-15' });
  });
});
