/**
 * XZuFi 2.2 import, second half: the records read from the file (xzufi.parser.ts) mapped to the
 * rows of the bulk upload, one per onlinedienst × gebietID, with the references between
 * onlinedienst, leistung, zustaendigkeitTransferObjekt and Organisationseinheit resolved
 * (docs/xzufi.md). Every problem is reported through `melde` with its line.
 */
import { zahlMitWort } from '../shared/i18n';
import type { VERTRAUENSNIVEAUS } from './upload.pruefung';
import type { UploadFehler, UploadZeile } from './upload.types';

/** The platform's Vertrauensniveau values, as the upload validator accepts them. */
export type Vertrauensniveau = (typeof VERTRAUENSNIVEAUS)[number];

/** Record shapes after reading: only what the mapping needs, captured while the record streams past. */
export interface Wert {
  wert: string;
  zeile: number;
  sprache?: string;
}

/** A Zuständigkeit after its own checks: references still open. */
export interface Zustaendigkeit {
  zeile: number;
  leistungIds: Wert[];
  /** Valid gebietIDs (empty: the Gebiete come from the Organisationseinheiten zuständig for the Leistung). */
  ars: string[];
  /** It named gebietIDs, but none was valid (already reported). */
  gebietFehler: boolean;
  onlinedienstIds: Wert[];
  spalte: string;
}

/** An onlinedienst reduced to what the rows need. */
export interface Onlinedienst {
  zeile: number;
  id: string;
  name: string;
  beschreibung: string;
  url: string;
  vertrauensniveau?: Vertrauensniveau;
  zustaendigkeiten: Zustaendigkeit[];
  leistungIds: Wert[];
  sonstige: Map<string, number>;
  gueltig: boolean;
}

export interface Leistung {
  zeile: number;
  schluessel: string[];
  /** Had a referenzLeiKa whose code is not a LeiKa key (already reported). */
  fehlerhaft: boolean;
  /** "No LeiKa key" was already reported (once per leistung, however often it is referenced). */
  gemeldet: boolean;
}


export const kurz = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** What the reading collected from the whole file. */
export interface XzufiGelesen {
  onlinedienste: Onlinedienst[];
  onlinedienstNachId: Map<string, Onlinedienst>;
  leistungen: Map<string, Leistung>;
  organisationseinheiten: Set<string>;
  oeZustaendigkeiten: Zustaendigkeit[];
  leistungVerweise: { leistungId: Wert; onlinedienstId: Wert }[];
  transfers: { zeile: number; uebergeordnet: Wert; schema?: string; zustaendigkeit: Zustaendigkeit }[];
}

/** The upload rows of the onlinedienste read, in file order; problems go to `melde`. */
export function zuordnen(gelesen: XzufiGelesen, melde: (f: UploadFehler) => void): UploadZeile[] {
  const { onlinedienste, onlinedienstNachId, leistungen, organisationseinheiten, oeZustaendigkeiten, leistungVerweise, transfers } = gelesen;

  // ---- resolving references ----------------------------------------------------------------------

  // A zustaendigkeitTransferObjekt belongs to the object its uebergeordnetesObjektID names: an
  // onlinedienst of the file (form c), or an Organisationseinheit (by its id, or by the schemeID
  // ZustaendigkeitOrganisationseinheit when the Organisationseinheit itself is not in the file).
  for (const t of transfers) {
    const ziel = onlinedienstNachId.get(t.uebergeordnet.wert);
    if (ziel) ziel.zustaendigkeiten.push(t.zustaendigkeit);
    else if (organisationseinheiten.has(t.uebergeordnet.wert) || (t.schema && /organisationseinheit/i.test(t.schema))) oeZustaendigkeiten.push(t.zustaendigkeit);
    else {
      melde({
        zeile: t.uebergeordnet.zeile,
        spalte: 'zustaendigkeitTransferObjekt/uebergeordnetesObjektID',
        meldung: `uebergeordnetesObjektID „${kurz(t.uebergeordnet.wert, 60)}“ verweist auf keinen onlinedienst und keine organisationseinheit dieser Datei (und die Zuständigkeit ist nicht als ZustaendigkeitOrganisationseinheit gekennzeichnet).`,
      });
    }
  }

  // Form b: where Organisationseinheiten are zuständig for a Leistung.
  const gebieteDerLeistung = new Map<string, string[]>();
  /** Zuständigkeiten of Organisationseinheiten that name an onlinedienst directly. */
  const oeFuerOnlinedienst = new Map<string, Zustaendigkeit[]>();
  for (const z of oeZustaendigkeiten) {
    for (const l of z.leistungIds) {
      const liste = gebieteDerLeistung.get(l.wert) ?? [];
      for (const a of z.ars) if (!liste.includes(a)) liste.push(a);
      gebieteDerLeistung.set(l.wert, liste);
    }
    for (const o of z.onlinedienstIds) oeFuerOnlinedienst.set(o.wert, [...(oeFuerOnlinedienst.get(o.wert) ?? []), z]);
  }
  const verweiseAufOnlinedienst = new Map<string, Wert[]>();
  for (const v of leistungVerweise) {
    if (onlinedienstNachId.has(v.onlinedienstId.wert)) verweiseAufOnlinedienst.set(v.onlinedienstId.wert, [...(verweiseAufOnlinedienst.get(v.onlinedienstId.wert) ?? []), v.leistungId]);
    else {
      melde({
        zeile: v.onlinedienstId.zeile,
        spalte: 'leistung/onlinedienstID',
        meldung: `Die leistung „${kurz(v.leistungId.wert, 60)}“ nennt den onlinedienst „${kurz(v.onlinedienstId.wert, 60)}“, den es in dieser Datei nicht gibt.`,
      });
    }
  }

  const zeilen: UploadZeile[] = [];
  for (const od of onlinedienste) {
    /** Each Leistung the onlinedienst realises, with its own Gebiete or null (then the Organisationseinheiten'). */
    const paare: { leistung: Wert; gebiete: string[] | null; spalte: string; gemeldet?: boolean }[] = [];
    for (const z of od.zustaendigkeiten) {
      for (const l of z.leistungIds) paare.push({ leistung: l, gebiete: z.ars.length || z.gebietFehler ? z.ars : null, spalte: z.spalte, gemeldet: z.gebietFehler });
    }
    for (const l of od.leistungIds) paare.push({ leistung: l, gebiete: null, spalte: 'onlinedienst/leistungID' });
    for (const l of verweiseAufOnlinedienst.get(od.id) ?? []) paare.push({ leistung: l, gebiete: null, spalte: 'leistung/onlinedienstID' });
    for (const z of oeFuerOnlinedienst.get(od.id) ?? []) for (const l of z.leistungIds) paare.push({ leistung: l, gebiete: z.ars, spalte: z.spalte });

    if (paare.length === 0) {
      const sonstige = [...od.sonstige].slice(0, 6).map(([name, zeile]) => `<${name}> (Zeile ${zeile})`);
      const oe = oeZustaendigkeiten.length
        ? ` Die Datei enthält ${zahlMitWort('de', oeZustaendigkeiten.length, 'Zuständigkeit', 'Zuständigkeiten')} von Organisationseinheiten; zugeordnet wird ihnen ein onlinedienst über die leistungID seiner Zuständigkeit.`
        : '';
      melde({
        zeile: od.zeile,
        spalte: 'onlinedienst/zustaendigkeit',
        meldung: `${od.id ? `Der onlinedienst „${kurz(od.id, 60)}“` : 'Der onlinedienst'} nennt keine Leistung und keine Zuständigkeit: erwartet wird <zustaendigkeit> mit <leistungID> (und <gebietID> oder Organisationseinheiten, die für die Leistung zuständig sind) im onlinedienst oder ein zustaendigkeitTransferObjekt mit uebergeordnetesObjektID „${kurz(od.id, 60)}“.${sonstige.length ? ` Nicht ausgewertet wurden: ${sonstige.join(', ')}.` : ''}${oe} Ohne Zuständigkeit wäre er keiner Behörde zugeordnet.`,
      });
      continue;
    }
    // The procedure realises the Leistungen of all its Zuständigkeiten: the platform keeps one set
    // of LeiKa keys per catalogue entry, so every row of the onlinedienst gets all of them.
    const leikaSchluessel: string[] = [];
    const arsListe: string[] = [];
    let ohneGebiet = false;
    for (const { leistung: ref, gebiete, spalte, gemeldet } of paare) {
      const l = leistungen.get(ref.wert);
      if (!l) {
        melde({ zeile: ref.zeile, spalte: spalte.endsWith('ID') ? spalte : `${spalte}/leistungID`, meldung: `leistungID „${kurz(ref.wert, 60)}“ verweist auf keine leistung dieser Datei.` });
      } else if (l.schluessel.length === 0 && !l.fehlerhaft && !l.gemeldet) {
        l.gemeldet = true;
        melde({ zeile: l.zeile, spalte: 'leistung/referenzLeiKa', meldung: `Die leistung „${kurz(ref.wert, 60)}“ hat keinen LeiKa-Schlüssel (referenzLeiKa/code).` });
      }
      for (const s of l?.schluessel ?? []) if (!leikaSchluessel.includes(s)) leikaSchluessel.push(s);
      const wo = gebiete ?? gebieteDerLeistung.get(ref.wert) ?? [];
      if (wo.length === 0) ohneGebiet = true;
      if (wo.length === 0 && !gemeldet) {
        melde({
          zeile: ref.zeile,
          spalte: spalte.endsWith('ID') ? spalte : `${spalte}/leistungID`,
          meldung: `Für die Leistung „${kurz(ref.wert, 60)}“ des onlinedienst „${kurz(od.id, 60)}“ nennt weder die Zuständigkeit eine gebietID noch ist eine Organisationseinheit dieser Datei für sie zuständig (organisationseinheit/zustaendigkeit mit leistungID und gebietID): der onlinedienst wäre keiner Behörde zugeordnet.`,
        });
      }
      for (const a of wo) if (!arsListe.includes(a)) arsListe.push(a);
    }
    if (!od.gueltig || leikaSchluessel.length === 0 || ohneGebiet) continue; // the reasons are already reported
    for (const ars of arsListe) {
      zeilen.push({
        zeile: od.zeile,
        ars,
        name: od.name,
        beschreibung: od.beschreibung,
        url: od.url,
        leikaSchluessel,
        externeId: od.id,
        ...(od.vertrauensniveau ? { vertrauensniveau: od.vertrauensniveau } : {}),
        art: 'online',
      });
    }
  }
  return zeilen;
}
