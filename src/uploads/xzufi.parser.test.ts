import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UploadZeile } from './upload.types';
import { parseXzufi, XZUFI_NAMESPACE, type XzufiErgebnis } from './xzufi.parser';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'xzufi');
const fixture = (name: string) => path.join(fixtures, name);

/** Reads a fixture from disk in small chunks, as an upload arrives. */
async function parseDatei(name: string, highWaterMark = 256): Promise<XzufiErgebnis> {
  const stream = fs.createReadStream(fixture(name), { highWaterMark });
  try {
    return await parseXzufi(stream);
  } finally {
    stream.destroy();
  }
}

const parseText = (xml: string, grenzen = {}) => parseXzufi(Readable.from([Buffer.from(xml, 'utf8')]), grenzen);

/* ---- fixture builders for inline files ---------------------------------------------------------- */

interface OnlinedienstOpts {
  id?: string;
  bezeichnung?: string;
  linkTyp?: string;
  url?: string;
  vertrauensniveau?: string;
  leistungId?: string;
  gebietIds?: string[];
}

function einOnlinedienst(o: OnlinedienstOpts = {}): string {
  const { id = 'OD1', bezeichnung = 'Gewerbe anmelden', linkTyp = '01', url = 'https://formulare.example.org/gewerbe', leistungId = 'L1' } = o;
  const gebiete = o.gebietIds ?? ['095640000000'];
  return `<xzufi:onlinedienst>
      <xzufi:id>${id}</xzufi:id>
      <xzufi:bezeichnung languageCode="de">${bezeichnung}</xzufi:bezeichnung>
      <xzufi:link>
        <xzufi:typ listURI="urn:xoev-de:fim:codeliste:onlinedienstlinktyp"><code>${linkTyp}</code></xzufi:typ>
        <xzufi:link>${url}</xzufi:link>
      </xzufi:link>${o.vertrauensniveau ? `\n      <xzufi:vertrauensniveau>${o.vertrauensniveau}</xzufi:vertrauensniveau>` : ''}
      <xzufi:zustaendigkeit>
        <xzufi:leistungID>${leistungId}</xzufi:leistungID>
${gebiete.map((g) => `        <xzufi:gebietID>${g}</xzufi:gebietID>`).join('\n')}
      </xzufi:zustaendigkeit>
    </xzufi:onlinedienst>`;
}

const eineLeistung = (id = 'L1', leika = ['99050012104000']) =>
  `<xzufi:leistung><xzufi:id>${id}</xzufi:id>${leika.map((k) => `<xzufi:referenzLeiKa><code>${k}</code></xzufi:referenzLeiKa>`).join('')}</xzufi:leistung>`;

function eineDatei(objekte: string[], wurzel = `xmlns:xzufi="${XZUFI_NAMESPACE}" xzufiVersion="2.2.0"`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xzufi:transfer.operation.040101 ${wurzel}>
${objekte.map((o) => `  <xzufi:schreibe>\n    ${o}\n  </xzufi:schreibe>`).join('\n')}
</xzufi:transfer.operation.040101>
`;
}

/* ---- the fixtures ------------------------------------------------------------------------------- */

describe('parseXzufi: valid file', () => {
  const erwartet: UploadZeile[] = [
    {
      zeile: 24,
      ars: '095640000000',
      name: 'Gewerbe online anmelden',
      beschreibung: 'Gewerbeanmeldung mit BayernID, Postkorb und E-Payment.',
      url: 'https://formulare.example.org/gewerbe/anmeldung',
      leikaSchluessel: ['99050012104000'],
      externeId: 'B100019_OD_gewerbe',
      vertrauensniveau: 'substanziell',
      art: 'online',
    },
    {
      zeile: 24,
      ars: '095620000000',
      name: 'Gewerbe online anmelden',
      beschreibung: 'Gewerbeanmeldung mit BayernID, Postkorb und E-Payment.',
      url: 'https://formulare.example.org/gewerbe/anmeldung',
      leikaSchluessel: ['99050012104000'],
      externeId: 'B100019_OD_gewerbe',
      vertrauensniveau: 'substanziell',
      art: 'online',
    },
    {
      zeile: 48,
      ars: '096730141141',
      name: 'Abbruchgenehmigung beantragen',
      beschreibung: '',
      url: 'https://formulare.example.org/bauen/abbruch?ars=096730141141&sprache=de',
      leikaSchluessel: ['99012001001000'],
      externeId: 'B100019_OD_abbruch',
      vertrauensniveau: 'hoch',
      art: 'online',
    },
    {
      zeile: 117,
      ars: '095620000000',
      name: 'Briefwahlunterlagen beantragen',
      beschreibung: 'Wahlschein & Briefwahlunterlagen online anfordern.',
      url: 'https://wahlen.example.org/briefwahl?lang=de&ars=095620000000',
      leikaSchluessel: ['99128001120001', '99128001120000'],
      externeId: 'B100019_OD_briefwahl',
      vertrauensniveau: 'niedrig',
      art: 'online',
    },
  ];

  it('turns three onlinedienste into one row per onlinedienst and gebietID, with the onlinedienst line', async () => {
    const r = await parseDatei('xzufi-gueltig.xml');
    expect(r.fehler).toEqual([]);
    expect(r.abgewiesen).toBe(false);
    expect(r.zeilen).toEqual(erwartet);
    expect(r.anzahl).toMatchObject({ onlinedienste: 3, leistungen: 3, zustaendigkeiten: 4 });
  });

  it('prefers the German bezeichnung and the typ-01 link (not the information page), and resolves a zustaendigkeitTransferObjekt that comes after its onlinedienst', async () => {
    const r = await parseDatei('xzufi-gueltig.xml');
    const abbruch = r.zeilen.find((z) => z.externeId === 'B100019_OD_abbruch')!;
    expect(abbruch.url).not.toContain('informationen');
    expect(abbruch.ars).toBe('096730141141');
    expect(r.zeilen.find((z) => z.externeId === 'B100019_OD_briefwahl')!.name).toBe('Briefwahlunterlagen beantragen');
  });

  it('gives the same result however the stream is cut into chunks (also inside a multi-byte character)', async () => {
    const bytes = fs.readFileSync(fixture('xzufi-gueltig.xml'));
    const ganz = await parseXzufi(Readable.from([bytes]));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), async (schnitte) => {
        const grenzen = [0, ...schnitte.sort((a, b) => a - b), bytes.length];
        const teile = grenzen.slice(1).map((ende, i) => bytes.subarray(grenzen[i], ende));
        const r = await parseXzufi(Readable.from(teile));
        expect(r.zeilen).toEqual(ganz.zeilen);
        expect(r.fehler).toEqual([]);
      }),
      { numRuns: 40 },
    );
    // one byte at a time, the hardest case
    const r = await parseXzufi(Readable.from([...bytes].map((b) => Buffer.from([b]))));
    expect(r.zeilen).toEqual(ganz.zeilen);
  });
});

describe('parseXzufi: the three places of a Zuständigkeit', () => {
  it('(b) in the organisationseinheit: the onlinedienst belongs to every Gebiet where one is zuständig for its leistungID (5- and 12-digit keys, any prefix)', async () => {
    const r = await parseDatei('xzufi-zustaendigkeit-organisationseinheit.xml');
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => [z.zeile, z.ars, z.externeId, z.leikaSchluessel, z.vertrauensniveau])).toEqual([
      [53, '09471', 'B100019_OD_kfz_zulassung', ['99036005005000'], 'hoch'],
      [53, '095640000000', 'B100019_OD_kfz_zulassung', ['99036005005000'], 'hoch'],
    ]);
    expect(r.anzahl).toMatchObject({ onlinedienste: 1, leistungen: 1, zustaendigkeiten: 3 });
  });

  it('(c) as zustaendigkeitTransferObjekt naming its parent: onlinedienst or organisationseinheit, in any order, default namespace', async () => {
    const r = await parseDatei('xzufi-zustaendigkeit-transferobjekt.xml');
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => [z.zeile, z.ars, z.externeId, z.url])).toEqual([
      [34, '096735634', 'B100019_OD_hundesteuer', 'https://formulare.example.org/hundesteuer'],
      [72, '096', 'B100019_OD_hilfe_pflege', 'https://antrag.example.org/hilfe-zur-pflege?traeger=bezirk&land=by'],
    ]);
  });

  it('(a) in the onlinedienst: its own gebietIDs, of every length the Regionalschlüssel has', async () => {
    const r = await parseText(eineDatei([eineLeistung(), einOnlinedienst({ gebietIds: ['09', '091', '09471', '094710000000', '096735634', ' 095640000000 ', '09564000'] })]));
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => z.ars)).toEqual(['09', '091', '09471', '094710000000', '096735634', '095640000000', '09564000']);
  });

  it('names the element and line when an onlinedienst cannot be placed, never a silent zero', async () => {
    const ohne = `<xzufi:onlinedienst>
      <xzufi:id>OD_X</xzufi:id><xzufi:bezeichnung>Gewerbe anmelden</xzufi:bezeichnung>
      <xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>https://x.example.org</xzufi:link></xzufi:link>
      <xzufi:leistungsbezug>L1</xzufi:leistungsbezug>
    </xzufi:onlinedienst>`;
    const oe = '<xzufi:organisationseinheit><xzufi:id>OE</xzufi:id><xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>09471</xzufi:gebietID></xzufi:zustaendigkeit></xzufi:organisationseinheit>';
    const r = await parseText(eineDatei([eineLeistung(), oe, ohne]));
    expect(r.zeilen).toEqual([]);
    expect(r.fehler).toEqual([expect.objectContaining({ zeile: 10, spalte: 'onlinedienst/zustaendigkeit' })]);
    expect(r.fehler[0].meldung).toContain('„OD_X“ nennt keine Leistung');
    expect(r.fehler[0].meldung).toContain('<leistungsbezug> (Zeile 13)');
    expect(r.fehler[0].meldung).toContain('enthält 1 Zuständigkeit von Organisationseinheiten');

    // A Leistung for which nobody is zuständig anywhere.
    const r2 = await parseText(eineDatei([eineLeistung(), einOnlinedienst({ gebietIds: [] })]));
    expect(r2.zeilen).toEqual([]);
    expect(r2.fehler[0].meldung).toContain('nennt weder die Zuständigkeit eine gebietID noch ist eine Organisationseinheit');

    // An onlinedienst outside <schreibe>.
    const falsch = eineDatei([eineLeistung()]).replace('</xzufi:transfer.operation.040101>', `<xzufi:daten>${einOnlinedienst()}</xzufi:daten>\n</xzufi:transfer.operation.040101>`);
    const r3 = await parseText(falsch);
    expect(r3.fehler).toEqual([expect.objectContaining({ zeile: 6, spalte: 'xzufi:onlinedienst' })]);
    expect(r3.fehler[0].meldung).toContain('steht unter <xzufi:transfer.operation.040101/xzufi:daten>');
  });

  it('links an onlinedienst that a leistung or the Zuständigkeit of an organisationseinheit names', async () => {
    const od = (id: string) => `<xzufi:onlinedienst><xzufi:id>${id}</xzufi:id><xzufi:bezeichnung>Dienst ${id}</xzufi:bezeichnung>
      <xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>https://x.example.org/${id}</xzufi:link></xzufi:link></xzufi:onlinedienst>`;
    const r = await parseText(
      eineDatei([
        `<xzufi:leistung><xzufi:id>L1</xzufi:id><xzufi:referenzLeiKa><code>99050012104000</code></xzufi:referenzLeiKa><xzufi:onlinedienstID>A</xzufi:onlinedienstID></xzufi:leistung>`,
        '<xzufi:organisationseinheit><xzufi:id>OE</xzufi:id><xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>09471</xzufi:gebietID></xzufi:zustaendigkeit></xzufi:organisationseinheit>',
        '<xzufi:organisationseinheit><xzufi:id>OE2</xzufi:id><xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>095640000000</xzufi:gebietID><xzufi:onlinedienstID>B</xzufi:onlinedienstID></xzufi:zustaendigkeit></xzufi:organisationseinheit>',
        od('A'),
        od('B'),
      ]),
    );
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => [z.externeId, z.ars])).toEqual([
      ['A', '09471'],
      ['A', '095640000000'],
      ['B', '095640000000'],
    ]);
  });
});

describe('parseXzufi: file with errors', () => {
  it('reports every error with its line and element, and still maps the valid parts', async () => {
    const r = await parseDatei('xzufi-fehlerhaft.xml');
    expect(r.abgewiesen).toBe(false);
    expect(r.fehler.map((f) => [f.zeile, f.spalte])).toEqual([
      [13, 'leistung/referenzLeiKa/code'],
      [17, 'leistung/referenzLeiKa'],
      [32, 'onlinedienst/zustaendigkeit/gebietID'],
      [37, 'onlinedienst/bezeichnung'],
      [50, 'onlinedienst/link'],
      [58, 'onlinedienst/zustaendigkeit/leistungID'],
      [65, 'onlinedienst/id'],
      [69, 'onlinedienst/link/link'],
      [71, 'onlinedienst/vertrauensniveau'],
      [81, 'zustaendigkeitTransferObjekt/uebergeordnetesObjektID'],
      [89, 'onlinedienst/zustaendigkeit'],
    ]);
    // The line is in `zeile` (the upload page shows it in its own column), not repeated in the text.
    for (const f of r.fehler) expect(f.meldung).not.toMatch(/^Zeile /);
    // Only OD_gut survives, for its one valid gebietID.
    expect(r.zeilen.map((z) => [z.zeile, z.externeId, z.ars])).toEqual([[22, 'OD_gut', '095640000000']]);
  });

  it('says what is wrong in German, naming the value', async () => {
    const r = await parseDatei('xzufi-fehlerhaft.xml');
    const meldung = (zeile: number) => r.fehler.find((f) => f.zeile === zeile)!.meldung;
    expect(meldung(32)).toContain('„0956“ ist kein Regionalschlüssel');
    expect(meldung(50)).toContain('keinen link vom typ 01');
    expect(meldung(58)).toContain('„L_unbekannt“ verweist auf keine leistung');
    expect(meldung(65)).toContain('kommt mehrfach vor (zuerst in Zeile 22)');
    expect(meldung(81)).toContain('„OD_gibt_es_nicht“ verweist auf keinen onlinedienst und keine organisationseinheit');
    expect(meldung(89)).toContain('nennt keine Leistung und keine Zuständigkeit');
  });
});

describe('parseXzufi: security', () => {
  it('refuses an external entity (XXE) with the line of its declaration and never reads the file it names', async () => {
    const r = await parseDatei('xzufi-xxe.xml');
    expect(r.abgewiesen).toBe(true);
    expect(r.abweisungsgrund).toBe('doctype');
    expect(r.zeilen).toEqual([]);
    expect(r.fehler).toHaveLength(1);
    expect(r.fehler[0]).toMatchObject({ zeile: 5, spalte: 'DOCTYPE' });
    expect(r.fehler[0].meldung).toMatch(/^Zeile 5: Die Datei deklariert eine externe Entität \(„geheim“\) in einer DOCTYPE-Deklaration ab Zeile 3\./);
    expect(r.fehler[0].meldung).toContain('nie aufgelöst');
    expect(JSON.stringify(r)).not.toContain('root:');
    expect(r.anzahl.onlinedienste).toBe(0);
  });

  it('refuses a billion-laughs bomb at once, without expanding anything', async () => {
    const vorher = process.memoryUsage().heapUsed;
    const start = performance.now();
    const r = await parseDatei('xzufi-billion-laughs.xml');
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(r.abgewiesen).toBe(true);
    expect(r.fehler).toHaveLength(1);
    expect(r.fehler[0]).toMatchObject({ zeile: 4, spalte: 'DOCTYPE' });
    expect(r.fehler[0].meldung).toContain('insgesamt 10 Entitätsdeklarationen');
    expect(r.fehler[0].meldung).toContain('ab Zeile 3');
    // Expanded, &lol9; would be 10^9 × "lol" ≈ 3 GB. A loose bound: nothing near that was allocated.
    expect(process.memoryUsage().heapUsed - vorher).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses any DOCTYPE: an external DTD, a parameter entity, a bare DOCTYPE', async () => {
    const extern = await parseText(`<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://example.org/evil.dtd">\n${eineDatei([]).split('\n').slice(1).join('\n')}`);
    expect(extern.fehler[0]).toMatchObject({ zeile: 2, spalte: 'DOCTYPE' });
    expect(extern.fehler[0].meldung).toContain('externe DTD');

    const parameter = await parseText(`<!DOCTYPE x [\n\n  <!ENTITY % p SYSTEM "http://example.org/p.dtd">\n  %p;\n]>\n<x/>`);
    expect(parameter.fehler[0]).toMatchObject({ zeile: 3, spalte: 'DOCTYPE' });
    expect(parameter.fehler[0].meldung).toContain('externe Entität („p“)');

    const nackt = await parseText(`<!DOCTYPE x>\n<x/>`);
    expect(nackt.abgewiesen).toBe(true);
    expect(nackt.fehler[0]).toMatchObject({ zeile: 1, spalte: 'DOCTYPE' });
  });

  it('refuses a reference to an undeclared entity, but reads the five predefined ones and character references', async () => {
    const fremd = await parseText(eineDatei([eineLeistung(), einOnlinedienst({ bezeichnung: 'Gewerbe\n&nbsp;anmelden' })]));
    expect(fremd.abgewiesen).toBe(true);
    expect(fremd.fehler).toHaveLength(1);
    expect(fremd.fehler[0].zeile).toBe(10); // the line of &nbsp;, not of its element (line 9)
    expect(fremd.fehler[0].meldung).toContain('unbekannte Entitätsreferenz');

    const erlaubt = await parseText(eineDatei([eineLeistung(), einOnlinedienst({ bezeichnung: 'Hunde&#x73;teuer &amp; Gr&#252;nschnitt &lt;&gt;&quot;&apos;' })]));
    expect(erlaubt.fehler).toEqual([]);
    expect(erlaubt.zeilen[0].name).toBe(`Hundesteuer & Grünschnitt <>"'`);
  });
});

describe('parseXzufi: not well-formed or not XZuFi 2.2', () => {
  it('refuses a file that is not well-formed, with the line and the element left open', async () => {
    const r = await parseDatei('xzufi-kaputt.xml');
    expect(r.abgewiesen).toBe(true);
    expect(r.abweisungsgrund).toBe('wohlgeformtheit');
    expect(r.zeilen).toEqual([]);
    expect(r.fehler).toEqual([
      {
        zeile: 9,
        meldung: 'Die Datei ist kein wohlgeformtes XML (Zeile 9, Spalte 41): das in Zeile 7 geöffnete Element <xzufi:bezeichnung> wird mit einem anderen Tag geschlossen.',
      },
    ]);
  });

  it('refuses a file that ends too early, and an empty one', async () => {
    const abgeschnitten = eineDatei([eineLeistung(), einOnlinedienst()]).slice(0, -60);
    const r = await parseText(abgeschnitten);
    expect(r.abgewiesen).toBe(true);
    expect(r.fehler[0].meldung).toContain('wird nicht geschlossen');
    const leer = await parseText('');
    expect(leer.fehler[0].meldung).toContain('kein Wurzelelement');
  });

  it('refuses the XRepository URN used as namespace, another XZuFi version and a foreign root, at the root line', async () => {
    const urn = await parseText(eineDatei([], 'xmlns:xzufi="urn:xoev-de:fim:standard:xzufi"'));
    expect(urn.fehler[0]).toMatchObject({ zeile: 2, spalte: 'Wurzelelement' });
    expect(urn.abweisungsgrund).toBe('wurzel');
    expect(urn.fehler[0].meldung).toContain('Kennung des Standards im XRepository');

    const alt = await parseText(eineDatei([], 'xmlns:xzufi="http://xoev.de/schemata/xzufi/2_1_0"'));
    expect(alt.fehler[0].meldung).toContain('in einer anderen XZuFi-Version');

    const version = await parseText(eineDatei([], `xmlns:xzufi="${XZUFI_NAMESPACE}" xzufiVersion="2.1.0"`));
    expect(version.fehler[0]).toMatchObject({ zeile: 2, spalte: 'Wurzelelement/@xzufiVersion' });

    const fremd = await parseText('<?xml version="1.0"?>\n\n<html><body/></html>');
    expect(fremd.fehler).toEqual([
      expect.objectContaining({ zeile: 3, spalte: 'Wurzelelement', meldung: expect.stringContaining('in keinem Namensraum') }),
    ]);
  });

  it('refuses another encoding than UTF-8, declared or found, with the line', async () => {
    const deklariert = await parseText(eineDatei([]).replace('UTF-8', 'ISO-8859-1'));
    expect(deklariert.fehler[0].meldung).toContain('„ISO-8859-1“ kodiert');

    const latin1 = Buffer.from(eineDatei([eineLeistung(), einOnlinedienst({ bezeichnung: 'Grünschnitt' })]), 'latin1');
    const r = await parseXzufi(Readable.from([latin1]));
    expect(r.abgewiesen).toBe(true);
    expect(r.fehler[0]).toMatchObject({ zeile: 9 }); // the bezeichnung with „ü“
    expect(r.fehler[0].meldung).toContain('nicht in UTF-8');
    expect(r.abweisungsgrund).toBe('kodierung');
  });

  it('refuses a file that ends inside a UTF-8 character', async () => {
    const bytes = Buffer.from(eineDatei([]).trimEnd() + 'ü', 'utf8');
    const r = await parseXzufi(Readable.from([bytes.subarray(0, bytes.length - 1)]));
    expect(r.abweisungsgrund).toBe('kodierung');
    expect(r.fehler[0].meldung).toContain('endet mitten in einem UTF-8-Zeichen');
  });

  it('reports a file without any onlinedienst', async () => {
    const r = await parseText(eineDatei([eineLeistung()]));
    expect(r.fehler).toEqual([expect.objectContaining({ zeile: 2, spalte: 'schreibe/onlinedienst' })]);
  });
});

describe('parseXzufi: mapping details', () => {
  it('maps the Vertrauensniveau by code or name, and leaves it out when the file has none', async () => {
    const r = await parseText(
      eineDatei([
        eineLeistung(),
        einOnlinedienst({ id: 'A', vertrauensniveau: '<code>x1</code><name>Substanziell</name>' }),
        einOnlinedienst({ id: 'B', vertrauensniveau: '<code>HOCH</code>' }),
        einOnlinedienst({ id: 'C' }),
      ]),
    );
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => [z.externeId, z.vertrauensniveau])).toEqual([
      ['A', 'substanziell'],
      ['B', 'hoch'],
      ['C', undefined],
    ]);
    expect('vertrauensniveau' in r.zeilen[2]).toBe(false);
  });

  it('counts the line of the start tag even when its attributes span several lines', async () => {
    const xml = eineDatei([eineLeistung(), einOnlinedienst()]).replace('<xzufi:onlinedienst>', '<xzufi:onlinedienst\n      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n      xsi:type="xzufi:OnlinedienstErweitert">');
    const r = await parseText(xml);
    expect(r.zeilen[0].zeile).toBe(7);
    expect((await parseText(eineDatei([eineLeistung(), einOnlinedienst()]))).zeilen[0].zeile).toBe(7);
  });

  it('gives every row of an onlinedienst the LeiKa keys of all its Zuständigkeiten (one catalogue entry, one set of keys)', async () => {
    const od = `<xzufi:onlinedienst>
      <xzufi:id>OD</xzufi:id><xzufi:bezeichnung>Bauantrag</xzufi:bezeichnung>
      <xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>https://bau.example.org</xzufi:link></xzufi:link>
      <xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>095640000000</xzufi:gebietID><xzufi:gebietID>095620000000</xzufi:gebietID></xzufi:zustaendigkeit>
      <xzufi:zustaendigkeit><xzufi:leistungID>L2</xzufi:leistungID><xzufi:gebietID>095620000000</xzufi:gebietID></xzufi:zustaendigkeit>
    </xzufi:onlinedienst>`;
    const r = await parseText(eineDatei([eineLeistung('L1', ['99050012104000']), eineLeistung('L2', ['99012001001000', '99050012104000']), od]));
    expect(r.zeilen.map((z) => [z.ars, z.leikaSchluessel])).toEqual([
      ['095640000000', ['99050012104000', '99012001001000']],
      ['095620000000', ['99050012104000', '99012001001000']],
    ]);
  });

  it('uses the onlinedienst’s own gebietIDs rather than those of the organisationseinheiten, and ignores elements it does not know', async () => {
    const r = await parseText(
      eineDatei([
        eineLeistung(),
        einOnlinedienst(),
        '<xzufi:organisationseinheit><xzufi:id>OE1</xzufi:id></xzufi:organisationseinheit>',
        '<xzufi:zustaendigkeitTransferObjekt><xzufi:uebergeordnetesObjektID>OE1</xzufi:uebergeordnetesObjektID><xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>095620000000</xzufi:gebietID></xzufi:zustaendigkeit></xzufi:zustaendigkeitTransferObjekt>',
        '<xzufi:zustaendigkeitTransferObjekt><xzufi:uebergeordnetesObjektID>OE_anderswo</xzufi:uebergeordnetesObjektID><xzufi:zustaendigkeit><xzufi:id schemeID="ZustaendigkeitOrganisationseinheit">Z</xzufi:id><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>095620000000</xzufi:gebietID></xzufi:zustaendigkeit></xzufi:zustaendigkeitTransferObjekt>',
        '<xzufi:spezialisierung><xzufi:id>S1</xzufi:id></xzufi:spezialisierung>',
      ]),
    );
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => z.ars)).toEqual(['095640000000']);
  });
});

describe('parseXzufi: limits', () => {
  it('stops reading at the size limit and says so', async () => {
    let gelesen = 0;
    async function* quelle() {
      for (let i = 0; i < 1_000; i++) {
        gelesen += 1;
        yield Buffer.from(i === 0 ? `<?xml version="1.0"?>\n<xzufi:n xmlns:xzufi="${XZUFI_NAMESPACE}">\n` : '<!-- ' + 'x'.repeat(1_000) + ' -->\n');
      }
    }
    const r = await parseXzufi(quelle(), { maxBytes: 20_000 });
    expect(r.abgewiesen).toBe(true);
    expect(r.fehler[0].meldung).toContain('größer als 20 KB und wurde ab Zeile');
    expect(gelesen).toBeLessThan(30);
  });

  it('names the limit in MB', async () => {
    const r = await parseXzufi(Readable.from([Buffer.alloc(3 * 1024 * 1024, 0x20)]), { maxBytes: 2 * 1024 * 1024 });
    expect(r.fehler[0].meldung).toContain('größer als 2 MB');
    expect(r.abweisungsgrund).toBe('groesse');
  });

  it('stops at the record limit, at the line of the first record too many', async () => {
    const r = await parseText(eineDatei([eineLeistung('L1'), eineLeistung('L2'), eineLeistung('L3')]), { maxDatensaetze: 2 });
    expect(r.abgewiesen).toBe(true);
    expect(r.fehler).toEqual([expect.objectContaining({ zeile: 10, meldung: expect.stringContaining('mehr als 2 Datensätze') })]);
    expect(r.abweisungsgrund).toBe('datensaetze');
  });

  it('reports at most maxFehler errors and counts the rest', async () => {
    const kaputt = Array.from({ length: 5 }, (_, i) => einOnlinedienst({ id: `OD${i}`, gebietIds: ['nicht-ars'] }));
    const r = await parseText(eineDatei([eineLeistung(), ...kaputt]), { maxFehler: 3 });
    expect(r.fehler).toHaveLength(4);
    expect(r.fehler[3].meldung).toContain('und 2 weitere Fehler');
  });

  it('streams a large file from a generator with bounded memory: 50,000 onlinedienste', async () => {
    const anzahl = 50_000;
    let erzeugt = 0;
    const vorher = process.memoryUsage().heapUsed;
    let spitze = vorher;
    // Sampled between chunks: parsing runs in microtasks, so a timer would not fire meanwhile.
    async function* grosseDatei() {
      yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<xzufi:transfer.operation.040101 xmlns:xzufi="${XZUFI_NAMESPACE}" xzufiVersion="2.2.0">\n<xzufi:schreibe>${eineLeistung()}</xzufi:schreibe>\n`);
      let teil: string[] = [];
      for (let i = 0; i < anzahl; i++) {
        erzeugt += 1;
        const ars = i % 2 === 0 ? '095640000000' : '095620000000';
        teil.push(`<xzufi:schreibe>${einOnlinedienst({ id: `OD${i}`, bezeichnung: `Verfahren Nr. ${i} – Größenprüfung`, url: `https://formulare.example.org/v/${i}`, gebietIds: [ars] })}</xzufi:schreibe>\n`);
        if (teil.length === 100) {
          spitze = Math.max(spitze, process.memoryUsage().heapUsed);
          yield Buffer.from(teil.join(''));
          teil = [];
        }
      }
      yield Buffer.from(`${teil.join('')}</xzufi:transfer.operation.040101>\n`);
    }
    const r = await parseXzufi(grosseDatei());
    spitze = Math.max(spitze, process.memoryUsage().heapUsed);

    expect(r.fehler).toEqual([]);
    expect(r.zeilen).toHaveLength(anzahl);
    expect(erzeugt).toBe(anzahl);
    expect(r.anzahl.bytes).toBeGreaterThan(25 * 1024 * 1024);
    expect(r.zeilen[anzahl - 1]).toMatchObject({ externeId: `OD${anzahl - 1}`, ars: '095620000000', url: `https://formulare.example.org/v/${anzahl - 1}` });
    // The file is ~30 MB; the 50,000 result rows are what has to stay. Without global.gc this is
    // only a loose bound on the heap's growth (garbage included; measured here ≈ 90 MB): a parser
    // that held the document as a tree would need several times the file size.
    expect(spitze - vorher).toBeLessThan(250 * 1024 * 1024);
  }, 120_000);
});
