/** Pages of the OZG-Checklisten: the ministry's editor and overview, a Behörde's checklists. */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich, TextField } from '../../shared/layout';
import type { ChecklisteRow, VersionRow } from '../checklisten.repository';
import type { Fortschritt, PunktMitAntwort } from '../checklisten.service';
import { zahlMitWort } from '../../shared/i18n';

const STATUS_TEXT: Record<string, string> = { erledigt: 'Erledigt', nicht_relevant: 'Nicht relevant', offen: 'Offen' };
const datumZeit = (d: Date) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }).format(d);

export function FortschrittAnzeige({ f, id }: { f: Fortschritt; id: string }) {
  const text = `${f.erledigt + f.nichtRelevant} von ${f.gesamt} Punkten bearbeitet (${f.prozent} %): ${f.erledigt} erledigt, ${f.nichtRelevant} nicht relevant, ${f.offen} offen`;
  return (
    <div class="checkliste-fortschritt">
      <progress id={id} max={100} value={f.prozent} aria-label={`Fortschritt ${f.prozent} %`} />
      <p class="kern-body">{text}</p>
    </div>
  );
}

export function ChecklistenVerwaltungPage({ ctx, liste, werte = {}, errors = [], meldung }: { ctx: PageContext; liste: (ChecklisteRow & { veroeffentlicht: number | null; entwurf: number | null })[]; werte?: Record<string, string>; errors?: FieldError[]; meldung?: string }) {
  const title = 'OZG-Checklisten verwalten';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      {liste.length === 0 ? (
        <p class="kern-body">Noch keine Checklisten.</p>
      ) : (
        <ul class="kern-list">
          {liste.map((c) => (
            <li>
              <a class="kern-link" href={`/verwaltung/checklisten/${c.id}`}>
                {c.titel}
              </a>{' '}
              – {c.veroeffentlicht ? `veröffentlicht in Version ${c.veroeffentlicht}` : 'noch nicht veröffentlicht'}
              {c.entwurf ? `, Entwurf für Version ${c.entwurf}` : ''}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/verwaltung/checklisten" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <h2 class="kern-heading-medium">Neue Checkliste</h2>
        <TextField name="titel" label="Titel" value={werte.titel} error={errors.find((e) => e.field === 'titel')?.message} required />
        <TextField name="beschreibung" label="Kurzbeschreibung (freiwillig)" value={werte.beschreibung} />
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Checkliste anlegen</span>
        </button>
      </form>
    </Layout>
  );
}

export function ChecklisteEditorPage(props: {
  ctx: PageContext;
  checkliste: ChecklisteRow & { entwurf?: VersionRow; aktuell?: VersionRow };
  quelltext: string;
  errors?: FieldError[];
  meldung?: string;
  uebersicht?: { version: number; begonnen: number; fertig: number; mittlererFortschritt: number; behoerden: { ars: string; name: string; fortschritt: Fortschritt }[] };
}) {
  const { ctx, checkliste: c, errors = [], uebersicht } = props;
  return (
    <Layout ctx={ctx} title={c.titel} crumbs={[{ href: '/verwaltung/checklisten', label: 'OZG-Checklisten verwalten' }]}>
      <h1 class="kern-heading-large">{c.titel}</h1>
      <Erfolgsmeldung text={props.meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">
        {c.aktuell ? `Veröffentlicht: Version ${c.aktuell.version}.` : 'Noch nicht veröffentlicht.'} {c.entwurf ? `Entwurf für Version ${c.entwurf.version} gespeichert.` : 'Kein Entwurf.'}
      </p>
      <form method="post" action={`/verwaltung/checklisten/${c.id}/entwurf`} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class={`kern-form-input${errors.length ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="quelltext">
            Inhalt der Checkliste
          </label>
          <div class="kern-hint" id="quelltext-hinweis">
            Je Zeile: „# Abschnitt“, „- [schluessel] Text des Punktes“, darunter eingerückt „Hilfe: …“ und „Link: Titel | https://…“. Der Schlüssel bleibt über Versionen gleich: Antworten
            auf unveränderte Punkte bleiben erhalten, umformulierte Punkte sind wieder offen.
          </div>
          <textarea class="kern-form-input__input checkliste-quelltext" id="quelltext" name="quelltext" rows={18} aria-describedby="quelltext-hinweis" aria-invalid={errors.length ? 'true' : undefined}>
            {props.quelltext}
          </textarea>
        </div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Entwurf speichern</span>
        </button>
      </form>
      {c.entwurf && (
        <form method="post" action={`/verwaltung/checklisten/${c.id}/veroeffentlichen`}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Entwurf als Version {c.entwurf.version} veröffentlichen</span>
          </button>
        </form>
      )}
      {uebersicht && (
        <section aria-labelledby="uebersicht">
          <h2 class="kern-heading-medium" id="uebersicht">
            Fortschritt in Bayern (Version {uebersicht.version})
          </h2>
          <p class="kern-body">
            {zahlMitWort('de', uebersicht.begonnen, 'Behörde hat', 'Behörden haben')} begonnen, {uebersicht.fertig} {uebersicht.fertig === 1 ? 'ist' : 'sind'} fertig; mittlerer Fortschritt {uebersicht.mittlererFortschritt} %.
          </p>
          {uebersicht.behoerden.length > 0 && (
            <TabellenBereich label={'Fortschritt je Behörde'}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-sr-only">Fortschritt je Behörde</caption>
                <thead class="kern-table__header">
                  <tr>
                    <th scope="col" class="kern-table__header">Behörde</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Fortschritt</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Offen</th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {uebersicht.behoerden.slice(0, 200).map((b) => (
                    <tr>
                      <th scope="row" class="kern-table__cell">
                        <a class="kern-link" href={`/verwaltung/behoerden/${b.ars}/checklisten/${c.id}`}>
                          {b.name}
                        </a>
                      </th>
                      <td class="kern-table__cell kern-table__cell--numeric">{b.fortschritt.prozent} %</td>
                      <td class="kern-table__cell kern-table__cell--numeric">{b.fortschritt.offen}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TabellenBereich>
          )}
        </section>
      )}
    </Layout>
  );
}

export function BehoerdeChecklistenPage({ ctx, ars, name, liste }: { ctx: PageContext; ars: string; name: string; liste: { id: string; titel: string; beschreibung: string; version: number; fortschritt: Fortschritt }[] }) {
  const title = `OZG-Checklisten: ${name}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">Die Checklisten führen Schritt für Schritt durch die Umsetzung des Onlinezugangsgesetzes (OZG). Markieren Sie jeden Punkt als erledigt, nicht relevant oder offen.</p>
      {liste.length === 0 && <p class="kern-body">Das Ministerium hat noch keine Checkliste veröffentlicht.</p>}
      {liste.map((c) => (
        <section aria-labelledby={`liste-${c.id}`}>
          <h2 class="kern-heading-medium" id={`liste-${c.id}`}>
            <a class="kern-link" href={`/verwaltung/behoerden/${ars}/checklisten/${c.id}`}>
              {c.titel}
            </a>
          </h2>
          {c.beschreibung && <p class="kern-body">{c.beschreibung}</p>}
          <FortschrittAnzeige f={c.fortschritt} id={`fortschritt-${c.id}`} />
        </section>
      ))}
    </Layout>
  );
}

export function ChecklisteBearbeitenPage(props: {
  ctx: PageContext;
  ars: string;
  name: string;
  ansicht: { checkliste: ChecklisteRow; version: number; abschnitte: { titel: string; punkte: PunktMitAntwort[] }[]; fortschritt: Fortschritt };
  meldung?: string;
  errors?: FieldError[];
}) {
  const { ctx, ars, ansicht: a } = props;
  return (
    <Layout ctx={ctx} title={a.checkliste.titel} crumbs={[{ href: `/verwaltung/behoerden/${ars}/checklisten`, label: `OZG-Checklisten: ${props.name}` }]}>
      <h1 class="kern-heading-large">{a.checkliste.titel}</h1>
      <Erfolgsmeldung text={props.meldung} />
      <ErrorSummary locale={ctx.locale} errors={props.errors ?? []} />
      <p class="kern-body">
        {props.name}, Version {a.version}
      </p>
      <FortschrittAnzeige f={a.fortschritt} id="fortschritt" />
      <form method="post" action={`/verwaltung/behoerden/${ars}/checklisten/${a.checkliste.id}`}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {a.abschnitte.map((ab) => (
          <section class="checkliste-abschnitt">
            <h2 class="kern-heading-medium">{ab.titel}</h2>
            {ab.punkte.map((p) => (
              <fieldset class="kern-fieldset checkliste-punkt">
                <legend class="kern-label">{p.text}</legend>
                <div class="kern-fieldset__body">
                  {p.hilfe && <p class="kern-hint">{p.hilfe}</p>}
                  {p.links.length > 0 && (
                    <ul class="kern-list">
                      {p.links.map((l) => (
                        <li>
                          <a class="kern-link" href={l.url}>
                            {l.titel}
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                  {p.frueher && (
                    <p class="kern-body checkliste-frueher">
                      Dieser Punkt wurde umformuliert. Ihre Antwort zu Version {p.frueher.version}: {STATUS_TEXT[p.frueher.status]}
                      {p.frueher.kommentar ? ` („${p.frueher.kommentar}“)` : ''}. Bitte prüfen Sie ihn neu.
                    </p>
                  )}
                  <div class="checkliste-status">
                    {(['erledigt', 'nicht_relevant', 'offen'] as const).map((s) => (
                      <div class="kern-form-check">
                        <input class="kern-form-check__radio" type="radio" id={`status-${p.schluessel}-${s}`} name={`status_${p.schluessel}`} value={s} checked={p.status === s} />
                        <label class="kern-label" for={`status-${p.schluessel}-${s}`}>
                          {STATUS_TEXT[s]}
                        </label>
                      </div>
                    ))}
                  </div>
                  <div class="kern-form-input">
                    <label class="kern-label" for={`kommentar-${p.schluessel}`}>
                      Kommentar (freiwillig)
                    </label>
                    <textarea class="kern-form-input__input" id={`kommentar-${p.schluessel}`} name={`kommentar_${p.schluessel}`} rows={2}>
                      {p.kommentar ?? ''}
                    </textarea>
                  </div>
                  {p.geaendertVon && p.geaendertAm && (
                    <p class="kern-body kern-body--small">
                      Zuletzt geändert von {p.geaendertVon} am {datumZeit(p.geaendertAm)}
                    </p>
                  )}
                </div>
              </fieldset>
            ))}
          </section>
        ))}
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Antworten speichern</span>
        </button>
      </form>
    </Layout>
  );
}
