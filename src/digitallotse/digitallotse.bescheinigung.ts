/**
 * Completion certificate (Teilnahmebescheinigung) of the Grundkurs Digitallotse as a tagged PDF
 * (structure tree, language de-DE, title shown, embedded Fira Sans), like the grant notices.
 */
import { FIRA_SANS, taggedPdf } from '../shared/pdf';
import type { AnmeldungRow, KursRow } from './digitallotse.repository';
import { ohneSteuerzeichen } from '../shared/steuerzeichen';



const datum = (d: string | Date) => (typeof d === 'string' ? d : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(d)).slice(0, 10).split('-').reverse().join('.');

export function erzeugeBescheinigungPdf(d: { anmeldung: AnmeldungRow; kurs: KursRow; behoerdeName: string; module: string[] }): Promise<Buffer> {
  const { anmeldung: a, kurs } = d;
  const titel = `Teilnahmebescheinigung Grundkurs Digitallotse – ${a.teilnehmerName}`;
  const erstellt = a.abgeschlossenAm ?? new Date(`${kurs.ende}T12:00:00Z`);
  const { doc, fertig } = taggedPdf({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 70, right: 64 },
    info: { Title: titel, Author: 'Bayerische Verwaltungsschule', Subject: 'Grundkurs Digitallotse', Creator: 'Digitales Amt', CreationDate: erstellt, ModDate: erstellt },
    schriften: { Fira: FIRA_SANS.regular, 'Fira-Bold': FIRA_SANS.bold },
  });
  const links = doc.page.margins.left;
  const breite = doc.page.width - links - doc.page.margins.right;
  const dokument = doc.struct('Document');
  doc.addStructure(dokument);
  const text = (typ: string, t: string, o: { bold?: boolean; size?: number; gap?: number } = {}) => {
    dokument.add(
      doc.struct(typ, {}, () => {
        doc.font(o.bold ? 'Fira-Bold' : 'Fira').fontSize(o.size ?? 11).fillColor('#1d2034').text(ohneSteuerzeichen(t), links, doc.y, { width: breite, lineGap: 2 });
      }),
    );
    doc.moveDown(o.gap ?? 0.6);
  };
  text('P', 'Bayerische Verwaltungsschule · Staatsministerium für Digitales', { size: 9, gap: 2 });
  text('H1', 'Teilnahmebescheinigung', { bold: true, size: 22, gap: 1 });
  text('P', `${a.teilnehmerName}`, { bold: true, size: 14, gap: 0.3 });
  text('P', `${d.behoerdeName} (ARS ${a.behoerdeArs})`, { gap: 1 });
  text('P', `hat vom ${datum(kurs.beginn)} bis ${datum(kurs.ende)} am Grundkurs Digitallotse „${kurs.titel}“ (${kurs.online ? 'online' : kurs.ort}) teilgenommen und alle sechs Module besucht:`, { gap: 0.6 });
  const liste = doc.struct('L');
  dokument.add(liste);
  d.module.forEach((m, i) => {
    liste.add(doc.struct('LI', {}, () => doc.font('Fira').fontSize(11).text(`Modul ${i + 1}: ${m}`, links + 12, doc.y, { width: breite - 12, lineGap: 2 })));
    doc.moveDown(0.2);
  });
  liste.end();
  doc.moveDown(1);
  text('P', `Abgeschlossen am ${datum(erstellt)}. Mit dieser Bescheinigung ist ${a.teilnehmerName} Digitallotsin bzw. Digitallotse der Behörde.`, { gap: 0.4 });
  text('P', `Nummer der Bescheinigung: DL-${a.id.slice(0, 8).toUpperCase()}`, { size: 9 });
  dokument.end();
  doc.end();
  return fertig;
}
