/**
 * Review signals for the ministry's four-eyes check: which of a Behörde's links deserve a look
 * before the count is trusted. Pure: the service gathers the links, this module sorts them.
 *
 * | signal | what it catches |
 * |---|---|
 * | `neuKommunal` | own (kommunal) entries linked since the last review (award or earlier application): nobody at the ministry has seen them yet |
 * | `ohneLeika` | entries without a LeiKa key: no administrative service named, nothing to compare with |
 * | `nameAuffaellig` | names or addresses that look like an information page or a file (verfahrensname.ts) |
 * | `adresseGeteilt` | entries whose address another entry has too: the same service twice (not counted twice) or a copy of another provider's procedure |
 * | `linkUngeprueft` | addresses the link check has never reached |
 * | `linkDefekt` | addresses that failed the last link check |
 *
 * Each signal has the number of entries and the entries themselves; `anzahlOhneAuffaellige` is what
 * the count would be without every counting entry that carries a signal — the reviewer sees at once
 * whether the threshold depends on them.
 */
import { adresseIstDatei, namensAuffaelligkeit } from './verfahrensname';

export const SIGNALE = ['neuKommunal', 'ohneLeika', 'nameAuffaellig', 'adresseGeteilt', 'linkUngeprueft', 'linkDefekt'] as const;
export type Signal = (typeof SIGNALE)[number];

export const SIGNAL_TEXT: Record<Signal, { titel: string; erklaerung: string; en: string }> = {
  neuKommunal: {
    titel: 'Neue eigene Einträge',
    erklaerung: 'Kommunale Verfahren, die seit der letzten Prüfung verlinkt wurden – noch von niemandem im Ministerium angesehen.',
    en: 'Own entries linked since the last review',
  },
  ohneLeika: { titel: 'Ohne LeiKa-Schlüssel', erklaerung: 'Einträge, die keine Leistung des Leistungskatalogs nennen.', en: 'Entries without a LeiKa key' },
  nameAuffaellig: {
    titel: 'Name oder Adresse wie Informationsseite oder Datei',
    erklaerung: 'Namen wie „Formular zum Ausdrucken“, „Informationen zu …“ oder Dateinamen, Adressen auf Dateien (.pdf): Informationsseiten und Formulare zum Ausdrucken zählen nicht.',
    en: 'Name or address looks like an information page or a file',
  },
  adresseGeteilt: {
    titel: 'Adresse mit anderem Eintrag geteilt',
    erklaerung: 'Einträge, deren Adresse (normalisiert) ein anderer Eintrag auch hat – derselbe Dienst zweimal oder die Kopie eines fremden Verfahrens.',
    en: 'Address shared with another entry',
  },
  linkUngeprueft: { titel: 'Link nie geprüft', erklaerung: 'Die Linkprüfung hat die Adresse noch nicht erreicht.', en: 'Link never checked' },
  linkDefekt: { titel: 'Link defekt', erklaerung: 'Die Adresse war bei der letzten Linkprüfung nicht erreichbar.', en: 'Link broken' },
};

/** What the signals need of one link. */
export interface SignalLink {
  verfahrenId: string;
  name: string;
  url: string;
  bereitstellung: string;
  verlinktSeit: Date | string;
  leika: readonly string[];
  zaehlt: boolean;
  /** Status of the last link check (`ok`, `defekt`) or null when never checked. */
  linkStatus: string | null;
  /** Same service as another link of this Behörde (its name), if so. */
  doppeltVon?: string | null;
  /** Other catalogue entries with the same normalised address. */
  gleicheAdresseAnderswo: number;
  /** The ministry already marked it „zählt nicht“. */
  vermerkt?: boolean;
}

export interface SignalEintrag {
  verfahrenId: string;
  name: string;
  url: string;
  zaehlt: boolean;
  vermerkt: boolean;
  /** Why this entry carries the signal, in German. */
  hinweis: string;
}

export interface SignalGruppe {
  anzahl: number;
  /** The entries (at most `maxEintraege`; `anzahl` is the full number). */
  eintraege: SignalEintrag[];
}

export interface Pruefsignale {
  /** The last review the `neuKommunal` signal counts from (ISO date), or null: never reviewed. */
  seit: string | null;
  /** Counting entries that carry at least one signal. */
  auffaelligZaehlend: number;
  /** The count without them. */
  anzahlOhneAuffaellige: number;
  signale: Record<Signal, SignalGruppe>;
}

const DATEI_TEXT = { datei: 'Name wie ein Dateiname', ausdrucken: 'Name wie ein Formular zum Ausdrucken oder eine Datei', information: 'Name wie eine Informationsseite' };

/** Sorts a Behörde's links into the signals. `anzahl` is its current count. */
export function berechnePruefsignale(links: readonly SignalLink[], opts: { seit: Date | null; anzahl: number; maxEintraege?: number }): Pruefsignale {
  const max = opts.maxEintraege ?? Number.POSITIVE_INFINITY;
  const gruppen = Object.fromEntries(SIGNALE.map((s) => [s, { anzahl: 0, eintraege: [] as SignalEintrag[] }])) as Record<Signal, SignalGruppe>;
  const auffaellig = new Set<string>();
  const melde = (s: Signal, l: SignalLink, hinweis: string) => {
    const g = gruppen[s];
    g.anzahl += 1;
    if (g.eintraege.length < max) g.eintraege.push({ verfahrenId: l.verfahrenId, name: l.name, url: l.url, zaehlt: l.zaehlt, vermerkt: Boolean(l.vermerkt), hinweis });
    if (l.zaehlt) auffaellig.add(l.verfahrenId);
  };
  const seit = opts.seit?.getTime();
  for (const l of links) {
    if (l.bereitstellung === 'kommunal' && (seit === undefined || new Date(l.verlinktSeit).getTime() > seit)) {
      melde('neuKommunal', l, `verlinkt am ${new Date(l.verlinktSeit).toISOString().slice(0, 10)}`);
    }
    if (l.leika.length === 0) melde('ohneLeika', l, 'kein LeiKa-Schlüssel');
    const name = namensAuffaelligkeit(l.name);
    if (name) melde('nameAuffaellig', l, DATEI_TEXT[name]);
    else if (adresseIstDatei(l.url)) melde('nameAuffaellig', l, 'Adresse zeigt auf eine Datei');
    if (l.doppeltVon) melde('adresseGeteilt', l, `derselbe Dienst wie „${l.doppeltVon}“`);
    else if (l.gleicheAdresseAnderswo > 0) melde('adresseGeteilt', l, `gleiche Adresse wie ${l.gleicheAdresseAnderswo === 1 ? 'ein anderer Eintrag' : `${l.gleicheAdresseAnderswo} andere Einträge`} im Katalog`);
    if (l.linkStatus === null) melde('linkUngeprueft', l, 'noch nicht geprüft');
    else if (l.linkStatus === 'defekt') melde('linkDefekt', l, 'bei der letzten Prüfung nicht erreichbar');
  }
  return {
    seit: opts.seit ? opts.seit.toISOString().slice(0, 10) : null,
    auffaelligZaehlend: auffaellig.size,
    anzahlOhneAuffaellige: Math.max(0, opts.anzahl - auffaellig.size),
    signale: gruppen,
  };
}
