/**
 * Demodaten for the programme around the Prädikat (issue 8): Grundkurs Digitallotse dates (more
 * parts follow as they are built). Dates are relative to „today“, so a demo always shows coming
 * courses. Idempotent: seeds only into empty tables, so restarts and the ministry's own entries
 * are left alone.
 */
import { parseCheckliste } from '../checklisten/checklisten.format';
import { kursEnde } from '../digitallotse/digitallotse.service';
import type { Database } from '../shared/db';
import { zahlMitWort } from '../shared/i18n';
import { legeChecklisteAn, legeInfoseiteAn, legeKurseAn, legeVeranstaltungenAn, umfeldBestand } from './umfeld-demo.repository';

const tag = (heute: Date, plusTage: number, wochentag = 1) => {
  const d = new Date(Date.UTC(heute.getUTCFullYear(), heute.getUTCMonth(), heute.getUTCDate() + plusTage));
  // The Grundkurs starts on a Monday (four days, Monday to Thursday).
  while (d.getUTCDay() !== wochentag) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export async function seedUmfeldDemo(database: Database, opts: { heute?: Date } = {}): Promise<{ message: string }> {
  const heute = opts.heute ?? new Date();
  const db = database.db;
  const teile: string[] = [];
  if ((await umfeldBestand.kurse(db)) === 0) {
    const kurse = [
      { titel: 'Grundkurs Digitallotse – Holzhausen', beginn: tag(heute, 21), ort: 'BVS Bildungszentrum Holzhausen', online: false, plaetze: 16 },
      { titel: 'Grundkurs Digitallotse – online', beginn: tag(heute, 42), ort: 'Videokonferenz (BayernWeb)', online: true, plaetze: 24 },
      { titel: 'Grundkurs Digitallotse – Lauingen', beginn: tag(heute, 70), ort: 'BVS Bildungszentrum Lauingen', online: false, plaetze: 2 },
    ];
    await legeKurseAn(
      db,
      kurse.map((k) => ({ ...k, ende: kursEnde(k.beginn), gebuehrCent: 89000, angelegtAm: heute })),
    );
    teile.push(`${kurse.length} Kurstermine Digitallotse`);
  }
  if ((await umfeldBestand.checklisten(db)) === 0) {
    const { abschnitte } = parseCheckliste(OZG_CHECKLISTE);
    await legeChecklisteAn(
      db,
      { titel: 'OZG-Umsetzung in der Kommune', beschreibung: 'Schritt für Schritt zu Online-Verfahren, die zählen (Demodaten).', angelegtAm: heute },
      { version: 1, status: 'veroeffentlicht', quelltext: OZG_CHECKLISTE, inhalt: abschnitte, geaendertAm: heute, veroeffentlichtAm: heute },
    );
    teile.push('1 OZG-Checkliste');
  }
  if ((await umfeldBestand.veranstaltungen(db)) === 0) {
    // 10:00–11:30 in Bavaria; 08:00Z in summer, 09:00Z in winter is close enough for demo dates.
    const termin = (plusTage: number, wochentag: number) => new Date(`${tag(heute, plusTage, wochentag)}T08:00:00Z`);
    const events = [
      { titel: 'BayernID und Postkorb für Kommunen', thema: 'BayernID', plus: 7, wt: 2 },
      { titel: 'E-Payment einrichten: Schritt für Schritt', thema: 'E-Payment', plus: 14, wt: 3 },
      { titel: 'Zentrale Online-Verfahren heute verlinken', thema: 'Zentrale Online-Verfahren', plus: 21, wt: 4 },
    ].map((v) => {
      const beginn = termin(v.plus, v.wt);
      return {
        titel: v.titel,
        thema: v.thema,
        beschreibung: 'Virtuelle Informationsveranstaltung des Staatsministeriums für Digitales (Demodaten).',
        beginn,
        ende: new Date(beginn.getTime() + 90 * 60_000),
        link: 'https://video.bayern.example/demo',
        kapazitaet: 100,
        angelegtAm: heute,
      };
    });
    await legeVeranstaltungenAn(db, events);
    teile.push(`${events.length} Informationsveranstaltungen`);
  }
  if ((await umfeldBestand.infoseiten(db)) === 0) {
    for (const p of INFOSEITEN) {
      await legeInfoseiteAn(
        db,
        { slug: p.slug, komponente: p.komponente, angelegtAm: heute },
        { version: 1, status: 'veroeffentlicht', titel: p.titel, markdown: p.markdown, geaendertAm: heute, veroeffentlichtAm: heute },
      );
    }
    teile.push(`${zahlMitWort('de', INFOSEITEN.length, 'Seite', 'Seiten')} Informationspaket`);
  }
  return { message: teile.length ? `Demodaten Umfeld: ${teile.join(', ')}` : 'Demodaten Umfeld: bereits vorhanden' };
}

/** The demo OZG checklist in the ministry's text format (checklisten.format.ts). */
export const OZG_CHECKLISTE = `# Organisation
- [verantwortung] Eine verantwortliche Person für die OZG-Umsetzung ist benannt.
  Hilfe: Oft die Digitallotsin oder der Digitallotse der Behörde.
  Link: Grundkurs Digitallotse | /digitallotse
- [bestand] Die Verwaltungsleistungen der Behörde sind erfasst (LeiKa-Schlüssel).
  Link: Katalog der Online-Verfahren | /verfahren
# Zentrale Komponenten
- [bayernportal] Die Behörde ist im BayernPortal mit aktuellen Zuständigkeiten eingetragen.
- [bayernid] Online-Verfahren nutzen die BayernID zur Anmeldung.
- [postkorb] Der Postkorb wird an jedem Arbeitstag gelesen.
- [epayment] E-Payment ist für gebührenpflichtige Verfahren eingerichtet.
# Online-Verfahren
- [zentral] Die zentralen Online-Verfahren des Freistaats sind verlinkt.
  Hilfe: Jede Behörde kann sie sofort verlinken; sie zählen für das Prädikat.
- [website] Die Online-Verfahren sind auf der Website der Behörde auffindbar.
- [praedikat] Der Antrag auf das Prädikat „Digitales Amt“ ist gestellt.
`;

/** Short demo pages of the Informationspaket (plain language; the ministry replaces them). */
const INFOSEITEN = [
  {
    slug: 'bayernportal',
    komponente: 'BayernPortal',
    titel: 'BayernPortal: die Verwaltung Bayerns an einem Ort',
    markdown:
      '## Worum es geht\n\nIm **BayernPortal** finden Bürgerinnen, Bürger und Unternehmen alle Leistungen der bayerischen Verwaltung. Ihre Behörde pflegt dort Zuständigkeiten und verlinkt ihre Online-Verfahren.\n\n## Was Sie tun\n\n- Zuständigkeiten und Ansprechpersonen prüfen\n- Online-Verfahren verlinken: [Verlinkungen verwalten](/verfahren)\n',
  },
  {
    slug: 'bayernid',
    komponente: 'BayernID',
    titel: 'BayernID: ein Konto für alle Online-Verfahren',
    markdown:
      '## Worum es geht\n\nMit der **BayernID** melden sich Menschen einmal an und nutzen alle Online-Verfahren. Sie unterstützt den Online-Ausweis.\n\n## Was Sie tun\n\nBinden Sie Ihre kommunalen Online-Verfahren an die BayernID an; die zentralen Verfahren sind es schon.\n',
  },
  {
    slug: 'postkorb',
    komponente: 'Postkorb',
    titel: 'Postkorb: Bescheide sicher zustellen',
    markdown:
      '## Worum es geht\n\nÜber den **Postkorb** der BayernID erhalten Antragstellende Nachrichten und Bescheide elektronisch.\n\n## Was Sie tun\n\n- Den Postkorb an jedem Arbeitstag lesen\n- Bescheide elektronisch zustellen, wenn die Person zugestimmt hat\n',
  },
  {
    slug: 'e-payment',
    komponente: 'E-Payment',
    titel: 'E-Payment: Gebühren online bezahlen',
    markdown:
      '## Worum es geht\n\nMit **E-Payment** zahlen Antragstellende Gebühren direkt im Online-Verfahren.\n\n## Was Sie tun\n\nRichten Sie E-Payment für Ihre gebührenpflichtigen Verfahren ein und stimmen Sie die Buchung mit der Kasse ab.\n',
  },
  {
    slug: 'zentrale-online-verfahren',
    komponente: 'Zentrale Online-Verfahren',
    titel: 'Zentrale Online-Verfahren: heute verlinken',
    markdown:
      '## Worum es geht\n\nDer Freistaat stellt **zentrale Online-Verfahren** für alle Behörden bereit. Jede Behörde kann sie sofort verlinken, und sie zählen für das Prädikat „Digitales Amt“.\n\n[Katalog der Online-Verfahren](/verfahren)\n',
  },
];
