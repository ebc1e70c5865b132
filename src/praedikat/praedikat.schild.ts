/**
 * The print file of the physical sign (Schild) for a sign maker: A3 or A4 landscape, vector text
 * in Noto Sans (embedded from KERN's fonts), 10 mm bleed-free margin, the Kommune's name fitted to
 * the width, the award year and the certificate number. A tagged PDF (structure tree, language,
 * title) so screen readers can read it too.
 */
import { NOTO_SANS, taggedPdf } from '../shared/pdf';

const MM = 72 / 25.4;
const FORMATE = { A3: [420, 297], A4: [297, 210] } as const;
export type SchildFormat = keyof typeof FORMATE;

const BLAU = '#0a5a8f';
const DUNKEL = '#0a2a40';

export interface SchildDaten {
  name: string;
  jahr: number;
  zertifikatNr: string;
  format: SchildFormat;
}


/** Renders the sign and resolves with the PDF bytes. */
export function renderSchild(d: SchildDaten): Promise<Buffer> {
  const [wMm, hMm] = FORMATE[d.format];
  const w = wMm * MM;
  const h = hMm * MM;
  const { doc, fertig: done } = taggedPdf({
    size: [w, h],
    margin: 0,
    info: { Title: `Schild „Digitales Amt“ – ${d.name}`, Author: 'Bayerisches Staatsministerium für Digitales', Subject: `Prädikat ${d.zertifikatNr}`, Keywords: 'Digitales Amt, Prädikat, Bayern' },
    schriften: { Regular: NOTO_SANS.regular, Bold: NOTO_SANS.bold },
  });

  const rand = 10 * MM;
  const s = w / (420 * MM); // scale relative to A3
  const innen = w - 2 * rand;

  // Decorative frame and bars are artifacts (not read aloud).
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(rand, rand, innen, h - 2 * rand).lineWidth(3 * s).stroke(BLAU);
  doc.rect(rand, rand, innen, 28 * MM * s).fill(BLAU);
  // The Bavarian lozenges as a small band in the header bar.
  for (let i = 0; i < 12; i++) {
    const x = rand + 12 * MM * s + i * 9 * MM * s;
    const y = rand + 14 * MM * s;
    doc
      .polygon([x, y - 4 * MM * s], [x + 4 * MM * s, y], [x, y + 4 * MM * s], [x - 4 * MM * s, y])
      .fill(i % 2 ? '#ffffff' : '#7fb8e0');
  }
  doc.endMarkedContent();

  const fitSize = (text: string, font: string, max: number, breite: number) => {
    let size = max;
    doc.font(font);
    while (size > 12 && doc.fontSize(size).widthOfString(text) > breite) size -= 1;
    return size;
  };

  const section = doc.struct('Sect');
  doc.addStructure(section);
  const text = (tag: string, font: string, size: number, color: string, value: string, y: number) => {
    section.add(
      doc.struct(tag, () => {
        doc.font(font).fontSize(size).fillColor(color).text(value, rand, y, { width: innen, align: 'center', lineBreak: false });
      }),
    );
  };
  text('P', 'Bold', 20 * s, '#ffffff', 'Freistaat Bayern', rand + 8 * MM * s);
  text('H1', 'Bold', fitSize('Digitales Amt', 'Bold', 110 * s, innen - 40 * MM * s), DUNKEL, 'Digitales Amt', h * 0.22);
  const nameSize = fitSize(d.name, 'Bold', 64 * s, innen - 30 * MM * s);
  text('H2', 'Bold', nameSize, BLAU, d.name, h * 0.48);
  text('P', 'Regular', 30 * s, DUNKEL, `Prädikat verliehen ${d.jahr}`, h * 0.66);
  text('P', 'Regular', 16 * s, DUNKEL, `Bayerisches Staatsministerium für Digitales · Zertifikat ${d.zertifikatNr}`, h - rand - 20 * MM * s);
  section.end();
  doc.end();
  return done;
}
