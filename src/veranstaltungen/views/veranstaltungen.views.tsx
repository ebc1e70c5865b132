/** Pages of the virtuelle Informationsveranstaltungen. */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, SelectField, TextField } from '../../shared/layout';
import type { TeilnahmeRow, VeranstaltungMitBelegung } from '../veranstaltungen.repository';
import { THEMEN, zeitraum } from '../veranstaltungen.service';

const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

const plaetze = (v: VeranstaltungMitBelegung) => (v.angemeldet >= v.kapazitaet ? 'ausgebucht' : `${v.kapazitaet - v.angemeldet} von ${v.kapazitaet} Plätzen frei`);

function Liste({ vs, verwaltung }: { vs: VeranstaltungMitBelegung[]; verwaltung?: boolean }) {
  if (vs.length === 0) return <p class="kern-body">Zurzeit sind keine Veranstaltungen geplant.</p>;
  return (
    <ul class="kern-list veranstaltungen-liste">
      {vs.map((v) => (
        <li>
          <a class="kern-link" href={verwaltung ? `/verwaltung/veranstaltungen/${v.id}` : `/veranstaltungen/${v.id}`}>
            {v.titel}
          </a>
          <br />
          {zeitraum(v)} · Thema: {v.thema} · {plaetze(v)}
        </li>
      ))}
    </ul>
  );
}

export function VeranstaltungenPage({ ctx, vs }: { ctx: PageContext; vs: VeranstaltungMitBelegung[] }) {
  const title = 'Virtuelle Informationsveranstaltungen';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        Das Staatsministerium für Digitales stellt die zentralen Komponenten vor: BayernPortal, BayernID, Postkorb, E-Payment und die zentralen Online-Verfahren. Die Veranstaltungen finden
        online statt; nach der Anmeldung bestätigen Sie Ihre E-Mail-Adresse über einen Link und erhalten dann den Einwahllink per E-Mail.
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/veranstaltungen.ics">
          Alle Termine als Kalender abonnieren (iCalendar, .ics)
        </a>
      </p>
      <Liste vs={vs} />
    </Layout>
  );
}

export function VeranstaltungPage({ ctx, v, jetzt, werte = {}, errors = [], meldung }: { ctx: PageContext; v: VeranstaltungMitBelegung; jetzt: Date; werte?: Record<string, string>; errors?: FieldError[]; meldung?: string }) {
  const offen = v.angemeldet < v.kapazitaet && v.beginn > jetzt;
  return (
    <Layout ctx={ctx} title={v.titel} crumbs={[{ href: '/veranstaltungen', label: 'Informationsveranstaltungen' }]}>
      <h1 class="kern-heading-large">{v.titel}</h1>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">
        {zeitraum(v)} · Thema: {v.thema} · {plaetze(v)}
      </p>
      {v.beschreibung && <p class="kern-body">{v.beschreibung}</p>}
      <p class="kern-body">
        <a class="kern-link" href={`/veranstaltungen/${v.id}/termin.ics`}>
          Termin in den Kalender übernehmen (.ics)
        </a>
      </p>
      {offen ? (
        <form method="post" action={`/veranstaltungen/${v.id}/anmelden`} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <h2 class="kern-heading-medium">Anmelden</h2>
          <TextField name="name" label="Ihr Name" value={werte.name ?? ctx.user?.name} autocomplete="name" error={errorFor(errors, 'name')} required />
          <TextField name="email" type="email" label="Ihre E-Mail-Adresse" value={werte.email ?? ctx.user?.email} autocomplete="email" error={errorFor(errors, 'email')} required />
          <TextField name="organisation" label="Behörde oder Organisation (freiwillig)" value={werte.organisation} autocomplete="organization" />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Anmelden</span>
          </button>
        </form>
      ) : (
        <p class="kern-body">Eine Anmeldung ist nicht mehr möglich.</p>
      )}
    </Layout>
  );
}

export function VerwaltungPage({ ctx, vs, werte = {}, errors = [], meldung }: { ctx: PageContext; vs: VeranstaltungMitBelegung[]; werte?: Record<string, string>; errors?: FieldError[]; meldung?: string }) {
  const title = 'Informationsveranstaltungen verwalten';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <Liste vs={vs} verwaltung />
      <form method="post" action="/verwaltung/veranstaltungen" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <h2 class="kern-heading-medium">Neue Veranstaltung</h2>
        <TextField name="titel" label="Titel" value={werte.titel} error={errorFor(errors, 'titel')} required />
        <SelectField name="thema" label="Thema" value={werte.thema} options={THEMEN.map((x) => ({ value: x, label: x }))} />
        <TextField name="beschreibung" label="Beschreibung (freiwillig)" value={werte.beschreibung} />
        <TextField name="datum" type="date" label="Datum" value={werte.datum} error={errorFor(errors, 'datum')} required />
        <TextField name="von" type="time" label="Beginn (Uhrzeit in Bayern)" value={werte.von} error={errorFor(errors, 'von')} required />
        <TextField name="bis" type="time" label="Ende (Uhrzeit in Bayern)" value={werte.bis} error={errorFor(errors, 'bis')} required />
        <TextField name="link" type="url" label="Einwahllink" hint="Nur angemeldete Personen erhalten ihn." value={werte.link} error={errorFor(errors, 'link')} required />
        <TextField name="kapazitaet" type="number" label="Plätze" value={werte.kapazitaet} error={errorFor(errors, 'kapazitaet')} required />
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Veranstaltung anlegen</span>
        </button>
      </form>
    </Layout>
  );
}

export function TeilnahmePage({
  ctx,
  v,
  teilnehmende,
  unbestaetigt,
  meldung,
}: { ctx: PageContext; v: VeranstaltungMitBelegung; teilnehmende: TeilnahmeRow[]; unbestaetigt: number; meldung?: string }) {
  return (
    <Layout ctx={ctx} title={`Teilnahme: ${v.titel}`} crumbs={[{ href: '/verwaltung/veranstaltungen', label: 'Informationsveranstaltungen verwalten' }]}>
      <h1 class="kern-heading-large">Teilnahme: {v.titel}</h1>
      <Erfolgsmeldung text={meldung} />
      <p class="kern-body">
        {zeitraum(v)} · {v.angemeldet} von {v.kapazitaet} Plätzen belegt
        {unbestaetigt > 0 ? ` · ${unbestaetigt} ${unbestaetigt === 1 ? 'Anmeldung wartet' : 'Anmeldungen warten'} auf die Bestätigung der E-Mail-Adresse` : ''}
      </p>
      {teilnehmende.length === 0 ? (
        <p class="kern-body">Noch keine Anmeldungen.</p>
      ) : (
        <form method="post" action={`/verwaltung/veranstaltungen/${v.id}/teilnahme`}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <fieldset class="kern-fieldset">
            <legend class="kern-label">Wer hat teilgenommen?</legend>
            <div class="kern-fieldset__body">
              {teilnehmende.map((t) => (
                <div class="kern-form-check">
                  <input class="kern-form-check__checkbox" type="checkbox" id={`t-${t.id}`} name="anwesend" value={t.id} checked={t.teilgenommen === true} />
                  <label class="kern-label" for={`t-${t.id}`}>
                    {t.name} ({t.email}
                    {t.organisation ? `, ${t.organisation}` : ''}){t.erinnertAm ? ' – erinnert' : ''}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Teilnahme speichern</span>
          </button>
        </form>
      )}
    </Layout>
  );
}

/** The page the confirmation link opens: one button confirms (a link alone never does). */
export function BestaetigenPage({
  ctx,
  v,
  token,
  fehler,
  meldung,
}: { ctx: PageContext; v: VeranstaltungMitBelegung; token: string; fehler?: 'unbekannt' | 'abgelaufen'; meldung?: string }) {
  const title = 'Anmeldung bestätigen';
  const text = meldung ?? (fehler === 'unbekannt' ? 'Dieser Bestätigungslink ist ungültig oder wurde schon verwendet.' : fehler === 'abgelaufen' ? 'Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich erneut an.' : undefined);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/veranstaltungen', label: 'Informationsveranstaltungen' }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {v.titel} · {zeitraum(v)}
      </p>
      {text ? (
        <>
          <div class="kern-alert kern-alert--danger" role="alert">
            <div class="kern-alert__header">
              <span class="kern-icon kern-icon--danger" aria-hidden="true" />
              <p class="kern-title">{text}</p>
            </div>
          </div>
          <p class="kern-body">
            <a class="kern-link" href={`/veranstaltungen/${v.id}`}>
              Zur Veranstaltung
            </a>
          </p>
        </>
      ) : (
        <form method="post" action={`/veranstaltungen/${v.id}/bestaetigen`}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="t" value={token} />
          <p class="kern-body">Mit der Bestätigung reservieren Sie Ihren Platz; den Einwahllink schicken wir Ihnen dann per E-Mail.</p>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Anmeldung bestätigen</span>
          </button>
        </form>
      )}
    </Layout>
  );
}
