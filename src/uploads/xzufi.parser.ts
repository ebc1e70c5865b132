/**
 * XZuFi 2.2 import: turns a file of the XÖV standard for Zuständigkeitsfinder (the FIM/PVOG
 * exchange format, XRepository `urn:xoev-de:fim:standard:xzufi`) into the rows of the bulk upload
 * (`UploadZeile`, one per onlinedienst × gebietID), with every problem as an `UploadFehler` that
 * names its line. Accepted element paths and the mapping are documented in docs/xzufi.md. This
 * file reads the XML; the records are mapped to the rows in xzufi.zuordnung.ts.
 *
 * Streaming by design: saxes (a SAX parser) sees the file chunk by chunk and never builds a tree.
 * Each record (onlinedienst, leistung, zustaendigkeitTransferObjekt) is reduced to a few strings as
 * soon as its end tag is read; references are resolved at the end from these small maps.
 *
 * Security (OWASP XXE cheat sheet): saxes does no DTD processing and expands no entity, and we go
 * further and refuse every DOCTYPE as soon as saxes reports it — so `<!ENTITY x SYSTEM "file:…">`
 * (XXE) and entity bombs ("billion laughs") are rejected with their line, never resolved. Only the
 * five predefined entities (&amp; &lt; &gt; &quot; &apos;) and character references are accepted;
 * any other entity reference is a well-formedness error that stops the parse.
 */
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { UploadFehler, UploadZeile } from './upload.types';
import { kurz, type Leistung, type Onlinedienst, type Vertrauensniveau, type Wert, type Zustaendigkeit, zuordnen } from './xzufi.zuordnung';

/** XML namespace of XZuFi 2.2.0 instances (the XSD's targetNamespace). */
export const XZUFI_NAMESPACE = 'http://xoev.de/schemata/xzufi/2_2_0';
/** The standard's identifier in the XRepository: not a namespace, but often mistaken for one. */
export const XZUFI_STANDARD_URN = 'urn:xoev-de:fim:standard:xzufi';
/** Code list of `onlinedienst/link/typ`; code 01 is the link to the online service itself. */
export const LINKTYP_LISTE = 'urn:xoev-de:fim:codeliste:onlinedienstlinktyp';
export const LINKTYP_ONLINEDIENST = '01';

export interface XzufiGrenzen {
  /** Largest accepted file in bytes; the stream is not read beyond it. */
  maxBytes: number;
  /** Largest number of records (onlinedienst + leistung + zustaendigkeitTransferObjekt). */
  maxDatensaetze: number;
  /** Errors reported at most; the rest are counted in one closing message. */
  maxFehler: number;
}

export const XZUFI_GRENZEN: XzufiGrenzen = {
  maxBytes: 100 * 1024 * 1024,
  maxDatensaetze: 200_000,
  maxFehler: 1_000,
};

/**
 * XZuFi carries `onlinedienst/vertrauensniveau` as an XÖV code (`code`, optional `name`). The
 * public material we could consult does not reproduce that code list's codes, so we map by the
 * level's name as eIDAS (Art. 8 VO 910/2014) and BSI TR-03107 write it, in the `code` or `name`
 * child; anything else is reported rather than guessed (docs/xzufi.md). "Basisregistrierung"
 * (user name and password at BayernID/BundID) is the lowest level, eIDAS "niedrig".
 */
const VERTRAUENSNIVEAU: Record<string, Vertrauensniveau> = {
  niedrig: 'niedrig',
  basisregistrierung: 'niedrig',
  normal: 'niedrig',
  low: 'niedrig',
  substanziell: 'substanziell',
  substantiell: 'substanziell',
  substantial: 'substanziell',
  hoch: 'hoch',
  high: 'hoch',
};

/** Why a file was refused as a whole (for the API's English message; the German one is in `fehler`). */
export type Abweisungsgrund = 'doctype' | 'wohlgeformtheit' | 'kodierung' | 'wurzel' | 'groesse' | 'datensaetze';

export interface XzufiErgebnis {
  zeilen: UploadZeile[];
  fehler: UploadFehler[];
  /** The file was refused as a whole (security, limit, not well-formed, wrong root) and read no further. */
  abgewiesen: boolean;
  abweisungsgrund?: Abweisungsgrund;
  anzahl: { onlinedienste: number; leistungen: number; zustaendigkeiten: number; bytes: number };
}

/** A source the parser can read: a Node Readable (file, HTTP body) or any async iterable of chunks. */
export type XzufiQuelle = Readable | AsyncIterable<Uint8Array | string>;

/* ------------------------------------------------------------------------------------------------
 * Internal record shapes: only what the mapping needs, captured while the record streams past.
 * --------------------------------------------------------------------------------------------- */

interface LinkRoh {
  zeile: number;
  sprache?: string;
  typListe?: string;
  typCode?: string;
  url?: Wert;
}

interface ZustaendigkeitRoh {
  zeile: number;
  schema?: string;
  leistungIds: Wert[];
  gebietIds: Wert[];
  /** An onlinedienst a Zuständigkeit of an Organisationseinheit names (not in every export). */
  onlinedienstIds: Wert[];
}

interface OnlinedienstRoh {
  art: 'onlinedienst';
  zeile: number;
  id?: Wert;
  bezeichnungen: Wert[];
  beschreibungen: Wert[];
  links: LinkRoh[];
  vertrauensniveau?: { zeile: number; code?: string; name?: string };
  zustaendigkeiten: ZustaendigkeitRoh[];
  /** `leistungID` elements outside a Zuständigkeit (a Leistung without a Gebiet of its own). */
  leistungIds: Wert[];
  /** Child elements this import does not read, with their first line (for the message when nothing links it). */
  sonstige: Map<string, number>;
}

interface LeistungRoh {
  art: 'leistung';
  zeile: number;
  id?: Wert;
  referenzen: { zeile: number; code?: string }[];
  /** Onlinedienste the leistung names (`onlinedienstID`), if the export writes the link that way round. */
  onlinedienstIds: Wert[];
}

interface TransferRoh {
  art: 'transfer';
  zeile: number;
  uebergeordnet?: Wert;
  zustaendigkeit?: ZustaendigkeitRoh;
}

interface OrganisationseinheitRoh {
  art: 'organisationseinheit';
  zeile: number;
  id?: Wert;
  zustaendigkeiten: ZustaendigkeitRoh[];
}

type DatensatzRoh = OnlinedienstRoh | LeistungRoh | TransferRoh | OrganisationseinheitRoh;

/** Stops the parse: the file is refused as a whole. */
class Abweisung extends Error {
  constructor(
    readonly grund: Abweisungsgrund,
    readonly fehler: UploadFehler,
  ) {
    super(fehler.meldung);
  }
}

/**
 * A gebietID: the Amtlicher Regionalschlüssel of the territory (RS, Destatis): 12 digits for a
 * Gemeinde (zero-padded above: 094710000000 is Landkreis Bamberg), or only as long as its level —
 * 2 (Land), 3 (Regierungsbezirk), 5 (Kreis), 9 (Gemeindeverband). An 8-digit Amtlicher
 * Gemeindeschlüssel (AGS) is accepted too and looked up.
 */
export const GEBIET_ID = /^(\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12})$/;
const LEIKA = /^\d{14}$/;
/** Names of elements that refer to a leistung, or from a leistung or Zuständigkeit to an onlinedienst. */
const LEISTUNG_REF = /^leistungs?id$/i;
const ONLINEDIENST_REF = /^onlinedienst(e)?id$/i;
/** Children of onlinedienst this import reads; anything else is listed when the onlinedienst cannot be placed. */
const ONLINEDIENST_GELESEN = new Set(['id', 'bezeichnung', 'beschreibung', 'link', 'vertrauensniveau', 'zustaendigkeit']);

/** Elements read as text, per record type, as paths below the record element. */
const TEXTFELDER: Record<DatensatzRoh['art'], Set<string>> = {
  onlinedienst: new Set([
    'id',
    'bezeichnung',
    'beschreibung',
    'link/typ/code',
    'link/link',
    'vertrauensniveau/code',
    'vertrauensniveau/name',
    'zustaendigkeit/leistungID',
    'zustaendigkeit/gebietID',
  ]),
  leistung: new Set(['id', 'referenzLeiKa/code']),
  transfer: new Set(['uebergeordnetesObjektID', 'zustaendigkeit/leistungID', 'zustaendigkeit/gebietID', 'zustaendigkeit/onlinedienstID']),
  organisationseinheit: new Set(['id', 'zustaendigkeit/leistungID', 'zustaendigkeit/gebietID', 'zustaendigkeit/onlinedienstID']),
};

/** Is this element below a record read as text? The fixed paths, plus references by element name wherever they stand. */
function istTextfeld(art: DatensatzRoh['art'], pfad: string, local: string): boolean {
  if (TEXTFELDER[art].has(pfad)) return true;
  if (art === 'onlinedienst') return LEISTUNG_REF.test(local) && !pfad.startsWith('zustaendigkeit/');
  if (art === 'leistung') return ONLINEDIENST_REF.test(local);
  if (art === 'organisationseinheit' || art === 'transfer') return pfad.startsWith('zustaendigkeit/') && ONLINEDIENST_REF.test(local);
  return false;
}

const DATENSATZ_ELEMENT: Record<string, DatensatzRoh['art']> = {
  onlinedienst: 'onlinedienst',
  leistung: 'leistung',
  zustaendigkeitTransferObjekt: 'transfer',
  organisationseinheit: 'organisationseinheit',
};

function attribut(tag: SaxesTagNS, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) if (a.local === local) return a.value;
  return undefined;
}

const leerzeichen = (s: string) => s.replace(/\s+/g, ' ').trim();
const zahl = (n: number) => n.toLocaleString('de-DE');
const groesse = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${zahl(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB` : `${zahl(Math.ceil(bytes / 1024))} KB`;

/** German for saxes' well-formedness messages ("5:10: undefined entity."). */
function wohlgeformtheitsFehler(message: string, zeileJetzt: number, offen?: { name: string; zeile: number }): UploadFehler {
  const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
  const zeile = m ? Number(m[1]) : zeileJetzt;
  const spalte = m ? Number(m[2]) : undefined;
  const text = (m ? m[3] : message).replace(/\.$/, '');
  let grund: string;
  if (text === 'undefined entity') {
    grund =
      'unbekannte Entitätsreferenz. Erlaubt sind nur &amp; &lt; &gt; &quot; &apos; und Zeichenreferenzen (&#…;); andere Entitäten werden aus Sicherheitsgründen nie aufgelöst';
  } else if (text.startsWith('unclosed tag')) {
    grund = `das Element <${text.replace(/^unclosed tag: ?/, '')}> wird nicht geschlossen`;
  } else if (text === 'unexpected close tag') {
    grund = offen
      ? `das in Zeile ${offen.zeile} geöffnete Element <${offen.name}> wird mit einem anderen Tag geschlossen`
      : 'schließendes Tag ohne geöffnetes Element';
  } else if (text === 'text data outside of root node') {
    grund = 'Text außerhalb des Wurzelelements';
  } else if (text === 'document must contain a root element') {
    grund = 'die Datei enthält kein Wurzelelement (ist sie leer?)';
  } else if (text.startsWith('unbound namespace prefix')) {
    grund = `nicht deklariertes Namensraum-Präfix (${text.replace(/^unbound namespace prefix: ?/, '')})`;
  } else {
    grund = `XML-Fehler „${text}“`;
  }
  return { zeile, meldung: `Die Datei ist kein wohlgeformtes XML (Zeile ${zeile}${spalte ? `, Spalte ${spalte}` : ''}): ${grund}.` };
}

/** A DOCTYPE is never accepted; the message says which kind and where. */
function doctypeFehler(doctype: string, startZeile: number): UploadFehler {
  const schluss = 'Die Datei wurde abgewiesen und nicht weiter gelesen. XZuFi-Dateien brauchen keine DTD; Entitäten werden nie aufgelöst (Schutz vor XXE und „Billion Laughs“).';
  // An external entity (XXE) is named first, it is the more dangerous one.
  const entity = /<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC)/.exec(doctype) ?? /<!ENTITY\s+(%\s+)?([^\s>]+)()/.exec(doctype);
  if (entity) {
    const zeile = startZeile + (doctype.slice(0, entity.index).match(/\n/g)?.length ?? 0);
    const anzahl = doctype.match(/<!ENTITY/g)?.length ?? 1;
    const art = entity[3] ? 'externe Entität' : entity[1] ? 'Parameter-Entität' : 'Entität';
    return {
      zeile,
      spalte: 'DOCTYPE',
      meldung: `Zeile ${zeile}: Die Datei deklariert eine ${art} („${kurz(entity[2], 40)}“${anzahl > 1 ? `, insgesamt ${zahl(anzahl)} Entitätsdeklarationen` : ''}) in einer DOCTYPE-Deklaration ab Zeile ${startZeile}. ${schluss}`,
    };
  }
  if (/\b(SYSTEM|PUBLIC)\b/.test(doctype.split('[')[0])) {
    return {
      zeile: startZeile,
      spalte: 'DOCTYPE',
      meldung: `Zeile ${startZeile}: Die Datei verweist in einer DOCTYPE-Deklaration auf eine externe DTD; sie wird nie geladen. ${schluss}`,
    };
  }
  return {
    zeile: startZeile,
    spalte: 'DOCTYPE',
    meldung: `Zeile ${startZeile}: Die Datei enthält eine DOCTYPE-Deklaration${doctype.includes('[') ? ' mit interner Teilmenge' : ''}. ${schluss}`,
  };
}

/** Prefers German (`languageCode` de, de-DE, …), then text without language, then the first. */
function deutsch<T extends { sprache?: string }>(werte: T[]): T | undefined {
  return (
    werte.find((w) => w.sprache !== undefined && /^de(-|$)/i.test(w.sprache)) ?? werte.find((w) => w.sprache === undefined) ?? werte[0]
  );
}

function istHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Reads an XZuFi 2.2 file from a stream and returns the upload rows and every error with its line.
 * Never throws for a bad file (that is what `fehler` is for); throws only if the stream itself fails.
 * The stream is not destroyed when the file is refused early: a file stream's owner closes it, an
 * HTTP handler drains the body so the client still receives the answer.
 */
export async function parseXzufi(quelle: XzufiQuelle, grenzenTeil: Partial<XzufiGrenzen> = {}): Promise<XzufiErgebnis> {
  const grenzen = { ...XZUFI_GRENZEN, ...grenzenTeil };
  const fehler: UploadFehler[] = [];
  let ausgelassen = 0;
  const melde = (f: UploadFehler) => {
    if (fehler.length < grenzen.maxFehler) fehler.push(f);
    else ausgelassen += 1;
  };

  const onlinedienste: Onlinedienst[] = [];
  const onlinedienstNachId = new Map<string, Onlinedienst>();
  const leistungen = new Map<string, Leistung>();
  const organisationseinheiten = new Set<string>();
  /** Zuständigkeiten of Organisationseinheiten: which Leistung is handled in which Gebiete. */
  const oeZustaendigkeiten: Zustaendigkeit[] = [];
  /** A leistung that names an onlinedienst (`onlinedienstID`): that onlinedienst realises it. */
  const leistungVerweise: { leistungId: Wert; onlinedienstId: Wert }[] = [];
  const transfers: { zeile: number; uebergeordnet: Wert; schema?: string; zustaendigkeit: Zustaendigkeit }[] = [];
  /** Records of the standard found where this import does not look for them (outside <schreibe>). */
  const fehlplatziert: { name: string; zeile: number; eltern: string }[] = [];
  const anzahl = { onlinedienste: 0, leistungen: 0, zustaendigkeiten: 0, bytes: 0 };
  let datensaetze = 0;
  let wurzelZeile = 1;

  const parser = new SaxesParser({ xmlns: true, position: true });
  /** Local names of the open elements; inside a record also their paths below it ("link/typ/code"). */
  const stapel: string[] = [];
  const pfade: string[] = [];
  /** Qualified names and lines of the open elements, for messages. */
  const offeneNamen: string[] = [];
  const offeneZeilen: number[] = [];
  /** saxes emits the close of a mismatched element before it reports the mismatch. */
  let zuletztGeschlossen: { name: string; zeile: number } | undefined;
  let tagZeile = 1;
  let datensatz: DatensatzRoh | null = null;
  let datensatzTiefe = -1;
  let textPfad: string | null = null;
  let textZeile = 0;
  let textSprache: string | undefined;
  let textPuffer = '';

  // ---- SAX handlers ------------------------------------------------------------------------------

  parser.on('error', (e) => {
    throw new Abweisung('wohlgeformtheit', wohlgeformtheitsFehler(e.message, parser.line, zuletztGeschlossen));
  });

  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      throw new Abweisung('kodierung', {
        zeile: 1,
        meldung: `Die Datei ist laut XML-Deklaration in „${kurz(decl.encoding, 30)}“ kodiert; angenommen wird nur UTF-8, die Kodierung von XZuFi-Nachrichten.`,
      });
    }
  });

  parser.on('doctype', (doctype) => {
    // The event comes at the DOCTYPE's end; its start is as many lines up as it spans.
    const startZeile = parser.line - (doctype.match(/\n/g)?.length ?? 0);
    throw new Abweisung('doctype', doctypeFehler(doctype, startZeile));
  });

  // The line of the '<': saxes reports the tag once its name is read; a name ended by a line
  // break has already moved to the next line (column 0).
  parser.on('opentagstart', () => {
    tagZeile = parser.column === 0 ? parser.line - 1 : parser.line;
  });

  parser.on('opentag', (tag: SaxesTagNS) => {
    const tiefe = stapel.length;
    stapel.push(tag.local);
    offeneNamen.push(tag.name);
    offeneZeilen.push(tagZeile);
    if (tiefe === 0) return pruefeWurzel(tag);
    if (datensatz === null) {
      if (tiefe === 2 && stapel[1] === 'schreibe' && tag.uri === XZUFI_NAMESPACE && DATENSATZ_ELEMENT[tag.local]) {
        beginneDatensatz(DATENSATZ_ELEMENT[tag.local], tiefe);
      } else if (tag.uri === XZUFI_NAMESPACE && (tag.local === 'onlinedienst' || tag.local === 'organisationseinheit' || tag.local === 'zustaendigkeitTransferObjekt')) {
        fehlplatziert.push({ name: tag.name, zeile: tagZeile, eltern: offeneNamen.slice(0, -1).join('/') });
      }
      return;
    }
    const pfad = tiefe === datensatzTiefe + 1 ? tag.local : `${pfade[pfade.length - 1]}/${tag.local}`;
    pfade.push(pfad);
    oeffneInDatensatz(datensatz, pfad, tag);
    if (istTextfeld(datensatz.art, pfad, tag.local)) {
      textPfad = pfad;
      textZeile = tagZeile;
      textSprache = attribut(tag, 'languageCode');
      textPuffer = '';
    }
  });

  parser.on('text', (t) => {
    if (textPfad !== null) textPuffer += t;
  });
  parser.on('cdata', (t) => {
    if (textPfad !== null) textPuffer += t;
  });

  parser.on('closetag', () => {
    const tiefe = stapel.length - 1;
    if (datensatz !== null) {
      if (tiefe === datensatzTiefe) {
        schliesseDatensatz(datensatz);
        datensatz = null;
        datensatzTiefe = -1;
      } else {
        const pfad = pfade.pop();
        if (textPfad !== null && pfad === textPfad) {
          setzeText(datensatz, textPfad, { wert: textPuffer.trim(), zeile: textZeile, sprache: textSprache });
          textPfad = null;
        }
      }
    }
    stapel.pop();
    zuletztGeschlossen = { name: offeneNamen.pop()!, zeile: offeneZeilen.pop()! };
  });

  // ---- record handling ---------------------------------------------------------------------------

  function pruefeWurzel(tag: SaxesTagNS) {
    wurzelZeile = tagZeile;
    const wo = `Zeile ${tagZeile}: Das Wurzelelement <${tag.name}>`;
    if (tag.uri !== XZUFI_NAMESPACE) {
      const grund =
        tag.uri === XZUFI_STANDARD_URN
          ? `verwendet „${XZUFI_STANDARD_URN}“ als Namensraum. Das ist die Kennung des Standards im XRepository; der Namensraum von XZuFi 2.2 ist „${XZUFI_NAMESPACE}“.`
          : /xzufi/i.test(tag.uri)
            ? `liegt im Namensraum „${kurz(tag.uri)}“, also in einer anderen XZuFi-Version. Angenommen wird XZuFi 2.2 („${XZUFI_NAMESPACE}“).`
            : `liegt ${tag.uri ? `im Namensraum „${kurz(tag.uri)}“` : 'in keinem Namensraum'}. Erwartet wird eine XZuFi-2.2-Nachricht im Namensraum „${XZUFI_NAMESPACE}“.`;
      throw new Abweisung('wurzel', { zeile: tagZeile, spalte: 'Wurzelelement', meldung: `${wo} ${grund}` });
    }
    const version = attribut(tag, 'xzufiVersion');
    if (version !== undefined && !/^2\.2(\.\d+)?$/.test(version.trim())) {
      throw new Abweisung('wurzel', {
        zeile: tagZeile,
        spalte: 'Wurzelelement/@xzufiVersion',
        meldung: `${wo} nennt xzufiVersion „${kurz(version, 20)}“; angenommen wird XZuFi 2.2.`,
      });
    }
  }

  function beginneDatensatz(art: DatensatzRoh['art'], tiefe: number) {
    datensaetze += 1;
    if (datensaetze > grenzen.maxDatensaetze) {
      throw new Abweisung('datensaetze', {
        zeile: tagZeile,
        meldung: `Zeile ${tagZeile}: Die Datei enthält mehr als ${zahl(grenzen.maxDatensaetze)} Datensätze (onlinedienst, leistung, zustaendigkeitTransferObjekt, organisationseinheit). Bitte teilen Sie sie in mehrere Dateien auf.`,
      });
    }
    datensatzTiefe = tiefe;
    pfade.length = 0;
    const zeile = tagZeile;
    datensatz =
      art === 'onlinedienst'
        ? { art, zeile, bezeichnungen: [], beschreibungen: [], links: [], zustaendigkeiten: [], leistungIds: [], sonstige: new Map() }
        : art === 'leistung'
          ? { art, zeile, referenzen: [], onlinedienstIds: [] }
          : art === 'transfer'
            ? { art, zeile }
            : { art, zeile, zustaendigkeiten: [] };
  }

  function oeffneInDatensatz(d: DatensatzRoh, pfad: string, tag: SaxesTagNS) {
    const neueZustaendigkeit = (): ZustaendigkeitRoh => ({ zeile: tagZeile, leistungIds: [], gebietIds: [], onlinedienstIds: [] });
    if (d.art === 'onlinedienst') {
      if (!pfad.includes('/') && !ONLINEDIENST_GELESEN.has(pfad) && !LEISTUNG_REF.test(pfad) && !d.sonstige.has(pfad)) d.sonstige.set(pfad, tagZeile);
      if (pfad === 'link') d.links.push({ zeile: tagZeile, sprache: attribut(tag, 'languageCode') });
      else if (pfad === 'link/typ') {
        const link = d.links.at(-1);
        if (link) link.typListe = attribut(tag, 'listURI');
      } else if (pfad === 'vertrauensniveau') d.vertrauensniveau = { zeile: tagZeile };
      else if (pfad === 'zustaendigkeit') d.zustaendigkeiten.push(neueZustaendigkeit());
    } else if (d.art === 'leistung') {
      if (pfad === 'referenzLeiKa') d.referenzen.push({ zeile: tagZeile });
    } else if (d.art === 'transfer') {
      if (pfad === 'zustaendigkeit' && !d.zustaendigkeit) d.zustaendigkeit = neueZustaendigkeit();
      else if (pfad === 'zustaendigkeit/id' && d.zustaendigkeit) d.zustaendigkeit.schema = attribut(tag, 'schemeID');
    } else if (pfad === 'zustaendigkeit') {
      d.zustaendigkeiten.push(neueZustaendigkeit());
    }
  }

  function setzeText(d: DatensatzRoh, pfad: string, w: Wert) {
    const local = pfad.slice(pfad.lastIndexOf('/') + 1);
    if (d.art === 'onlinedienst') {
      const link = d.links.at(-1);
      const zust = d.zustaendigkeiten.at(-1);
      if (LEISTUNG_REF.test(local) && !pfad.startsWith('zustaendigkeit/')) {
        if (w.wert) d.leistungIds.push(w);
      } else if (pfad === 'id') d.id = w;
      else if (pfad === 'bezeichnung') d.bezeichnungen.push({ ...w, wert: leerzeichen(w.wert) });
      else if (pfad === 'beschreibung') d.beschreibungen.push(w);
      else if (pfad === 'link/typ/code' && link) link.typCode = w.wert;
      else if (pfad === 'link/link' && link) link.url = w;
      else if (pfad === 'vertrauensniveau/code' && d.vertrauensniveau) d.vertrauensniveau.code = w.wert;
      else if (pfad === 'vertrauensniveau/name' && d.vertrauensniveau) d.vertrauensniveau.name = w.wert;
      else if (pfad === 'zustaendigkeit/leistungID' && zust) zust.leistungIds.push(w);
      else if (pfad === 'zustaendigkeit/gebietID' && zust) zust.gebietIds.push(w);
    } else if (d.art === 'leistung') {
      if (pfad === 'id') d.id = w;
      else if (pfad === 'referenzLeiKa/code' && d.referenzen.length > 0) d.referenzen[d.referenzen.length - 1].code = w.wert;
      else if (ONLINEDIENST_REF.test(local) && w.wert) d.onlinedienstIds.push(w);
    } else {
      const zust = d.art === 'transfer' ? d.zustaendigkeit : d.zustaendigkeiten.at(-1);
      if (d.art === 'transfer' && pfad === 'uebergeordnetesObjektID') d.uebergeordnet = w;
      else if (d.art === 'organisationseinheit' && pfad === 'id') d.id = w;
      else if (pfad === 'zustaendigkeit/leistungID' && zust) zust.leistungIds.push(w);
      else if (pfad === 'zustaendigkeit/gebietID' && zust) zust.gebietIds.push(w);
      else if (pfad.startsWith('zustaendigkeit/') && ONLINEDIENST_REF.test(local) && zust && w.wert) zust.onlinedienstIds.push(w);
    }
  }

  /**
   * Checks a Zuständigkeit on its own (references are resolved at the end). A gebietID is optional:
   * a Zuständigkeit of an onlinedienst without one takes the Gebiete of the Organisationseinheiten
   * zuständig for its Leistung.
   */
  function pruefeZustaendigkeit(z: ZustaendigkeitRoh, spalte: string): Zustaendigkeit {
    anzahl.zustaendigkeiten += 1;
    if (z.leistungIds.filter((l) => l.wert).length === 0 && z.onlinedienstIds.length === 0) {
      melde({ zeile: z.zeile, spalte: `${spalte}/leistungID`, meldung: `Die Zuständigkeit nennt keine Leistung (leistungID fehlt).` });
    }
    const ars: string[] = [];
    for (const g of z.gebietIds) {
      const wert = g.wert.replace(/\s+/g, '');
      if (GEBIET_ID.test(wert)) {
        if (!ars.includes(wert)) ars.push(wert);
      } else {
        melde({
          zeile: g.zeile,
          spalte: `${spalte}/gebietID`,
          meldung: `gebietID „${kurz(g.wert, 40)}“ ist kein Regionalschlüssel: erwartet werden 12 Ziffern (Gemeinde, z. B. 095640000000 für Nürnberg) oder der kürzere Schlüssel der Ebene – 2 (Land), 3 (Regierungsbezirk), 5 (Kreis, z. B. 09471), 9 (Gemeindeverband).`,
        });
      }
    }
    return { zeile: z.zeile, leistungIds: z.leistungIds.filter((l) => l.wert), ars, gebietFehler: z.gebietIds.length > 0 && ars.length === 0, onlinedienstIds: z.onlinedienstIds, spalte };
  }

  function schliesseDatensatz(d: DatensatzRoh) {
    if (d.art === 'onlinedienst') return schliesseOnlinedienst(d);
    if (d.art === 'leistung') return schliesseLeistung(d);
    if (d.art === 'transfer') return schliesseTransfer(d);
    if (d.id?.wert) organisationseinheiten.add(d.id.wert);
    for (const z of d.zustaendigkeiten) oeZustaendigkeiten.push(pruefeZustaendigkeit(z, 'organisationseinheit/zustaendigkeit'));
  }

  function schliesseOnlinedienst(d: OnlinedienstRoh) {
    anzahl.onlinedienste += 1;
    let gueltig = true;
    const fehlt = (spalte: string, text: string, zeile = d.zeile) => {
      gueltig = false;
      melde({ zeile, spalte, meldung: `${text}` });
    };
    const id = d.id?.wert ?? '';
    const wer = id ? `Der onlinedienst „${kurz(id, 60)}“` : 'Der onlinedienst';
    if (!id) fehlt('onlinedienst/id', 'Dem onlinedienst fehlt das Pflichtelement id.');
    else if (onlinedienstNachId.has(id)) {
      fehlt(
        'onlinedienst/id',
        `Die onlinedienst-id „${kurz(id, 60)}“ kommt mehrfach vor (zuerst in Zeile ${onlinedienstNachId.get(id)!.zeile}).`,
        d.id!.zeile,
      );
    }
    const name = deutsch(d.bezeichnungen.filter((b) => b.wert))?.wert ?? '';
    if (!name) fehlt('onlinedienst/bezeichnung', `Dem onlinedienst ${id ? `„${kurz(id, 60)}“ ` : ''}fehlt die bezeichnung.`);
    const beschreibung = leerzeichen(deutsch(d.beschreibungen.filter((b) => b.wert))?.wert ?? '');

    // The link to the service itself: typ code 01 of the onlinedienstlinktyp list.
    const eigene = d.links.filter(
      (l) => l.typCode === LINKTYP_ONLINEDIENST && (l.typListe === undefined || l.typListe.startsWith(LINKTYP_LISTE)),
    );
    const link = deutsch(eigene);
    let url = '';
    if (!link) {
      const typen = [...new Set(d.links.map((l) => l.typCode ?? '–'))];
      fehlt(
        'onlinedienst/link',
        d.links.length === 0
          ? `${wer} hat keinen link; gebraucht wird der Link zum Online-Verfahren selbst (typ 01).`
          : `${wer} hat keinen link vom typ 01 (Online-Verfahren selbst), nur ${typen.map((t) => `„${t}“`).join(', ')}. Informationsseiten zählen nicht als Online-Verfahren.`,
      );
    } else if (!link.url?.wert) {
      fehlt('onlinedienst/link/link', 'Der link vom typ 01 enthält keine Adresse (link/link).', link.zeile);
    } else if (!istHttpUrl(link.url.wert)) {
      fehlt('onlinedienst/link/link', `„${kurz(link.url.wert)}“ ist keine gültige http(s)-Adresse.`, link.url.zeile);
    } else {
      url = link.url.wert;
    }

    let vertrauensniveau: Vertrauensniveau | undefined;
    if (d.vertrauensniveau) {
      const v = d.vertrauensniveau;
      vertrauensniveau = VERTRAUENSNIVEAU[(v.code ?? '').toLowerCase()] ?? VERTRAUENSNIVEAU[(v.name ?? '').toLowerCase()];
      if (!vertrauensniveau) {
        fehlt(
          'onlinedienst/vertrauensniveau',
          `Vertrauensniveau ${[v.code, v.name].filter(Boolean).map((s) => `„${kurz(s!, 30)}“`).join(' / ') || '(leer)'} ist unbekannt; angenommen werden niedrig (Basisregistrierung), substanziell und hoch (im code oder name).`,
          v.zeile,
        );
      }
    }

    const zustaendigkeiten = d.zustaendigkeiten.map((z) => pruefeZustaendigkeit(z, 'onlinedienst/zustaendigkeit'));
    const od: Onlinedienst = { zeile: d.zeile, id, name, beschreibung, url, vertrauensniveau, zustaendigkeiten, leistungIds: d.leistungIds, sonstige: d.sonstige, gueltig };
    onlinedienste.push(od);
    if (id && !onlinedienstNachId.has(id)) onlinedienstNachId.set(id, od);
  }

  function schliesseLeistung(d: LeistungRoh) {
    anzahl.leistungen += 1;
    const id = d.id?.wert ?? '';
    if (!id) {
      melde({ zeile: d.zeile, spalte: 'leistung/id', meldung: `Der leistung fehlt das Pflichtelement id.` });
      return;
    }
    if (leistungen.has(id)) {
      melde({
        zeile: d.zeile,
        spalte: 'leistung/id',
        meldung: `Die leistung-id „${kurz(id, 60)}“ kommt mehrfach vor (zuerst in Zeile ${leistungen.get(id)!.zeile}).`,
      });
      return;
    }
    const schluessel: string[] = [];
    let fehlerhaft = false;
    for (const r of d.referenzen) {
      const code = r.code ?? '';
      if (LEIKA.test(code)) {
        if (!schluessel.includes(code)) schluessel.push(code);
      } else {
        fehlerhaft = true;
        melde({
          zeile: r.zeile,
          spalte: 'leistung/referenzLeiKa/code',
          meldung: `„${kurz(code, 40)}“ ist kein LeiKa-Leistungsschlüssel (14 Ziffern, z. B. 99012001001000).`,
        });
      }
    }
    leistungen.set(id, { zeile: d.zeile, schluessel, fehlerhaft, gemeldet: false });
    for (const o of d.onlinedienstIds) leistungVerweise.push({ leistungId: { wert: id, zeile: o.zeile }, onlinedienstId: o });
  }

  function schliesseTransfer(d: TransferRoh) {
    if (!d.uebergeordnet?.wert) {
      melde({
        zeile: d.zeile,
        spalte: 'zustaendigkeitTransferObjekt/uebergeordnetesObjektID',
        meldung: `Dem zustaendigkeitTransferObjekt fehlt uebergeordnetesObjektID (die id des onlinedienst).`,
      });
      return;
    }
    if (!d.zustaendigkeit) {
      melde({
        zeile: d.zeile,
        spalte: 'zustaendigkeitTransferObjekt/zustaendigkeit',
        meldung: `Dem zustaendigkeitTransferObjekt fehlt die zustaendigkeit.`,
      });
      return;
    }
    const zustaendigkeit = pruefeZustaendigkeit(d.zustaendigkeit, 'zustaendigkeitTransferObjekt/zustaendigkeit');
    transfers.push({ zeile: d.zeile, uebergeordnet: d.uebergeordnet, schema: d.zustaendigkeit.schema, zustaendigkeit });
  }

  // ---- reading the stream ------------------------------------------------------------------------

  let abgewiesen = false;
  let abweisungsgrund: Abweisungsgrund | undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunks: AsyncIterable<Uint8Array | string> =
    typeof (quelle as Readable).iterator === 'function' ? (quelle as Readable).iterator({ destroyOnReturn: false }) : quelle;

  const nichtUtf8 = (bytes: Uint8Array): Abweisung => {
    const text = new TextDecoder('utf-8').decode(bytes);
    const vor = text.slice(0, Math.max(0, text.indexOf('\uFFFD')));
    const zeile = parser.line + (vor.match(/\n/g)?.length ?? 0);
    return new Abweisung('kodierung', { zeile, meldung: `Zeile ${zeile}: Ungültige Zeichen – die Datei ist nicht in UTF-8 gespeichert.` });
  };

  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      anzahl.bytes += bytes;
      if (anzahl.bytes > grenzen.maxBytes) {
        throw new Abweisung('groesse', {
          zeile: parser.line,
          meldung: `Die Datei ist größer als ${groesse(grenzen.maxBytes)} und wurde ab Zeile ${parser.line} nicht weiter gelesen. Bitte teilen Sie sie in mehrere Dateien auf.`,
        });
      }
      let text: string;
      if (typeof chunk === 'string') text = chunk;
      else {
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw nichtUtf8(chunk);
        }
      }
      parser.write(text);
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw new Abweisung('kodierung', { zeile: parser.line, meldung: `Zeile ${parser.line}: Die Datei endet mitten in einem UTF-8-Zeichen.` });
    }
    parser.write(rest).close();
  } catch (e) {
    if (!(e instanceof Abweisung)) throw e;
    abgewiesen = true;
    abweisungsgrund = e.grund;
    fehler.push(e.fehler);
  }

  if (abgewiesen) return { zeilen: [], fehler, abgewiesen, abweisungsgrund, anzahl };

  const zeilen = zuordnen({ onlinedienste, onlinedienstNachId, leistungen, organisationseinheiten, oeZustaendigkeiten, leistungVerweise, transfers }, melde);

  if (anzahl.onlinedienste > 0) {
    for (const f of fehlplatziert) {
      melde({ zeile: f.zeile, spalte: f.name, meldung: `<${f.name}> steht unter <${f.eltern}>; gelesen werden Datensätze direkt in einem <schreibe> unter dem Wurzelelement. Dieser Datensatz wurde nicht gelesen.` });
    }
  }
  if (anzahl.onlinedienste === 0) {
    const wo = fehlplatziert.slice(0, 3).map((f) => `<${f.name}> in Zeile ${f.zeile} steht unter <${f.eltern}>`);
    melde({
      zeile: fehlplatziert[0]?.zeile ?? wurzelZeile,
      spalte: fehlplatziert[0] ? fehlplatziert[0].name : 'schreibe/onlinedienst',
      meldung: `Die Datei enthält keinen onlinedienst unter <schreibe> (jeder Datensatz einer XZuFi-Nachricht steht in einem eigenen <schreibe> direkt unter dem Wurzelelement).${wo.length ? ` Gefunden: ${wo.join('; ')}.` : ''}`,
    });
  }
  fehler.sort((a, b) => a.zeile - b.zeile);
  if (ausgelassen > 0) {
    fehler.push({ zeile: fehler.at(-1)?.zeile ?? 1, meldung: `… und ${zahl(ausgelassen)} weitere Fehler (nur die ersten ${zahl(grenzen.maxFehler)} werden gezeigt).` });
  }
  return { zeilen, fehler, abgewiesen, anzahl };
}
