/**
 * Impressum: provider identification per § 5 DDG (Digitale-Dienste-Gesetz, formerly § 5 TMG) and
 * the person responsible for journalistic-editorial content per § 18 Abs. 2 MStV.
 */
import { Layout, type PageContext } from '../../shared/layout';
import { Abschnitt, Anschrift, De, type InfoEnv, STMD } from './info.parts';

export function ImpressumPage({ ctx, env }: { ctx: PageContext; env: InfoEnv }) {
  const de = ctx.locale === 'de';
  const title = de ? 'Impressum' : 'Legal notice';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: de ? 'Start' : 'Home' }]}>
      <div class="info-page">
        <h1 class="kern-heading-x-large">{title}</h1>
        <p class="kern-body kern-body--large">
          {de ? (
            'Angaben nach § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag (MStV) für die Plattform zum Prädikat „Digitales Amt“.'
          ) : (
            <>
              Information pursuant to Section 5 of the German Digital Services Act (<De>Digitale-Dienste-Gesetz</De>, DDG) and Section 18 of the
              Interstate Media Treaty (<De>Medienstaatsvertrag</De>, MStV) for the platform of the <De>Prädikat „Digitales Amt“</De>.
            </>
          )}
        </p>

        <div class="kern-alert kern-alert--info info-alert" role="note" aria-labelledby="demo-hinweis">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--info" aria-hidden="true" />
            <h2 class="kern-title" id="demo-hinweis">
              {de ? 'Hinweis: Demonstrationsplattform' : 'Please note: demonstration platform'}
            </h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {de
                ? 'Diese Instanz ist eine Demonstrationsplattform. Sie zeigt, wie das Prädikat „Digitales Amt“ von der Bewerbung einer Kommune bis zur Verleihung digital abgewickelt werden kann. Entscheidungen, Verleihungen und Förderbescheide auf dieser Instanz haben keine Rechtswirkung.'
                : 'This instance is a demonstration platform. It shows how the “Digitales Amt” label can be handled digitally, from a municipality’s application to the award. Decisions, awards and grant notices on this instance have no legal effect.'}
            </p>
            <p class="kern-body">
              {de
                ? 'Gemeinden, Kreise, Bezirke, Leistungen und Karten stammen aus amtlichen Daten (siehe unten). '
                : (
                    <>
                      Municipalities, districts, <De>Bezirke</De>, services and maps come from official data (see below).{' '}
                    </>
                  )}
              {env.demo
                ? de
                  ? 'Welche Behörde welche Online-Verfahren verlinkt, ist dagegen simuliert („Demodaten“) und gibt nicht das tatsächliche Angebot im BayernPortal wieder.'
                  : (
                      <>
                        Which authority links which online procedures, however, is simulated (demo data, <De>„Demodaten“</De>) and does not
                        reflect what the BayernPortal actually offers.
                      </>
                    )
                : de
                  ? 'Die Verlinkungen der Online-Verfahren pflegen die Behörden und ihre IT-Dienstleister selbst.'
                  : 'The links to online procedures are maintained by the authorities and their IT service providers themselves.'}
            </p>
          </div>
        </div>

        <Abschnitt id="herausgeber" title={de ? 'Herausgeber' : 'Publisher'}>
          <Anschrift stelle={STMD} locale={ctx.locale} nameLang={de ? undefined : 'de'} />
          <p class="kern-body">
            {de
              ? 'Das Bayerische Staatsministerium für Digitales ist eine oberste Landesbehörde des Freistaats Bayern. Der Freistaat Bayern ist eine Gebietskörperschaft des öffentlichen Rechts.'
              : 'The Bavarian State Ministry for Digital Affairs is a supreme state authority of the Free State of Bavaria, a territorial corporation under public law.'}
          </p>
        </Abschnitt>

        <Abschnitt id="vertretung" title={de ? 'Vertreten durch' : 'Represented by'}>
          <p class="kern-body">
            {de
              ? 'Der Freistaat Bayern wird in diesem Bereich vertreten durch den Bayerischen Staatsminister für Digitales, Dr. Fabian Mehring, Anschrift wie oben.'
              : 'In this field the Free State of Bavaria is represented by the Bavarian State Minister for Digital Affairs, Dr. Fabian Mehring, address as above.'}
          </p>
        </Abschnitt>

        <Abschnitt id="kontakt" title={de ? 'Kontakt' : 'Contact'}>
          <p class="kern-body">
            {de ? 'Schreiben Sie uns an ' : 'Write to '}
            <a class="kern-link" href={`mailto:${STMD.email}`}>
              {STMD.email}
            </a>
            {de
              ? ' oder per Post an die oben genannte Anschrift. Bitte nennen Sie im Betreff „Digitales Amt“, damit Ihre Nachricht das zuständige Referat schnell erreicht.'
              : ' or by post to the address above. Please put “Digitales Amt” in the subject so your message reaches the responsible unit quickly.'}
          </p>
          <p class="kern-body">
            {de
              ? 'Fragen zu einzelnen Online-Verfahren oder Anträgen richten Sie bitte an Ihre Gemeinde, Ihr Landratsamt oder Ihren Bezirk: Die Plattform zeigt, welche Verfahren eine Behörde anbietet, bearbeitet aber selbst keine Anträge von Bürgerinnen und Bürgern.'
              : (
                  <>
                    Please send questions about individual online procedures or applications to your municipality, district office or{' '}
                    <De>Bezirk</De>: the platform shows which procedures an authority offers but does not process citizens’ applications itself.
                  </>
                )}
          </p>
        </Abschnitt>

        <Abschnitt id="verantwortlich" title={de ? 'Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV' : 'Responsible for the content (Section 18 (2) MStV)'}>
          <p class="kern-body">
            {de ? (
              'Leitung der Abteilung „Digitale Verwaltung, IT-Strategie und IT-Recht“ im Bayerischen Staatsministerium für Digitales, Oskar-von-Miller-Ring 35, 80333 München.'
            ) : (
              <>
                Head of the department <De>„Digitale Verwaltung, IT-Strategie und IT-Recht“</De> (digital administration, IT strategy and IT law) of the{' '}
                <De>Bayerisches Staatsministerium für Digitales</De>, Oskar-von-Miller-Ring 35, 80333 München.
              </>
            )}
          </p>
        </Abschnitt>

        <Abschnitt id="ust" title={de ? 'Umsatzsteuer-Identifikationsnummer' : 'VAT identification number'}>
          <p class="kern-body">
            {de
              ? 'Entfällt. Über diese Plattform werden keine umsatzsteuerpflichtigen Leistungen angeboten; eine Umsatzsteuer-Identifikationsnummer nach § 27a Umsatzsteuergesetz wird daher nicht angegeben.'
              : 'Not applicable. No services subject to VAT are offered on this platform, so no VAT identification number under Section 27a of the German VAT Act is given.'}
          </p>
        </Abschnitt>

        <Abschnitt id="daten" title={de ? 'Datenquellen' : 'Data sources'}>
          <p class="kern-body">
            {de
              ? 'Die Plattform verwendet amtliche offene Daten. Die Quellenvermerke lauten:'
              : 'The platform uses official open data. The attributions are:'}
          </p>
          <ul class="kern-list kern-list--bullet">
            {env.attributions.map((a) => (
              <li>
                {/* The attribution lines are fixed German wording of the publishers. */}
                {a.href ? (
                  <a class="kern-link" href={a.href} lang={de ? undefined : 'de'}>
                    {a.text}
                  </a>
                ) : (
                  <span lang={de ? undefined : 'de'}>{a.text}</span>
                )}
              </li>
            ))}
          </ul>
          <p class="kern-body">
            {de ? 'Stand, Inhalt und Lizenz jeder Quelle stehen auf der Seite ' : 'Date, content and licence of each source are listed on the page '}
            <a class="kern-link" href="/datenquellen">
              {de ? 'Datenquellen und Lizenzen' : 'Data sources and licences'}
            </a>
            .
          </p>
        </Abschnitt>

        <Abschnitt id="haftung" title={de ? 'Haftung für Inhalte und Links' : 'Liability for content and links'}>
          <p class="kern-body">
            {de
              ? 'Wir stellen die Inhalte mit Sorgfalt zusammen. Zahlen zu Online-Verfahren und Verleihungen geben den Stand der Plattform zum Zeitpunkt des Abrufs wieder. Für Inhalte externer Internetseiten, auf die wir verlinken, sind deren Anbieter verantwortlich. Wenn uns Rechtsverstöße auf verlinkten Seiten bekannt werden, entfernen wir den Link.'
              : 'We compile the content with care. Figures on online procedures and awards reflect the state of the platform at the time you view them. The providers of external websites we link to are responsible for their content. If we learn of an infringement on a linked page, we remove the link.'}
          </p>
        </Abschnitt>

        <Abschnitt id="nutzung" title={de ? 'Nutzungsrechte' : 'Terms of reuse'}>
          <p class="kern-body">
            {de ? (
              <>
                Die amtlichen Daten dürfen Sie nach den Bedingungen ihrer jeweiligen Lizenz weiterverwenden, in der Regel der{' '}
                <a class="kern-link" href="https://www.govdata.de/dl-de/by-2-0">
                  Datenlizenz Deutschland – Namensnennung – Version 2.0
                </a>
                . Für Texte und Gestaltung dieser Plattform gilt das Urheberrecht; Fragen zur Nachnutzung richten Sie bitte an die oben genannte
                Kontaktadresse.
              </>
            ) : (
              <>
                You may reuse the official data under the terms of its licence, usually the{' '}
                <a class="kern-link" href="https://www.govdata.de/dl-de/by-2-0" hreflang="de">
                  <De>Datenlizenz Deutschland – Namensnennung – Version 2.0</De>
                </a>
                . The texts and design of this platform are protected by copyright; please send questions about reuse to the contact address
                above.
              </>
            )}
          </p>
          <p class="kern-body">
            {de ? 'Diese Instanz ist erreichbar unter ' : 'This instance is available at '}
            <code>{env.publicBaseUrl}</code>.
          </p>
        </Abschnitt>
      </div>
    </Layout>
  );
}
