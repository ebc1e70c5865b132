/** Pages of the outreach: selection with preview, campaign with queue status and every mail, unsubscribe. */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich, TextField } from '../../shared/layout';
import type { AuswahlFilter, AuswahlTreffer, BriefZeile, EmpfaengerRow, KampagneRow } from '../outreach.repository';
import { zahlMitWort } from '../../shared/i18n';

const STATUS_TEXT: Record<string, string> = { wartend: 'wartet', in_arbeit: 'wird gesendet', versendet: 'versendet', fehlgeschlagen: 'fehlgeschlagen', abgemeldet: 'abgemeldet' };
const standText = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, n]) => `${n} ${STATUS_TEXT[k] ?? k}`)
    .join(', ') || 'keine Mails';

export function AuswahlPage(props: { ctx: PageContext; filter: AuswahlFilter; regbez: { key: string; name: string }[]; treffer?: AuswahlTreffer[]; kampagnen: (KampagneRow & { stand: Record<string, number> })[]; errors?: FieldError[] }) {
  const { ctx, filter: f, treffer, errors = [] } = props;
  const title = 'Kommunen ansprechen';
  const mitAdresse = treffer?.filter((t) => t.adressen.length > 0) ?? [];
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">Wählen Sie Behörden aus, die beim Prädikat „Digitales Amt“ zögern. Jede erhält eine persönliche Mail mit ihrer Lücke, den zentralen Online-Verfahren, die sie heute verlinken kann, und den nächsten Terminen.</p>
      <form method="get" action="/verwaltung/outreach" class="filter-form">
        <div class="filter-form__grid">
          <TextField name="anteilUnter" type="number" label="Unter … % der Schwelle" hint="z. B. 50" value={f.anteilUnter === undefined ? '' : String(f.anteilUnter)} />
          <TextField name="monateOhneAenderung" type="number" label="Seit … Monaten keine Änderung" hint="z. B. 6" value={f.monateOhneAenderung === undefined ? '' : String(f.monateOhneAenderung)} />
          <div class="kern-form-input">
            <label class="kern-label" for="regbezKey">
              Regierungsbezirk
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="regbezKey" name="regbezKey">
                <option value="">Alle</option>
                {props.regbez.map((r) => (
                  <option value={r.key} selected={f.regbezKey === r.key}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Auswahl anzeigen</span>
        </button>
      </form>
      {treffer && (
        <section aria-labelledby="treffer">
          <h2 class="kern-heading-medium" id="treffer">
            {zahlMitWort('de', treffer.length, 'Behörde', 'Behörden')} ausgewählt, {mitAdresse.length} mit erreichbarer Redaktion
          </h2>
          {treffer.length > mitAdresse.length && (
            <p class="kern-body">
              {treffer.length - mitAdresse.length} Behörden haben kein Konto auf der Plattform (oder ihre Redaktion hat sich abgemeldet). Sie werden nicht übergangen: Die Kampagne
              legt für sie denselben persönlichen Text als Brief an, mit einer Serienbriefdatei (CSV) zum Herunterladen.
            </p>
          )}
          {treffer.length > 0 && (
            <TabellenBereich label={'Ausgewählte Behörden'}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-sr-only">Ausgewählte Behörden</caption>
                <thead class="kern-table__header">
                  <tr>
                    <th scope="col" class="kern-table__header">Behörde</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Zählstand</th>
                    <th scope="col" class="kern-table__header">Empfänger</th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {treffer.slice(0, 200).map((t) => (
                    <tr>
                      <th scope="row" class="kern-table__cell">
                        {t.name}
                      </th>
                      <td class="kern-table__cell kern-table__cell--numeric">
                        {t.anzahl} von {t.schwelle}
                      </td>
                      <td class="kern-table__cell">{t.adressen.length ? t.adressen.join(', ') : 'kein Konto: Brief (Serienbriefdatei)'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TabellenBereich>
          )}
          {treffer.length > 200 && <p class="kern-body">Die Tabelle zeigt die ersten 200; die Kampagne umfasst alle {treffer.length}.</p>}
          {treffer.length > 0 && (
            <form method="post" action="/verwaltung/outreach">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <input type="hidden" name="anteilUnter" value={f.anteilUnter === undefined ? '' : String(f.anteilUnter)} />
              <input type="hidden" name="monateOhneAenderung" value={f.monateOhneAenderung === undefined ? '' : String(f.monateOhneAenderung)} />
              <input type="hidden" name="regbezKey" value={f.regbezKey ?? ''} />
              <TextField name="titel" label="Name der Kampagne" value="" required />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{mitAdresse.length ? 'Mails und Briefe vorbereiten und Vorschau zeigen' : 'Briefe vorbereiten'}</span>
              </button>
            </form>
          )}
        </section>
      )}
      <h2 class="kern-heading-medium">Kampagnen</h2>
      {props.kampagnen.length === 0 ? (
        <p class="kern-body">Noch keine Kampagnen.</p>
      ) : (
        <ul class="kern-list">
          {props.kampagnen.map((k) => (
            <li>
              <a class="kern-link" href={`/verwaltung/outreach/${k.id}`}>
                {k.titel}
              </a>{' '}
              – {standText(k.stand)}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function KampagnePage({
  ctx,
  k,
  mailsProMinute,
  meldung,
}: {
  ctx: PageContext;
  k: KampagneRow & { stand: Record<string, number>; mails: EmpfaengerRow[]; briefe: BriefZeile[]; laeuft: boolean };
  mailsProMinute: number;
  meldung?: string;
}) {
  const offen = (k.stand.wartend ?? 0) + (k.stand.in_arbeit ?? 0);
  return (
    <Layout ctx={ctx} title={k.titel} crumbs={[{ href: '/verwaltung/outreach', label: 'Kommunen ansprechen' }]}>
      <h1 class="kern-heading-large">{k.titel}</h1>
      <Erfolgsmeldung text={meldung} />
      <p class="kern-body" role="status">
        Stand: {standText(k.stand)}.{k.laeuft ? ' Der Versand läuft; laden Sie die Seite neu, um den Fortschritt zu sehen.' : ''}
      </p>
      {offen > 0 && !k.laeuft && (
        <form method="post" action={`/verwaltung/outreach/${k.id}/senden`}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <p class="kern-body">Gesendet werden höchstens {mailsProMinute} Mails pro Minute, über alle Kampagnen zusammen. Ein unterbrochener Versand wird mit demselben Knopf fortgesetzt.</p>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{k.versandGestartetAm ? `Versand fortsetzen (${offen} offen)` : `${zahlMitWort('de', offen, 'Mail', 'Mails')} jetzt senden`}</span>
          </button>
        </form>
      )}
      <h2 class="kern-heading-medium" id="briefe">
        Behörden ohne Konto: Briefe ({k.briefe.length})
      </h2>
      {k.briefe.length === 0 ? (
        <p class="kern-body">Alle ausgewählten Behörden haben eine erreichbare Redaktion.</p>
      ) : (
        <>
          <p class="kern-body">
            Diese Behörden haben kein Konto, an das die Plattform schreiben kann. Für jede liegt derselbe persönliche Text als Brief bereit.{' '}
            <a class="kern-link" href={`/verwaltung/outreach/${k.id}/briefe.csv`} download>
              Serienbriefdatei herunterladen (CSV, {k.briefe.length} Briefe)
            </a>
          </p>
          <TabellenBereich label={'Behörden ohne Konto'}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-sr-only">Behörden ohne Konto</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">Behörde</th>
                  <th scope="col" class="kern-table__header">Anschrift laut Verzeichnis</th>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">Zählstand</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {k.briefe.slice(0, 200).map((b) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      {b.name}
                    </th>
                    <td class="kern-table__cell">{[b.plz, b.sitz].filter(Boolean).join(' ') || '–'}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">
                      {b.anzahl} von {b.schwelle}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
          {k.briefe.length > 200 && <p class="kern-body">Die Tabelle zeigt die ersten 200; die Serienbriefdatei enthält alle {k.briefe.length}.</p>}
          <details class="outreach-vorschau">
            <summary>Vorschau des ersten Briefs ({k.briefe[0].name})</summary>
            <pre class="outreach-vorschau__text">{k.briefe[0].text}</pre>
          </details>
        </>
      )}
      <h2 class="kern-heading-medium">Vorschau jeder Mail</h2>
      {k.mails.map((m) => (
        <details class="outreach-vorschau">
          <summary>
            {m.an} – {m.betreff} ({STATUS_TEXT[m.status] ?? m.status})
          </summary>
          <pre class="outreach-vorschau__text">{m.text}</pre>
        </details>
      ))}
    </Layout>
  );
}

export function AbmeldenPage({ ctx, email, e, t, erledigt }: { ctx: PageContext; email?: string; e: string; t: string; erledigt?: boolean }) {
  const title = 'Hinweise per E-Mail abbestellen';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {!email ? (
        <p class="kern-body">Dieser Link ist ungültig. Bitte verwenden Sie den vollständigen Link aus der E-Mail.</p>
      ) : erledigt ? (
        <Erfolgsmeldung text={`${email} erhält keine Hinweise des Ministeriums zum Prädikat mehr.`} />
      ) : (
        <form method="post" action="/outreach/abmelden">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="e" value={e} />
          <input type="hidden" name="t" value={t} />
          <p class="kern-body">Soll {email} keine Hinweise des Ministeriums zum Prädikat „Digitales Amt“ mehr erhalten?</p>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Abbestellen</span>
          </button>
        </form>
      )}
    </Layout>
  );
}
