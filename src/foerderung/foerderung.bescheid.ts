/**
 * The grant notice (Zuwendungsbescheid) or rejection notice (Ablehnungsbescheid) as a PDF.
 *
 * Written with accessibility in mind (PDF/UA, ISO 14289): the PDF is tagged (structure tree with
 * headings, paragraphs, lists and a table with header cells), declares its language (de-DE),
 * shows its title instead of the file name, embeds its font (Fira Sans, the KERN typeface, from
 * @fontsource/fira-sans as WOFF — pdfkit reads WOFF1 and TTF, not the WOFF2 KERN ships) and marks
 * decoration and page numbers as artifacts. Amounts come as cents and are formatted exactly.
 */
import { FIRA_SANS, taggedPdf } from '../shared/pdf';
import type { FoerderSettings, PruefungJson } from './foerderung.kern';
import { bewertePosition, formatEuro, formatIban, KOSTENART_TEXT, type Kostenart } from './foerderung.regeln';
import type { AntragRow, BehoerdeKurz, KostenRow } from './foerderung.repository';
import { ohneSteuerzeichen } from '../shared/steuerzeichen';


export interface BescheidDaten {
  antrag: AntragRow;
  behoerde: BehoerdeKurz | undefined;
  kosten: KostenRow[];
  pruefung: PruefungJson | null;
  /** Reason of a rejection (the deciding officer's comment). */
  begruendung: string | null;
  regeln: FoerderSettings;
}

const datum = (iso: string | Date | null | undefined) => {
  if (!iso) return '–';
  const s = typeof iso === 'string' ? iso.slice(0, 10) : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(iso);
  return s.split('-').reverse().join('.');
};

type Struct = PDFKit.PDFStructureElement;

/** Renders the notice; resolves with the PDF bytes. Deterministic for the same data (fixed dates). */
export function erzeugeBescheidPdf(d: BescheidDaten): Promise<Buffer> {
  const { antrag: a } = d;
  const bewilligt = a.status !== 'abgelehnt';
  const titel = `${bewilligt ? 'Zuwendungsbescheid' : 'Ablehnungsbescheid'} ${a.aktenzeichen}`;
  const erstellt = new Date(`${a.bescheidAm ?? '2019-10-01'}T10:00:00Z`);
  const { doc, fertig } = taggedPdf({
    size: 'A4',
    margins: { top: 64, bottom: 72, left: 70, right: 64 },
    bufferPages: true,
    pdfUa: true,
    schriften: { Fira: FIRA_SANS.regular, 'Fira-Bold': FIRA_SANS.bold },
    info: {
      Title: titel,
      Author: 'Bayerisches Staatsministerium für Digitales',
      Subject: `Förderprogramm „Digitales Rathaus“ – ${d.behoerde?.name ?? a.behoerdeArs}`,
      Keywords: 'FöRdR, Digitales Rathaus, Zuwendung, Bescheid',
      Creator: 'Digitales Amt',
      CreationDate: erstellt,
      ModDate: erstellt,
    },
  });
  doc.font('Fira');

  const breite = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const links = doc.page.margins.left;
  const dokument = doc.struct('Document');
  doc.addStructure(dokument);

  const absatz = (parent: Struct, text: string, opts: { bold?: boolean; size?: number; gap?: number } = {}) => {
    parent.add(
      doc.struct('P', {}, () => {
        doc.font(opts.bold ? 'Fira-Bold' : 'Fira').fontSize(opts.size ?? 10.5).fillColor('#1d2034').text(ohneSteuerzeichen(text), links, doc.y, { width: breite, lineGap: 2 });
      }),
    );
    doc.moveDown(opts.gap ?? 0.5);
  };
  const ueberschrift = (parent: Struct, typ: 'H1' | 'H2', text: string) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    parent.add(
      doc.struct(typ, {}, () => {
        doc.font('Fira-Bold').fontSize(typ === 'H1' ? 17 : 12).fillColor('#0a5a8f').text(ohneSteuerzeichen(text), links, doc.y, { width: breite });
      }),
    );
    doc.moveDown(0.4);
  };
  const liste = (parent: Struct, punkte: string[]) => {
    const l = doc.struct('L');
    parent.add(l);
    for (const p of punkte) {
      const li = doc.struct('LI');
      l.add(li);
      if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
      const y = doc.y;
      li.add(doc.struct('Lbl', {}, () => doc.font('Fira').fontSize(10.5).fillColor('#1d2034').text('–', links + 4, y, { width: 12, lineBreak: false })));
      li.add(doc.struct('LBody', {}, () => doc.font('Fira').fontSize(10.5).fillColor('#1d2034').text(ohneSteuerzeichen(p), links + 18, y, { width: breite - 18, lineGap: 2 })));
      doc.moveDown(0.25);
    }
    l.end();
    doc.x = links;
    doc.moveDown(0.4);
  };

  /* Letterhead: the sender, the recipient, file number and date. */
  const kopf = doc.struct('Sect');
  dokument.add(kopf);
  absatz(kopf, 'Bayerisches Staatsministerium für Digitales · Förderprogramm „Digitales Rathaus“', { size: 9, gap: 0.2 });
  doc.markContent('Artifact', { type: 'Layout' } as never);
  doc.moveTo(links, doc.y).lineTo(links + breite, doc.y).lineWidth(0.8).strokeColor('#0a5a8f').stroke();
  doc.endMarkedContent();
  doc.moveDown(1);
  absatz(kopf, d.behoerde?.name ?? a.behoerdeArs, { bold: true, gap: 0.1 });
  absatz(kopf, `z. Hd. ${a.kontaktName || 'Förderangelegenheiten'}`, { gap: 0.1 });
  absatz(kopf, `Amtlicher Regionalschlüssel ${a.behoerdeArs}${d.behoerde?.regbez_name ? ` · ${d.behoerde.regbez_name}` : ''}`, { gap: 1 });
  absatz(kopf, `Aktenzeichen: ${a.aktenzeichen}`, { gap: 0.1 });
  absatz(kopf, `Datum: ${datum(a.bescheidAm)}`, { gap: 1.2 });
  kopf.end();

  const haupt = doc.struct('Sect');
  dokument.add(haupt);
  ueberschrift(haupt, 'H1', bewilligt ? 'Zuwendungsbescheid' : 'Ablehnungsbescheid');
  absatz(haupt, `Förderprogramm „Digitales Rathaus“ (FöRdR) – Ihr Antrag vom ${datum(a.eingereichtAm)} für die Maßnahme „${a.massnahme}“`, { bold: true, gap: 0.8 });
  if (a.demo) absatz(haupt, 'Hinweis: Dieser Bescheid gehört zu den Demodaten (simuliert) der Demonstrationsplattform.', { size: 9 });

  const p = d.pruefung;
  if (bewilligt) {
    const betrag = formatEuro(a.foerderbetragCent ?? 0n);
    const sgd = a.kontaktName ? `Sehr geehrte Damen und Herren,` : 'Sehr geehrte Damen und Herren,';
    absatz(haupt, sgd);
    ueberschrift(haupt, 'H2', '1. Bewilligung');
    absatz(
      haupt,
      `Auf Ihren Antrag bewilligen wir Ihnen für die oben genannte Maßnahme eine Zuwendung in Höhe von ${betrag} als Anteilfinanzierung. ` +
        `Der Fördersatz beträgt ${a.foerdersatzProzent ?? d.regeln.satzProzent} % der zuwendungsfähigen Ausgaben von ${formatEuro(a.zuwendungsfaehigCent ?? 0n)}` +
        `${a.besondererHandlungsbedarf ? ' (Raum mit besonderem Handlungsbedarf)' : ''}; der Betrag ist auf volle Cent abgerundet. ` +
        `Die Zuwendung je Antragsteller ist auf ${formatEuro(d.regeln.hoechstbetragCent)} begrenzt.`,
    );
    absatz(haupt, `Gefördert wird das erstmalige Angebot folgender Online-Dienste:`);
    liste(haupt, a.onlineDienste.length ? a.onlineDienste : ['–']);
  } else {
    absatz(haupt, 'Sehr geehrte Damen und Herren,');
    ueberschrift(haupt, 'H2', '1. Entscheidung');
    absatz(haupt, 'Ihren Antrag auf eine Zuwendung lehnen wir ab.');
    ueberschrift(haupt, 'H2', '2. Begründung');
    absatz(haupt, d.begruendung ?? 'Die Fördervoraussetzungen sind nicht erfüllt.');
    const nicht = p?.regeln.filter((r) => r.ergebnis === 'nicht_erfuellt') ?? [];
    if (nicht.length) liste(haupt, nicht.map((r) => `${r.titel}: ${r.text}`));
  }

  /* Cost items: a real table with header cells, so screen readers announce row and column. */
  ueberschrift(haupt, 'H2', bewilligt ? '2. Zuwendungsfähige Ausgaben' : '3. Beantragte Ausgaben');
  const spalten = [
    { titel: 'Position', breite: 0.31 },
    { titel: 'Art', breite: 0.22 },
    { titel: 'Betrag', breite: 0.15, rechts: true },
    { titel: 'anerkannt', breite: 0.15, rechts: true },
    { titel: 'Hinweis', breite: 0.17 },
  ];
  // Without a stored rule check (never for real data) the items are assessed here with the same rules.
  const positionen =
    p?.positionen ??
    d.kosten.map((k) => {
      const b = bewertePosition({ art: k.art as Kostenart, bezeichnung: k.bezeichnung, betragCent: k.betragCent, lizenzJahre: k.lizenzJahre, einmalZahlung: k.einmalZahlung }, d.regeln);
      return { bezeichnung: b.bezeichnung, art: b.art, betragCent: b.betragCent.toString(), foerderfaehigCent: b.foerderfaehigCent.toString(), bewertung: b.bewertung, grund: b.grund };
    });
  const zeilen: string[][] = positionen.map((x) => [
    x.bezeichnung,
    KOSTENART_TEXT[x.art as Kostenart]?.de ?? x.art,
    formatEuro(BigInt(x.betragCent)),
    formatEuro(BigInt(x.foerderfaehigCent)),
    x.bewertung === 'voll' ? '' : x.bewertung === 'teilweise' ? 'teilweise' : 'nicht förderfähig',
  ]);
  const summe = positionen.reduce((s, x) => s + BigInt(x.betragCent), 0n);
  const summeF = positionen.reduce((s, x) => s + BigInt(x.foerderfaehigCent), 0n);
  const tabelle = doc.struct('Table');
  haupt.add(tabelle);
  const zeile = (zellen: string[], kopfzeile: boolean) => {
    doc.font(kopfzeile ? 'Fira-Bold' : 'Fira').fontSize(9);
    const hoehe = Math.max(...zellen.map((z, i) => doc.heightOfString(z || ' ', { width: spalten[i].breite * breite - 6 }))) + 6;
    if (doc.y + hoehe > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    const tr = doc.struct('TR');
    tabelle.add(tr);
    let x = links;
    zellen.forEach((z, i) => {
      const sp = spalten[i];
      const zx = x;
      tr.add(
        doc.struct(kopfzeile ? 'TH' : 'TD', {}, () => {
          doc.font(kopfzeile ? 'Fira-Bold' : 'Fira').fontSize(9).fillColor('#1d2034').text(ohneSteuerzeichen(z), zx + 3, y + 3, { width: sp.breite * breite - 6, align: sp.rechts ? 'right' : 'left' });
        }),
      );
      x += sp.breite * breite;
    });
    tr.end();
    doc.markContent('Artifact', { type: 'Layout' } as never);
    doc.moveTo(links, y + hoehe).lineTo(links + breite, y + hoehe).lineWidth(kopfzeile ? 0.8 : 0.3).strokeColor('#8a8fa8').stroke();
    doc.endMarkedContent();
    doc.x = links;
    doc.y = y + hoehe;
  };
  zeile(spalten.map((s) => s.titel), true);
  for (const z of zeilen) zeile(z, false);
  zeile(['Summe', '', formatEuro(summe), formatEuro(summeF), ''], false);
  tabelle.end();
  doc.moveDown(0.8);
  const abgelehnt = positionen.filter((x) => x.grund);
  if (abgelehnt.length) {
    absatz(haupt, 'Nicht oder nur teilweise zuwendungsfähig:');
    liste(haupt, abgelehnt.map((x) => `${x.bezeichnung}: ${x.grund}`));
  }

  if (bewilligt) {
    ueberschrift(haupt, 'H2', '3. Verwendungsnachweis');
    absatz(
      haupt,
      `Bitte legen Sie den Verwendungsnachweis bis zum ${datum(a.nachweisFaelligAm)} vor: die tatsächlich entstandenen zuwendungsfähigen Ausgaben und einen kurzen Sachbericht. ` +
        'Sie reichen ihn in Ihrer Akte auf der Plattform „Digitales Amt“ ein.',
    );
    ueberschrift(haupt, 'H2', '4. Auszahlung');
    absatz(
      haupt,
      `Die Zuwendung wird nach Prüfung des Verwendungsnachweises ausgezahlt, höchstens in Höhe des bewilligten Betrags, auf das Konto ${formatIban(a.iban)} (${a.kontoinhaber}). ` +
        'Ergeben sich geringere zuwendungsfähige Ausgaben, verringert sich die Zuwendung entsprechend. Jede Auszahlung wird von zwei Personen freigegeben.',
    );
    ueberschrift(haupt, 'H2', '5. Nebenbestimmungen');
    absatz(haupt, 'Die Zuwendung ist an folgende Voraussetzungen gebunden (FöRdR Nr. 4); sie werden mit dem Verwendungsnachweis anhand der Daten des BayernPortals geprüft:');
    liste(haupt, [
      `Ihre Behörde bietet insgesamt mindestens ${d.behoerde?.typ === 'bezirk' ? d.regeln.mindestDiensteBezirk : d.regeln.mindestDienste} Online-Dienste an, die im BayernPortal verlinkt sind.`,
      'Die geförderten Online-Dienste sind im BayernPortal verlinkt und für mobile Endgeräte geeignet.',
      'Die Anmeldung ist mit der BayernID möglich; Postkorb und E-Payment sind angebunden, soweit erforderlich.',
      'Wartung und laufender Betrieb werden nicht gefördert; Lizenzen höchstens für zwei Jahre bei einmaliger Zahlung.',
    ]);
  }

  ueberschrift(haupt, 'H2', 'Rechtsbehelfsbelehrung');
  absatz(
    haupt,
    'Gegen diesen Bescheid können Sie innerhalb eines Monats nach seiner Bekanntgabe Klage bei dem Bayerischen Verwaltungsgericht erheben, in dessen Bezirk Ihre Behörde ihren Sitz hat. ' +
      'Die Klage muss den Kläger, den Beklagten (Freistaat Bayern) und den Gegenstand des Klagebegehrens bezeichnen.',
    { size: 9.5 },
  );
  doc.moveDown(0.6);
  absatz(haupt, 'Mit freundlichen Grüßen', { gap: 0.2 });
  absatz(haupt, `Im Auftrag – ${a.entschiedenVonLabel ?? 'Förder-Sachbearbeitung'}`, { gap: 0.2 });
  absatz(haupt, 'Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.', { size: 9 });
  haupt.end();
  dokument.end();

  /* Page numbers: artifacts, not part of the reading order. */
  const seiten = doc.bufferedPageRange();
  for (let i = 0; i < seiten.count; i++) {
    doc.switchToPage(seiten.start + i);
    // Below the bottom margin: lift the margin while writing, or pdfkit would start a new page.
    const unten = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' } as never);
    doc
      .font('Fira')
      .fontSize(8.5)
      .fillColor('#5b6078')
      .text(`${a.aktenzeichen} · Seite ${i + 1} von ${seiten.count}`, links, doc.page.height - unten + 24, { width: breite, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = unten;
  }
  doc.end();
  return fertig;
}
