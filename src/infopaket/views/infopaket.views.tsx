/** Pages of the Informationspaket: public list with search, a page, the ministry's editor. */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, SelectField, TextField } from '../../shared/layout';
import { renderMarkdown } from '../infopaket.markdown';
import type { SeiteRow, SeitenVersionRow, VeroeffentlichteSeite } from '../infopaket.repository';
import { KOMPONENTEN } from '../infopaket.service';
import { zahlMitWort } from '../../shared/i18n';

const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** The only place that inserts HTML: the output of the safe Markdown renderer. */
function Markdown({ text }: { text: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it with html:false and link validation (infopaket.markdown.ts)
  return <div class="infopaket-text" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

export function UebersichtPage({ ctx, seiten, suche }: { ctx: PageContext; seiten: VeroeffentlichteSeite[]; suche: string }) {
  const title = 'Informationspaket zu den zentralen Komponenten';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">BayernPortal, BayernID, Postkorb, E-Payment und die zentralen Online-Verfahren: was sie leisten und wie Ihre Behörde sie nutzt.</p>
      <form method="get" action="/informationen" role="search" aria-label="Informationspaket durchsuchen" class="filter-form">
        <div class="kern-form-input">
          <label class="kern-label" for="q">
            Suchbegriff
          </label>
          <input class="kern-form-input__input" id="q" name="q" type="search" value={suche} />
        </div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Suchen</span>
        </button>
      </form>
      <p class="kern-body" role="status">
        {suche ? `${zahlMitWort('de', seiten.length, 'Seite', 'Seiten')} zu „${suche}“` : zahlMitWort('de', seiten.length, 'Seite', 'Seiten')}
      </p>
      {KOMPONENTEN.filter((k) => seiten.some((s) => s.komponente === k)).map((k) => (
        <section aria-labelledby={`k-${k.replace(/\W/g, '')}`}>
          <h2 class="kern-heading-medium" id={`k-${k.replace(/\W/g, '')}`}>
            {k}
          </h2>
          <ul class="kern-list">
            {seiten
              .filter((s) => s.komponente === k)
              .map((s) => (
                <li>
                  <a class="kern-link" href={`/informationen/${s.slug}`}>
                    {s.titel}
                  </a>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function SeitePage({ ctx, s }: { ctx: PageContext; s: VeroeffentlichteSeite }) {
  return (
    <Layout ctx={ctx} title={s.titel} crumbs={[{ href: '/informationen', label: 'Informationspaket' }]}>
      <p class="kern-body kern-body--small">
        {s.komponente} · Version {s.version}
      </p>
      <Markdown text={s.markdown} />
    </Layout>
  );
}

export function VerwaltungPage({ ctx, seiten, werte = {}, errors = [], meldung }: { ctx: PageContext; seiten: (SeiteRow & { titel: string; veroeffentlicht: number | null; entwurf: number | null })[]; werte?: Record<string, string>; errors?: FieldError[]; meldung?: string }) {
  const title = 'Informationspaket verwalten';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <ul class="kern-list">
        {seiten.map((s) => (
          <li>
            <a class="kern-link" href={`/verwaltung/informationen/${s.id}`}>
              {s.titel}
            </a>{' '}
            ({s.komponente}) – {s.veroeffentlicht ? `veröffentlicht in Version ${s.veroeffentlicht}` : 'nicht veröffentlicht'}
            {s.entwurf ? `, Entwurf ${s.entwurf}` : ''}
          </li>
        ))}
      </ul>
      <form method="post" action="/verwaltung/informationen" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <h2 class="kern-heading-medium">Neue Seite</h2>
        <TextField name="titel" label="Titel" value={werte.titel} error={errorFor(errors, 'titel')} required />
        <TextField name="slug" label="Adresse" hint="Kleinbuchstaben, Ziffern und Bindestriche, z. B. bayernid-anbinden" value={werte.slug} error={errorFor(errors, 'slug')} required />
        <SelectField name="komponente" label="Komponente" value={werte.komponente} options={KOMPONENTEN.map((x) => ({ value: x, label: x }))} />
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Seite anlegen</span>
        </button>
      </form>
    </Layout>
  );
}

export function EditorPage(props: { ctx: PageContext; s: SeiteRow & { entwurf?: SeitenVersionRow; aktuell?: SeitenVersionRow }; werte?: { titel: string; markdown: string }; errors?: FieldError[]; meldung?: string }) {
  const { ctx, s, errors = [] } = props;
  const w = props.werte ?? { titel: s.entwurf?.titel ?? s.aktuell?.titel ?? '', markdown: s.entwurf?.markdown ?? s.aktuell?.markdown ?? '' };
  return (
    <Layout ctx={ctx} title={`Bearbeiten: ${w.titel}`} crumbs={[{ href: '/verwaltung/informationen', label: 'Informationspaket verwalten' }]}>
      <h1 class="kern-heading-large">Bearbeiten: {w.titel}</h1>
      <Erfolgsmeldung text={props.meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">
        {s.aktuell ? (
          <>
            Veröffentlicht: Version {s.aktuell.version},{' '}
            <a class="kern-link" href={`/informationen/${s.slug}`}>
              öffentliche Seite
            </a>
            .
          </>
        ) : (
          'Noch nicht veröffentlicht.'
        )}{' '}
        {s.entwurf ? `Entwurf für Version ${s.entwurf.version}.` : ''}
      </p>
      <form method="post" action={`/verwaltung/informationen/${s.id}/entwurf`} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <TextField name="titel" label="Titel" value={w.titel} error={errorFor(errors, 'titel')} required />
        <div class="kern-form-input">
          <label class="kern-label" for="markdown">
            Text (Markdown)
          </label>
          <div class="kern-hint" id="markdown-hinweis">
            „## Überschrift“, „- Aufzählung“, „**fett**“, „[Linktext](https://…)“. HTML wird als Text angezeigt.
          </div>
          <textarea class="kern-form-input__input infopaket-quelltext" id="markdown" name="markdown" rows={16} aria-describedby="markdown-hinweis">
            {w.markdown}
          </textarea>
        </div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Entwurf speichern</span>
        </button>
      </form>
      {s.entwurf && (
        <>
          <form method="post" action={`/verwaltung/informationen/${s.id}/veroeffentlichen`}>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">Entwurf als Version {s.entwurf.version} veröffentlichen</span>
            </button>
          </form>
          <section aria-labelledby="vorschau" class="infopaket-vorschau">
            <h2 class="kern-heading-medium" id="vorschau">
              Vorschau des Entwurfs
            </h2>
            <Markdown text={s.entwurf.markdown} />
          </section>
        </>
      )}
    </Layout>
  );
}
