import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import { formatDate, formatNumber, type Locale, mitAnzahl, NOMEN, zahlMitWort } from '../../shared/i18n';
import { DemoHinweis, Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, Pagination, TabellenBereich } from '../../shared/layout';
import type { DienstGrund } from '../zaehlung';
import type { chancenSchema, gleicherDienstSchema, historieSchema, verfahrenSchema, verlinkungSchema, zaehlstandSchema } from '../verlinkung.schemas';
import { EinbettenSnippet } from './einbetten.snippet';
import { ZaehltHinweis } from './katalog.views';

type Zaehlstand = z.output<typeof zaehlstandSchema>;
export type Verlinkung = z.output<typeof verlinkungSchema>;
type Ereignis = z.output<typeof historieSchema>[number];
type Verfuegbar = z.output<typeof verfahrenSchema> & { verlinkt: boolean; gleicherDienst?: z.output<typeof gleicherDienstSchema> };
type Chancen = z.output<typeof chancenSchema>;
type GleicherDienst = z.output<typeof gleicherDienstSchema>;

/** Where the editor is on the page (search, filter, pages): kept across every action. */
export interface EditorZustand {
  q: string;
  filter: '' | 'zaehlt' | 'zaehlt_nicht' | 'defekt';
  seite: number;
  vq: string;
  vseite: number;
}

export const editorQuery = (z: EditorZustand, extra: Record<string, string> = {}) => {
  const p = new URLSearchParams();
  if (z.q) p.set('q', z.q);
  if (z.filter) p.set('filter', z.filter);
  if (z.seite > 1) p.set('seite', String(z.seite));
  if (z.vq) p.set('vq', z.vq);
  if (z.vseite > 1) p.set('vseite', String(z.vseite));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export interface VerlinkungenSeite {
  gesamt: number;
  total: number;
  seite: number;
  seiten: number;
  proSeite: number;
  items: Verlinkung[];
  anzahl: { alle: number; zaehlt: number; zaehlt_nicht: number; defekt: number };
  vermerkt: Verlinkung[];
}

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

const AKTION: Record<string, { de: string; en: string }> = {
  verlinkt: { de: 'verlinkt', en: 'linked' },
  upload: { de: 'per Upload verlinkt', en: 'linked by upload' },
  entfernt: { de: 'entfernt', en: 'removed' },
  geaendert: { de: 'Adresse geändert', en: 'address changed' },
  doppelt_erkannt: { de: 'als derselbe Dienst erkannt (zählt nicht doppelt)', en: 'recognised as the same service (not counted twice)' },
  zaehlt_nicht: { de: 'von der Prüfung als „zählt nicht“ markiert', en: 'marked „does not count“ by the review' },
  einspruch: { de: 'Einspruch gegen „zählt nicht“', en: 'objection to „does not count“' },
  einspruch_zurueckgewiesen: { de: 'Einspruch zurückgewiesen', en: 'objection turned down' },
  zaehlt_wieder: { de: '„zählt nicht“ aufgehoben: zählt wieder', en: '„does not count“ lifted: counts again' },
};
/** What a link event did, in plain words (history, Akte). */
const aktionText = (aktion: string, l: Locale) => AKTION[aktion]?.[l] ?? aktion;
/** What an `upload` event records (the links one upload added to the Behörde). */
const uploadAngaben = (nachher: unknown) => {
  const n = (nachher ?? {}) as { anzahl?: number; dateiname?: string };
  return { anzahl: Number(n.anzahl ?? 0), dateiname: n.dateiname ?? '' };
};
/** The procedure of a link event — its name, or for an upload how many it linked. */
export const ereignisGegenstand = (e: { aktion: string; verfahren: string | null; nachher: unknown }, l: Locale) =>
  e.aktion === 'upload' ? mitAnzahl(l, uploadAngaben(e.nachher).anzahl, NOMEN.verfahren) : (e.verfahren ?? '');
/**
 * A link event in plain words (the Akte): „<bdi>Bauantrag</bdi> verlinkt“, „5.000 Online-Verfahren
 * per Upload „<bdi>x.csv</bdi>“ verlinkt“ — names from people and files isolated (`<bdi>`).
 */
export function EreignisText({ e, l }: { e: { aktion: string; verfahren: string | null; nachher: unknown }; l: Locale }) {
  if (e.aktion !== 'upload') {
    return (
      <>
        <bdi>{e.verfahren ?? ''}</bdi> {aktionText(e.aktion, l)}
      </>
    );
  }
  return l === 'de' ? (
    <>
      {ereignisGegenstand(e, l)} per Upload „<bdi>{uploadAngaben(e.nachher).dateiname}</bdi>“ verlinkt
    </>
  ) : (
    <>
      {ereignisGegenstand(e, l)} linked by the upload “<bdi>{uploadAngaben(e.nachher).dateiname}</bdi>”
    </>
  );
}
const QUELLE: Record<string, string> = { formular: 'Formular', api: 'API', csv: 'CSV-Upload', xzufi: 'XZuFi-Import', system: 'System' };
export const DIENST_GRUND: Record<DienstGrund, { de: string; en: string }> = {
  gleiche_adresse: { de: 'gleiche Adresse', en: 'same address' },
  gleiche_leistung_und_adresse: { de: 'gleiche Leistung unter gleicher Adresse', en: 'same service under the same address' },
};

export function StandKarte({ ctx, zaehlstand: z }: { ctx: PageContext; zaehlstand: Zaehlstand }) {
  const de = ctx.locale === 'de';
  return (
    <section aria-labelledby="stand" class="kern-card kern-card--surface stand-card">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <h2 class="kern-heading-medium" id="stand">
            {de ? 'Stand der Online-Verfahren' : 'Online procedures'}
          </h2>
        </div>
        <div class="kern-card__body">
          <p class="kern-body kern-body--large">
            <strong>{formatNumber(ctx.locale, z.anzahl)}</strong> {de ? `von ${z.schwelle} nötigen zählenden Online-Verfahren` : `of ${z.schwelle} required counting online procedures`}
          </p>
          <progress class="kern-progress" max={z.schwelle} value={Math.min(z.anzahl, z.schwelle)} aria-label={de ? 'Fortschritt zur Schwelle' : 'Progress to threshold'} />
          <p class="kern-body">
            {z.erreicht
              ? de
                ? 'Die Schwelle für das Prädikat „Digitales Amt“ ist erreicht.'
                : 'The threshold for the “Digitales Amt” label is reached.'
              : de
                ? `Es fehlen noch ${zahlMitWort('de', z.fehlend, 'zählendes Online-Verfahren', 'zählende Online-Verfahren')} bis zur Schwelle.`
                : `${zahlMitWort('en', z.fehlend, 'more counting online procedure is', 'more counting online procedures are')} needed.`}
          </p>
        </div>
      </div>
    </section>
  );
}

/** Hidden fields that carry the page state through a form post (search, filter, pages). */
function Zustand({ z }: { z: EditorZustand }) {
  return (
    <>
      <input type="hidden" name="q" value={z.q} />
      <input type="hidden" name="filter" value={z.filter} />
      <input type="hidden" name="seite" value={String(z.seite)} />
      <input type="hidden" name="vq" value={z.vq} />
      <input type="hidden" name="vseite" value={String(z.vseite)} />
    </>
  );
}

/** The „Verlinken“ button of one procedure (also with an own address and after confirming a second entry of one service). */
function VerlinkenForm({ ctx, base, zustand, id, name, bestaetigt, label }: { ctx: PageContext; base: string; zustand: EditorZustand; id: string; name: string; bestaetigt?: boolean; label?: string }) {
  const de = ctx.locale === 'de';
  return (
    <form method="post" action={`${base}/verlinken`} class="aktion-form">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="verfahrenId" value={id} />
      {bestaetigt && <input type="hidden" name="bestaetigt" value="ja" />}
      <Zustand z={zustand} />
      <button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small aktion-btn">
        <span class="kern-label">
          {label ?? (de ? 'Verlinken' : 'Link')}
          <span class="kern-sr-only">
            : <bdi>{name}</bdi>
          </span>
        </span>
      </button>
    </form>
  );
}

/** The warning before a second entry of one service is linked: which entries, and the choice. */
function GleicherDienstWarnung({ ctx, base, zustand, warnung }: { ctx: PageContext; base: string; zustand: EditorZustand; warnung: { id: string; name: string; gleich: GleicherDienst[] } }) {
  const l = ctx.locale;
  const de = l === 'de';
  return (
    <div class="kern-alert kern-alert--warning" role="alert" id="gleicher-dienst">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <h2 class="kern-title">{de ? 'Derselbe Dienst ist schon verlinkt' : 'The same service is linked already'}</h2>
      </div>
      <div class="kern-alert__body kern-stack">
        <p class="kern-body">
          {de ? '„' : '“'}
          <bdi>{warnung.name}</bdi>
          {de
            ? '“ ist derselbe Dienst wie diese Verlinkung der Behörde. Ein zweiter Eintrag für denselben Dienst zählt nicht zusätzlich:'
            : '” is the same service as this link of the authority. A second entry for one service does not count again:'}
        </p>
        <ul class="kern-list">
          {warnung.gleich.map((g) => (
            <li>
              <a class="kern-link" href={`/verfahren/${g.verfahrenId}`}>
                <bdi>{g.name}</bdi>
              </a>{' '}
              <span class="kern-body kern-body--small">
                ({DIENST_GRUND[g.grund][l]}: <bdi class="break-all">{g.url}</bdi>)
              </span>
            </li>
          ))}
        </ul>
        <div class="aktionen">
          <VerlinkenForm ctx={ctx} base={base} zustand={zustand} id={warnung.id} name={warnung.name} bestaetigt label={de ? 'Trotzdem verlinken' : 'Link anyway'} />
          <a class="kern-link" href={`${base}${editorQuery(zustand)}#verlinkt`}>
            {de ? 'Abbrechen' : 'Cancel'}
          </a>
        </div>
      </div>
    </div>
  );
}

/** A secondary small button whose label screen readers hear with the entry's name. */
export function KnopfMitName({ label, name, wert, tertiaer }: { label: string; name?: string; wert?: string; tertiaer?: boolean }) {
  return (
    <button type="submit" name={wert ? 'entscheidung' : undefined} value={wert} class={`kern-btn kern-btn--${tertiaer ? 'tertiary' : 'secondary'} kern-btn--x-small aktion-btn`}>
      <span class="kern-label">
        {label}
        {name && (
          <span class="kern-sr-only">
            : <bdi>{name}</bdi>
          </span>
        )}
      </span>
    </button>
  );
}

/** A form with one reason to type (objection, „zählt nicht“, decision), its hidden fields and its buttons. */
export function BegruendungForm(props: { ctx: PageContext; action: string; verfahrenId: string; feld: string; id: string; label: string; verborgen?: ComponentChildren; knoepfe: ComponentChildren }) {
  const { ctx, action, verfahrenId, feld, id, label, verborgen, knoepfe } = props;
  return (
    <form method="post" action={action} class="kern-stack einspruch-form">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="verfahrenId" value={verfahrenId} />
      {verborgen}
      <div class="kern-form-input">
        <label class="kern-label" for={id}>
          {label}
        </label>
        <textarea class="kern-form-input__input" id={id} name={feld} rows={3} maxLength={2000} required />
      </div>
      <div class="aktionen">{knoepfe}</div>
    </form>
  );
}

/** Name, date and reason of a „zählt nicht“ mark (editor page and reviewer page). */
export function VermerkKopf({ locale: l, v }: { locale: Locale; v: Verlinkung }) {
  const de = l === 'de';
  const m = v.zaehltNicht;
  if (!m) return null;
  return (
    <>
      <p class="kern-body">
        <strong>
          <bdi>{v.name}</bdi>
        </strong>{' '}
        <span class="kern-body kern-body--small">
          ({de ? 'markiert am' : 'marked on'} {formatDate(l, m.gesetztAm)})
        </span>
      </p>
      <p class="kern-body" lang={de ? undefined : 'de'}>
        {de ? 'Grund: ' : 'Reason: '}
        <bdi>{m.grund}</bdi>
      </p>
    </>
  );
}

/** Marks of the ministry („zählt nicht“) with their reason, and the Kommune's objection. */
function Vermerke({ ctx, base, zustand, vermerkt, darfEinspruch, pruefungHref }: { ctx: PageContext; base: string; zustand: EditorZustand; vermerkt: Verlinkung[]; darfEinspruch: boolean; pruefungHref?: string }) {
  const l = ctx.locale;
  const de = l === 'de';
  if (vermerkt.length === 0 && !pruefungHref) return null;
  return (
    <section aria-labelledby="vermerke" class="kern-stack">
      <h2 class="kern-heading-medium" id="vermerke">
        {de ? 'Prüfung durch das Staatsministerium' : 'Review by the ministry'}
      </h2>
      {pruefungHref && (
        <p class="kern-body">
          <a class="kern-link" href={pruefungHref}>
            {de ? 'Prüfsignale und „zählt nicht“-Vermerke bearbeiten' : 'Review signals and „does not count“ marks'}
          </a>
        </p>
      )}
      {vermerkt.length === 0 ? (
        <p class="kern-body">{de ? 'Kein Eintrag ist als „zählt nicht“ markiert.' : 'No entry is marked „does not count“.'}</p>
      ) : (
        <>
          <p class="kern-body">
            {de
              ? `${zahlMitWort('de', vermerkt.length, 'Eintrag hat', 'Einträge haben')} die Prüferinnen und Prüfer als „zählt nicht“ markiert. Sie zählen nicht, bis die Prüfung den Vermerk aufhebt. Wenn Sie anderer Meinung sind, erheben Sie Einspruch mit einer Begründung.`
              : `${zahlMitWort('en', vermerkt.length, 'entry was', 'entries were')} marked „does not count“ by the reviewers. They do not count until the review lifts the mark. If you disagree, object with a reason.`}
          </p>
          <ul class="kern-list vermerk-liste">
            {vermerkt.map((v) => {
              const m = v.zaehltNicht!;
              return (
                <li>
                  <VermerkKopf locale={l} v={v} />
                  {m.entscheidung === 'zurueckgewiesen' && m.entscheidungGrund && (
                    <p class="kern-body kern-body--small">
                      {de ? 'Ihr Einspruch wurde zurückgewiesen: ' : 'Your objection was turned down: '}
                      <bdi>{m.entscheidungGrund}</bdi>
                    </p>
                  )}
                  {m.status === 'einspruch' ? (
                    <p class="kern-body kern-body--small">
                      {de ? `Ihr Einspruch vom ${formatDate(l, m.einspruchAm ?? m.gesetztAm)} liegt der Prüfung vor: ` : `Your objection of ${formatDate(l, m.einspruchAm ?? m.gesetztAm)} is with the review: `}
                      <bdi>{m.einspruch}</bdi>
                    </p>
                  ) : (
                    darfEinspruch && (
                      <BegruendungForm
                        ctx={ctx}
                        action={`${base}/einspruch`}
                        verfahrenId={v.verfahrenId}
                        feld="einspruch"
                        id={`einspruch-${v.verfahrenId}`}
                        label={de ? 'Begründung des Einspruchs' : 'Reason for the objection'}
                        verborgen={<Zustand z={zustand} />}
                        knoepfe={<KnopfMitName label={de ? 'Einspruch erheben' : 'Object'} name={v.name} />}
                      />
                    )
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** Gap advice on the editor page: the zentrale procedures to link next, each with its own button. */
function ChancenListe({ ctx, base, zustand, chancen }: { ctx: PageContext; base: string; zustand: EditorZustand; chancen: Chancen }) {
  const l = ctx.locale;
  const de = l === 'de';
  const vorschlaege = chancen.vorschlaege.slice(0, Math.max(10, chancen.mitDiesenErreichtManDasPraedikat ?? 0));
  return (
    <section aria-labelledby="chancen" class="kern-stack">
      <h2 class="kern-heading-medium" id="chancen">
        {de ? 'Chancen: zentrale Verfahren, die Sie heute verlinken können' : 'Opportunities: central procedures you can link today'}
      </h2>
      {vorschlaege.length === 0 ? (
        <p class="kern-body">{de ? 'Die Behörde verlinkt schon alle zentralen Online-Verfahren.' : 'The authority links every central online procedure already.'}</p>
      ) : (
        <>
          <p class="kern-body">
            {chancen.mitDiesenErreichtManDasPraedikat
              ? de
                ? `Mit den ersten ${zahlMitWort('de', chancen.mitDiesenErreichtManDasPraedikat, 'Verlinkung', 'Verlinkungen')} dieser Liste erreichen Sie das Prädikat. `
                : `The first ${zahlMitWort('en', chancen.mitDiesenErreichtManDasPraedikat, 'link', 'links')} of this list reach the label. `
              : ''}
            {de
              ? `Geordnet danach, wie viele ähnliche Behörden (${zahlMitWort('de', chancen.vergleichsgruppe.anzahl, 'Behörde', 'Behörden')} gleicher Art und Größe) sie verlinken.`
              : `Ordered by how many similar authorities (${zahlMitWort('en', chancen.vergleichsgruppe.anzahl, 'authority', 'authorities')} of the same kind and size) link them.`}
          </p>
          <ul class="kern-list aktion-liste chancen-liste">
            {vorschlaege.map((v) => (
              <li class="aktion-zeile">
                <span class="aktion-zeile__text">
                  <bdi>{v.name}</bdi>{' '}
                  <span class="kern-body kern-body--small">
                    ({de ? `${formatNumber(l, v.anteilVergleichsgruppe)} % der Vergleichsgruppe` : `${formatNumber(l, v.anteilVergleichsgruppe)} % of similar authorities`})
                  </span>
                </span>
                <VerlinkenForm ctx={ctx} base={base} zustand={zustand} id={v.verfahrenId} name={v.name} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function VerlinkungenPage(props: {
  ctx: PageContext;
  zaehlstand: Zaehlstand;
  seite: VerlinkungenSeite;
  zustand: EditorZustand;
  historie: Ereignis[];
  verfuegbar: { total: number; page: number; pageSize: number; items: Verfuegbar[] };
  chancen: Chancen;
  warnung?: { id: string; name: string; gleich: GleicherDienst[] };
  meldung?: string;
  errors: FieldError[];
  darfEinspruch: boolean;
  pruefungHref?: string;
}) {
  const { ctx, zaehlstand, seite, zustand, historie, verfuegbar, chancen, warnung, meldung, errors } = props;
  const l = ctx.locale;
  const de = l === 'de';
  const ars = zaehlstand.ars;
  const base = `/verwaltung/behoerden/${ars}/verlinkungen`;
  const title = de ? `Verlinkungen: ${zaehlstand.name}` : `Links: ${zaehlstand.name}`;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const vseiten = Math.max(1, Math.ceil(verfuegbar.total / verfuegbar.pageSize));
  const FILTER: [EditorZustand['filter'], string, number][] = [
    ['', de ? 'alle' : 'all', seite.anzahl.alle],
    ['zaehlt', de ? 'zählt' : 'counts', seite.anzahl.zaehlt],
    ['zaehlt_nicht', de ? 'zählt nicht' : 'does not count', seite.anzahl.zaehlt_nicht],
    ['defekt', de ? 'Link defekt' : 'link broken', seite.anzahl.defekt],
  ];
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/behoerden/${ars}`, label: zaehlstand.name }]}>
      <div class="kern-stack">
        <h1 class="kern-heading-large">{title}</h1>
        <Erfolgsmeldung text={meldung} />
        <ErrorSummary locale={l} errors={errors} />
        {warnung && <GleicherDienstWarnung ctx={ctx} base={base} zustand={zustand} warnung={warnung} />}
        <StandKarte ctx={ctx} zaehlstand={zaehlstand} />
        <Vermerke ctx={ctx} base={base} zustand={zustand} vermerkt={seite.vermerkt} darfEinspruch={props.darfEinspruch} pruefungHref={props.pruefungHref} />
        <ChancenListe ctx={ctx} base={base} zustand={zustand} chancen={chancen} />

        <h2 class="kern-heading-medium" id="verlinkt" tabIndex={-1}>
          {de ? `Verlinkte Verfahren (${formatNumber(l, seite.gesamt)})` : `Linked procedures (${formatNumber(l, seite.gesamt)})`}
        </h2>
        <form method="get" action={`${base}#verlinkt`} class="filter-form" role="search" aria-label={de ? 'Verlinkte Verfahren durchsuchen' : 'Search linked procedures'}>
          <input type="hidden" name="vq" value={zustand.vq} />
          <div class="filter-form__grid">
            <div class="kern-form-input">
              <label class="kern-label" for="q">
                {de ? 'Name oder Adresse' : 'Name or address'}
              </label>
              <input class="kern-form-input__input" id="q" name="q" type="search" value={zustand.q} maxLength={100} />
            </div>
            <div class="kern-form-input">
              <label class="kern-label" for="filter">
                {de ? 'Zeigen' : 'Show'}
              </label>
              <div class="kern-form-input__select-wrapper">
                <select class="kern-form-input__select" id="filter" name="filter">
                  {FILTER.map(([wert, label, n]) => (
                    <option value={wert} selected={zustand.filter === wert}>
                      {`${label} (${formatNumber(l, n)})`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </div>
          <div class="filter-form__actions">
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">{de ? 'Anzeigen' : 'Show'}</span>
            </button>
            {(zustand.q || zustand.filter) && (
              <a class="kern-link" href={`${base}${editorQuery({ ...zustand, q: '', filter: '', seite: 1 })}#verlinkt`}>
                {de ? 'Alle zeigen' : 'Show all'}
              </a>
            )}
          </div>
        </form>
        <p class="kern-body" role="status">
          {seite.total === 0
            ? de
              ? seite.gesamt === 0
                ? 'Noch keine Verfahren verlinkt.'
                : 'Keine verlinkten Verfahren passen zur Suche.'
              : seite.gesamt === 0
                ? 'No procedures linked yet.'
                : 'No linked procedure matches.'
            : de
              ? `${zahlMitWort('de', seite.total, 'Verlinkung', 'Verlinkungen')}, Seite ${seite.seite} von ${seite.seiten}`
              : `${zahlMitWort('en', seite.total, 'link', 'links')}, page ${seite.seite} of ${seite.seiten}`}
        </p>
        {seite.items.length > 0 && (
          <TabellenBereich label={de ? 'Verlinkte Verfahren' : 'Linked procedures'}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-sr-only">{de ? 'Verlinkte Verfahren' : 'Linked procedures'}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">{de ? 'Verfahren' : 'Procedure'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Zählt?' : 'Counts?'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Adresse' : 'Address'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Aktion' : 'Action'}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {seite.items.map((v) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      <a class="kern-link" href={`/verfahren/${v.verfahrenId}`}>
                        <bdi>{v.name}</bdi>
                      </a>
                      <span class="kern-body kern-body--small list-members">
                        {v.bereitstellung === 'zentral' ? (de ? 'zentral' : 'central') : de ? 'kommunal' : 'municipal'}
                        {v.demo && ctx.demo ? (de ? ' · Demodaten' : ' · demo data') : ''}
                      </span>
                    </th>
                    <td class="kern-table__cell">
                      <ZaehltHinweis v={{ art: v.art, aktiv: v.grund !== 'ausser_betrieb', zaehlt: v.zaehlt }} locale={l} />
                      {v.grundText && (
                        <span class="kern-body kern-body--small list-members" lang={de ? undefined : 'de'}>
                          <bdi>{v.grundText}</bdi>
                        </span>
                      )}
                      {v.link?.status === 'defekt' && (
                        <span class="kern-body kern-body--small list-members">
                          {de ? 'Link nicht erreichbar' : 'Link unreachable'}
                          {v.link.defektSeit ? ` ${de ? 'seit' : 'since'} ${formatDate(l, v.link.defektSeit)}` : ''}
                          {v.link.fehler ? `: ${v.link.fehler}` : v.link.httpStatus ? ` (HTTP ${v.link.httpStatus})` : ''}
                        </span>
                      )}
                    </td>
                    <td class="kern-table__cell">
                      <details>
                        <summary class="kern-body kern-body--small break-all">
                          <bdi>{v.url}</bdi>
                        </summary>
                        <form method="post" action={`${base}/adresse`} class="kern-stack url-form">
                          <Csrf />
                          <input type="hidden" name="verfahrenId" value={v.verfahrenId} />
                          <Zustand z={zustand} />
                          <div class="kern-form-input">
                            <label class="kern-label" for={`url-${v.verfahrenId}`}>
                              {de ? 'Eigene Adresse für „' : 'Own address for “'}
                              <bdi>{v.name}</bdi>
                              {de ? '“' : '”'}
                            </label>
                            <div class="kern-hint" id={`url-${v.verfahrenId}-hinweis`}>
                              {de ? 'Leer lassen, um die Adresse aus dem Katalog zu verwenden.' : 'Leave empty to use the catalogue address.'}
                            </div>
                            <input class="kern-form-input__input" id={`url-${v.verfahrenId}`} name="url" type="url" value={v.eigeneUrl ?? ''} aria-describedby={`url-${v.verfahrenId}-hinweis`} />
                          </div>
                          <button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small aktion-btn">
                            <span class="kern-label">{de ? 'Adresse speichern' : 'Save address'}</span>
                          </button>
                        </form>
                      </details>
                    </td>
                    <td class="kern-table__cell">
                      <form method="post" action={`${base}/entfernen`} class="aktion-form">
                        <Csrf />
                        <input type="hidden" name="verfahrenId" value={v.verfahrenId} />
                        <Zustand z={zustand} />
                        <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small aktion-btn">
                          <span class="kern-label">
                            {de ? 'Entfernen' : 'Remove'}
                            <span class="kern-sr-only">
                              : <bdi>{v.name}</bdi>
                            </span>
                          </span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
        )}
        <Pagination
          locale={l}
          page={seite.seite}
          pages={seite.seiten}
          href={(p) => `${base}${editorQuery({ ...zustand, seite: p })}#verlinkt`}
          label={de ? 'Seiten der verlinkten Verfahren' : 'Pages of linked procedures'}
        />

        <h2 class="kern-heading-medium" id="verfahren" tabIndex={-1}>
          {de ? 'Verfahren hinzufügen' : 'Add procedures'}
        </h2>
        <p class="kern-body">
          {de
            ? 'Sie sehen alle Verfahren, die diese Behörde verlinken darf: die zentralen des Freistaats, ihre eigenen kommunalen und die ihres IT-Dienstleisters.'
            : 'You see every procedure this authority may link: the central ones, its own municipal ones and those of its IT service provider.'}{' '}
          {ctx.demo && <DemoHinweis locale={l} />}
        </p>
        <form method="get" action={`${base}#verfahren`} class="filter-form" role="search" aria-label={de ? 'Verfahren suchen' : 'Search procedures'}>
          <input type="hidden" name="q" value={zustand.q} />
          <input type="hidden" name="filter" value={zustand.filter} />
          <input type="hidden" name="seite" value={String(zustand.seite)} />
          <div class="kern-form-input">
            <label class="kern-label" for="vq">
              {de ? 'Suchbegriff' : 'Search term'}
            </label>
            <input class="kern-form-input__input" id="vq" name="vq" type="search" value={zustand.vq} maxLength={100} />
          </div>
          <div class="filter-form__actions">
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">{de ? 'Suchen' : 'Search'}</span>
            </button>
          </div>
        </form>
        <p class="kern-body" role="status">
          {de ? zahlMitWort('de', verfuegbar.total, 'verlinkbares Verfahren', 'verlinkbare Verfahren') : zahlMitWort('en', verfuegbar.total, 'linkable procedure', 'linkable procedures')}
        </p>
        <ul class="kern-list aktion-liste add-list">
          {verfuegbar.items.map((v) => (
            <li class="aktion-zeile">
              <span class="aktion-zeile__text">
                <bdi>{v.name}</bdi> <ZaehltHinweis v={v} locale={l} />
                {v.gleicherDienst && !v.verlinkt && (
                  <span class="kern-body kern-body--small list-members">
                    {de ? 'Derselbe Dienst wie das bereits verlinkte „' : 'The same service as the linked “'}
                    <bdi>{v.gleicherDienst.name}</bdi>
                    {de ? `“ (${DIENST_GRUND[v.gleicherDienst.grund].de}): zählt nicht zusätzlich.` : `” (${DIENST_GRUND[v.gleicherDienst.grund].en}): would not count again.`}
                  </span>
                )}
              </span>
              {v.verlinkt ? (
                <span class="kern-body kern-body--small">{de ? '(bereits verlinkt)' : '(linked already)'}</span>
              ) : (
                <VerlinkenForm ctx={ctx} base={base} zustand={zustand} id={v.id} name={v.name} />
              )}
            </li>
          ))}
        </ul>
        <Pagination
          locale={l}
          page={verfuegbar.page}
          pages={vseiten}
          href={(p) => `${base}${editorQuery({ ...zustand, vseite: p })}#verfahren`}
          label={de ? 'Seiten der verlinkbaren Verfahren' : 'Pages of linkable procedures'}
        />

        <h2 class="kern-heading-medium">{de ? 'Änderungsverlauf (neueste zuerst)' : 'History of changes (newest first)'}</h2>
        <Verlauf locale={l} historie={historie} />
      </div>
      <EinbettenSnippet ctx={ctx} ars={ars} name={zaehlstand.anzeigename} />
    </Layout>
  );
}

/** The history of a Behörde's links; every text from people or files is isolated (`<bdi>`). */
export function Verlauf({ locale: l, historie }: { locale: Locale; historie: Ereignis[] }) {
  const de = l === 'de';
  if (historie.length === 0) return <p class="kern-body">{de ? 'Noch keine Änderungen auf der Plattform.' : 'No changes on the platform yet.'}</p>;
  return (
    <TabellenBereich label={de ? 'Änderungsverlauf (neueste zuerst)' : 'History (newest first)'}>
      <table class="kern-table kern-table--small">
        <caption class="kern-sr-only">{de ? 'Änderungsverlauf (neueste zuerst)' : 'History (newest first)'}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{de ? 'Zeitpunkt' : 'Time'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Verfahren' : 'Procedure'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Änderung' : 'Change'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Von' : 'By'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Weg' : 'Channel'}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {historie.map((e) => {
            const vorher = (e.vorher ?? {}) as { url?: string };
            const nachher = (e.nachher ?? {}) as { url?: string; grund?: string; einspruch?: string; doppeltVonName?: string };
            const detail =
              e.aktion === 'geaendert' ? (
                <>
                  <bdi>{vorher.url ?? ''}</bdi> → <bdi>{nachher.url ?? ''}</bdi>
                </>
              ) : e.aktion === 'doppelt_erkannt' && nachher.doppeltVonName ? (
                <>
                  {de ? 'wie „' : 'as “'}
                  <bdi>{nachher.doppeltVonName}</bdi>
                  {de ? '“' : '”'}
                </>
              ) : e.aktion === 'upload' ? (
                <>
                  {de ? 'Datei „' : 'file “'}
                  <bdi>{uploadAngaben(e.nachher).dateiname}</bdi>
                  {de ? '“' : '”'}
                </>
              ) : nachher.einspruch || nachher.grund ? (
                <bdi>{nachher.einspruch ?? nachher.grund}</bdi>
              ) : undefined;
            return (
              <tr>
                <td class="kern-table__cell">
                  <time dateTime={e.am}>{dateTime.format(new Date(e.am))}</time>
                </td>
                <td class="kern-table__cell">
                  <bdi>{ereignisGegenstand(e, l)}</bdi>
                </td>
                <td class="kern-table__cell">
                  {AKTION[e.aktion]?.[l] ?? e.aktion}
                  {detail && <span class="kern-body kern-body--small list-members break-all">{detail}</span>}
                </td>
                <td class="kern-table__cell">
                  <bdi>{e.von}</bdi>
                </td>
                <td class="kern-table__cell">{QUELLE[e.quelle] ?? e.quelle}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TabellenBereich>
  );
}
