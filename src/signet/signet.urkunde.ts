/**
 * The Urkunde (certificate) of an award as PDF: A4 portrait, Noto Sans embedded (KERN's font),
 * tagged (structure tree, /Lang de-DE, title shown), with a QR code to the verification page drawn
 * as vector rectangles (marked as a Figure with alternative text).
 */
import QRCode from 'qrcode';
import { NOTO_SANS, taggedPdf } from '../shared/pdf';

const MM = 72 / 25.4;
const BLAU = '#0a5a8f';
const DUNKEL = '#0a2a40';

export interface UrkundeDaten {
  name: string;
  zertifikatNr: string;
  verliehenAm: string;
  pruefUrl: string;
  aussteller: string;
}


const datum = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long', year: 'numeric' });

export function renderUrkunde(d: UrkundeDaten): Promise<Buffer> {
  const w = 210 * MM;
  const h = 297 * MM;
  const { doc, fertig: done } = taggedPdf({
    size: 'A4',
    margin: 0,
    info: { Title: `Urkunde „Digitales Amt“ – ${d.name}`, Author: d.aussteller, Subject: `Prädikat ${d.zertifikatNr}`, Keywords: 'Digitales Amt, Prädikat, Urkunde, Bayern' },
    schriften: { Regular: NOTO_SANS.regular, Bold: NOTO_SANS.bold },
  });
  const rand = 15 * MM;
  const innen = w - 2 * rand;

  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(rand, rand, innen, h - 2 * rand).lineWidth(2).stroke(BLAU);
  doc.rect(rand, rand, innen, 22 * MM).fill(BLAU);
  doc.endMarkedContent();

  const section = doc.struct('Sect');
  doc.addStructure(section);
  const text = (tag: string, font: string, size: number, color: string, value: string, y: number) => {
    section.add(
      doc.struct(tag, () => {
        doc.font(font).fontSize(size).fillColor(color).text(value, rand + 10 * MM, y, { width: innen - 20 * MM, align: 'center' });
      }),
    );
  };
  const fit = (value: string, max: number) => {
    let size = max;
    doc.font('Bold');
    while (size > 14 && doc.fontSize(size).widthOfString(value) > innen - 24 * MM) size -= 1;
    return size;
  };
  text('P', 'Bold', 14, '#ffffff', 'Freistaat Bayern', rand + 8 * MM);
  text('H1', 'Bold', 40, DUNKEL, 'Urkunde', 60 * MM);
  text('P', 'Regular', 16, DUNKEL, 'Das Bayerische Staatsministerium für Digitales verleiht', 85 * MM);
  text('H2', 'Bold', fit(d.name, 30), BLAU, d.name, 100 * MM);
  text('P', 'Regular', 16, DUNKEL, 'das Prädikat', 125 * MM);
  text('P', 'Bold', 32, DUNKEL, '„Digitales Amt“', 136 * MM);
  text('P', 'Regular', 12, DUNKEL, 'für ein breites Angebot an Online-Verfahren mit elektronischer Antragstellung im BayernPortal.', 160 * MM);
  text('P', 'Regular', 12, DUNKEL, `Verliehen am ${datum(d.verliehenAm)} · Zertifikat ${d.zertifikatNr}`, 178 * MM);

  // QR code as vector rectangles.
  const qr = QRCode.create(d.pruefUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const seite = 40 * MM;
  const modul = seite / (n + 8);
  const x0 = (w - seite) / 2;
  const y0 = 195 * MM;
  section.add(
    doc.struct('Figure', { alt: `QR-Code zur Prüfseite ${d.pruefUrl}` }, () => {
      doc.rect(x0, y0, seite, seite).fill('#ffffff');
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          if (qr.modules.get(r, c)) doc.rect(x0 + (c + 4) * modul, y0 + (r + 4) * modul, modul + 0.01, modul + 0.01);
        }
      }
      doc.fill('#000000');
    }),
  );
  text('P', 'Regular', 10, DUNKEL, `Aktuellen Status prüfen: ${d.pruefUrl}`, y0 + seite + 4 * MM);
  section.end();
  doc.end();
  return done;
}
