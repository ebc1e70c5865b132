/**
 * Datenquellen und Lizenzen: one section per official data set the deployment reads (from the
 * PROVENANCE.md files via `readAttributions`), with its required attribution, content, date,
 * licence and what we changed; plus the honest note that the links between Behörden and
 * Online-Verfahren are simulated when demo data is on. Descriptions follow the PROVENANCE files.
 */
import type { ComponentChildren } from 'preact';
import type { Attribution } from '../../shared/attributions';
import type { Locale } from '../../shared/i18n';
import { DemoHinweis, Layout, type PageContext } from '../../shared/layout';
import { chooser, De, Eintrag, type InfoEnv } from './info.parts';

const DL_DE_BY = 'https://www.govdata.de/dl-de/by-2-0';

interface Beschreibung {
  titel: string;
  herausgeber: string;
  inhalt: ComponentChildren;
  stand: string;
  lizenz: 'dl-de/by-2-0' | 'keine';
  lizenzHinweis?: ComponentChildren;
  bearbeitung: ComponentChildren;
}

/** What each known data set is, by the folder name of its PROVENANCE.md. */
const DATENSAETZE: Record<string, Record<Locale, Beschreibung>> = {
  gemeindeverzeichnis: {
    de: {
      titel: 'Gemeindeverzeichnis (GV100AD)',
      herausgeber: 'Statistisches Bundesamt (Destatis), im Auftrag der Herausgebergemeinschaft Statistische Ämter des Bundes und der Länder',
      inhalt:
        'Alle Gebietseinheiten Deutschlands mit Amtlichem Gemeindeschlüssel (AGS), Amtlichem Regionalschlüssel (ARS), Fläche, Bevölkerung und Postleitzahl. Für Bayern: 7 Regierungsbezirke, 71 Landkreise und 25 kreisfreie Städte, 311 Verwaltungsgemeinschaften und 2.056 Gemeinden.',
      stand: 'Gebietsstand 30.11.2025; Bevölkerung am 31.12.2024 (auf Grundlage des Zensus 2022)',
      lizenz: 'dl-de/by-2-0',
      lizenzHinweis: 'Destatis: „Vervielfältigung und Verbreitung, auch auszugsweise, mit Quellenangabe gestattet.“',
      bearbeitung:
        'Auf Bayern beschränkt; Mittelpunktkoordinaten der Gemeinden über den AGS aus dem Destatis-Auszug „Alle politisch selbständigen Gemeinden“ (4. Quartal 2020) ergänzt.',
    },
    en: {
      titel: 'Municipality directory (GV100AD)',
      herausgeber: 'Federal Statistical Office (Destatis), on behalf of the statistical offices of the Federation and the Länder',
      inhalt:
        'Every administrative unit in Germany with its official municipality key (AGS), regional key (ARS), area, population and postcode. For Bavaria: 7 government regions, 71 rural districts and 25 district-free cities, 311 administrative associations and 2,056 municipalities.',
      stand: 'Territorial status 30 November 2025; population as of 31 December 2024 (based on the 2022 census)',
      lizenz: 'dl-de/by-2-0',
      lizenzHinweis: 'Destatis: reproduction and distribution, also in part, permitted with source attribution.',
      bearbeitung:
        'Limited to Bavaria; centre coordinates of the municipalities added by AGS from the Destatis extract of all municipalities (4th quarter 2020).',
    },
  },
  'geo-bayern': {
    de: {
      titel: 'Verwaltungsgebiete 1 : 5 000 000 (VG5000)',
      herausgeber: 'Bundesamt für Kartographie und Geodäsie (BKG)',
      inhalt: 'Vereinfachte Grenzen der bayerischen Gemeinden, Landkreise und kreisfreien Städte sowie Regierungsbezirke für die Übersichtskarten.',
      stand: '01.01.2021',
      lizenz: 'dl-de/by-2-0',
      bearbeitung:
        'Auf Bayern beschränkt, aus dem Gauß-Krüger-Bezugssystem (EPSG:31467) in WGS84 umgerechnet und auf fünf Nachkommastellen gerundet – daher „Daten verändert“. Die Grenzen eignen sich für Übersichtskarten, nicht für genaue Geometrie.',
    },
    en: {
      titel: 'Administrative areas 1 : 5,000,000 (VG5000)',
      herausgeber: 'Federal Agency for Cartography and Geodesy (BKG)',
      inhalt: 'Simplified boundaries of the Bavarian municipalities, districts and government regions for the overview maps.',
      stand: '1 January 2021',
      lizenz: 'dl-de/by-2-0',
      bearbeitung: (
        <>
          Limited to Bavaria, converted from the Gauss-Krüger reference system (EPSG:31467) to WGS84 and rounded to five decimal places – hence{' '}
          <De>„Daten verändert“</De> (data modified). The boundaries suit overview maps, not precise geometry.
        </>
      ),
    },
  },
  'ozg-leika': {
    de: {
      titel: 'OZG-Umsetzungskatalog und Leistungskatalog (LeiKa)',
      herausgeber: 'Bundesministerium des Innern, FITKO und IT-Planungsrat',
      inhalt:
        '14 Themenfelder, 58 Lebenslagen, 557 OZG-Leistungen mit fünfstelliger OZG-ID und 5.249 Leistungen mit 14-stelligem LeiKa-Schlüssel. Damit wird jedes Online-Verfahren einer Verwaltungsleistung zugeordnet.',
      stand: 'Momentaufnahme 2019 (letzte Änderung 19.12.2019). Der aktuelle Katalog ist umfangreicher.',
      lizenz: 'keine',
      lizenzHinweis: 'Öffentlich zugänglicher Katalog der Verwaltung; eine gesonderte Datenlizenz ist nicht angegeben.',
      bearbeitung: 'Übernommen aus der „OZG-Datenbank NRW“ des Kommunalen Dienstleisters KDN; zwei offensichtliche Testeinträge entfernt.',
    },
    en: {
      titel: 'OZG implementation catalogue and service catalogue (LeiKa)',
      herausgeber: 'Federal Ministry of the Interior, FITKO and the IT Planning Council',
      inhalt:
        '14 subject areas, 58 life situations, 557 OZG services with a five-digit OZG ID and 5,249 services with a 14-digit LeiKa key. Every online procedure is assigned to an administrative service with them.',
      stand: 'Snapshot of 2019 (last change 19 December 2019). The current catalogue is larger.',
      lizenz: 'keine',
      lizenzHinweis: 'Publicly available catalogue of the administration; no separate data licence is stated.',
      bearbeitung: (
        <>
          Taken from the <De>„OZG-Datenbank NRW“</De> of the municipal IT provider KDN; two obvious test entries removed.
        </>
      ),
    },
  },
};

/** The Gebietskulisse is not shipped with the platform: described here once it is installed. */
DATENSAETZE.rmbh = {
  de: {
    titel: 'Gebietskulisse „Raum mit besonderem Handlungsbedarf“',
    herausgeber: 'Bayerische Staatsregierung, Landesentwicklungsprogramm Bayern (LEP), Nr. 2.2.3 mit Anhang 2 „Strukturkarte“',
    inhalt:
      'Die Landkreise und Gemeinden, die das LEP als Raum mit besonderem Handlungsbedarf festlegt. Die Plattform leitet daraus den erhöhten Fördersatz des Förderprogramms „Digitales Rathaus“ ab: Eine Gemeinde zählt, wenn sie selbst oder ihr Landkreis auf der Liste steht.',
    stand: 'Wie im Quellenvermerk angegeben (aus der PROVENANCE.md der installierten Liste).',
    lizenz: 'keine',
    lizenzHinweis: 'Amtliche Festlegung der Landesplanung; Lizenz und Quelle nennt die PROVENANCE.md der installierten Liste.',
    bearbeitung: 'Unverändert gelesen; eine Liste mit Fehlern wird insgesamt nicht verwendet.',
  },
  en: {
    titel: 'Areas with special need for action (Raum mit besonderem Handlungsbedarf)',
    herausgeber: 'Bavarian State Government, state development programme (LEP), no. 2.2.3 with annex 2 (structure map)',
    inhalt:
      'The districts and municipalities the LEP lays down as areas with special need for action. The platform derives the higher grant rate of the „Digitales Rathaus“ programme from it: a municipality counts if it or its district is on the list.',
    stand: 'As given in the attribution (from the PROVENANCE.md of the installed list).',
    lizenz: 'keine',
    lizenzHinweis: 'Official planning designation; licence and source are named in the PROVENANCE.md of the installed list.',
    bearbeitung: 'Read unchanged; a list with any error is not used at all.',
  },
};

export function DatenquellenPage({ ctx, env }: { ctx: PageContext; env: InfoEnv }) {
  const l = ctx.locale;
  const tr = chooser(l);
  const title = tr('Datenquellen und Lizenzen', 'Data sources and licences');

  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: tr('Start', 'Home') }]}>
      <div class="info-page">
        <h1 class="kern-heading-x-large">{title}</h1>
        <p class="kern-body kern-body--large">
          {tr(
            'Die Plattform arbeitet mit amtlichen offenen Daten. Hier steht, woher sie stammen, welchen Stand sie haben, unter welcher Lizenz sie stehen und was wir an ihnen verändert haben.',
            'The platform works with official open data. Here you find where it comes from, how current it is, which licence applies and what we changed.',
          )}
        </p>

        {env.attributions.length === 0 && (
          <p class="kern-body">
            {tr(
              'In dieser Instanz sind keine amtlichen Datensätze eingebunden.',
              'No official data sets are in use in this instance.',
            )}
          </p>
        )}

        {env.attributions.map((a) => (
          <Datensatz attribution={a} locale={l} />
        ))}

        <section class="info-section">
          <h2 class="kern-heading-medium" id="verlinkungen">
            {tr('Verlinkungen der Online-Verfahren', 'Links between authorities and online procedures')}
          </h2>
          {env.demo ? (
            <>
              <p class="kern-body">
                <DemoHinweis locale={l} />
              </p>
              <p class="kern-body">
                {tr(
                  'Welche Behörde welches Online-Verfahren im BayernPortal verlinkt, ist keine veröffentlichte Datenquelle. In dieser Instanz sind diese Verlinkungen simuliert („Demodaten“) – und damit auch die Zahl der Online-Verfahren je Behörde sowie Bewerbungen und Verleihungen, die darauf beruhen. Die Simulation orientiert sich an veröffentlichten Zahlen des Programms, gibt aber nicht das tatsächliche Angebot einer Behörde wieder.',
                  <>
                    Which authority links which online procedure in the BayernPortal is not a published data source. In this instance these links
                    are simulated (demo data, <De>„Demodaten“</De>) – and so are the number of online procedures per authority and the
                    applications and awards based on them. The simulation follows published figures of the programme but does not reflect what any
                    authority actually offers.
                  </>,
                )}
              </p>
            </>
          ) : (
            <p class="kern-body">
              {tr(
                'Die Verlinkungen pflegen die Behörden und ihre IT-Dienstleister selbst auf dieser Plattform. Sie sind keine amtliche Statistik.',
                'The links are maintained on this platform by the authorities and their IT service providers themselves. They are not official statistics.',
              )}
            </p>
          )}
        </section>

        <section class="info-section">
          <h2 class="kern-heading-medium" id="lizenz">
            {tr('Die Lizenz', 'The licence')}
          </h2>
          <p class="kern-body">
            {tr('Die Geodaten und das Gemeindeverzeichnis stehen unter der ', 'The geodata and the municipality directory are published under the ')}
            <LizenzLink locale={l} /> (dl-de/by-2-0).{' '}
            {tr(
              'Sie dürfen die Daten vervielfältigen, verbreiten, verändern und auch kommerziell nutzen. Bedingung: Sie nennen die Quelle mit dem oben angegebenen Quellenvermerk, verweisen auf die Lizenz und kennzeichnen Veränderungen.',
              'You may copy, distribute and modify the data and use it commercially. Condition: you name the source with the attribution given above, refer to the licence and mark any changes.',
            )}
          </p>
          <p class="kern-body">
            {tr(
              'Wenn Sie Daten dieser Plattform weiterverwenden, übernehmen Sie bitte die Quellenvermerke der zugrunde liegenden amtlichen Daten.',
              'If you reuse data from this platform, please carry over the attributions of the underlying official data.',
            )}
          </p>
        </section>
      </div>
    </Layout>
  );
}

const LIZENZ_NAME = 'Datenlizenz Deutschland – Namensnennung – Version 2.0';

function LizenzLink({ locale }: { locale: Locale }) {
  return (
    <a class="kern-link" href={DL_DE_BY} hreflang="de">
      {locale === 'de' ? LIZENZ_NAME : <De>{LIZENZ_NAME}</De>}
    </a>
  );
}

function Datensatz({ attribution, locale }: { attribution: Attribution; locale: Locale }) {
  const de = locale === 'de';
  const b = DATENSAETZE[attribution.source]?.[locale];
  // The attribution lines are fixed German wording of the publishers.
  const lang = de ? undefined : 'de';
  const vermerk = attribution.href ? (
    <a class="kern-link" href={attribution.href} lang={lang}>
      {attribution.text}
    </a>
  ) : (
    <span lang={lang}>{attribution.text}</span>
  );
  return (
    <section class="info-section">
      <h2 class="kern-heading-medium" id={`quelle-${attribution.source}`}>
        {b ? b.titel : attribution.source}
      </h2>
      <dl class="kern-description-list">
        <Eintrag term={de ? 'Quellenvermerk' : 'Attribution'}>{vermerk}</Eintrag>
        {b && (
          <>
            <Eintrag term={de ? 'Herausgeber' : 'Publisher'}>{b.herausgeber}</Eintrag>
            <Eintrag term={de ? 'Inhalt' : 'Content'}>{b.inhalt}</Eintrag>
            <Eintrag term={de ? 'Stand' : 'Date'}>{b.stand}</Eintrag>
            <Eintrag term={de ? 'Lizenz' : 'Licence'}>
              {b.lizenz === 'dl-de/by-2-0' ? (
                <>
                  <LizenzLink locale={locale} />
                  {b.lizenzHinweis && (
                    <>
                      <br />
                      {b.lizenzHinweis}
                    </>
                  )}
                </>
              ) : (
                b.lizenzHinweis
              )}
            </Eintrag>
            <Eintrag term={de ? 'Bearbeitung' : 'Changes'}>{b.bearbeitung}</Eintrag>
          </>
        )}
      </dl>
    </section>
  );
}
