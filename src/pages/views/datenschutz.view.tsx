/**
 * Datenschutzerklärung: the information owed under Art. 13 and 14 DSGVO, for exactly what this
 * platform processes (accounts, sessions, three cookies, server logs, audit trail) and nothing else.
 * Numbers (session timeouts, log level, Secure flag) come from the running configuration.
 */
import type { ComponentChildren } from 'preact';
import { formatDate } from '../../shared/i18n';
import { Layout, type PageContext, TabellenBereich } from '../../shared/layout';
import { Abschnitt, Anschrift, BAYLFD, chooser, De, Inhaltsverzeichnis, STAND, STMD, STMD_DSB, type InfoEnv } from './info.parts';

/** Log levels at which Fastify writes one line per request (pino: trace < debug < info). */
const PER_REQUEST_LEVELS = ['trace', 'debug', 'info'];

export function DatenschutzPage({ ctx, env }: { ctx: PageContext; env: InfoEnv }) {
  const l = ctx.locale;
  const de = l === 'de';
  const tr = chooser(l);
  const title = tr('Datenschutzerklärung', 'Privacy statement');
  const { idleMinutes, absoluteHours } = env.session;
  const cookieFlags = `HttpOnly, SameSite=Lax${env.cookieSecure ? ', Secure' : ''}`;

  const toc = [
    { id: 'verantwortlicher', label: tr('Verantwortlicher', 'Controller') },
    { id: 'dsb', label: tr('Datenschutzbeauftragter', 'Data protection officer') },
    { id: 'grundsatz', label: tr('Was diese Plattform verarbeitet – und was nicht', 'What this platform processes – and what it does not') },
    { id: 'protokolle', label: tr('Server-Protokolle', 'Server logs') },
    { id: 'cookies', label: tr('Cookies', 'Cookies') },
    { id: 'konten', label: tr('Benutzerkonten und Anmeldung', 'User accounts and login') },
    { id: 'aenderungsprotokoll', label: tr('Änderungsprotokoll', 'Audit trail') },
    { id: 'empfaenger', label: tr('Empfänger und Übermittlungen', 'Recipients and transfers') },
    { id: 'rechte', label: tr('Ihre Rechte', 'Your rights') },
    { id: 'aufsicht', label: tr('Beschwerde bei der Aufsichtsbehörde', 'Complaints to the supervisory authority') },
  ];

  const logLevel = env.logLevel;
  const logsPerRequest = PER_REQUEST_LEVELS.includes(logLevel);

  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: tr('Start', 'Home') }]}>
      <div class="info-page">
        <h1 class="kern-heading-x-large">{title}</h1>
        <p class="kern-body kern-body--large">
          {de ? (
            'Hier informieren wir Sie nach Art. 13 und 14 der Datenschutz-Grundverordnung (DSGVO) darüber, welche personenbezogenen Daten die Plattform „Digitales Amt“ verarbeitet, warum, wie lange und welche Rechte Sie haben.'
          ) : (
            <>
              Under Articles 13 and 14 of the General Data Protection Regulation (GDPR, <De>DSGVO</De>) we tell you which personal data the{' '}
              <De>„Digitales Amt“</De> platform processes, why, for how long, and what rights you have.
            </>
          )}
        </p>
        <Inhaltsverzeichnis locale={l} items={toc} />

        <Abschnitt id="verantwortlicher" title={tr('Verantwortlicher', 'Controller')}>
          <Anschrift stelle={STMD} locale={l} nameLang={de ? undefined : 'de'} />
        </Abschnitt>

        <Abschnitt id="dsb" title={tr('Datenschutzbeauftragter', 'Data protection officer')}>
          <p class="kern-body">{tr('Sie erreichen den behördlichen Datenschutzbeauftragten unter:', 'You can reach the ministry’s data protection officer at:')}</p>
          <Anschrift stelle={STMD_DSB} locale={l} nameLang={de ? undefined : 'de'} />
        </Abschnitt>

        <Abschnitt id="grundsatz" title={tr('Was diese Plattform verarbeitet – und was nicht', 'What this platform processes – and what it does not')}>
          <p class="kern-body">
            {de ? (
              'Rechtsgrundlage ist, soweit unten nichts anderes steht, Art. 6 Abs. 1 Unterabs. 1 Buchst. e DSGVO in Verbindung mit Art. 4 Abs. 1 des Bayerischen Datenschutzgesetzes (BayDSG): Die Verarbeitung ist erforderlich, damit das Staatsministerium seine Aufgabe erfüllen kann, das Prädikat „Digitales Amt“ zu vergeben und die Digitalisierung der Kommunen zu fördern.'
            ) : (
              <>
                Unless stated otherwise below, the legal basis is Art. 6(1)(e) GDPR in conjunction with Art. 4(1) of the Bavarian Data Protection
                Act (<De>Bayerisches Datenschutzgesetz</De>, BayDSG): the processing is necessary for the ministry to perform its task of awarding
                the <De>„Digitales Amt“</De> label and promoting the digitalisation of municipalities.
              </>
            )}
          </p>
          <ul class="kern-list kern-list--bullet">
            <li>
              {tr(
                'Die öffentlichen Seiten (Behörden, Karten, Statistiken, offene Daten) können Sie ohne Anmeldung und ohne Angaben zu Ihrer Person nutzen.',
                'You can use the public pages (authorities, maps, statistics, open data) without logging in and without giving any personal data.',
              )}
            </li>
            <li>
              {tr(
                'Kein Tracking: Die Plattform verwendet keine Analyse- oder Statistikwerkzeuge, keine Werbung, keine Zählpixel und keine Einbindungen sozialer Netzwerke.',
                'No tracking: the platform uses no analytics or statistics tools, no advertising, no tracking pixels and no social media plug-ins.',
              )}
            </li>
            <li>
              {tr(
                'Keine Inhalte Dritter: Schriftarten, Stylesheets, Skripte und Grafiken liefert der Server dieser Plattform selbst aus. Es gibt kein Content Delivery Network (CDN), keine Schriftarten von fremden Servern und keine Kartenkacheln von Kartendiensten; Karten werden aus den amtlichen Grenzdaten auf dem Server gezeichnet. Ihr Browser baut deshalb beim Besuch keine Verbindung zu anderen Servern auf.',
                'No third-party content: fonts, style sheets, scripts and images are delivered by this platform’s own server. There is no content delivery network (CDN), no fonts from other servers and no map tiles from map services; maps are drawn on the server from the official boundary data. Your browser therefore connects to no other server while you use the platform.',
              )}
            </li>
            <li>
              {tr(
                'Links zu anderen Angeboten (zum Beispiel GovData oder das Bundesamt für Kartographie und Geodäsie) sind gewöhnliche Links. Erst wenn Sie einem Link folgen, gilt die Datenschutzerklärung des anderen Angebots.',
                'Links to other websites (for example GovData or the Federal Agency for Cartography and Geodesy) are ordinary links. Only when you follow one does the other website’s privacy statement apply.',
              )}
            </li>
          </ul>
        </Abschnitt>

        <Abschnitt id="protokolle" title={tr('Server-Protokolle', 'Server logs')}>
          {logLevel === 'silent' ? (
            <p class="kern-body">
              {tr(
                'In dieser Instanz ist die Protokollierung des Servers abgeschaltet. Es werden keine Protokolle über Seitenaufrufe geschrieben.',
                'Server logging is switched off in this instance. No logs of page requests are written.',
              )}
            </p>
          ) : (
            <>
              <p class="kern-body">
                {logsPerRequest
                  ? tr(
                      'Bei jedem Aufruf schreibt der Server eine Protokollzeile mit diesen Angaben:',
                      'For every request the server writes a log line with this information:',
                    )
                  : tr(
                      'In dieser Instanz schreibt der Server nur dann eine Protokollzeile, wenn bei einer Anfrage ein Fehler auftritt. Sie enthält:',
                      'In this instance the server writes a log line only when a request fails. It contains:',
                    )}
              </p>
              <ul class="kern-list kern-list--bullet">
                <li>{tr('Datum und Uhrzeit', 'date and time')}</li>
                <li>
                  {tr(
                    'eine zufällige Vorgangsnummer (Request-ID), die auch in der Antwort an Ihren Browser steht – damit lässt sich eine Fehlermeldung genau einer Anfrage zuordnen',
                    'a random reference number (request id), which is also sent back to your browser, so that an error report can be matched to exactly one request',
                  )}
                </li>
                <li>{tr('die aufgerufene Adresse (Hostname und Pfad mit Suchangaben) und die Methode (zum Beispiel GET)', 'the requested address (host name and path including search terms) and the method (for example GET)')}</li>
                <li>{tr('die IP-Adresse und den Port Ihres Geräts oder Ihres Netzzugangs', 'the IP address and port of your device or network access')}</li>
                <li>{tr('Statuscode und Antwortzeit', 'status code and response time')}</li>
                {logsPerRequest && <li>{tr('bei einer Anmeldung die interne Kennung des Kontos', 'for a login, the internal id of the account')}</li>}
              </ul>
              <p class="kern-body">
                {tr(
                  'Cookies und Anmeldedaten werden in den Protokollen unkenntlich gemacht. Zweck ist der sichere und störungsfreie Betrieb: Fehler finden, Angriffe erkennen und abwehren.',
                  'Cookies and credentials are masked in the logs. The purpose is secure and reliable operation: finding errors, detecting and defending against attacks.',
                )}
              </p>
              <p class="kern-body">
                {tr(
                  'Die Plattform gibt die Protokollzeilen an die Betriebsumgebung des Servers weiter und bewahrt sie selbst nicht auf. Wie lange sie dort gespeichert werden, legt der Betrieb dieser Instanz in seiner Protokollrotation fest; danach werden sie gelöscht. Eingestellte Protokollstufe: ',
                  'The platform hands the log lines to the server’s operating environment and does not keep them itself. How long they are kept there is set by the operators of this instance in their log rotation; after that they are deleted. Configured log level: ',
                )}
                <code>{logLevel}</code>.
              </p>
            </>
          )}
          <p class="kern-body">
            {tr(
              'IP-Adressen werden nicht in der Datenbank der Plattform gespeichert und nicht mit Konten oder anderen Daten zusammengeführt.',
              'IP addresses are not stored in the platform’s database and are not combined with accounts or other data.',
            )}
          </p>
          <p class="kern-body">
            {tr(
              'Zum Schutz vor dem Ausprobieren von Passwörtern zählt der Server Anmeldeversuche je IP-Adresse für eine Minute im Arbeitsspeicher (höchstens 20 Versuche). Diese Zählung wird nicht gespeichert und verfällt nach einer Minute.',
              'To prevent password guessing, the server counts login attempts per IP address for one minute in memory (at most 20 attempts). This count is not stored and expires after one minute.',
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="cookies" title={tr('Cookies', 'Cookies')}>
          <p class="kern-body">
            {de ? (
              'Die Plattform setzt nur die drei Cookies in der Tabelle. Sie sind technisch unbedingt erforderlich, damit die Plattform die Funktionen bereitstellen kann, die Sie ausdrücklich nutzen (Formulare, Anmeldung, Sprachwahl). Nach § 25 Abs. 2 Nr. 2 Telekommunikation-Digitale-Dienste-Datenschutz-Gesetz (TDDDG) ist dafür keine Einwilligung nötig; deshalb gibt es kein Cookie-Banner. Kein Cookie dient der Analyse oder Werbung, und keines wird von Dritten gesetzt oder gelesen.'
            ) : (
              <>
                The platform sets only the three cookies in the table. They are strictly necessary to provide the functions you explicitly use
                (forms, login, language choice). Under Section 25(2) no. 2 of the German Telecommunications Digital Services Data Protection Act
                (<De>TDDDG</De>) no consent is needed for them, which is why there is no cookie banner. No cookie is used for analytics or
                advertising, and none is set or read by third parties.
              </>
            )}
          </p>
          <TabellenBereich label={tr('Cookies dieser Plattform', 'Cookies of this platform')}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-body kern-body--bold info-caption">{tr('Cookies dieser Plattform', 'Cookies of this platform')}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">
                    {tr('Name', 'Name')}
                  </th>
                  <th scope="col" class="kern-table__header">
                    {tr('Zweck und Inhalt', 'Purpose and content')}
                  </th>
                  <th scope="col" class="kern-table__header">
                    {tr('Wann gesetzt', 'When set')}
                  </th>
                  <th scope="col" class="kern-table__header">
                    {tr('Speicherdauer', 'Duration')}
                  </th>
                  <th scope="col" class="kern-table__header">
                    {tr('Merkmale', 'Attributes')}
                  </th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                <CookieRow
                  name="_csrf"
                  zweck={tr(
                    'Schützt Ihre Formulareingaben davor, dass eine fremde Website sie Ihnen unterschiebt (Cross-Site Request Forgery). Inhalt: ein zufälliges, signiertes Geheimnis ohne Angaben zu Ihrer Person.',
                    'Protects your form submissions against being forged by another website (cross-site request forgery). Content: a random, signed secret without any personal information.',
                  )}
                  wann={tr('beim ersten Aufruf einer Seite', 'on the first page you open')}
                  dauer={tr('bis Sie den Browser schließen', 'until you close the browser')}
                  flags={cookieFlags}
                />
                <CookieRow
                  name="da_sitzung"
                  zweck={tr(
                    'Hält Sie nach der Anmeldung angemeldet (serverseitige Sitzung). Inhalt: ein zufälliger, signierter Sitzungsschlüssel. Auf dem Server ist nur sein SHA-256-Hashwert gespeichert.',
                    'Keeps you logged in after login (server-side session). Content: a random, signed session key. The server stores only its SHA-256 hash.',
                  )}
                  wann={tr('bei der Anmeldung', 'when you log in')}
                  dauer={tr(
                    `bis zum Abmelden oder bis die Sitzung abläuft: nach ${idleMinutes} Minuten ohne Aktivität, spätestens nach ${absoluteHours} Stunden`,
                    `until you log out or the session expires: after ${idleMinutes} minutes without activity, at the latest after ${absoluteHours} hours`,
                  )}
                  flags={cookieFlags}
                />
                <CookieRow
                  name="lang"
                  zweck={tr(
                    'Merkt sich die Sprache, die Sie gewählt haben. Inhalt: „de“ oder „en“.',
                    'Remembers the language you chose. Content: “de” or “en”.',
                  )}
                  wann={tr('wenn Sie die Sprache umschalten', 'when you switch the language')}
                  dauer={tr('ein Jahr', 'one year')}
                  flags={cookieFlags}
                />
              </tbody>
            </table>
          </TabellenBereich>
        </Abschnitt>

        <Abschnitt id="konten" title={tr('Benutzerkonten und Anmeldung', 'User accounts and login')}>
          <p class="kern-body">
            {tr(
              'Konten gibt es nur für Beschäftigte von Kommunen, IT-Dienstleistern und des Staatsministeriums, die auf der Plattform arbeiten. Eine Selbstregistrierung gibt es nicht: Ein Konto legt die Administration des Staatsministeriums an, auf Wunsch der Behörde, für die Sie tätig sind. Von dort stammen Ihre Angaben (Art. 14 DSGVO). Meist lädt die Administration Sie per E-Mail ein: Die E-Mail enthält einen Link, über den Sie Ihr Passwort selbst festlegen. Der Link gilt einmal und nur begrenzte Zeit; gespeichert wird nur sein Hashwert, nicht der Link selbst.',
              'Accounts exist only for staff of municipalities, IT service providers and the ministry who work on the platform. There is no self-registration: an account is created by the ministry’s administrators at the request of the authority you work for. That is where your data comes from (Art. 14 GDPR). Usually the administrators invite you by e-mail: the e-mail contains a link with which you set your own password. The link works once and for a limited time; only its hash is stored, not the link itself.',
            )}
          </p>
          <p class="kern-body">{tr('Zu jedem Konto speichert die Plattform:', 'For each account the platform stores:')}</p>
          <ul class="kern-list kern-list--bullet">
            <li>{tr('Name und dienstliche E-Mail-Adresse', 'name and work e-mail address')}</li>
            <li>
              {tr(
                'Rolle (zum Beispiel Bearbeitung für eine Kommune, IT-Dienstleister, Prüfung im Ministerium, Förder-Sachbearbeitung, Administration)',
                'role (for example editor for a municipality, IT service provider, reviewer at the ministry, grant officer, administrator)',
              )}
            </li>
            <li>{tr('die Behörden, für die Sie tätig sind', 'the authorities you work for')}</li>
            <li>
              {tr(
                'das Passwort nur als Argon2id-Hashwert, aus dem sich das Passwort nicht zurückrechnen lässt',
                'the password only as an Argon2id hash, from which the password cannot be recovered',
              )}
            </li>
            <li>{tr('Zeitpunkt der Anlage und der letzten Anmeldung; ob das Konto aktiv ist', 'when the account was created and last used to log in; whether it is active')}</li>
          </ul>
          <p class="kern-body">
            {tr(
              `Zu jeder Sitzung speichert die Plattform den Hashwert des Sitzungsschlüssels, Beginn, letzte Aktivität, Ablaufzeitpunkt und die Kennung Ihres Browsers (User-Agent), damit eine Sitzung zugeordnet und bei Verdacht auf Missbrauch beendet werden kann. Eine Sitzung endet beim Abmelden, nach ${idleMinutes} Minuten ohne Aktivität und spätestens nach ${absoluteHours} Stunden; wenn Sie Ihr Passwort ändern, enden alle Ihre Sitzungen.`,
              `For each session the platform stores the hash of the session key, start, last activity, expiry and your browser’s identifier (user agent), so that a session can be attributed and ended if misuse is suspected. A session ends when you log out, after ${idleMinutes} minutes without activity and at the latest after ${absoluteHours} hours; changing your password ends all your sessions.`,
            )}
          </p>
          <p class="kern-body" id="wer-sieht-was">
            {tr(
              'Wer sieht Ihre Kontodaten? Die Administration des Staatsministeriums sieht alle Angaben oben. Wenn Sie für eine Kommune oder als IT-Dienstleister tätig sind, sehen die anderen aktiven Konten, die dieselbe Behörde betreuen (Redaktion der Kommune und IT-Dienstleister), auf ihrer Kontoseite Ihren Namen und Ihre Rolle, damit sie wissen, wer noch für die Behörde arbeitet. Ihre E-Mail-Adresse sehen sie dort nicht. Rechtsgrundlage ist Art. 6 Abs. 1 Unterabs. 1 Buchst. e DSGVO in Verbindung mit Art. 4 Abs. 1 BayDSG.',
              'Who sees your account data? The ministry’s administrators see everything listed above. If you work for a municipality or as an IT service provider, the other active accounts serving the same authority (the municipality’s editors and IT service providers) see your name and role on their account page, so they know who else works for the authority. They do not see your e-mail address there. The legal basis is Art. 6(1)(e) GDPR in conjunction with Art. 4(1) BayDSG.',
            )}
          </p>
          <p class="kern-body">
            {tr(
              'Endet Ihre Aufgabe, wird das Konto deaktiviert; Sie können sich dann nicht mehr anmelden. Einträge im Änderungsprotokoll, die Ihr Konto nennen, bleiben erhalten (siehe nächster Abschnitt).',
              'When your role ends, the account is deactivated and can no longer be used to log in. Audit trail entries that name your account are kept (see next section).',
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="aenderungsprotokoll" title={tr('Änderungsprotokoll', 'Audit trail')}>
          <p class="kern-body">
            {tr(
              'Jede Handlung, die etwas verändert – etwa ein Online-Verfahren verlinken, eine Bewerbung prüfen, ein Prädikat verleihen, eine Förderung bewilligen oder ein Konto anlegen –, wird in einem Änderungsprotokoll festgehalten: wer (Konto und E-Mail-Adresse), was, an welchem Objekt, wann (in koordinierter Weltzeit, UTC), der Zustand vorher und nachher sowie die Vorgangsnummer der Anfrage.',
              'Every action that changes something – such as linking an online procedure, reviewing an application, awarding the label, approving a grant or creating an account – is recorded in an audit trail: who (account and e-mail address), what, on which object, when (in Coordinated Universal Time, UTC), the state before and after, and the request’s reference number.',
            )}
          </p>
          <p class="kern-body">
            {de ? (
              'Zweck ist, dass Verwaltungsentscheidungen über Prädikat und Förderung nachvollziehbar und prüfbar bleiben, auch für das Vier-Augen-Prinzip und die Rechnungsprüfung. Rechtsgrundlage ist Art. 6 Abs. 1 Unterabs. 1 Buchst. e DSGVO in Verbindung mit Art. 4 Abs. 1 BayDSG. Das Protokoll kann nur ergänzt werden; Einträge werden weder geändert noch gelöscht. Ein Anspruch auf Löschung besteht insoweit nach Art. 17 Abs. 3 Buchst. b DSGVO nicht.'
            ) : (
              <>
                The purpose is to keep administrative decisions on the label and on grants traceable and auditable, including for the four-eyes
                principle and for audits by the courts of audit. The legal basis is Art. 6(1)(e) GDPR in conjunction with Art. 4(1){' '}
                <De>BayDSG</De>. The trail can only be appended to; entries are neither changed nor deleted. To that extent there is no right to
                erasure (Art. 17(3)(b) GDPR).
              </>
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="empfaenger" title={tr('Empfänger und Übermittlungen', 'Recipients and transfers')}>
          <ul class="kern-list kern-list--bullet">
            <li>
              {tr(
                'Wir geben personenbezogene Daten nicht an Dritte weiter und übermitteln keine Daten in Länder außerhalb der Europäischen Union. Innerhalb der Plattform sehen Beschäftigte, die dieselbe Behörde betreuen, gegenseitig Name und Rolle (siehe „Benutzerkonten und Anmeldung“).',
                'We do not pass personal data on to third parties and do not transfer data to countries outside the European Union. Within the platform, people serving the same authority see each other’s name and role (see “User accounts and login”).',
              )}
            </li>
            <li>
              {tr(
                'Setzt das Staatsministerium für den technischen Betrieb einen Dienstleister ein, verarbeitet dieser die Daten nur in unserem Auftrag und nach unserer Weisung (Art. 28 DSGVO).',
                'If the ministry uses a service provider for technical operation, that provider processes the data only on our behalf and on our instructions (Art. 28 GDPR).',
              )}
            </li>
            <li>
              {tr(
                'Veröffentlicht werden nur Angaben über Behörden (zum Beispiel die Zahl der Online-Verfahren oder eine Verleihung), keine Angaben über Personen.',
                'Only information about authorities is published (for example the number of online procedures or an award), never information about persons.',
              )}
            </li>
            <li>
              {tr(
                'Die Plattform trifft keine ausschließlich automatisierten Entscheidungen im Sinne von Art. 22 DSGVO: Die automatische Vorprüfung einer Bewerbung zählt nur Online-Verfahren; über das Prädikat entscheiden Beschäftigte des Staatsministeriums.',
                'The platform makes no solely automated decisions within the meaning of Art. 22 GDPR: the automatic pre-check of an application only counts online procedures; staff of the ministry decide on the label.',
              )}
            </li>
          </ul>
        </Abschnitt>

        <Abschnitt id="rechte" title={tr('Ihre Rechte', 'Your rights')}>
          <p class="kern-body">
            {tr(
              'Sie haben gegenüber dem Staatsministerium folgende Rechte, wenn die gesetzlichen Voraussetzungen vorliegen:',
              'You have the following rights towards the ministry, where the legal conditions are met:',
            )}
          </p>
          <ul class="kern-list kern-list--bullet">
            <li>{tr('Auskunft über die zu Ihnen gespeicherten Daten (Art. 15 DSGVO)', 'access to the data stored about you (Art. 15 GDPR)')}</li>
            <li>{tr('Berichtigung unrichtiger Daten (Art. 16 DSGVO)', 'rectification of inaccurate data (Art. 16 GDPR)')}</li>
            <li>{tr('Löschung (Art. 17 DSGVO), soweit keine Aufbewahrungspflicht entgegensteht', 'erasure (Art. 17 GDPR), unless an obligation to keep the data prevents it')}</li>
            <li>{tr('Einschränkung der Verarbeitung (Art. 18 DSGVO)', 'restriction of processing (Art. 18 GDPR)')}</li>
            <li>
              {tr(
                'Datenübertragbarkeit (Art. 20 DSGVO); dieses Recht gilt nicht für Verarbeitungen zur Erfüllung einer öffentlichen Aufgabe',
                'data portability (Art. 20 GDPR); this right does not apply to processing for a task in the public interest',
              )}
            </li>
            <li>
              {tr(
                'Widerspruch gegen die Verarbeitung aus Gründen, die sich aus Ihrer besonderen Situation ergeben (Art. 21 DSGVO)',
                'objection to processing on grounds relating to your particular situation (Art. 21 GDPR)',
              )}
            </li>
          </ul>
          <p class="kern-body">
            {tr('Wenden Sie sich dazu an das Staatsministerium oder an den Datenschutzbeauftragten (Anschriften oben).', 'To exercise them, contact the ministry or the data protection officer (addresses above).')}
          </p>
        </Abschnitt>

        <Abschnitt id="aufsicht" title={tr('Beschwerde bei der Aufsichtsbehörde', 'Complaints to the supervisory authority')}>
          <p class="kern-body">
            {tr(
              'Sie können sich nach Art. 77 DSGVO bei der Aufsichtsbehörde für die bayerischen öffentlichen Stellen beschweren:',
              'Under Art. 77 GDPR you can lodge a complaint with the supervisory authority for Bavarian public bodies:',
            )}
          </p>
          <Anschrift stelle={BAYLFD} locale={l} nameLang={de ? undefined : 'de'} />
        </Abschnitt>

        <p class="kern-body kern-body--small">
          {tr('Stand dieser Datenschutzerklärung: ', 'This privacy statement was last updated on ')}
          <time dateTime={STAND.slice(0, 10)}>{formatDate(l, STAND)}</time>
        </p>
      </div>
    </Layout>
  );
}

function CookieRow({ name, zweck, wann, dauer, flags }: { name: string; zweck: ComponentChildren; wann: string; dauer: string; flags: string }) {
  return (
    <tr>
      <th scope="row" class="kern-table__cell">
        <code>{name}</code>
      </th>
      <td class="kern-table__cell">{zweck}</td>
      <td class="kern-table__cell">{wann}</td>
      <td class="kern-table__cell">{dauer}</td>
      <td class="kern-table__cell">{flags}</td>
    </tr>
  );
}
