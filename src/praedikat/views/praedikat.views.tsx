import { formatDate } from '../../shared/i18n';
import { ErrorSummary, type FieldError, Layout, type PageContext, TextField } from '../../shared/layout';
import type { PraedikatService, Vorpruefung } from '../praedikat.service';
import { ANTRAG_STATUS_TEXT, type AntragStatus, STATUS_TEXT } from '../praedikat.zustand';

type Antrag = Awaited<ReturnType<PraedikatService['antrag']>>;
type Praedikat = Awaited<ReturnType<PraedikatService['praedikatVon']>>;
type Akte = Awaited<ReturnType<PraedikatService['akte']>>;
type Arbeitsliste = Awaited<ReturnType<PraedikatService['arbeitsliste']>>;
type Schilder = Awaited<ReturnType<PraedikatService['offeneSchilder']>>;

const zeit = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
const Zeit = ({ d }: { d: Date | string }) => {
  const date = typeof d === 'string' ? new Date(d) : d;
  return <time dateTime={date.toISOString()}>{zeit.format(date)}</time>;
};

const SCHRITT_TEXT: Record<string, string> = {
  eingereicht: 'Antrag eingereicht',
  erneut_einreichen: 'Überarbeitet erneut eingereicht',
  empfehlung_verleihen: 'Erste Prüfung: Verleihung empfohlen',
  empfehlung_ablehnen: 'Erste Prüfung: Ablehnung empfohlen',
  empfehlung_zurueckgeben: 'Erste Prüfung: Rückgabe empfohlen',
  entscheidung_verleihen: 'Zweite Prüfung: Prädikat verliehen',
  entscheidung_ablehnen: 'Zweite Prüfung: abgelehnt',
  entscheidung_zurueckgeben: 'Zweite Prüfung: zur Überarbeitung zurückgegeben',
  zurueckziehen: 'Antrag zurückgezogen',
};

const EREIGNIS_TEXT: Record<string, string> = {
  verleihung: 'Verliehen',
  unterschreitung: 'Unter der Schwelle, Karenzzeit begonnen',
  erholung: 'Wieder an der Schwelle, Karenzzeit beendet',
  aussetzung: 'Ausgesetzt',
  wiederherstellung: 'Wieder gültig',
  widerruf: 'Widerrufen (endgültig)',
};

const MELDUNGEN: Record<string, string> = {
  empfehlung: 'Die Empfehlung ist gespeichert. Entscheiden muss eine zweite Person.',
  entscheidung: 'Die Entscheidung ist gespeichert; die Kommune ist benachrichtigt.',
};

export function Meldung({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <div class="kern-alert kern-alert--success" role="status">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--success" aria-hidden="true" />
        <p class="kern-title">{text}</p>
      </div>
    </div>
  );
}

const BADGE: Record<string, string> = { ok: 'success', warnung: 'warning', fehler: 'danger' };
const PRUEF_TEXT: Record<string, string> = { ok: 'erfüllt', warnung: 'Hinweis', fehler: 'nicht erfüllt' };

/** The automatic pre-check as a checklist. */
export function Checkliste({ vp, titel }: { vp: Vorpruefung; titel: string }) {
  return (
    <section aria-label={titel} class="checkliste">
      <h3 class="kern-heading-small">{titel}</h3>
      <p class="kern-body kern-body--small">
        Stand: <Zeit d={vp.am} />
      </p>
      <ul class="kern-list">
        {vp.punkte.map((p) => (
          <li>
            <span class={`kern-badge kern-badge--${BADGE[p.status]}`}>
              <span class="kern-label kern-label--small">{PRUEF_TEXT[p.status]}</span>
            </span>{' '}
            <strong>{p.titel}:</strong> {p.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Schritte({ schritte }: { schritte: Antrag['schritte'] }) {
  return (
    <div class="kern-table-responsive">
      <table class="kern-table kern-table--small">
        <caption class="kern-sr-only">Verlauf des Antrags</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">Zeitpunkt</th>
            <th scope="col" class="kern-table__header">Schritt</th>
            <th scope="col" class="kern-table__header">Von</th>
            <th scope="col" class="kern-table__header">Begründung</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {schritte.map((s) => (
            <tr>
              <td class="kern-table__cell">
                <Zeit d={s.at} />
              </td>
              <td class="kern-table__cell">{SCHRITT_TEXT[s.schritt] ?? s.schritt}</td>
              <td class="kern-table__cell">{s.actorLabel}</td>
              <td class="kern-table__cell">{s.kommentar ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

function AntragFelder({ errors, werte }: { errors: FieldError[]; werte?: Partial<Antrag> | Partial<{ [k: string]: unknown }> }) {
  const w = (werte ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof w[k] === 'string' ? (w[k] as string) : undefined);
  return (
    <>
      <TextField name="kontaktName" label="Ansprechperson" value={str('kontaktName')} autocomplete="name" error={errorFor(errors, 'kontaktName')} required />
      <TextField name="kontaktEmail" type="email" label="E-Mail-Adresse der Ansprechperson" value={str('kontaktEmail')} autocomplete="email" error={errorFor(errors, 'kontaktEmail')} required />
      <TextField name="kontaktTelefon" type="tel" label="Telefon (freiwillig)" value={str('kontaktTelefon') ?? undefined} autocomplete="tel" error={errorFor(errors, 'kontaktTelefon')} />
      <TextField
        name="websiteUrl"
        type="url"
        label="Website, auf der das Online-Signet erscheinen soll"
        hint="Vollständige Adresse mit https://"
        value={str('websiteUrl')}
        error={errorFor(errors, 'websiteUrl')}
        required
      />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Schild für das Rathaus</legend>
        <div class="kern-fieldset__body">
          <div class="kern-form-check">
            <input class="kern-form-check__checkbox" type="checkbox" id="schildGewuenscht" name="schildGewuenscht" value="ja" checked={w.schildGewuenscht === true} />
            <label class="kern-label" for="schildGewuenscht">
              Ja, wir möchten ein Schild „Digitales Amt“
            </label>
          </div>
          <div class={`kern-form-input${errorFor(errors, 'schildFormat') ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="schildFormat">
              Format des Schildes
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="schildFormat" name="schildFormat" aria-invalid={errorFor(errors, 'schildFormat') ? 'true' : undefined}>
                <option value="A3" selected={w.schildFormat !== 'A4'}>
                  A3 (420 × 297 mm)
                </option>
                <option value="A4" selected={w.schildFormat === 'A4'}>
                  A4 (297 × 210 mm)
                </option>
              </select>
            </div>
            {errorFor(errors, 'schildFormat') && (
              <p class="kern-error" id="schildFormat-fehler">
                <span class="kern-body">{errorFor(errors, 'schildFormat')}</span>
              </p>
            )}
          </div>
          <div class={`kern-form-input${errorFor(errors, 'lieferadresse') ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="lieferadresse">
              Lieferadresse für das Schild
            </label>
            <textarea
              class="kern-form-input__input"
              id="lieferadresse"
              name="lieferadresse"
              rows={3}
              aria-invalid={errorFor(errors, 'lieferadresse') ? 'true' : undefined}
              aria-describedby={errorFor(errors, 'lieferadresse') ? 'lieferadresse-fehler' : undefined}
            >
              {str('lieferadresse') ?? ''}
            </textarea>
            {errorFor(errors, 'lieferadresse') && (
              <p class="kern-error" id="lieferadresse-fehler">
                <span class="kern-body">{errorFor(errors, 'lieferadresse')}</span>
              </p>
            )}
          </div>
        </div>
      </fieldset>
    </>
  );
}

export function PraedikatBox({ p }: { p: NonNullable<Praedikat> }) {
  const badge = p.status === 'gueltig' ? 'success' : p.status === 'ausgesetzt' ? 'warning' : 'danger';
  return (
    <div class="kern-card kern-card--surface stand-card">
      <div class="kern-card__container">
        <div class="kern-card__body">
          <p class="kern-body kern-body--large">
            <span class={`kern-badge kern-badge--${badge}`}>
              <span class="kern-label">Prädikat {STATUS_TEXT[p.status].de}</span>
            </span>{' '}
            Zertifikat <strong>{p.zertifikatNr}</strong>, verliehen am {formatDate('de', p.verliehenAm)}
          </p>
          {p.karenzBis && p.status === 'gueltig' && (
            <p class="kern-body">
              Die Zahl der Online-Verfahren liegt unter der Schwelle. Das Prädikat bleibt bis einschließlich {formatDate('de', p.karenzBis)} gültig; danach wird es
              ausgesetzt, wenn die Schwelle dann nicht wieder erreicht ist.
            </p>
          )}
          <p>
            <a class="kern-link" href={`/pruefen/${p.zertifikatNr}`}>
              Signet und öffentlicher Nachweis
            </a>
          </p>
        </div>
      </div>
    </div>
  );
}

function Ereignisse({ historie }: { historie: NonNullable<Praedikat>['historie'] }) {
  return (
    <ul class="kern-list">
      {historie.map((h) => (
        <li>
          <Zeit d={h.am} />: {EREIGNIS_TEXT[h.ereignis] ?? h.ereignis} ({h.automatisch ? 'automatisch' : h.von}){h.grund ? ` – ${h.grund}` : ''}
        </li>
      ))}
    </ul>
  );
}

export function KommunePraedikatPage(props: {
  ctx: PageContext;
  ars: string;
  name: string;
  vorpruefung: Vorpruefung;
  praedikat: Praedikat;
  antrag?: Antrag;
  errors: FieldError[];
  werte?: Record<string, unknown>;
  meldung?: string;
}) {
  const { ctx, ars, name, vorpruefung: vp, praedikat, antrag, errors, werte, meldung } = props;
  const title = `Prädikat „Digitales Amt“: ${name}`;
  const base = `/verwaltung/behoerden/${ars}/praedikat`;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const aktiv = praedikat && praedikat.status !== 'widerrufen';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/behoerden/${ars}`, label: name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <Meldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      {aktiv && (
        <>
          <PraedikatBox p={praedikat} />
          <h2 class="kern-heading-medium">Verlauf des Prädikats</h2>
          <Ereignisse historie={praedikat.historie} />
          <h2 class="kern-heading-medium">Schild</h2>
          <p class="kern-body">
            Druckdateien für einen Schilderhersteller:{' '}
            <a class="kern-link" href={`/praedikat/${praedikat.zertifikatNr}/schild.pdf?format=A3`}>
              Schild A3 (PDF)
            </a>{' '}
            ·{' '}
            <a class="kern-link" href={`/praedikat/${praedikat.zertifikatNr}/schild.pdf?format=A4`}>
              Schild A4 (PDF)
            </a>
          </p>
        </>
      )}
      {antrag && (
        <>
          <h2 class="kern-heading-medium">Ihr Antrag</h2>
          <p class="kern-body">
            Stand: <strong>{ANTRAG_STATUS_TEXT[antrag.status as AntragStatus]}</strong>
          </p>
          <Schritte schritte={antrag.schritte} />
          {antrag.status === 'zurueckgegeben' && (
            <form method="post" action={`${base}/erneut`} class="kern-stack" novalidate id="antrag">
              <Csrf />
              <h3 class="kern-heading-small">Antrag überarbeiten und erneut einreichen</h3>
              <AntragFelder errors={errors} werte={werte ?? antrag} />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">Erneut einreichen</span>
              </button>
            </form>
          )}
          {['eingereicht', 'zurueckgegeben'].includes(antrag.status) && (
            <form method="post" action={`${base}/zurueckziehen`} class="form-spaced">
              <Csrf />
              <button type="submit" class="kern-btn kern-btn--secondary">
                <span class="kern-label">Antrag zurückziehen</span>
              </button>
            </form>
          )}
        </>
      )}
      {!aktiv && !antrag && (
        <>
          <Checkliste vp={vp} titel="Automatische Vorprüfung" />
          {vp.erreicht && vp.bestanden ? (
            <form method="post" action={`${base}/antrag`} class="kern-stack" novalidate id="antrag">
              <Csrf />
              <h2 class="kern-heading-medium">Prädikat beantragen</h2>
              <p class="kern-body">
                Das Staatsministerium für Digitales prüft Ihren Antrag im Vier-Augen-Prinzip. Nach der Verleihung erscheinen Sie sofort auf der öffentlichen Liste und
                erhalten das Online-Signet für Ihre Website.
              </p>
              <AntragFelder errors={errors} werte={werte} />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">Antrag einreichen</span>
              </button>
            </form>
          ) : (
            <div class="kern-alert kern-alert--info" id="antrag">
              <div class="kern-alert__header">
                <span class="kern-icon kern-icon--info" aria-hidden="true" />
                <p class="kern-title">Ein Antrag ist noch nicht möglich: Es fehlen {vp.fehlend} zählende Online-Verfahren.</p>
              </div>
              <div class="kern-alert__body">
                <p class="kern-body">
                  <a class="kern-link" href={`/behoerden/${ars}#chancen`}>
                    Diese Verfahren können Sie heute verlinken
                  </a>
                </p>
              </div>
            </div>
          )}
        </>
      )}
      <p class="form-spaced">
        <a class="kern-link" href={`/verwaltung/behoerden/${ars}/akte`}>
          Vollständige Akte
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`/verwaltung/behoerden/${ars}/verlinkungen`}>
          Verlinkungen verwalten
        </a>
      </p>
    </Layout>
  );
}

export function ArbeitslistePage(props: {
  ctx: PageContext;
  liste: Arbeitsliste;
  schilder: Schilder;
  filter: { status?: string; regierungsbezirk?: string };
  jetzt: Date;
  meldung?: string;
}) {
  const { ctx, liste, schilder, filter, jetzt, meldung } = props;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const bezirke: [string, string][] = [
    ['091', 'Oberbayern'],
    ['092', 'Niederbayern'],
    ['093', 'Oberpfalz'],
    ['094', 'Oberfranken'],
    ['095', 'Mittelfranken'],
    ['096', 'Unterfranken'],
    ['097', 'Schwaben'],
  ];
  return (
    <Layout ctx={ctx} title="Prüfung: Anträge auf das Prädikat">
      <h1 class="kern-heading-large">Prüfung: Anträge auf das Prädikat</h1>
      <Meldung text={meldung} />
      <form method="get" action="/verwaltung/praedikat" class="filter-form" aria-label="Anträge filtern">
        <div class="filter-form__grid">
          <div class="kern-form-input">
            <label class="kern-label" for="status">
              Stand
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="status" name="status">
                <option value="">Alle offenen</option>
                <option value="eingereicht" selected={filter.status === 'eingereicht'}>
                  Wartet auf die erste Prüfung
                </option>
                <option value="empfohlen" selected={filter.status === 'empfohlen'}>
                  Wartet auf die Entscheidung
                </option>
                <option value="zurueckgegeben" selected={filter.status === 'zurueckgegeben'}>
                  Bei der Kommune zur Überarbeitung
                </option>
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="regierungsbezirk">
              Regierungsbezirk
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="regierungsbezirk" name="regierungsbezirk">
                <option value="">Alle</option>
                {bezirke.map(([k, n]) => (
                  <option value={k} selected={filter.regierungsbezirk === k}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Filtern</span>
          </button>
        </div>
      </form>
      <h2 class="kern-heading-medium">Offene Anträge ({liste.length}), älteste zuerst</h2>
      {liste.length === 0 ? (
        <p class="kern-body">Keine offenen Anträge.</p>
      ) : (
        <div class="kern-table-responsive">
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">Offene Anträge</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">Behörde</th>
                <th scope="col" class="kern-table__header">Stand</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Alter (Tage)</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Online-Verfahren</th>
                <th scope="col" class="kern-table__header">Vorprüfung</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {liste.map((a) => {
                const vp = a.vorpruefung as Vorpruefung;
                return (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      <a class="kern-link" href={`/verwaltung/praedikat/antraege/${a.id}`}>
                        {a.name}
                      </a>
                    </th>
                    <td class="kern-table__cell">
                      {ANTRAG_STATUS_TEXT[a.status as AntragStatus]}
                      {a.empfohlen_von_email && <span class="kern-body kern-body--small list-members">Empfehlung „{a.empfehlung}“ von {a.empfohlen_von_email}</span>}
                    </td>
                    <td class="kern-table__cell kern-table__cell--numeric">{Math.floor((jetzt.getTime() - new Date(a.eingereicht_am).getTime()) / 86_400_000)}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{Number(a.anzahl)}</td>
                    <td class="kern-table__cell">{vp?.bestanden ? 'bestanden' : 'mit Mängeln'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2 class="kern-heading-medium">Nachprüfung</h2>
      <p class="kern-body">
        Die Nachprüfung aller Prädikate läuft täglich. Liegt eine Behörde unter der Schwelle, beginnt die Karenzzeit; danach wird das Prädikat ausgesetzt.
      </p>
      <form method="post" action="/verwaltung/praedikat/nachpruefung">
        <Csrf />
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Nachprüfung jetzt ausführen</span>
        </button>
      </form>
      <h2 class="kern-heading-medium">Offene Schild-Bestellungen ({schilder.length})</h2>
      {schilder.length === 0 ? (
        <p class="kern-body">Keine offenen Bestellungen.</p>
      ) : (
        <ul class="kern-list">
          {schilder.map((s) => (
            <li>
              {s.name} ({s.zertifikat_nr}, {s.format}): {s.status}{' '}
              <a class="kern-link" href={`/praedikat/${s.zertifikat_nr}/schild.pdf?format=${s.format}`}>
                Druckdatei<span class="kern-sr-only"> für {s.name}</span>
              </a>{' '}
              <form method="post" action={`/verwaltung/praedikat/schilder/${s.id}/weiter`} class="inline-form">
                <Csrf />
                <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                  <span class="kern-label">
                    {s.status === 'bestellt' ? 'Als produziert melden' : 'Als geliefert melden'}
                    <span class="kern-sr-only">: {s.name}</span>
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function AntragPage(props: {
  ctx: PageContext;
  antrag: Antrag;
  name: string;
  aktuelleVorpruefung: Vorpruefung;
  istMinisterium: boolean;
  userId: string;
  errors: FieldError[];
  meldung?: string;
}) {
  const { ctx, antrag: a, name, aktuelleVorpruefung, istMinisterium, userId, errors, meldung } = props;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const title = `Antrag: ${name}`;
  const selbstEmpfohlen = a.empfohlenVon === userId;
  const Wahl = ({ legend }: { legend: string }) => (
    <fieldset class={`kern-fieldset${errorFor(errors, 'wahl') ? ' kern-fieldset--error' : ''}`} id="wahl">
      <legend class="kern-label">{legend}</legend>
      <div class="kern-fieldset__body">
        {(
          [
            ['verleihen', 'Prädikat verleihen'],
            ['ablehnen', 'Ablehnen'],
            ['zurueckgeben', 'Zur Überarbeitung zurückgeben'],
          ] as const
        ).map(([v, l]) => (
          <div class="kern-form-check">
            <input class="kern-form-check__radio" type="radio" id={`wahl-${v}`} name="wahl" value={v} />
            <label class="kern-label" for={`wahl-${v}`}>
              {l}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
  return (
    <Layout ctx={ctx} title={title} crumbs={istMinisterium ? [{ href: '/verwaltung/praedikat', label: 'Prüfung' }] : [{ href: `/verwaltung/behoerden/${a.behoerdeArs}/praedikat`, label: name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <Meldung text={meldung ? MELDUNGEN[meldung] : undefined} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">
        Stand: <strong>{ANTRAG_STATUS_TEXT[a.status as AntragStatus]}</strong>
        {a.zertifikatNr && ` · Zertifikat ${a.zertifikatNr}`}
      </p>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Ansprechperson</dt>
          <dd class="kern-description-list-item__value">
            {a.kontaktName}, {a.kontaktEmail}
            {a.kontaktTelefon ? `, ${a.kontaktTelefon}` : ''}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Website für das Signet</dt>
          <dd class="kern-description-list-item__value break-all">{a.websiteUrl}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Schild</dt>
          <dd class="kern-description-list-item__value">{a.schildGewuenscht ? `ja, ${a.schildFormat}, Lieferung an: ${a.lieferadresse}` : 'nein'}</dd>
        </div>
      </dl>
      <div class="checklisten">
        <Checkliste vp={a.vorpruefung as Vorpruefung} titel="Vorprüfung bei Einreichung" />
        <Checkliste vp={aktuelleVorpruefung} titel="Vorprüfung jetzt" />
      </div>
      <h2 class="kern-heading-medium">Verlauf</h2>
      <Schritte schritte={a.schritte} />
      {istMinisterium && a.status === 'eingereicht' && (
        <form method="post" action={`/verwaltung/praedikat/antraege/${a.id}/empfehlung`} class="kern-stack form-spaced" novalidate>
          <Csrf />
          <h2 class="kern-heading-medium">Erste Prüfung: Empfehlung</h2>
          <Wahl legend="Ihre Empfehlung" />
          <div class="kern-form-input">
            <label class="kern-label" for="kommentar">
              Begründung
            </label>
            <textarea class="kern-form-input__input" id="kommentar" name="kommentar" rows={4} />
          </div>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Empfehlung speichern</span>
          </button>
        </form>
      )}
      {istMinisterium && a.status === 'empfohlen' && (
        <section class="form-spaced">
          <h2 class="kern-heading-medium">Zweite Prüfung: Entscheidung</h2>
          {selbstEmpfohlen ? (
            <div class="kern-alert kern-alert--warning">
              <div class="kern-alert__header">
                <span class="kern-icon kern-icon--warning" aria-hidden="true" />
                <p class="kern-title">Vier-Augen-Prinzip: Sie haben die Empfehlung abgegeben. Entscheiden muss eine andere Person.</p>
              </div>
            </div>
          ) : (
            <form method="post" action={`/verwaltung/praedikat/antraege/${a.id}/entscheidung`} class="kern-stack" novalidate>
              <Csrf />
              <p class="kern-body">Empfehlung der ersten Prüfung: „{a.empfehlung}“.</p>
              <Wahl legend="Ihre Entscheidung" />
              <div class="kern-form-input">
                <label class="kern-label" for="kommentar">
                  Begründung (bei Ablehnung und Rückgabe Pflicht; geht an die Kommune)
                </label>
                <textarea class="kern-form-input__input" id="kommentar" name="kommentar" rows={4} />
              </div>
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">Entscheidung speichern</span>
              </button>
            </form>
          )}
        </section>
      )}
      <p class="form-spaced">
        <a class="kern-link" href={`/verwaltung/behoerden/${a.behoerdeArs}/akte`}>
          Akte der Behörde
        </a>
      </p>
    </Layout>
  );
}

export function AktePage(props: { ctx: PageContext; ars: string; name: string; akte: Akte; praedikat: Praedikat; istMinisterium: boolean; errors: FieldError[]; meldung?: string }) {
  const { ctx, ars, name, akte, praedikat, istMinisterium, errors, meldung } = props;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const title = `Akte: ${name}`;
  const safeMeldung = meldung && /^Prädikat DA-\d{4}-\d{4} (ausgesetzt|wiederhergestellt|widerrufen)\.$/.test(meldung) ? meldung : undefined;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/behoerden/${ars}`, label: name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">Alle Anträge, Entscheidungen, Statusänderungen, E-Mails und Änderungen der Verlinkungen. Nichts wird gelöscht.</p>
      <Meldung text={safeMeldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      {praedikat && <PraedikatBox p={praedikat} />}
      {istMinisterium && praedikat && praedikat.status !== 'widerrufen' && (
        <section class="form-spaced" aria-labelledby="massnahmen">
          <h2 class="kern-heading-medium" id="massnahmen">
            Maßnahmen des Ministeriums
          </h2>
          <form method="post" action={`/verwaltung/praedikate/${praedikat.zertifikatNr}/${praedikat.status === 'ausgesetzt' ? 'wiederherstellen' : 'aussetzen'}`} class="kern-stack">
            <Csrf />
            <TextField name="grund" label="Grund" error={errorFor(errors, 'grund')} required />
            <div class="btn-row">
              <button type="submit" class="kern-btn kern-btn--secondary">
                <span class="kern-label">{praedikat.status === 'ausgesetzt' ? 'Wiederherstellen' : 'Aussetzen'}</span>
              </button>
              <button type="submit" class="kern-btn kern-btn--secondary" formaction={`/verwaltung/praedikate/${praedikat.zertifikatNr}/widerrufen`}>
                <span class="kern-label">Endgültig widerrufen</span>
              </button>
            </div>
          </form>
        </section>
      )}
      <h2 class="kern-heading-medium">Prädikate</h2>
      {akte.praedikate.length === 0 ? (
        <p class="kern-body">Noch kein Prädikat.</p>
      ) : (
        akte.praedikate.map((p) => (
          <section aria-label={`Prädikat ${p.zertifikatNr}`}>
            <h3 class="kern-heading-small">
              {p.zertifikatNr} ({STATUS_TEXT[p.status as keyof typeof STATUS_TEXT]?.de ?? p.status})
            </h3>
            <Ereignisse
              historie={p.ereignisse.map((e) => ({ ereignis: e.ereignis, vonStatus: e.vonStatus, nachStatus: e.nachStatus, grund: e.grund, automatisch: e.automatisch, von: e.actorLabel, am: e.at.toISOString() }))}
            />
            {p.schilder.map((s) => (
              <p class="kern-body">
                Schild {s.format}: {s.status} (bestellt <Zeit d={s.bestelltAm} />)
              </p>
            ))}
          </section>
        ))
      )}
      <h2 class="kern-heading-medium">Anträge</h2>
      {akte.antraege.length === 0 ? (
        <p class="kern-body">Keine Anträge.</p>
      ) : (
        akte.antraege.map((a) => (
          <section aria-label={`Antrag vom ${zeit.format(a.eingereichtAm)}`}>
            <h3 class="kern-heading-small">
              <a class="kern-link" href={`/verwaltung/praedikat/antraege/${a.id}`}>
                Antrag vom <Zeit d={a.eingereichtAm} />
              </a>
              : {ANTRAG_STATUS_TEXT[a.status as AntragStatus]}
            </h3>
            <Schritte schritte={a.schritte} />
          </section>
        ))
      )}
      <h2 class="kern-heading-medium">E-Mails ({akte.mails.length})</h2>
      {akte.mails.length > 0 && (
        <ul class="kern-list">
          {akte.mails.map((m) => (
            <li>
              <Zeit d={m.erstelltAm} />: „{m.betreff}“ an {m.an} – {m.status === 'versendet' ? 'versendet' : m.status === 'fehlgeschlagen' ? `fehlgeschlagen (${m.fehler})` : 'nicht versendet (kein Mailserver eingerichtet)'}
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-heading-medium">Änderungen der Verlinkungen ({akte.verlinkungen.length})</h2>
      {akte.verlinkungen.length > 0 && (
        <ul class="kern-list">
          {akte.verlinkungen.slice(0, 200).map((e) => (
            <li>
              <Zeit d={e.am} />: {e.verfahren} {e.aktion} ({e.von}, {e.quelle})
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
