import { describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config';
import { erzeugeBescheidPdf } from './foerderung.bescheid';
import { pruefeAntrag } from './foerderung.regeln';
import type { AntragRow } from './foerderung.repository';
import { serialisierePruefung } from './foerderung.kern';
import { pdfObjects, pdfText } from './testing/pdf-text';

const regeln = loadConfig({}).foerderung;

const einAntrag = (f: Partial<AntragRow> = {}): AntragRow =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    aktenzeichen: 'DR-2021-00042',
    behoerdeArs: '097750118118',
    status: 'bewilligt',
    massnahme: 'Online-Gewerbeanmeldung und Hundesteuer',
    beschreibung: '',
    onlineDienste: ['Gewerbeanmeldung online', 'Hundesteuer-Anmeldung'],
    besondererHandlungsbedarf: false,
    kontoinhaber: 'Markt Beispielheim',
    iban: 'DE02120300000000202051',
    erklaerungen: {},
    kontaktName: 'Erika Muster',
    kontaktEmail: 'erika@beispielheim.example',
    pruefung: null,
    zuwendungsfaehigCent: 1_234_567n,
    foerdersatzProzent: 80,
    foerderbetragCent: 987_653n,
    eingereichtAm: new Date('2021-03-01T09:00:00Z'),
    bescheidAm: '2021-04-15',
    nachweisFaelligAm: '2022-04-15',
    entschiedenVonLabel: 'Förder-Sachbearbeitung B',
    demo: false,
    ...f,
  }) as AntragRow;

const pruefung = serialisierePruefung(
  pruefeAntrag(
    {
      phase: 'antrag',
      behoerdeTyp: 'markt',
      positionen: [
        { art: 'software_kauf', bezeichnung: 'Fachverfahren Gewerbe', betragCent: 1_234_567n },
        { art: 'wartung', bezeichnung: 'Wartungsvertrag 5 Jahre', betragCent: 300_000n },
      ],
      besondererHandlungsbedarf: false,
      erklaerungen: { bayernId: true, postkorb: 'ja', ePayment: 'ja', mobil: true, erstmalig: true, richtigkeit: true },
      portal: { anzahlDienste: 30, dienste: [] },
      bisherigeZuwendungenCent: 0n,
      restbudgetCent: null,
    },
    regeln,
  ),
);

describe('Bescheid PDF', () => {
  it('is a tagged PDF in German with its title shown, an embedded font and the applicant, amount and date in its text', async () => {
    const pdf = await erzeugeBescheidPdf({
      antrag: einAntrag(),
      behoerde: { ars: '097750118118', name: 'Markt Beispielheim', typ: 'markt', regbez_key: '097', regbez_name: 'Schwaben' },
      kosten: [],
      pruefung,
      begruendung: null,
      regeln,
    });
    expect(pdf.subarray(0, 8).toString('latin1')).toMatch(/^%PDF-1\.7/);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/MarkInfo');
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Lang \(de-DE\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/FontFile2|\/FontFile3|\/FontFile /);
    expect(raw).not.toContain('/Helvetica');
    // Structure: headings, paragraphs, a table with header cells.
    const objects = [...pdfObjects(pdf).values()].map((o) => o.dict).join('\n');
    for (const tag of ['/H1', '/H2', '/P', '/Table', '/TH', '/TD', '/L', '/LI']) expect(objects).toContain(`/S ${tag}`);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Zuwendungsbescheid');
    expect(text).toContain('Markt Beispielheim');
    expect(text).toContain('9.876,53 €');
    expect(text).toContain('15.04.2021');
    expect(text).toContain('DR-2021-00042');
    expect(text).toContain('15.04.2022');
    expect(text).toContain('Wartung und Pflege sind laufende Kosten');
    expect(text).toContain('DE02 1203 0000 0000 2020 51');
  });

  it('writes a rejection notice with the reason', async () => {
    const pdf = await erzeugeBescheidPdf({
      antrag: einAntrag({ status: 'abgelehnt', foerderbetragCent: null }),
      behoerde: undefined,
      kosten: [],
      pruefung,
      begruendung: 'Die Maßnahme wurde vor Antragstellung begonnen.',
      regeln,
    });
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Ablehnungsbescheid');
    expect(text).toContain('vor Antragstellung begonnen');
  });
});
