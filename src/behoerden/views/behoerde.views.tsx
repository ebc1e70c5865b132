import { formatDate, formatNumber, type Locale, mitAnzahl, NOMEN, zahlMitWort } from '../../shared/i18n';
import { Aufzaehlung, DemoHinweis, Layout, type PageContext, TabellenBereich } from '../../shared/layout';
import type { VerlinkungService } from '../../verlinkung/verlinkung.service';
import { GRUND_TEXT } from '../../verlinkung/zaehlung';
import { Liniendiagramm } from '../../shared/charts';
import { StandBadge, standVon } from '../../shared/stand';
import { type OeffentlicherStatus, PraedikatStatusHinweis } from './praedikat-status';
import type { BehoerdenService } from '../behoerden.service';
import { typLabel } from '../../shared/behoerde-typen';
import { PraedikatBadge } from './behoerden.parts';

type Detail = Awaited<ReturnType<BehoerdenService['get']>>;
type GemeindeDaten = NonNullable<Awaited<ReturnType<BehoerdenService['gemeinde']>>>;
type Verfahren = Awaited<ReturnType<VerlinkungService['verlinkungen']>>;
type Chancen = Awaited<ReturnType<VerlinkungService['chancen']>>;
type Verlauf = Awaited<ReturnType<VerlinkungService['zaehlstand']>>['verlauf'];

export interface BehoerdeSeite {
  behoerde: Detail;
  verfahren: Verfahren;
  chancen: Chancen;
  verlauf: Verlauf;
  darfVerwalten: boolean;
  /** Whether the signet picture route exists yet (another domain's work). */
  signet: boolean;
  /** Whether an employee has completed the Grundkurs Digitallotse (no names on the public page). */
  digitallotse?: boolean;
  /** The award's public status (revoked or suspended: since when and why). */
  praedikatStatus?: OeffentlicherStatus | null;
}

const OHNE_THEMENFELD = { de: 'Ohne Zuordnung zu einem Themenfeld', en: 'Not assigned to a topic area' };

/** Counting procedures grouped by OZG-Themenfeld (a procedure of several Themenfelder is in each), most first. */
function nachThemenfeld(verfahren: Verfahren, locale: Locale) {
  const gruppen = new Map<string, Verfahren>();
  for (const v of verfahren) {
    for (const t of v.themenfelder.length ? v.themenfelder : [OHNE_THEMENFELD[locale]]) {
      const g = gruppen.get(t);
      if (g) g.push(v);
      else gruppen.set(t, [v]);
    }
  }
  return [...gruppen].sort((a, b) => Number(a[0] === OHNE_THEMENFELD[locale]) - Number(b[0] === OHNE_THEMENFELD[locale]) || b[1].length - a[1].length || a[0].localeCompare(b[0], 'de'));
}

export function BehoerdePage({ ctx, seite }: { ctx: PageContext; seite: BehoerdeSeite }) {
  const { behoerde: b, verfahren, chancen, verlauf, darfVerwalten } = seite;
  const l = ctx.locale;
  const de = l === 'de';
  const fehlend = Math.max(0, b.schwelle - b.onlineVerfahren);
  const stand = standVon({ anzahl: b.onlineVerfahren, schwelle: b.schwelle, praedikatStatus: b.praedikat?.status ?? null });
  const zaehlend = verfahren.filter((v) => v.zaehlt);
  const nichtZaehlend = verfahren.filter((v) => !v.zaehlt);
  const gruppen = nachThemenfeld(zaehlend, l);
  const unterKreis = b.landkreis && b.typ !== 'landkreis' && b.typ !== 'kreisfreie_stadt';
  const monat = new Intl.DateTimeFormat(de ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const tag = (iso: string) => monat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  const verlaufDemo = verlauf.some((p) => p.demo);
  return (
    <Layout ctx={ctx} title={b.anzeigename} crumbs={[{ href: '/behoerden', label: de ? 'Behörden' : 'Authorities' }]}>
      <h1 class="kern-heading-large">{b.anzeigename}</h1>
      <p class="kern-body">
        {typLabel(b.typ, l)}
        {unterKreis && b.landkreis && (
          <>
            {' · '}
            <a class="kern-link" href={`/behoerden/${b.landkreis.key}`}>
              {b.landkreis.anzeigename}
            </a>
          </>
        )}
        {' · '}
        {de ? 'Regierungsbezirk ' : 'Region '}
        {b.regierungsbezirk.name}{' '}
        (
        <a class="kern-link" href={`/karte/${b.regierungsbezirk.key}`}>
          {de ? 'auf der Karte' : 'on the map'}
        </a>
        )
      </p>
      <p>
        <StandBadge stand={stand} locale={l} /> {ctx.demo && <DemoHinweis locale={l} />}
      </p>

      {b.praedikat && (
        <section aria-labelledby="praedikat" class="praedikat-box">
          <h2 class="kern-heading-medium" id="praedikat">
            {de ? 'Prädikat „Digitales Amt“' : 'The “Digitales Amt” label'}
          </h2>
          <div class="praedikat-box__inhalt">
            {b.praedikat.status === 'gueltig' && seite.signet && (
              <a href={`/nachweis/${b.praedikat.zertifikatNr}`} class="praedikat-box__signet">
                <img
                  src={`/signet/${b.praedikat.zertifikatNr}.svg`}
                  alt={de ? `Signet „Digitales Amt“ von ${b.anzeigename}, Zertifikat ${b.praedikat.zertifikatNr} – zum Nachweis` : `“Digitales Amt” signet of ${b.anzeigename}, certificate ${b.praedikat.zertifikatNr} – to the verification`}
                  width="160"
                  height="160"
                />
              </a>
            )}
            <div>
              <p class="kern-body">
                <PraedikatBadge status={b.praedikat.status} locale={l} />{' '}
                {de
                  ? `Zertifikat ${b.praedikat.zertifikatNr}, verliehen am ${formatDate(l, b.praedikat.verliehenAm)}.`
                  : `Certificate ${b.praedikat.zertifikatNr}, awarded ${formatDate(l, b.praedikat.verliehenAm)}.`}
              </p>
              {seite.praedikatStatus && seite.praedikatStatus.zertifikatNr === b.praedikat.zertifikatNr && (
                <PraedikatStatusHinweis p={seite.praedikatStatus} l={l} anzahl={b.onlineVerfahren} schwelle={b.schwelle} />
              )}
              {b.mitgliedsgemeinden.length > 0 && b.praedikat.status === 'gueltig' && (
                <p class="kern-body">
                  {de ? 'Das Prädikat gilt für jede Mitgliedsgemeinde.' : 'The label applies to every member municipality.'}
                </p>
              )}
              <p class="kern-body">
                <a class="kern-link" href={`/nachweis/${b.praedikat.zertifikatNr}`}>
                  {de ? `Nachweis prüfen (Zertifikat ${b.praedikat.zertifikatNr})` : `Verify the label (certificate ${b.praedikat.zertifikatNr})`}
                </a>
              </p>
            </div>
          </div>
        </section>
      )}

      <section aria-labelledby="stand" class="kern-card kern-card--surface stand-card">
        <div class="kern-card__container">
          <div class="kern-card__header">
            <h2 class="kern-heading-medium" id="stand">
              {de ? 'Stand der Online-Verfahren' : 'Online procedures'}
            </h2>
          </div>
          <div class="kern-card__body">
            <p class="kern-body kern-body--large">
              <strong>{formatNumber(l, b.onlineVerfahren)}</strong> {de ? `von ${b.schwelle} nötigen Online-Verfahren verlinkt` : `of ${b.schwelle} required online procedures linked`}
            </p>
            <progress class="kern-progress" max={b.schwelle} value={Math.min(b.onlineVerfahren, b.schwelle)} aria-label={de ? 'Fortschritt zur Schwelle' : 'Progress to threshold'} />
            <p class="kern-body">
              {fehlend === 0
                ? de
                  ? 'Die Schwelle für das Prädikat „Digitales Amt“ ist erreicht.'
                  : 'The threshold for the “Digitales Amt” label is reached.'
                : de
                  ? `${fehlend === 1 ? 'Es fehlt noch 1 Online-Verfahren' : `Es fehlen noch ${fehlend} Online-Verfahren`} bis zur Schwelle.`
                  : `${zahlMitWort(l, fehlend, 'more online procedure is', 'more online procedures are')} needed to reach the threshold.`}
              {fehlend > 0 && (
                <>
                  {' '}
                  <a class="kern-link" href="#chancen">
                    {de ? 'Was Sie heute verlinken können' : 'What can be linked today'}
                  </a>
                </>
              )}
            </p>
          </div>
        </div>
      </section>

      <section aria-labelledby="verlauf">
        <h2 class="kern-heading-medium" id="verlauf">
          {de ? 'Verlauf der Zahl' : 'Count over time'}
        </h2>
        {verlauf.length === 0 ? (
          <p class="kern-body">{de ? 'Noch kein Verlauf gespeichert.' : 'No history yet.'}</p>
        ) : (
          <>
            <Liniendiagramm
              id="d-verlauf"
              locale={l}
              titel={de ? `Zählende Online-Verfahren von ${b.anzeigename} im Zeitverlauf` : `Counting online procedures of ${b.anzeigename} over time`}
              beschreibung={
                de
                  ? `Vom ${tag(verlauf[0].tag)} (${verlauf[0].anzahl}) bis zum ${tag(verlauf[verlauf.length - 1].tag)} (${verlauf[verlauf.length - 1].anzahl}); Schwelle ${b.schwelle}.${verlaufDemo ? ' Demodaten (simuliert).' : ''}`
                  : `From ${tag(verlauf[0].tag)} (${verlauf[0].anzahl}) to ${tag(verlauf[verlauf.length - 1].tag)} (${verlauf[verlauf.length - 1].anzahl}); threshold ${b.schwelle}.${verlaufDemo ? ' Demo data (simulated).' : ''}`
              }
              punkte={verlauf.map((p) => ({ tag: p.tag, wert: p.anzahl }))}
              schwelle={b.schwelle}
            />
            <details class="daten-details">
              <summary class="kern-body">{de ? `Daten als Tabelle (${mitAnzahl(l, verlauf.length, NOMEN.zeile)})` : `Data as a table (${mitAnzahl(l, verlauf.length, NOMEN.zeile)})`}</summary>
              <TabellenBereich label={de ? 'Verlauf der Zahl' : 'Count over time'}>
                <table class="kern-table kern-table--striped">
                  <caption class="kern-sr-only">{de ? 'Verlauf der Zahl' : 'Count over time'}</caption>
                  <thead class="kern-table__header">
                    <tr>
                      <th scope="col" class="kern-table__header">{de ? 'Tag' : 'Day'}</th>
                      <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Online-Verfahren' : 'Online procedures'}</th>
                      <th scope="col" class="kern-table__header">{de ? 'Quelle' : 'Source'}</th>
                    </tr>
                  </thead>
                  <tbody class="kern-table__body">
                    {verlauf.map((p) => (
                      <tr>
                        <th scope="row" class="kern-table__cell">
                          <time dateTime={p.tag}>{tag(p.tag)}</time>
                        </th>
                        <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, p.anzahl)}</td>
                        <td class="kern-table__cell">{p.demo ? (de ? 'Demodaten (simuliert)' : 'Demo data (simulated)') : de ? 'gezählt' : 'counted'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TabellenBereich>
            </details>
          </>
        )}
      </section>

      <h2 class="kern-heading-medium">{de ? 'Angaben' : 'Details'}</h2>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Amtlicher Name' : 'Official name'}</dt>
          <dd class="kern-description-list-item__value">{b.name}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Schlüssel (ARS)' : 'Key (ARS)'}</dt>
          <dd class="kern-description-list-item__value">{b.ars}</dd>
        </div>
        {b.sitz && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Verwaltungssitz' : 'Seat'}</dt>
            <dd class="kern-description-list-item__value">{b.sitz}</dd>
          </div>
        )}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Digitallotse</dt>
          <dd class="kern-description-list-item__value">
            {seite.digitallotse
              ? de
                ? 'ja – eine Mitarbeiterin oder ein Mitarbeiter hat den Grundkurs Digitallotse abgeschlossen'
                : 'yes – an employee has completed the Digitallotse course'
              : de
                ? 'noch nicht'
                : 'not yet'}{' '}
            <a class="kern-link" href="/digitallotse">
              {de ? 'Zum Grundkurs' : 'About the course'}
            </a>
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Einwohner' : 'Population'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, b.bevoelkerung)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Fläche' : 'Area'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, Math.round(b.flaecheHa / 100))} km²</dd>
        </div>
        {b.plz && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Postleitzahl' : 'Postcode'}</dt>
            <dd class="kern-description-list-item__value">{b.plz}</dd>
          </div>
        )}
      </dl>

      {b.mitgliedsgemeinden.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{de ? 'Mitgliedsgemeinden' : 'Member municipalities'}</h2>
          <p class="kern-body">
            {de
              ? `${b.anzeigename} ist eine Behörde für ${mitAnzahl(l, b.mitgliedsgemeinden.length, NOMEN.gemeinde)}. Zahl und Prädikat gelten für jede von ihnen.`
              : `${b.anzeigename} is one authority for ${mitAnzahl(l, b.mitgliedsgemeinden.length, NOMEN.gemeinde)}. Count and label apply to each of them.`}
          </p>
          <ul class="kern-list">
            {b.mitgliedsgemeinden.map((m) => (
              <li>
                <a class="kern-link" href={`/behoerden/${m.ars}`}>
                  {m.anzeigename}
                </a>{' '}
                ({m.bevoelkerung === null ? '' : mitAnzahl(l, m.bevoelkerung, NOMEN.einwohner)}
                {m.plz ? `, ${de ? 'PLZ' : 'postcode'} ${m.plz}` : ''})
              </li>
            ))}
          </ul>
        </>
      )}

      {b.typ !== 'landkreis' && b.typ !== 'bezirk' && (
        <p class="kern-body">
          {de ? 'Was Einwohner online erledigen können – auch beim Landkreis, beim Bezirk und beim Freistaat: ' : 'What residents can do online – also at the district, the Bezirk and the Free State: '}
          {b.mitgliedsgemeinden.length > 0 ? (
            <Aufzaehlung
              locale={l}
              teile={b.mitgliedsgemeinden.map((m) => (
                <a class="kern-link" href={`/buergerservice?ort=${m.ars}`}>
                  {de ? `Bürgerservice ${m.anzeigename}` : `Citizen service ${m.anzeigename}`}
                </a>
              ))}
            />
          ) : (
            <a class="kern-link" href={`/buergerservice?ort=${b.ars}`}>
              {de ? `Bürgerservice für ${b.anzeigename}` : `Citizen service for ${b.anzeigename}`}
            </a>
          )}
        </p>
      )}

      <h2 class="kern-heading-medium" id="verfahren">
        {de ? 'Verlinkte Online-Verfahren nach OZG-Themenfeld' : 'Linked online procedures by OZG topic area'}
      </h2>
      {darfVerwalten && (
        <p>
          <a class="kern-btn kern-btn--primary" href={`/verwaltung/behoerden/${b.ars}/verlinkungen`}>
            <span class="kern-label">{de ? 'Verlinkungen verwalten' : 'Manage links'}</span>
          </a>
        </p>
      )}
      {zaehlend.length === 0 ? (
        <p class="kern-body">{de ? 'Noch keine Online-Verfahren verlinkt.' : 'No online procedures linked yet.'}</p>
      ) : (
        <>
          <p class="kern-body">
            {de
              ? `${zaehlend.length} zählende Online-Verfahren in ${mitAnzahl(l, gruppen.length, { de: ['Themenfeld', 'Themenfeldern'], en: ['topic area', 'topic areas'] })}. Ein Verfahren kann zu mehreren Themenfeldern gehören und steht dann bei jedem.`
              : `${zaehlend.length} counting online procedures in ${gruppen.length} topic areas. A procedure of several topic areas is listed under each.`}
          </p>
          {gruppen.map(([name, vs]) => (
            <details class="verfahren-details">
              <summary class="kern-body">
                {name} ({vs.length})
              </summary>
              <ul class="kern-list verfahren-list">
                {vs.map((v) => (
                  <li>
                    <bdi>{v.name}</bdi>{' '}
                    <span class="kern-body kern-body--small">({v.bereitstellung === 'zentral' ? (de ? 'zentral' : 'central') : de ? 'kommunal' : 'municipal'})</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </>
      )}
      {nichtZaehlend.length > 0 && (
        <>
          <h3 class="kern-heading-small">{de ? 'Verlinkt, aber nicht gezählt' : 'Linked but not counted'}</h3>
          <p class="kern-body">
            {de
              ? 'Informationsseiten und Formulare zum Ausdrucken sind keine Online-Verfahren: Sie haben keine elektronische Einreichung und zählen daher nicht für das Prädikat.'
              : 'Information pages and print-out forms are not online procedures: they have no electronic submission and do not count.'}
          </p>
          <ul class="kern-list">
            {nichtZaehlend.map((v) => (
              <li>
                <bdi>{v.name}</bdi>{' '}
                {/* The review's reason and the duplicate's name are specific: shown as written (German). */}
                {v.grund === 'zaehlt_nicht_pruefung' || v.grund === 'doppelt' ? (
                  <span class="kern-body kern-body--small" lang={l === 'de' ? undefined : 'de'}>
                    (<bdi>{v.grundText}</bdi>)
                  </span>
                ) : (
                  <span class="kern-body kern-body--small">({(v.grund && GRUND_TEXT[v.grund as keyof typeof GRUND_TEXT]?.[l]) ?? v.grundText})</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 class="kern-heading-medium" id="themenfelder">
        {de ? 'Abdeckung der OZG-Themenfelder' : 'Coverage of the OZG topic areas'}
      </h2>
      <ul class="themenfelder">
        {chancen.themenfelder.map((t) => (
          <li>
            <span class={`kern-badge ${t.abgedeckt ? 'kern-badge--success' : 'kern-badge--info'}`}>
              <span class="kern-label kern-label--small">
                {t.name}: {t.abgedeckt ? formatNumber(l, t.anzahl) : de ? 'keines' : 'none'}
              </span>
            </span>
          </li>
        ))}
      </ul>

      <h2 class="kern-heading-medium" id="chancen">
        {de ? 'Chancen: diese Verfahren können Sie heute verlinken' : 'Opportunities: procedures you can link today'}
      </h2>
      {chancen.mitDiesenErreichtManDasPraedikat !== null && (
        <div class="kern-alert kern-alert--info">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--info" aria-hidden="true" />
            <p class="kern-title">
              {de
                ? `${chancen.mitDiesenErreichtManDasPraedikat === 1 ? 'Mit dieser Verlinkung' : `Mit diesen ${chancen.mitDiesenErreichtManDasPraedikat} Verlinkungen`} erreichen Sie das Prädikat „Digitales Amt“.`
                : `${chancen.mitDiesenErreichtManDasPraedikat === 1 ? 'With this link' : `With these ${chancen.mitDiesenErreichtManDasPraedikat} links`} you reach the “Digitales Amt” label.`}
            </p>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {de
                ? 'Die markierten zentralen Online-Verfahren stellt der Freistaat bereit; ein Link im BayernPortal genügt.'
                : 'The marked central procedures are provided by the Free State; a link in the BayernPortal is all it takes.'}
            </p>
          </div>
        </div>
      )}
      {chancen.vorschlaege.length === 0 ? (
        <p class="kern-body">{de ? 'Alle zentralen Online-Verfahren sind bereits verlinkt.' : 'All central online procedures are linked already.'}</p>
      ) : (
        <>
          <p class="kern-body">
            {de
              ? `Zentrale Online-Verfahren, die ${b.anzeigename} noch nicht verlinkt, geordnet danach, wie viele ähnliche Behörden (gleiche Art, ähnliche Größe: ${formatNumber(l, chancen.vergleichsgruppe.anzahl)}) sie verlinken.`
              : `Central online procedures ${b.anzeigename} does not link yet, ordered by how many similar authorities (same type, similar size: ${formatNumber(l, chancen.vergleichsgruppe.anzahl)}) link them.`}
          </p>
          <ol class="kern-list kern-list--number chancen-list">
            {chancen.vorschlaege.map((v) => (
              <li>
                {v.reichtZurSchwelle ? <strong>{v.name}</strong> : v.name}{' '}
                <span class="kern-body kern-body--small">
                  ({de ? `${formatNumber(l, v.anteilVergleichsgruppe)} % der Vergleichsgruppe` : `${formatNumber(l, v.anteilVergleichsgruppe)} % of similar authorities`}
                  {v.themenfelder.length > 0 ? ` · ${v.themenfelder.join(', ')}` : ''})
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={`/api/v1/behoerden/${b.ars}`}>
          {de ? 'Diese Angaben als JSON (API)' : 'This data as JSON (API)'}
        </a>
        {' · '}
        <a class="kern-link" href={`/opendata/behoerden.csv?q=${b.ars}`}>
          {de ? 'als CSV' : 'as CSV'}
        </a>
      </p>
    </Layout>
  );
}

/**
 * The page of a Gemeinde that is no Behörde of its own: a member of a Verwaltungsgemeinschaft
 * (its VG links the procedures and holds the Prädikat for it) or a gemeindefreies Gebiet.
 */
export function GemeindePage({ ctx, daten }: { ctx: PageContext; daten: GemeindeDaten }) {
  const { gemeinde: g, behoerde: b } = daten;
  const l = ctx.locale;
  const de = l === 'de';
  const ort = [g.landkreis?.anzeigename, g.regierungsbezirk ? `${de ? 'Regierungsbezirk' : 'Region'} ${g.regierungsbezirk.name}` : null].filter(Boolean).join(', ');
  const stand = b ? standVon({ anzahl: b.onlineVerfahren, schwelle: b.schwelle, praedikatStatus: b.praedikat?.status ?? null }) : null;
  return (
    <Layout ctx={ctx} title={g.anzeigename} crumbs={[{ href: '/behoerden', label: de ? 'Behörden' : 'Authorities' }]}>
      <h1 class="kern-heading-large">{g.anzeigename}</h1>
      <p class="kern-body">
        {g.gemeindefrei ? (de ? 'Gemeindefreies Gebiet' : 'Unincorporated area') : de ? 'Gemeinde' : 'Municipality'}
        {ort ? ` · ${ort}` : ''}
      </p>
      {b && !g.gemeindefrei && (
        <section aria-labelledby="zustaendig" class="kern-card kern-card--surface stand-card">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-heading-medium" id="zustaendig">
                {de ? `Zuständige Behörde: ${b.anzeigename}` : `Responsible authority: ${b.anzeigename}`}
              </h2>
            </div>
            <div class="kern-card__body">
              <p class="kern-body">
                {de
                  ? `${g.anzeigename} gehört zur ${b.anzeigename}. Sie erledigt die Verwaltung der Gemeinde und verlinkt die Online-Verfahren; ihre Zahl und ihr Prädikat „Digitales Amt“ gelten für ${g.anzeigename}.`
                  : `${g.anzeigename} belongs to the ${b.anzeigename}, which runs the municipality’s administration and links the online procedures; its count and its “Digitales Amt” label apply to ${g.anzeigename}.`}
              </p>
              <p class="kern-body kern-body--large">
                <strong>{formatNumber(l, b.onlineVerfahren)}</strong> {de ? `von ${b.schwelle} nötigen Online-Verfahren verlinkt` : `of ${b.schwelle} required online procedures linked`}{' '}
                {stand && <StandBadge stand={stand} locale={l} />}
              </p>
              {b.praedikat && (
                <p class="kern-body">
                  <PraedikatBadge status={b.praedikat.status} locale={l} />{' '}
                  {de
                    ? `Zertifikat ${b.praedikat.zertifikatNr}, verliehen am ${formatDate(l, b.praedikat.verliehenAm)}.`
                    : `Certificate ${b.praedikat.zertifikatNr}, awarded ${formatDate(l, b.praedikat.verliehenAm)}.`}{' '}
                  <a class="kern-link" href={`/nachweis/${b.praedikat.zertifikatNr}`}>
                    {de ? 'Nachweis prüfen' : 'Verify'}
                  </a>
                </p>
              )}
              <p class="kern-body">
                <a class="kern-link" href={`/behoerden/${b.ars}`}>
                  {de ? `Zur Seite der ${b.anzeigename}` : `To the page of the ${b.anzeigename}`}
                </a>
              </p>
            </div>
          </div>
        </section>
      )}
      {g.gemeindefrei && (
        <p class="kern-body">
          {de
            ? `Ein gemeindefreies Gebiet (Wald, See) hat keine Einwohner und keine Gemeindeverwaltung.${b ? ` Zuständig ist ${b.anzeigename}.` : ''}`
            : `An unincorporated area (forest, lake) has no residents and no municipal administration.${b ? ` The responsible authority is ${b.anzeigename}.` : ''}`}{' '}
          {b && (
            <a class="kern-link" href={`/behoerden/${b.ars}`}>
              {b.anzeigename}
            </a>
          )}
        </p>
      )}
      {!g.gemeindefrei && (
        <section aria-labelledby="buergerservice">
          <h2 class="kern-heading-medium" id="buergerservice">
            {de ? `Was kann ich in ${g.anzeigename} online erledigen?` : `What can I do online in ${g.anzeigename}?`}
          </h2>
          <p class="kern-body">
            {de
              ? 'Alle Online-Verfahren für die Einwohner – von der Verwaltungsgemeinschaft, dem Landkreis, dem Bezirk und die zentralen Angebote des Freistaats:'
              : 'Every online procedure for the residents – from the administrative association, the district, the Bezirk and the central services of the Free State:'}{' '}
            <a class="kern-link" href={`/buergerservice?ort=${g.ars}`}>
              {de ? `Bürgerservice für ${g.anzeigename}` : `Citizen service for ${g.anzeigename}`}
            </a>
          </p>
        </section>
      )}
      <h2 class="kern-heading-medium">{de ? 'Angaben' : 'Details'}</h2>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Amtlicher Name' : 'Official name'}</dt>
          <dd class="kern-description-list-item__value">{g.name}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Schlüssel (ARS)' : 'Key (ARS)'}</dt>
          <dd class="kern-description-list-item__value">{g.ars}</dd>
        </div>
        {g.bevoelkerung !== null && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Einwohner' : 'Population'}</dt>
            <dd class="kern-description-list-item__value">{formatNumber(l, g.bevoelkerung)}</dd>
          </div>
        )}
        {g.flaecheHa !== null && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Fläche' : 'Area'}</dt>
            <dd class="kern-description-list-item__value">{formatNumber(l, Math.round(g.flaecheHa / 100))} km²</dd>
          </div>
        )}
        {g.plz && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Postleitzahl' : 'Postcode'}</dt>
            <dd class="kern-description-list-item__value">
              {g.plz}
              {g.plzEindeutig === false ? (de ? ' (des Verwaltungssitzes; die Gemeinde hat weitere)' : ' (of the seat; the municipality has more)') : ''}
            </dd>
          </div>
        )}
      </dl>
    </Layout>
  );
}
