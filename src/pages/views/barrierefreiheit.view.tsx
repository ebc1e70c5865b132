/**
 * Erklärung zur Barrierefreiheit, following the EU model statement (Durchführungsbeschluss (EU)
 * 2018/1523) as used in Bavaria: Art. 13 BayBGG with the Verordnung über die Digitalisierung im
 * Freistaat Bayern (BayDiV), which took over the rules of the former BayBITV, and BITV 2.0.
 * The status is stated honestly: only what the test suite checks is claimed.
 */
import { formatDate } from '../../shared/i18n';
import { Layout, type PageContext } from '../../shared/layout';
import { Abschnitt, Anschrift, chooser, De, DURCHSETZUNGSSTELLE, mailto, STAND, STMD, type InfoEnv } from './info.parts';

const FEEDBACK_SUBJECT = 'Barrierefreiheit „Digitales Amt“';

export function BarrierefreiheitPage({ ctx, env }: { ctx: PageContext; env: InfoEnv }) {
  const l = ctx.locale;
  const de = l === 'de';
  const tr = chooser(l);
  const title = tr('Erklärung zur Barrierefreiheit', 'Accessibility statement');
  const stand = <time dateTime={STAND.slice(0, 10)}>{formatDate(l, STAND)}</time>;

  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: tr('Start', 'Home') }]}>
      <div class="info-page">
        <h1 class="kern-heading-x-large">{title}</h1>
        <p class="kern-body kern-body--large">
          {de ? (
            'Das Bayerische Staatsministerium für Digitales ist bemüht, die Plattform „Digitales Amt“ barrierefrei zugänglich zu machen. Rechtsgrundlagen sind Art. 13 des Bayerischen Behindertengleichstellungsgesetzes (BayBGG) und die Verordnung über die Digitalisierung im Freistaat Bayern (BayDiV), die die Regelungen der früheren Bayerischen Barrierefreien Informationstechnik-Verordnung (BayBITV) übernommen hat, in Verbindung mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0). Sie setzen die Richtlinie (EU) 2016/2102 um.'
          ) : (
            <>
              The Bavarian State Ministry for Digital Affairs strives to make the <De>„Digitales Amt“</De> platform accessible. The legal basis is
              Art. 13 of the Bavarian Disability Equality Act (<De>BayBGG</De>) and the Bavarian Digitalisation Ordinance (<De>BayDiV</De>), which
              took over the rules of the former Bavarian accessible IT ordinance (<De>BayBITV</De>), together with the federal accessible IT
              ordinance (<De>BITV 2.0</De>). They implement Directive (EU) 2016/2102.
            </>
          )}
        </p>

        <Abschnitt id="geltungsbereich" title={tr('Geltungsbereich', 'Scope')}>
          <p class="kern-body">
            {tr('Diese Erklärung gilt für die Plattform unter ', 'This statement applies to the platform at ')}
            <code>{env.publicBaseUrl}</code>
            {tr(
              ': alle öffentlichen Seiten (Behörden, Karten, Statistiken, Informationsseiten), die Seiten nach der Anmeldung und alle Formulare.',
              ': all public pages (authorities, maps, statistics, information pages), the pages after login and all forms.',
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="stand" title={tr('Stand der Vereinbarkeit mit den Anforderungen', 'Compliance status')}>
          <p class="kern-body">
            {tr(
              'Ziel sind die Anforderungen der BITV 2.0, also der europäischen Norm EN 301 549 und der Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA.',
              'The aim is the requirements of BITV 2.0, that is the European standard EN 301 549 and the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA.',
            )}
          </p>
          <p class="kern-body kern-body--bold">
            {tr(
              'Diese Plattform ist mit den Anforderungen teilweise vereinbar.',
              'This platform is partially compliant with these requirements.',
            )}
          </p>
          <p class="kern-body">
            {tr(
              'Teilweise, weil die unten genannten Inhalte noch nicht barrierefrei sind und weil eine vollständige Prüfung durch unabhängige Fachleute noch aussteht.',
              'Partially, because the content listed below is not yet accessible and because a complete audit by independent experts is still outstanding.',
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="pruefung" title={tr('Was regelmäßig geprüft wird', 'What is checked regularly')}>
          <p class="kern-body">{tr('Bei jeder Änderung der Software laufen automatische Prüfungen:', 'Automated checks run on every change to the software:')}</p>
          <ul class="kern-list kern-list--bullet">
            <li>
              {tr(
                'Jede Seite wird in einem Chromium-Browser mit dem Prüfwerkzeug axe auf Verstöße gegen WCAG 2.1 A und AA untersucht.',
                'Every page is checked in a Chromium browser with the axe testing engine for violations of WCAG 2.1 A and AA.',
              )}
            </li>
            <li>
              {tr(
                'Bedienung mit der Tastatur: Alle Funktionen verwenden gewöhnliche HTML-Bedienelemente (Links, Schaltflächen, Formularfelder) und sind mit der Tastatur erreichbar, ohne Mausbewegung oder Zeitdruck. Ein Link „Zum Inhalt springen“ führt an der Navigation vorbei.',
                'Keyboard use: all functions use ordinary HTML controls (links, buttons, form fields) and can be reached with the keyboard, without mouse movements or time pressure. A “Skip to content” link leads past the navigation.',
              )}
            </li>
            <li>
              {tr(
                'Ohne JavaScript: Alle Seiten werden auf dem Server erzeugt und funktionieren auch bei abgeschaltetem JavaScript; die Abläufe werden zusätzlich ohne JavaScript geprüft.',
                'Without JavaScript: all pages are rendered on the server and work with JavaScript switched off; the journeys are also tested without JavaScript.',
              )}
            </li>
            <li>
              {tr(
                'Jede Seite hat genau eine Hauptüberschrift und eine Sprachangabe (Deutsch oder Englisch). Die Gestaltung steht vollständig in Stylesheets, eingebettete Stile gibt es nicht.',
                'Every page has exactly one main heading and a language declaration (German or English). All styling is in style sheets; there are no inline styles.',
              )}
            </li>
          </ul>
          <p class="kern-body">
            {tr(
              'Die Gestaltung beruht auf KERN, dem barrierefreien Designsystem der deutschen Verwaltung.',
              'The design is based on KERN, the accessible design system of the German public administration.',
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="nicht-barrierefrei" title={tr('Nicht barrierefreie Inhalte', 'Content that is not accessible')}>
          <ul class="kern-list kern-list--bullet">
            <li>
              {tr(
                'Karten und Diagramme sind Grafiken. Ihre Aussagen stehen zusätzlich als Tabelle oder Text auf derselben Seite. Die Grafiken selbst lassen sich mit Screenreader oder Tastatur nicht im Einzelnen erkunden, zum Beispiel Gemeinde für Gemeinde auf der Karte.',
                'Maps and charts are images. What they show is also given as a table or text on the same page. The images themselves cannot be explored in detail with a screen reader or keyboard, for example municipality by municipality on the map.',
              )}
            </li>
            <li>
              {tr(
                'Erläuterungen in Deutscher Gebärdensprache (DGS) fehlen noch. Eine Erklärung in Leichter Sprache gibt es auf der Seite ',
                'Explanations in German Sign Language (DGS) are still missing. An explanation in easy language is on the page ',
              )}
              <a class="kern-link" href="/leichte-sprache">
                {tr('Leichte Sprache', 'Easy Read')}
              </a>
              .
            </li>
            <li>
              {tr(
                'Soweit die Plattform PDF-Dateien erzeugt (etwa Druckvorlagen für das Schild zum Prädikat), sind diese noch nicht nach PDF/UA geprüft.',
                'Where the platform produces PDF files (such as print files for the label’s sign), they have not yet been checked against PDF/UA.',
              )}
            </li>
            <li>
              {tr(
                'Automatische Prüfungen finden nur einen Teil möglicher Barrieren. Ob Texte verständlich, Alternativtexte aussagekräftig und Fehlermeldungen hilfreich sind, beruht bisher auf eigener Durchsicht, nicht auf einem BITV-Test durch unabhängige Prüferinnen und Prüfer.',
                'Automated checks find only part of the possible barriers. Whether texts are understandable, alternative texts meaningful and error messages helpful rests so far on our own review, not on a BITV test by independent auditors.',
              )}
            </li>
            <li>
              {tr(
                'Die technische Beschreibung der Programmierschnittstelle (OpenAPI) gibt es nur auf Englisch.',
                'The technical description of the programming interface (OpenAPI) is available in English only.',
              )}
            </li>
          </ul>
        </Abschnitt>

        <Abschnitt id="erstellung" title={tr('Erstellung dieser Erklärung', 'Preparation of this statement')}>
          <dl class="kern-description-list">
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">{tr('Erstellt am', 'Prepared on')}</dt>
              <dd class="kern-description-list-item__value">{stand}</dd>
            </div>
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">{tr('Methode', 'Method')}</dt>
              <dd class="kern-description-list-item__value">
                {tr(
                  'Selbstbewertung des Staatsministeriums, gestützt auf die oben genannten automatischen Prüfungen',
                  'Self-assessment by the ministry, based on the automated checks listed above',
                )}
              </dd>
            </div>
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">{tr('Zuletzt überprüft', 'Last reviewed')}</dt>
              <dd class="kern-description-list-item__value">{stand}</dd>
            </div>
          </dl>
        </Abschnitt>

        <Abschnitt id="feedback" title={tr('Barrieren melden: Feedback und Kontakt', 'Report barriers: feedback and contact')}>
          <p class="kern-body">
            {tr(
              'Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie einen Inhalt in einer anderen Form? Schreiben Sie uns eine E-Mail an ',
              'Have you come across a barrier, or do you need content in a different format? Send an e-mail to ',
            )}
            <a class="kern-link" href={mailto(STMD.email, FEEDBACK_SUBJECT)}>
              {STMD.email}
            </a>
            {tr(
              ' mit dem Betreff „Barrierefreiheit Digitales Amt“. Nennen Sie bitte die Adresse der Seite und beschreiben Sie kurz, was nicht funktioniert hat. Wir antworten so schnell wie möglich, spätestens innerhalb eines Monats.',
              <>
                {' with the subject '}
                <De>„Barrierefreiheit Digitales Amt“</De>. Please give the address of the page and briefly describe what did not work. We reply as
                soon as possible and at the latest within one month.
              </>,
            )}
          </p>
          <p class="kern-body">{tr('Postanschrift:', 'Postal address:')}</p>
          <Anschrift stelle={STMD} locale={l} nameLang={de ? undefined : 'de'} />
        </Abschnitt>

        <Abschnitt id="durchsetzung" title={tr('Durchsetzungsverfahren', 'Enforcement procedure')}>
          <p class="kern-body">
            {de ? (
              'Wenn Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort erhalten, können Sie sich an die Durchsetzungs- und Überwachungsstelle Bayern wenden. Sie ist nach § 11 BayDiV beim Landesamt für Digitalisierung, Breitband und Vermessung (LDBV) eingerichtet und nimmt Hinweise auf digitale Barrieren bei öffentlichen Stellen in Bayern entgegen.'
            ) : (
              <>
                If you receive no reply or no satisfactory reply to your feedback, you can contact the Bavarian enforcement and monitoring body (
                <De>Durchsetzungs- und Überwachungsstelle Bayern</De>). It is set up under Section 11 <De>BayDiV</De> at the State Office for
                Digitalisation, Broadband and Surveying (<De>Landesamt für Digitalisierung, Breitband und Vermessung</De>, LDBV) and receives reports of
                digital barriers at public bodies in Bavaria.
              </>
            )}
          </p>
          <Anschrift stelle={DURCHSETZUNGSSTELLE} locale={l} nameLang={de ? undefined : 'de'} />
        </Abschnitt>
      </div>
    </Layout>
  );
}
