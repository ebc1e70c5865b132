/**
 * The one set-up of every PDF the platform writes (sign, certificate, grant notice, course
 * certificate): a tagged PDF 1.7 (structure tree, /Lang de-DE, the title shown instead of the file
 * name), its document information, the embedded fonts under the names the drawing code uses, and
 * the bytes collected into one Buffer when the document ends.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const here = path.dirname(fileURLToPath(import.meta.url));
const noto = path.resolve(here, '../../node_modules/@kern-ux/native/dist/fonts/noto-sans');
const require = createRequire(import.meta.url);

/** KERN's Noto Sans (the platform's typeface): sign, certificate and the signet's text metrics. */
export const NOTO_SANS = { regular: path.join(noto, 'NotoSans-Regular.woff'), bold: path.join(noto, 'NotoSans-Bold.woff') };
/** Fira Sans, the typeface of the administration's letters: grant notice and course certificate. */
export const FIRA_SANS = {
  regular: require.resolve('@fontsource/fira-sans/files/fira-sans-latin-400-normal.woff'),
  bold: require.resolve('@fontsource/fira-sans/files/fira-sans-latin-700-normal.woff'),
};

/** A pdfkit document with the structure-tree methods the type package does not declare. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pdfkit's structure API is untyped
export type TaggedPdf = PDFKit.PDFDocument & { struct: any; addStructure: any };

export interface PdfOptionen {
  size: PDFKit.PDFDocumentOptions['size'];
  /** One margin for every side, or each side. */
  margin?: number;
  margins?: PDFKit.PDFDocumentOptions['margins'];
  info: PDFKit.DocumentInfo;
  /** Font name → font file, as the drawing code selects them with `doc.font(name)`. */
  schriften: Record<string, string>;
  bufferPages?: boolean;
  /** Adds the PDF/UA identification (XMP pdfuaid). */
  pdfUa?: boolean;
}

/** A new tagged document and the promise of its bytes (resolved when `doc.end()` has written them). */
export function taggedPdf(o: PdfOptionen): { doc: TaggedPdf; fertig: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: o.size,
    ...(o.margins ? { margins: o.margins } : { margin: o.margin ?? 0 }),
    pdfVersion: '1.7',
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    ...(o.bufferPages ? { bufferPages: true } : {}),
    // PDF/UA identification as pdfkit supports it; the type package lags behind.
    ...(o.pdfUa ? { subset: 'PDF/UA' as never } : {}),
    info: o.info,
  } as PDFKit.PDFDocumentOptions) as TaggedPdf;
  for (const [name, datei] of Object.entries(o.schriften)) doc.registerFont(name, datei);
  const chunks: Buffer[] = [];
  const fertig = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, fertig };
}
