/**
 * Obvious passwords that NIST SP 800-63B §5.1.1.2 asks to refuse ("commonly-used, expected, or
 * compromised values", "dictionary words", "context-specific words such as the name of the
 * service"). A short hand-written list, not a copy of a breach corpus: since every password has at
 * least 12 characters, what matters here are words that people pad to that length with digits and
 * symbols („Passwort2024!“, „Sommer2026!!“), and the platform's own names. The check compares the
 * letters of a password (umlauts spelled out) with these words, so „Bayern-2026!!“ is refused
 * while a phrase of several words is not.
 */
export const HAEUFIGE_WOERTER: ReadonlySet<string> = new Set([
  // "password" and its German and other spellings
  'password', 'passwort', 'passwd', 'passw', 'kennwort', 'geheim', 'geheimnis', 'secret', 'pass', 'pw',
  // greetings and phrases that appear in every list of common passwords
  'hallo', 'hello', 'welcome', 'willkommen', 'letmein', 'iloveyou', 'ichliebedich', 'trustno', 'changeme', 'test', 'login', 'master',
  'admin', 'administrator', 'root', 'user', 'benutzer', 'qwerty', 'qwertz', 'asdf', 'asdfgh', 'yxcv', 'abc', 'abcdef',
  // seasons, months and names of places people use with a year
  'sommer', 'winter', 'herbst', 'fruehling', 'fruhling', 'summer', 'autumn', 'spring',
  'januar', 'februar', 'maerz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember',
  'bayern', 'freistaat', 'muenchen', 'munchen', 'nuernberg', 'nurnberg', 'augsburg', 'regensburg', 'wuerzburg', 'deutschland', 'germany',
  // the service, its purpose and its users (context-specific words)
  'digitalesamt', 'digitales', 'amt', 'praedikat', 'pradikat', 'verwaltung', 'rathaus', 'gemeinde', 'landratsamt', 'kommune', 'behoerde', 'behorde', 'digitallotse',
  'buergermeister', 'burgermeister', 'ministerium', 'staatsministerium', 'foerderung', 'forderung',
  // other favourites
  'fussball', 'football', 'dragon', 'monkey', 'shadow', 'sunshine', 'princess', 'schatz', 'schatzi', 'mausi', 'hase', 'sonne', 'blume', 'computer', 'internet',
]);

/** Rows of German and English keyboards: a password that is one stretch of a row is refused. */
export const TASTATURREIHEN: readonly string[] = ['1234567890ß', 'qwertzuiopü', 'asdfghjklöä', 'yxcvbnm', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];
