/**
 * Building blocks of the information pages (Impressum, Datenschutz, Barrierefreiheit, Leichte
 * Sprache, Datenquellen): the contact data of the public bodies named on them, kept in one place so
 * a change of address or mailbox is one edit, and small KERN components the pages share.
 */
import type { ComponentChildren } from 'preact';
import type { Attribution } from '../../shared/attributions';
import type { Locale } from '../../shared/i18n';

/** What the information pages need from the configuration (never the secrets). */
export interface InfoEnv {
  publicBaseUrl: string;
  demo: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  logLevel: string;
  cookieSecure: boolean;
  thresholds: { default: number; bezirk: number };
  /** From `readAttributions(officialDataDir)`: one entry per official data set in use. */
  attributions: Attribution[];
}

export interface Stelle {
  name: string;
  strasse?: string;
  ort?: string;
  postfach?: string;
  email: string;
  web?: string;
}

/** Herausgeber and Verantwortlicher: the Bavarian State Ministry for Digital Affairs (StMD). */
export const STMD: Stelle = {
  name: 'Bayerisches Staatsministerium für Digitales',
  strasse: 'Oskar-von-Miller-Ring 35',
  ort: '80333 München',
  email: 'poststelle@stmd.bayern.de',
  web: 'https://www.stmd.bayern.de',
};

/** The ministry's data protection officer (Art. 37 DSGVO), reached through the functional mailbox. */
export const STMD_DSB: Stelle = {
  name: 'Behördlicher Datenschutzbeauftragter des Bayerischen Staatsministeriums für Digitales',
  strasse: 'Oskar-von-Miller-Ring 35',
  ort: '80333 München',
  email: 'datenschutzbeauftragter@stmd.bayern.de',
};

/** Supervisory authority for Bavarian public bodies (Art. 15 BayDSG, Art. 77 DSGVO). */
export const BAYLFD: Stelle = {
  name: 'Der Bayerische Landesbeauftragte für den Datenschutz',
  strasse: 'Wagmüllerstraße 18',
  ort: '80538 München',
  postfach: 'Postfach 22 12 19, 80502 München',
  email: 'poststelle@datenschutz-bayern.de',
  web: 'https://www.datenschutz-bayern.de',
};

/** Enforcement body for digital accessibility in Bavaria (§ 11 BayDiV), at the LDBV. */
export const DURCHSETZUNGSSTELLE: Stelle = {
  name: 'Durchsetzungs- und Überwachungsstelle für barrierefreie Informationstechnik am Landesamt für Digitalisierung, Breitband und Vermessung',
  strasse: 'Alexandrastraße 4',
  ort: '80538 München',
  email: 'bitv@bayern.de',
  web: 'https://www.bitv.bayern.de',
};

/** The date the accessibility statement and the privacy statement were prepared. */
export const STAND = '2026-11-26T12:00:00Z';

export const mailto = (email: string, subject?: string) => `mailto:${email}${subject ? `?subject=${encodeURIComponent(subject)}` : ''}`;

/** A postal address with e-mail and web link, as an `<address>` (one line per part). */
export function Anschrift({ stelle, locale, nameLang }: { stelle: Stelle; locale: Locale; nameLang?: 'de' }) {
  const de = locale === 'de';
  return (
    <address class="kern-body info-address">
      <span lang={nameLang}>{stelle.name}</span>
      {stelle.strasse && (
        <>
          <br />
          {stelle.strasse}
        </>
      )}
      {stelle.ort && (
        <>
          <br />
          {stelle.ort}
        </>
      )}
      {stelle.postfach && (
        <>
          <br />
          {de ? 'Postanschrift: ' : 'Postal address: '}
          {stelle.postfach}
        </>
      )}
      <br />
      {de ? 'E-Mail: ' : 'E-mail: '}
      <a class="kern-link" href={mailto(stelle.email)}>
        {stelle.email}
      </a>
      {stelle.web && (
        <>
          <br />
          {de ? 'Internet: ' : 'Website: '}
          <a class="kern-link" href={stelle.web}>
            {stelle.web.replace(/^https:\/\//, '')}
          </a>
        </>
      )}
    </address>
  );
}

/** Picks the German or English variant; strings stay strings (for titles and attributes). */
export function chooser(locale: Locale) {
  function tr(d: string, e: string): string;
  function tr(d: ComponentChildren, e: ComponentChildren): ComponentChildren;
  function tr(d: ComponentChildren, e: ComponentChildren): ComponentChildren {
    return locale === 'de' ? d : e;
  }
  return tr;
}

/** German text inside an English page: screen readers switch pronunciation (WCAG 3.1.2). */
export const De = ({ children }: { children: ComponentChildren }) => <span lang="de">{children}</span>;

/** A section with an `h2` whose id the page's table of contents links to. */
export function Abschnitt({ id, title, children }: { id: string; title: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="info-section">
      <h2 class="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** "On this page": links to each section, for long legal pages. */
export function Inhaltsverzeichnis({ locale, items }: { locale: Locale; items: { id: string; label: ComponentChildren }[] }) {
  const label = locale === 'de' ? 'Inhalt dieser Seite' : 'On this page';
  return (
    <nav class="info-toc" aria-label={label}>
      <p class="kern-body kern-body--bold">{label}</p>
      <ul class="kern-list kern-list--bullet">
        {items.map((i) => (
          <li>
            <a class="kern-link" href={`#${i.id}`}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** One key/value row of a KERN description list. */
export function Eintrag({ term, children }: { term: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{term}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}
