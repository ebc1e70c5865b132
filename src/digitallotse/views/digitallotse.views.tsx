/** Pages of the Grundkurs Digitallotse: course list, course with registration, ministry pages. */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich, TextField } from '../../shared/layout';
import type { AnmeldungMitBehoerde, KursMitBelegung } from '../digitallotse.repository';
import { datumDe, eigenanteilCent, FOERDERSATZ_PROZENT, formatEuroCent, MODUL_ANZAHL, MODULE } from '../digitallotse.service';

const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

const STATUS_TEXT: Record<string, string> = { platz: 'Platz sicher', warteliste: 'Warteliste', storniert: 'Storniert' };

const freiText = (k: KursMitBelegung) => {
  const frei = Math.max(0, k.plaetze - k.belegt);
  return frei > 0 ? `${frei} von ${k.plaetze} Plätzen frei` : `ausgebucht${k.warteliste ? `, ${k.warteliste} auf der Warteliste` : ''} – Anmeldung auf die Warteliste möglich`;
};

function KursTabelle({ kurse, verwaltung }: { kurse: KursMitBelegung[]; verwaltung?: boolean }) {
  if (kurse.length === 0) return <p class="kern-body">Zurzeit sind keine Kurstermine geplant.</p>;
  return (
    <TabellenBereich label={'Kurstermine'}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-sr-only">Kurstermine</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">Kurs</th>
            <th scope="col" class="kern-table__header">Termin</th>
            <th scope="col" class="kern-table__header">Ort</th>
            <th scope="col" class="kern-table__header">Plätze</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">Gebühr</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {kurse.map((k) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                <a class="kern-link" href={verwaltung ? `/verwaltung/digitallotse/kurse/${k.id}` : `/digitallotse/kurse/${k.id}`}>
                  {k.titel}
                </a>
              </th>
              <td class="kern-table__cell">
                {datumDe(k.beginn)} bis {datumDe(k.ende)}
              </td>
              <td class="kern-table__cell">{k.online ? `online (${k.ort})` : k.ort}</td>
              <td class="kern-table__cell">{freiText(k)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatEuroCent(k.gebuehrCent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

function Foerderhinweis() {
  return (
    <p class="kern-body">
      Der Freistaat Bayern übernimmt {FOERDERSATZ_PROZENT} % der Kursgebühr für <strong>eine</strong> Mitarbeiterin oder einen Mitarbeiter je Gemeinde, Landkreis oder Bezirk. Weitere
      Personen können Sie ohne Förderung anmelden.
    </p>
  );
}

function MeineAnmeldungen({ ctx, anmeldungen }: { ctx: PageContext; anmeldungen: AnmeldungMitBehoerde[] }) {
  if (anmeldungen.length === 0) return null;
  return (
    <section aria-labelledby="meine-anmeldungen">
      <h2 class="kern-heading-medium" id="meine-anmeldungen">
        Anmeldungen Ihrer Behörden
      </h2>
      <TabellenBereich label={'Anmeldungen Ihrer Behörden'}>
        <table class="kern-table">
          <caption class="kern-sr-only">Anmeldungen Ihrer Behörden</caption>
          <thead class="kern-table__header">
            <tr>
              <th scope="col" class="kern-table__header">Person</th>
              <th scope="col" class="kern-table__header">Behörde</th>
              <th scope="col" class="kern-table__header">Status</th>
              <th scope="col" class="kern-table__header">Förderung</th>
              <th scope="col" class="kern-table__header">Module</th>
              <th scope="col" class="kern-table__header">Aktion</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {anmeldungen.map((a) => (
              <tr>
                <th scope="row" class="kern-table__cell">
                  {a.teilnehmerName}
                </th>
                <td class="kern-table__cell">{a.behoerdeName}</td>
                <td class="kern-table__cell">{a.abgeschlossenAm ? 'Abgeschlossen' : STATUS_TEXT[a.status]}</td>
                <td class="kern-table__cell">{a.gefoerdert ? `gefördert (${FOERDERSATZ_PROZENT} %)` : 'ohne Förderung'}</td>
                <td class="kern-table__cell">
                  {a.module.length} von {MODUL_ANZAHL}
                </td>
                <td class="kern-table__cell">
                  {a.abgeschlossenAm ? (
                    <a class="kern-link" href={`/digitallotse/anmeldungen/${a.id}/teilnahmebescheinigung.pdf`}>
                      Teilnahmebescheinigung (PDF)<span class="kern-sr-only"> für {a.teilnehmerName}</span>
                    </a>
                  ) : a.status !== 'storniert' ? (
                    <form method="post" action={`/digitallotse/anmeldungen/${a.id}/stornieren`}>
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <button type="submit" class="kern-btn kern-btn--secondary">
                        <span class="kern-label">
                          Stornieren<span class="kern-sr-only"> ({a.teilnehmerName})</span>
                        </span>
                      </button>
                    </form>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>
    </section>
  );
}

export function KursListePage({ ctx, kurse, anmeldungen, meldung }: { ctx: PageContext; kurse: KursMitBelegung[]; anmeldungen: AnmeldungMitBehoerde[]; meldung?: string }) {
  const title = 'Grundkurs Digitallotse';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <p class="kern-body">
        Digitallotsinnen und Digitallotsen bringen die Digitalisierung in ihrer Behörde voran. Der Grundkurs an der Bayerischen Verwaltungsschule dauert vier Tage und hat sechs Module. Wer
        alle Module besucht, erhält eine Teilnahmebescheinigung.
      </p>
      <Foerderhinweis />
      <h2 class="kern-heading-medium">Kurstermine</h2>
      <KursTabelle kurse={kurse} />
      <MeineAnmeldungen ctx={ctx} anmeldungen={anmeldungen} />
    </Layout>
  );
}

export interface AnmeldeWerte {
  ars?: string;
  teilnehmerName?: string;
  teilnehmerEmail?: string;
  foerderung?: boolean;
}

export function KursPage(props: {
  ctx: PageContext;
  kurs: KursMitBelegung;
  /** Behörden the user may register for (empty: no form). */
  behoerden: { ars: string; name: string }[];
  angemeldet: boolean;
  werte?: AnmeldeWerte;
  errors?: FieldError[];
}) {
  const { ctx, kurs: k, behoerden, werte = {}, errors = [] } = props;
  const voll = k.belegt >= k.plaetze;
  return (
    <Layout ctx={ctx} title={k.titel} crumbs={[{ href: '/digitallotse', label: 'Grundkurs Digitallotse' }]}>
      <h1 class="kern-heading-large">{k.titel}</h1>
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Termin</dt>
          <dd class="kern-description-list-item__value">
            {datumDe(k.beginn)} bis {datumDe(k.ende)} (4 Tage)
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Ort</dt>
          <dd class="kern-description-list-item__value">{k.online ? `online (${k.ort})` : k.ort}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Plätze</dt>
          <dd class="kern-description-list-item__value">{freiText(k)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Gebühr</dt>
          <dd class="kern-description-list-item__value">
            {formatEuroCent(k.gebuehrCent)} je Person; mit Förderung Eigenanteil {formatEuroCent(eigenanteilCent(k.gebuehrCent, true))}
          </dd>
        </div>
      </dl>
      <h2 class="kern-heading-medium">Module</h2>
      <ol class="kern-list">
        {MODULE.map((m) => (
          <li>{m}</li>
        ))}
      </ol>
      <Foerderhinweis />
      {props.angemeldet && behoerden.length > 0 && (
        <form method="post" action={`/digitallotse/kurse/${k.id}/anmelden`} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <h2 class="kern-heading-medium">{voll ? 'Auf die Warteliste setzen' : 'Mitarbeiterin oder Mitarbeiter anmelden'}</h2>
          {voll && <p class="kern-body">Der Kurs ist ausgebucht. Die Anmeldung kommt auf die Warteliste; wird ein Platz frei, rückt die erste Person nach.</p>}
          <div class={`kern-form-input${errorFor(errors, 'ars') ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="ars">
              Behörde
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="ars" name="ars">
                {behoerden.map((b) => (
                  <option value={b.ars} selected={werte.ars === b.ars}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <TextField name="teilnehmerName" label="Name der teilnehmenden Person" value={werte.teilnehmerName} autocomplete="off" error={errorFor(errors, 'teilnehmerName')} required />
          <TextField name="teilnehmerEmail" type="email" label="Dienstliche E-Mail-Adresse der teilnehmenden Person" value={werte.teilnehmerEmail} autocomplete="off" error={errorFor(errors, 'teilnehmerEmail')} required />
          <div class={`kern-form-check${errorFor(errors, 'foerderung') ? ' kern-form-check--error' : ''}`}>
            <input
              class="kern-form-check__checkbox"
              type="checkbox"
              id="foerderung"
              name="foerderung"
              value="ja"
              checked={werte.foerderung === true}
              aria-invalid={errorFor(errors, 'foerderung') ? 'true' : undefined}
              aria-describedby={errorFor(errors, 'foerderung') ? 'foerderung-fehler' : undefined}
            />
            <label class="kern-label" for="foerderung">
              Geförderten Platz beantragen ({FOERDERSATZ_PROZENT} % der Gebühr übernimmt der Freistaat)
            </label>
            {errorFor(errors, 'foerderung') && (
              <p class="kern-error" id="foerderung-fehler">
                <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
                <span class="kern-body">{errorFor(errors, 'foerderung')}</span>
              </p>
            )}
          </div>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{voll ? 'Auf die Warteliste setzen' : 'Verbindlich anmelden'}</span>
          </button>
        </form>
      )}
      {!props.angemeldet && (
        <p class="kern-body">
          <a class="kern-link" href={`/anmelden?zurueck=/digitallotse/kurse/${k.id}`}>
            Melden Sie sich an
          </a>
          , um eine Mitarbeiterin oder einen Mitarbeiter Ihrer Behörde anzumelden.
        </p>
      )}
    </Layout>
  );
}

export function VerwaltungPage({ ctx, kurse, werte = {}, errors = [], meldung }: { ctx: PageContext; kurse: KursMitBelegung[]; werte?: Record<string, string>; errors?: FieldError[]; meldung?: string }) {
  const title = 'Grundkurs Digitallotse verwalten';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <KursTabelle kurse={kurse} verwaltung />
      <form method="post" action="/verwaltung/digitallotse/kurse" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <h2 class="kern-heading-medium">Neuen Kurstermin anlegen</h2>
        <TextField name="titel" label="Titel" value={werte.titel} error={errorFor(errors, 'titel')} required />
        <TextField name="beginn" type="date" label="Erster Kurstag" hint="Der Kurs dauert vier Tage." value={werte.beginn} error={errorFor(errors, 'beginn')} required />
        <TextField name="ort" label="Ort oder Videoplattform" value={werte.ort} error={errorFor(errors, 'ort')} required />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="online" name="online" value="ja" checked={werte.online === 'ja'} />
          <label class="kern-label" for="online">
            Online-Kurs
          </label>
        </div>
        <TextField name="plaetze" type="number" label="Plätze" value={werte.plaetze} error={errorFor(errors, 'plaetze')} required />
        <TextField name="gebuehr" label="Gebühr je Person in Euro" hint="z. B. 890 oder 890,00" value={werte.gebuehr} error={errorFor(errors, 'gebuehr')} required />
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Kurstermin anlegen</span>
        </button>
      </form>
    </Layout>
  );
}

export function TeilnahmePage({ ctx, kurs: k, anmeldungen, meldung }: { ctx: PageContext; kurs: KursMitBelegung; anmeldungen: AnmeldungMitBehoerde[]; meldung?: string }) {
  return (
    <Layout ctx={ctx} title={`Teilnahme: ${k.titel}`} crumbs={[{ href: '/verwaltung/digitallotse', label: 'Grundkurs Digitallotse verwalten' }]}>
      <h1 class="kern-heading-large">Teilnahme: {k.titel}</h1>
      <Erfolgsmeldung text={meldung} />
      <p class="kern-body">
        {datumDe(k.beginn)} bis {datumDe(k.ende)}, {k.online ? `online (${k.ort})` : k.ort}. {freiText(k)}.
      </p>
      {anmeldungen.length === 0 && <p class="kern-body">Noch keine Anmeldungen.</p>}
      {anmeldungen.map((a) => (
        <section class="digitallotse-teilnahme" aria-labelledby={`person-${a.id}`}>
          <h2 class="kern-heading-small" id={`person-${a.id}`}>
            {a.teilnehmerName} – {a.behoerdeName}
          </h2>
          <p class="kern-body">
            {a.abgeschlossenAm ? 'Abgeschlossen' : STATUS_TEXT[a.status]} · {a.gefoerdert ? `gefördert (${FOERDERSATZ_PROZENT} %)` : 'ohne Förderung'} · {a.teilnehmerEmail}
          </p>
          {a.status === 'platz' && (
            <form method="post" action={`/verwaltung/digitallotse/anmeldungen/${a.id}/anwesenheit`}>
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <fieldset class="kern-fieldset">
                <legend class="kern-label">Besuchte Module von {a.teilnehmerName}</legend>
                <div class="kern-fieldset__body">
                  {MODULE.map((m, i) => (
                    <div class="kern-form-check">
                      <input class="kern-form-check__checkbox" type="checkbox" id={`modul-${a.id}-${i + 1}`} name="modul" value={String(i + 1)} checked={a.module.includes(i + 1)} />
                      <label class="kern-label" for={`modul-${a.id}-${i + 1}`}>
                        Modul {i + 1}: {m}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <button type="submit" class="kern-btn kern-btn--secondary">
                <span class="kern-label">
                  Anwesenheit speichern<span class="kern-sr-only"> für {a.teilnehmerName}</span>
                </span>
              </button>
            </form>
          )}
        </section>
      ))}
    </Layout>
  );
}
