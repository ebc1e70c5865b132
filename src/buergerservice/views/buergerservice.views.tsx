/**
 * The Bürgerservice page: a place (and optionally a Leistung) in, every Online-Verfahren open to
 * its residents out — grouped by OZG-Themenfeld and Lebenslage, each with the responsible Behörde
 * and its level. Works without JavaScript: several places of one name get a choice list; a small
 * script only adds suggestions while typing.
 */
import { linkZiel } from '../../shared/netz';
import { assetUrl } from '../../shared/assets';
import { formatNumber, type Locale, mitAnzahl, NOMEN } from '../../shared/i18n';
import { type Schwellen, schwelleFuer } from '../../shared/schwellen';
import { DemoHinweis, ErrorSummary, type FieldError, Layout, type PageContext, TextField } from '../../shared/layout';
import { STAND_BADGE, STAND_LABELS, standVon } from '../../shared/stand';
import { type Angebot, EBENE_LABELS, nachThemenfeld, type Ort, type Zustaendig } from '../buergerservice.service';

export interface BuergerserviceSeite {
  /** What was typed into the place field. */
  ortEingabe: string;
  q: string;
  fehler: FieldError[];
  /** Several places match: the citizen picks one. */
  auswahl?: Ort[];
  ergebnis?: { ort: Ort; zustaendig: Zustaendig[]; items: Angebot[]; q: string | null };
  schwellen: Schwellen;
}

const VERTRAUENSNIVEAU: Record<string, { de: string; en: string }> = {
  niedrig: { de: 'niedrig', en: 'low' },
  substanziell: { de: 'substanziell', en: 'substantial' },
  hoch: { de: 'hoch', en: 'high' },
};

/** "Amberg (Landkreis Unterallgäu)": a place as the choice list and the suggestions write it. */
export const ortMitZusatz = (o: Pick<Ort, 'anzeigename' | 'zusatz'>) => (o.zusatz ? `${o.anzeigename} (${o.zusatz})` : o.anzeigename);

function adresse(ort: string, q?: string | null) {
  const p = new URLSearchParams({ ort });
  if (q) p.set('q', q);
  return `/buergerservice?${p.toString()}`;
}

/** The search form; also on the start page. */
export function BuergerserviceFormular({ locale, ort, q, fehler = [], kompakt = false }: { locale: Locale; ort: string; q: string; fehler?: FieldError[]; kompakt?: boolean }) {
  const de = locale === 'de';
  const ortFehler = fehler.find((f) => f.field === 'ort')?.message;
  const qFehler = fehler.find((f) => f.field === 'q')?.message;
  return (
    <form method="get" action="/buergerservice" class="filter-form buergerservice-form" role="search" aria-label={de ? 'Online-Verfahren für Ihren Wohnort suchen' : 'Find online procedures for your place'}>
      <div class="filter-form__grid">
        <TextField
          name="ort"
          label={de ? 'Ihr Wohnort' : 'Where you live'}
          hint={de ? 'Name der Gemeinde oder Postleitzahl, z. B. „Amberg“ oder „86842“' : 'Name of the municipality or postcode, e.g. “Amberg” or “86842”'}
          value={ort}
          error={ortFehler}
          required
          maxLength={100}
          autocomplete="address-level2"
          list="ort-vorschlaege"
          vorschlaege={<datalist id="ort-vorschlaege" />}
        />
        <TextField
          name="q"
          type="search"
          label={de ? 'Was möchten Sie erledigen? (freiwillig)' : 'What do you want to do? (optional)'}
          hint={de ? 'Ein Stichwort, z. B. „Hund“, „Bauantrag“ oder „Wohnsitz“' : 'A keyword in German, e.g. “Hund” (dog), “Bauantrag” (building permit) or “Wohnsitz” (residence)'}
          value={q}
          error={qFehler}
          maxLength={100}
        />
      </div>
      <div class="filter-form__actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">{de ? 'Online-Verfahren anzeigen' : 'Show online procedures'}</span>
        </button>
        {!kompakt && (
          <a class="kern-link" href="/buergerservice">
            {de ? 'Neue Suche' : 'New search'}
          </a>
        )}
      </div>
      {!kompakt && (
        <p class="kern-body kern-body--small">
          {de
            ? 'Postleitzahlen: Das amtliche Gemeindeverzeichnis nennt je Gemeinde nur eine Postleitzahl, bei mehreren die des Verwaltungssitzes. Finden Sie Ihren Ort über die Postleitzahl nicht, suchen Sie bitte nach dem Namen.'
            : 'Postcodes: the official register of municipalities lists one postcode per municipality, that of its seat where it has several. If your postcode finds nothing, please search by name.'}
        </p>
      )}
    </form>
  );
}

function BehoerdeStand({ z, locale, schwellen }: { z: Zustaendig; locale: Locale; schwellen: Schwellen }) {
  const de = locale === 'de';
  if (z.onlineVerfahren === null) {
    return <span class="kern-body kern-body--small">{de ? 'zentrale Online-Verfahren für ganz Bayern' : 'central online procedures for all of Bavaria'}</span>;
  }
  const schwelle = schwelleFuer(z.ebene, schwellen);
  const stand = standVon({ anzahl: z.onlineVerfahren, schwelle, praedikatStatus: z.praedikat?.status ?? null });
  return (
    <span class="kern-body kern-body--small">
      {de ? `${formatNumber(locale, z.onlineVerfahren)} von ${schwelle} Online-Verfahren` : `${formatNumber(locale, z.onlineVerfahren)} of ${schwelle} online procedures`}{' '}
      <span class={`kern-badge kern-badge--${STAND_BADGE[stand]}`}>
        <span class="kern-label kern-label--small">{STAND_LABELS[stand][locale]}</span>
      </span>
    </span>
  );
}

function Zustaendigkeit({ ort, zustaendig, locale, schwellen }: { ort: Ort; zustaendig: Zustaendig[]; locale: Locale; schwellen: Schwellen }) {
  const de = locale === 'de';
  const gemeindeEbene = zustaendig[0];
  return (
    <section aria-labelledby="zustaendig" class="buergerservice-zustaendig">
      <h2 class="kern-heading-medium" id="zustaendig">
        {de ? `Zuständig für ${ortMitZusatz(ort)}` : `Responsible for ${ortMitZusatz(ort)}`}
      </h2>
      {gemeindeEbene && gemeindeEbene.ebene === 'vg' && (
        <p class="kern-body">
          {de
            ? `${ort.anzeigename} gehört zur ${gemeindeEbene.anzeigename}. Sie erledigt die Verwaltungsaufgaben der Gemeinde; ihr Angebot und ihr Prädikat gelten für ${ort.anzeigename}.`
            : `${ort.anzeigename} belongs to the ${gemeindeEbene.anzeigename}, which runs the municipality’s administration; its offer and its label apply to ${ort.anzeigename}.`}
        </p>
      )}
      <ol class="kern-list zustaendig-liste">
        {zustaendig.map((z) => (
          <li>
            <span class="zustaendig-liste__ebene">{EBENE_LABELS[z.ebene][locale]}:</span>{' '}
            {z.ebene === 'land' ? (
              <strong>{z.anzeigename}</strong>
            ) : (
              <a class="kern-link" href={`/behoerden/${z.ars}`}>
                {z.anzeigename}
              </a>
            )}{' '}
            <BehoerdeStand z={z} locale={locale} schwellen={schwellen} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function Eintrag({ v, locale }: { v: Angebot; locale: Locale }) {
  const de = locale === 'de';
  const niveau = VERTRAUENSNIVEAU[v.vertrauensniveau]?.[locale] ?? v.vertrauensniveau;
  return (
    <li class="angebot">
      {linkZiel(v.url) ? (
        <a class="kern-link angebot__link" href={linkZiel(v.url)} rel="noopener noreferrer">
          {v.name}
        </a>
      ) : (
        <span class="angebot__link">{v.name}</span>
      )}
      <span class="kern-body kern-body--small angebot__angaben">
        {v.behoerde.anzeigename} ({EBENE_LABELS[v.behoerde.ebene][locale]}) · {de ? 'Vertrauensniveau' : 'Level of assurance'} {niveau} ·{' '}
        {v.behoerde.ebene === 'land'
          ? de
            ? 'zentral, zählt für eine Kommune erst, wenn sie es verlinkt'
            : 'central, counts for a municipality once it links it'
          : v.zaehlt
            ? de
              ? 'zählt für das Prädikat'
              : 'counts for the label'
            : de
              ? 'zählt derzeit nicht für das Prädikat (Link nicht erreichbar)'
              : 'does not count for the label at present (link unreachable)'}
      </span>
    </li>
  );
}

function Ergebnis({ e, locale, schwellen, demo }: { e: NonNullable<BuergerserviceSeite['ergebnis']>; locale: Locale; schwellen: Schwellen; demo: boolean }) {
  const de = locale === 'de';
  const gruppen = nachThemenfeld(e.items, locale);
  const offen = Boolean(e.q);
  const api = `/api/v1/buergerservice?${new URLSearchParams({ ort: e.ort.ars, ...(e.q ? { q: e.q } : {}) }).toString()}`;
  return (
    <>
      <Zustaendigkeit ort={e.ort} zustaendig={e.zustaendig} locale={locale} schwellen={schwellen} />
      <section aria-labelledby="angebote">
        <h2 class="kern-heading-medium" id="angebote">
          {e.q
            ? de
              ? `${mitAnzahl(locale, e.items.length, NOMEN.verfahren)} zu „${e.q}“`
              : `${mitAnzahl(locale, e.items.length, NOMEN.verfahren)} for “${e.q}”`
            : de
              ? `${mitAnzahl(locale, e.items.length, NOMEN.verfahren)} für ${e.ort.anzeigename}`
              : `${mitAnzahl(locale, e.items.length, NOMEN.verfahren)} for ${e.ort.anzeigename}`}{' '}
          {demo && <DemoHinweis locale={locale} />}
        </h2>
        {e.items.length === 0 ? (
          <p class="kern-body" role="status">
            {de
              ? `Keine der zuständigen Behörden bietet zu „${e.q}“ ein Online-Verfahren an. Versuchen Sie ein anderes Stichwort, oder wenden Sie sich direkt an die zuständige Behörde oben.`
              : `None of the responsible authorities offers an online procedure for “${e.q}”. Try another keyword, or contact the responsible authority above directly.`}
          </p>
        ) : (
          <>
            <p class="kern-body" role="status">
              {de
                ? `Geordnet nach Themenfeld und Lebenslage (OZG). Jedes Verfahren steht bei der Behörde, die es anbietet; die Links führen zum Online-Antrag.${offen ? '' : ' Öffnen Sie ein Themenfeld, oder grenzen Sie mit einem Stichwort ein.'}`
                : `Ordered by topic area and life situation (OZG). Each procedure is listed with the authority that offers it; the links lead to the online application.${offen ? '' : ' Open a topic area, or narrow the list down with a keyword.'}`}
            </p>
            {gruppen.map((g) => (
              <details class="verfahren-details themenfeld-gruppe" open={offen}>
                <summary class="kern-body">
                  <span class="themenfeld-gruppe__titel">{g.themenfeld}</span> ({formatNumber(locale, g.anzahl)})
                </summary>
                {g.lebenslagen.map((l) => (
                  <div class="lebenslage">
                    <h3 class="kern-heading-small lebenslage__titel">{l.lebenslage}</h3>
                    <ul class="kern-list angebote">
                      {l.eintraege.map((v) => (
                        <Eintrag v={v} locale={locale} />
                      ))}
                    </ul>
                  </div>
                ))}
              </details>
            ))}
          </>
        )}
        <p class="kern-body kern-body--small">
          <a class="kern-link" href={api}>
            {de ? 'Dieses Ergebnis als JSON (API)' : 'This result as JSON (API)'}
          </a>
        </p>
      </section>
    </>
  );
}

export function BuergerservicePage({ ctx, seite }: { ctx: PageContext; seite: BuergerserviceSeite }) {
  const l = ctx.locale;
  const de = l === 'de';
  const e = seite.ergebnis;
  const title = e
    ? de
      ? `Bürgerservice: ${ortMitZusatz(e.ort)}`
      : `Citizen service: ${ortMitZusatz(e.ort)}`
    : de
      ? 'Bürgerservice: Was kann ich online erledigen?'
      : 'Citizen service: what can I do online?';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {!e && (
        <p class="kern-body kern-body--large">
          {de
            ? 'Geben Sie Ihren Wohnort ein: Sie sehen jedes Online-Verfahren, das Sie dort nutzen können – von Ihrer Gemeinde oder Verwaltungsgemeinschaft, Ihrem Landkreis (oder Ihrer kreisfreien Stadt), Ihrem Bezirk und die zentralen Angebote des Freistaats.'
            : 'Enter where you live: you see every online procedure you can use there – from your municipality or administrative association, your district (or district-free city), your Bezirk and the central services of the Free State.'}
        </p>
      )}
      <ErrorSummary locale={l} errors={seite.fehler} />
      <BuergerserviceFormular locale={l} ort={seite.ortEingabe} q={seite.q} fehler={seite.fehler} />
      {seite.auswahl && seite.auswahl.length > 0 && (
        <section aria-labelledby="auswahl">
          <h2 class="kern-heading-medium" id="auswahl">
            {de ? `${mitAnzahl(l, seite.auswahl.length, NOMEN.treffer)} für „${seite.ortEingabe}“: Welchen Ort meinen Sie?` : `${mitAnzahl(l, seite.auswahl.length, NOMEN.treffer)} for “${seite.ortEingabe}”: which place do you mean?`}
          </h2>
          <ul class="kern-list orte-auswahl">
            {seite.auswahl.map((o) => (
              <li>
                <a class="kern-link" href={adresse(o.ars, seite.q || null)}>
                  {ortMitZusatz(o)}
                </a>
                {o.plz && (
                  <span class="kern-body kern-body--small">
                    {' '}
                    ({de ? 'PLZ' : 'postcode'} {o.plz}
                    {o.einwohner !== null ? `, ${mitAnzahl(l, o.einwohner, NOMEN.einwohner)}` : ''})
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {e && <Ergebnis e={e} locale={l} schwellen={seite.schwellen} demo={ctx.demo} />}
      <script src={assetUrl('buergerservice.js')} defer />
    </Layout>
  );
}
