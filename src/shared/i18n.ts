/**
 * German first, English second. The language comes from the `lang` cookie, set by the
 * language switch link (works without JavaScript).
 */
export type Locale = 'de' | 'en';

const messages = {
  'site.name': { de: 'Digitales Amt', en: 'Digitales Amt' },
  'site.tagline': {
    de: 'Das Prädikat für digitale Verwaltung in Bayern',
    en: 'The label for digital administration in Bavaria',
  },
  'site.official': { de: 'Offizielle Website des Freistaats Bayern (Demonstrationsplattform)', en: 'Official website of the Free State of Bavaria (demonstration platform)' },
  'nav.main': { de: 'Hauptnavigation', en: 'Main navigation' },
  'nav.home': { de: 'Start', en: 'Home' },
  'nav.buergerservice': { de: 'Bürgerservice', en: 'Citizen service' },
  'nav.behoerden': { de: 'Behörden', en: 'Authorities' },
  'nav.karte': { de: 'Karte', en: 'Map' },
  'nav.statistik': { de: 'Statistik', en: 'Statistics' },
  'nav.verfahren': { de: 'Online-Verfahren', en: 'Online procedures' },
  'nav.opendata': { de: 'Offene Daten', en: 'Open data' },
  'nav.login': { de: 'Anmelden', en: 'Log in' },
  'nav.logout': { de: 'Abmelden', en: 'Log out' },
  'nav.account': { de: 'Mein Konto', en: 'My account' },
  'nav.skip': { de: 'Zum Inhalt springen', en: 'Skip to content' },
  'nav.language': { de: 'English', en: 'Deutsch' },
  'nav.languageLabel': { de: 'Sprache wechseln: English', en: 'Switch language: Deutsch' },
  'footer.legal': { de: 'Rechtliches', en: 'Legal' },
  'footer.impressum': { de: 'Impressum', en: 'Legal notice' },
  'footer.datenschutz': { de: 'Datenschutz', en: 'Privacy' },
  'footer.barrierefreiheit': { de: 'Erklärung zur Barrierefreiheit', en: 'Accessibility statement' },
  'footer.leichteSprache': { de: 'Leichte Sprache', en: 'Easy language' },
  'footer.api': { de: 'Schnittstelle (API)', en: 'API' },
  'footer.sources': { de: 'Datenquellen', en: 'Data sources' },
  'footer.demo': {
    de: 'Welche Behörde welche Online-Verfahren verlinkt, ist simuliert (Demodaten).',
    en: 'Which authority links which online procedures is simulated (demo data).',
  },
  'error.title': { de: 'Fehler', en: 'Error' },
  'error.summary': { de: 'Bitte korrigieren Sie die folgenden Angaben:', en: 'Please correct the following:' },
  'error.404': { de: 'Seite nicht gefunden', en: 'Page not found' },
  'error.404.text': {
    de: 'Die aufgerufene Seite gibt es nicht. Prüfen Sie die Adresse oder beginnen Sie auf der Startseite.',
    en: 'This page does not exist. Check the address or start on the home page.',
  },
  'error.403': { de: 'Kein Zugriff', en: 'Access denied' },
  'error.403.text': { de: 'Für diese Seite oder Aktion fehlt Ihnen die Berechtigung.', en: 'You are not allowed to see this page or do this.' },
  'error.500': { de: 'Ein technischer Fehler ist aufgetreten', en: 'A technical error occurred' },
  'error.500.text': {
    de: 'Bitte versuchen Sie es später erneut. Wenn der Fehler bleibt, nennen Sie uns die Vorgangsnummer:',
    en: 'Please try again later. If the error persists, quote this reference:',
  },
  'error.503': { de: 'Die Plattform startet gerade', en: 'The platform is starting' },
  'error.503.text': {
    de: 'Die amtlichen Daten werden eingelesen. Bitte versuchen Sie es in einer Minute erneut.',
    en: 'The official data is being imported. Please try again in a minute.',
  },
  'error.back': { de: 'Zur Startseite', en: 'To the home page' },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof messages;

export function t(locale: Locale, key: MessageKey): string {
  return messages[key][locale];
}

/** Picks the locale: explicit cookie first, else German (the platform's primary language). */
export function resolveLocale(cookie: string | undefined): Locale {
  return cookie === 'en' ? 'en' : 'de';
}

const numberFormats = { de: new Intl.NumberFormat('de-DE'), en: new Intl.NumberFormat('en-GB') };
export const formatNumber = (locale: Locale, n: number) => numberFormats[locale].format(n);

const dateFormats = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' }),
};
export const formatDate = (locale: Locale, d: Date | string) => dateFormats[locale].format(typeof d === 'string' ? new Date(d) : d);

const berlinTag = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The calendar day in Bavaria (YYYY-MM-DD) of an instant. */
export const tagInBayern = (d: Date) => berlinTag.format(d);

/**
 * A count with its noun in the right number: `zahlMitWort('de', 1, 'Verlinkung', 'Verlinkungen')`
 * → „1 Verlinkung“, with 2 → „2 Verlinkungen“, 1234 → „1.234 Verlinkungen“. German and English
 * both use the singular for exactly one only.
 */
export const zahlMitWort = (locale: Locale, n: number, einzahl: string, mehrzahl: string) => `${formatNumber(locale, n)} ${n === 1 ? einzahl : mehrzahl}`;

/** „Es fehlt noch 1 zählendes Online-Verfahren“ / „Es fehlen noch 7 zählende Online-Verfahren“ (German). */
export const fehlendeVerfahren = (n: number, noch = true) =>
  n === 1 ? `Es fehlt${noch ? ' noch' : ''} 1 zählendes Online-Verfahren` : `Es fehlen${noch ? ' noch' : ''} ${formatNumber('de', n)} zählende Online-Verfahren`;

/**
 * A count with its noun in the right number: "1 Behörde", "2 Behörden", "1.463 Behörden";
 * `formen` gives singular and plural per language.
 */
export function mitAnzahl(locale: Locale, n: number, formen: Record<Locale, readonly [string, string]>): string {
  const [eins, mehr] = formen[locale];
  return zahlMitWort(locale, n, eins, mehr);
}

/** Nouns the public pages count. */
export const NOMEN = {
  behoerde: { de: ['Behörde', 'Behörden'], en: ['authority', 'authorities'] },
  gemeinde: { de: ['Gemeinde', 'Gemeinden'], en: ['municipality', 'municipalities'] },
  zeile: { de: ['Zeile', 'Zeilen'], en: ['row', 'rows'] },
  verfahren: { de: ['Online-Verfahren', 'Online-Verfahren'], en: ['online procedure', 'online procedures'] },
  themenfeld: { de: ['Themenfeld', 'Themenfeldern'], en: ['topic area', 'topic areas'] },
  verleihung: { de: ['Verleihung', 'Verleihungen'], en: ['award', 'awards'] },
  treffer: { de: ['Treffer', 'Treffer'], en: ['result', 'results'] },
  einwohner: { de: ['Einwohner', 'Einwohner'], en: ['inhabitant', 'inhabitants'] },
} as const satisfies Record<string, Record<Locale, readonly [string, string]>>;
