/**
 * The embeddable list of a Behörde's Online-Verfahren: a complete, small, script-free HTML
 * document for an `<iframe>` on the Kommune's own website (its CMS). Every link opens in a new
 * tab: the procedures are not meant to run inside someone else's page.
 */
import { linkZiel } from '../../shared/netz';
import { renderToString } from 'preact-render-to-string';
import { assetUrl } from '../../shared/assets';
import { formatNumber, type Locale, mitAnzahl, NOMEN } from '../../shared/i18n';

export interface EinbettenDaten {
  behoerde: { ars: string; name: string; anzeigename: string; typ: string };
  /** The current award when it is valid (the signet shows it). */
  praedikat: { zertifikatNr: string; verliehenAm: string; signet: string; nachweis: string } | null;
  gruppen: { themenfeld: string; verfahren: { name: string; url: string; bereitstellung: string }[] }[];
  anzahl: number;
  /** The Behörde's page on the platform. */
  seite: string;
  demo: boolean;
}

export function EinbettenSeite({ d, locale }: { d: EinbettenDaten; locale: Locale }) {
  const de = locale === 'de';
  const titel = de ? `Online-Verfahren: ${d.behoerde.anzeigename}` : `Online procedures: ${d.behoerde.anzeigename}`;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{titel}</title>
        <link rel="stylesheet" href={assetUrl('einbetten.css')} />
        <meta name="robots" content="noindex" />
      </head>
      <body>
        <main class="einbetten">
          <div class="einbetten__kopf">
            <div>
              <h1 class="einbetten__titel">{titel}</h1>
              <p class="einbetten__text">
                {de
                  ? `${mitAnzahl(locale, d.anzahl, NOMEN.verfahren)} zum Erledigen im Internet, nach Themen geordnet.`
                  : `${mitAnzahl(locale, d.anzahl, NOMEN.verfahren)} to complete on the internet, by topic.`}
                {d.demo && (de ? ' Demodaten (simuliert).' : ' Demo data (simulated).')}
              </p>
            </div>
            {d.praedikat && (
              <a class="einbetten__signet" href={`/nachweis/${d.praedikat.zertifikatNr}`} target="_blank" rel="noopener">
                <img
                  src={`/signet/${d.praedikat.zertifikatNr}.svg`}
                  width="120"
                  height="120"
                  alt={
                    de
                      ? `Signet „Digitales Amt“ von ${d.behoerde.anzeigename}, Zertifikat ${d.praedikat.zertifikatNr} – zum Nachweis (neues Fenster)`
                      : `“Digitales Amt” signet of ${d.behoerde.anzeigename}, certificate ${d.praedikat.zertifikatNr} – to the verification (new window)`
                  }
                />
              </a>
            )}
          </div>
          {d.gruppen.length === 0 ? (
            <p class="einbetten__text">{de ? 'Noch keine Online-Verfahren verlinkt.' : 'No online procedures linked yet.'}</p>
          ) : (
            d.gruppen.map((g) => (
              <details class="einbetten__gruppe">
                <summary>
                  {g.themenfeld} ({formatNumber(locale, g.verfahren.length)})
                </summary>
                <ul class="einbetten__liste">
                  {g.verfahren.map((v) => (
                    <li>
                      {linkZiel(v.url) ? (
                        <a href={linkZiel(v.url)} target="_blank" rel="noopener">
                          {v.name}
                          <span class="einbetten__neu">{de ? ' (neues Fenster)' : ' (new window)'}</span>
                        </a>
                      ) : (
                        v.name
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            ))
          )}
          <p class="einbetten__fuss">
            <a href={d.seite} target="_blank" rel="noopener">
              {de ? `Alle Angaben zu ${d.behoerde.anzeigename} auf „Digitales Amt“ (neues Fenster)` : `Everything about ${d.behoerde.anzeigename} on “Digitales Amt” (new window)`}
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

export const renderEinbetten = (d: EinbettenDaten, locale: Locale) => `<!doctype html>${renderToString(<EinbettenSeite d={d} locale={locale} />)}`;

/** A key that names no Behörde: said inside the frame, where the Kommune's editor sees it. */
export const renderEinbettenFehler = (text: string, locale: Locale) =>
  `<!doctype html>${renderToString(
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <title>{locale === 'de' ? 'Nicht gefunden' : 'Not found'}</title>
        <link rel="stylesheet" href={assetUrl('einbetten.css')} />
      </head>
      <body>
        <main class="einbetten">
          <p class="einbetten__text">{text}</p>
        </main>
      </body>
    </html>,
  )}`;
