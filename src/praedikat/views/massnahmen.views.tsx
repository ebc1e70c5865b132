/**
 * The ministry's measures on an award: suspension, and revocation and reinstatement under four
 * eyes (request by one person, confirmation by another, withdrawal by either), and the page that
 * names a revocation's consequences before it is requested or confirmed.
 */
import { formatDate } from '../../shared/i18n';
import { ErrorSummary, type FieldError, Layout, type PageContext } from '../../shared/layout';
import type { MassnahmeRow } from '../praedikat.repository';
import type { PraedikatService } from '../praedikat.service';
import { Zeit } from './praedikat.views';

type Folgen = Awaited<ReturnType<PraedikatService['widerrufFolgen']>>;

const fehler = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** A labelled textarea whose id may differ from its name (two forms on one page). */
function Feld({ id, name, label, hint, error, rows = 3 }: { id: string; name: string; label: string; hint?: string; error?: string; rows?: number }) {
  const beschrieben = [hint ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </div>
      )}
      <textarea class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`} id={id} name={name} rows={rows} aria-invalid={error ? 'true' : undefined} aria-describedby={beschrieben} />
      {error && (
        <p class="kern-error" id={`${id}-fehler`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span class="kern-body">{error}</span>
        </p>
      )}
    </div>
  );
}

const ART = {
  widerrufen: { de: 'Widerruf', den: 'den Widerruf', en: 'revocation', De: 'Widerruf', En: 'Revocation' },
  wiederherstellen: { de: 'Wiederherstellung', den: 'die Wiederherstellung', en: 'reinstatement', De: 'Wiederherstellung', En: 'Reinstatement' },
} as const;

function OffeneMassnahme({ ctx, m, userId, errors }: { ctx: PageContext; m: MassnahmeRow; userId: string; errors: FieldError[] }) {
  const l = ctx.locale;
  const de = l === 'de';
  const art = ART[m.art as keyof typeof ART] ?? ART.widerrufen;
  const meine = m.beantragtVon === userId;
  const nr = m.zertifikatNr;
  return (
    <div class="kern-alert kern-alert--warning">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <h3 class="kern-title">
          {de ? `${art.De} beantragt – wartet auf die Bestätigung einer zweiten Person` : `${art.En} requested – waiting for a second person to confirm`}
        </h3>
      </div>
      <div class="kern-alert__body kern-stack">
        <p class="kern-body">
          {de ? 'Beantragt von' : 'Requested by'} {m.beantragtVonLabel}, <Zeit d={m.beantragtAm} l={l} />.{' '}
          {de ? 'Bis zur Bestätigung ändert sich nichts: Status, Signet und öffentliche Seiten bleiben, wie sie sind.' : 'Until it is confirmed nothing changes: status, signet and public pages stay as they are.'}
        </p>
        <p class="kern-body">
          {de ? 'Grund (für die Kommune): ' : 'Reason (for the municipality): '}
          <span lang={de ? undefined : 'de'}>{m.grund}</span>
        </p>
        <p class="kern-body">
          {de ? 'Öffentliche Begründung: ' : 'Public reason: '}
          {m.oeffentlicherGrund ? <span lang={de ? undefined : 'de'}>{m.oeffentlicherGrund}</span> : de ? '(keine – ein neutraler Standardtext erscheint)' : '(none – a neutral standard text appears)'}
        </p>
        {meine ? (
          <p class="kern-body">
            <strong>{de ? `Vier-Augen-Prinzip: Sie haben ${art.den} beantragt. Bestätigen muss eine andere Person.` : `Four-eyes principle: you requested the ${art.en}. Another person must confirm it.`}</strong>
          </p>
        ) : m.art === 'widerrufen' ? (
          <p>
            <a class="kern-btn kern-btn--primary" href={`/verwaltung/praedikate/${nr}/widerrufen`}>
              <span class="kern-label">{de ? 'Widerruf bestätigen …' : 'Confirm the revocation …'}</span>
            </a>
          </p>
        ) : (
          <form method="post" action={`/verwaltung/praedikate/${nr}/wiederherstellen`} class="kern-stack" novalidate>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <Feld id="bestaetigen-kommentar" name="grund" label={de ? 'Kommentar (freiwillig, intern)' : 'Comment (optional, internal)'} error={fehler(errors, 'grund')} />
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{de ? 'Wiederherstellung bestätigen' : 'Confirm the reinstatement'}</span>
            </button>
          </form>
        )}
        <form method="post" action={`/verwaltung/praedikate/${nr}/zuruecknehmen`} class="kern-stack" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <Feld id="zuruecknehmen-kommentar" name="kommentar" label={de ? 'Warum zurücknehmen? (freiwillig, intern)' : 'Why withdraw? (optional, internal)'} rows={2} />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? `Antrag auf ${art.de} zurücknehmen` : `Withdraw the ${art.en} request`}</span>
          </button>
        </form>
      </div>
    </div>
  );
}

/** The measures section of the Akte (ministry only). */
export function Massnahmen({ ctx, nr, status, offen, userId, errors }: { ctx: PageContext; nr: string; status: string; offen: MassnahmeRow | null; userId: string; errors: FieldError[] }) {
  const l = ctx.locale;
  const de = l === 'de';
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const GrundFelder = ({ prefix }: { prefix: string }) => (
    <>
      <Feld
        id={`${prefix}-grund`}
        name="grund"
        label={de ? 'Grund (für die Kommune; steht in der E-Mail und in der Akte)' : 'Reason (for the municipality; in the email and the file)'}
        error={fehler(errors, 'grund')}
      />
      <Feld
        id={`${prefix}-oeffentlich`}
        name="oeffentlicherGrund"
        label={de ? 'Öffentliche Begründung (freiwillig)' : 'Public reason (optional)'}
        hint={de ? 'Erscheint auf der Seite der Behörde und der Prüfseite. Ohne Angabe erscheint ein neutraler Standardtext, nie der Grund für die Kommune.' : 'Shown on the authority’s page and the verification page. Without it a neutral standard text appears, never the reason for the municipality.'}
        error={fehler(errors, 'oeffentlicherGrund')}
      />
    </>
  );
  return (
    <section class="form-spaced" aria-labelledby="massnahmen" id="massnahmen-bereich">
      <h2 class="kern-heading-medium" id="massnahmen">
        {de ? 'Maßnahmen des Ministeriums' : 'Measures of the ministry'}
      </h2>
      {offen && <OffeneMassnahme ctx={ctx} m={offen} userId={userId} errors={errors} />}
      {!offen && status === 'gueltig' && (
        <form method="post" action={`/verwaltung/praedikate/${nr}/aussetzen`} class="kern-stack" novalidate>
          <Csrf />
          <h3 class="kern-heading-small">{de ? 'Aussetzen' : 'Suspend'}</h3>
          <p class="kern-body">
            {de
              ? 'Die Aussetzung wirkt sofort (Signet „ausgesetzt“, Statusliste). Wiederhergestellt wird nur im Vier-Augen-Prinzip.'
              : 'The suspension takes effect at once (signet “suspended”, status list). Reinstatement needs four eyes.'}
          </p>
          <GrundFelder prefix="aussetzen" />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? 'Aussetzen' : 'Suspend'}</span>
          </button>
        </form>
      )}
      {!offen && status === 'ausgesetzt' && (
        <form method="post" action={`/verwaltung/praedikate/${nr}/wiederherstellen`} class="kern-stack" novalidate>
          <Csrf />
          <h3 class="kern-heading-small">{de ? 'Wiederherstellung beantragen' : 'Request reinstatement'}</h3>
          <p class="kern-body">
            {de
              ? 'Nur möglich, wenn die Behörde die Schwelle erreicht. Wirksam wird sie, wenn eine zweite Person bestätigt.'
              : 'Only possible when the authority reaches the threshold. It takes effect when a second person confirms.'}
          </p>
          <GrundFelder prefix="wiederherstellen" />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? 'Wiederherstellung beantragen' : 'Request reinstatement'}</span>
          </button>
        </form>
      )}
      {!offen && status !== 'widerrufen' && (
        <div class="kern-stack form-spaced">
          <h3 class="kern-heading-small">{de ? 'Widerrufen' : 'Revoke'}</h3>
          <p class="kern-body">
            {de
              ? 'Der Widerruf ist endgültig und braucht zwei Personen. Die nächste Seite nennt seine Folgen, bevor Sie ihn beantragen.'
              : 'Revocation is final and needs two people. The next page names its consequences before you request it.'}
          </p>
          <p>
            <a class="kern-btn kern-btn--secondary" href={`/verwaltung/praedikate/${nr}/widerrufen`}>
              <span class="kern-label">{de ? 'Widerruf beantragen …' : 'Request revocation …'}</span>
            </a>
          </p>
        </div>
      )}
    </section>
  );
}

/** The history of requests in the Akte. */
export function MassnahmenVerlauf({ ctx, massnahmen }: { ctx: PageContext; massnahmen: MassnahmeRow[] }) {
  const l = ctx.locale;
  const de = l === 'de';
  if (massnahmen.length === 0) return null;
  const STATUS: Record<string, [string, string]> = { offen: ['offen', 'open'], bestaetigt: ['bestätigt', 'confirmed'], zurueckgenommen: ['zurückgenommen', 'withdrawn'] };
  return (
    <ul class="kern-list">
      {massnahmen.map((m) => {
        const art = ART[m.art as keyof typeof ART] ?? ART.widerrufen;
        return (
          <li>
            {de ? art.De : art.En} {de ? 'beantragt von' : 'requested by'} {m.beantragtVonLabel} (<Zeit d={m.beantragtAm} l={l} />): {STATUS[m.status]?.[de ? 0 : 1] ?? m.status}
            {m.erledigtVonLabel && (
              <>
                {' '}
                {de ? 'durch' : 'by'} {m.erledigtVonLabel}
                {m.erledigtAm && (
                  <>
                    {' '}
                    (<Zeit d={m.erledigtAm} l={l} />)
                  </>
                )}
              </>
            )}
            {m.erledigtKommentar && (
              <>
                {' – '}
                <span lang={de ? undefined : 'de'}>{m.erledigtKommentar}</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Confirmation page of a revocation: names the consequences; requests it (first person) or confirms it (second). */
export function WiderrufPage({ ctx, name, ars, folgen, userId, druckerei, errors }: { ctx: PageContext; name: string; ars: string; folgen: Folgen; userId: string; druckerei: string; errors: FieldError[] }) {
  const l = ctx.locale;
  const de = l === 'de';
  const nr = folgen.praedikat.zertifikatNr;
  const offen = folgen.offen;
  const zweite = offen?.art === 'widerrufen' && offen.beantragtVon !== userId;
  const title = zweite ? (de ? `Widerruf von ${nr} bestätigen` : `Confirm the revocation of ${nr}`) : de ? `Widerruf von ${nr} beantragen` : `Request the revocation of ${nr}`;
  const ab = formatDate(l, folgen.neuerAntragAb);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/verwaltung/behoerden/${ars}/akte`, label: de ? `Akte: ${name}` : `File: ${name}` }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <ErrorSummary locale={l} errors={errors} />
      <p class="kern-body kern-body--large">
        {de ? `Prädikat „Digitales Amt“ ${nr} für ${name}, verliehen am ${formatDate(l, String(folgen.praedikat.verliehenAm))}.` : `„Digitales Amt“ label ${nr} for ${name}, awarded on ${formatDate(l, String(folgen.praedikat.verliehenAm))}.`}
      </p>
      <h2 class="kern-heading-medium">{de ? 'Das bewirkt der Widerruf, sobald eine zweite Person ihn bestätigt' : 'What the revocation does once a second person confirms it'}</h2>
      <ul class="kern-list">
        <li>{de ? 'Das Prädikat ist endgültig widerrufen; es kann nicht wiederhergestellt werden.' : 'The label is revoked for good; it cannot be reinstated.'}</li>
        <li>{de ? 'Das Signet zeigt „WIDERRUFEN“; die öffentliche Widerrufsliste (Statusliste) und der digitale Nachweis weisen den Widerruf aus.' : 'The signet shows “WIDERRUFEN”; the public revocation status list and the digital credential show the revocation.'}</li>
        <li>{de ? 'Die Druckdatei des Schildes und die Urkunde werden nicht mehr ausgegeben (Antwort „nicht mehr verfügbar“, 410).' : 'The sign’s print file and the certificate are no longer issued (answer “no longer available”, 410).'}</li>
        <li>{de ? 'Der HTML-Code zum Einbinden des Signets wird nicht mehr angeboten.' : 'The HTML code to embed the signet is no longer offered.'}</li>
        <li>
          {folgen.schilder.length === 0
            ? de
              ? 'Es gibt keine offene Schild-Bestellung.'
              : 'There is no open sign order.'
            : de
              ? `${folgen.schilder.length} offene Schild-Bestellung${folgen.schilder.length > 1 ? 'en werden' : ' wird'} storniert (${folgen.schilder.map((s) => `${s.format}, ${s.status}`).join('; ')}); die Druckerei (${druckerei}) erhält eine Stornierung per E-Mail.`
              : `${folgen.schilder.length} open sign order${folgen.schilder.length > 1 ? 's are' : ' is'} cancelled (${folgen.schilder.map((s) => `${s.format}, ${s.status}`).join('; ')}); the print shop (${druckerei}) gets a cancellation by email.`}
        </li>
        <li>{de ? 'Die Seite der Behörde zeigt „Prädikat widerrufen am …“ mit der öffentlichen Begründung (oder einem neutralen Standardtext).' : 'The authority’s page shows “label revoked on …” with the public reason (or a neutral standard text).'}</li>
        <li>{de ? 'Die Kommune erhält eine E-Mail mit dem Grund.' : 'The municipality gets an email with the reason.'}</li>
        <li>
          {de
            ? `Ein neuer Antrag ist erst nach der Sperrfrist von ${folgen.sperrfristMonate} Monaten möglich – bei einem Widerruf heute ab dem ${ab}.`
            : `A new application is possible only after the waiting period of ${folgen.sperrfristMonate} months – for a revocation today from ${ab}.`}
        </li>
      </ul>
      <p class="kern-body">
        <strong>{de ? 'Solange keine zweite Person bestätigt, ändert sich nichts Öffentliches.' : 'Until a second person confirms, nothing public changes.'}</strong>
      </p>
      {offen && offen.art !== 'widerrufen' ? (
        <p class="kern-body">
          {de ? 'Für dieses Prädikat ist eine Wiederherstellung beantragt. Nehmen Sie sie in der Akte zuerst zurück.' : 'A reinstatement is requested for this label. Withdraw it in the file first.'}
        </p>
      ) : offen && !zweite ? (
        <p class="kern-body">
          <strong>{de ? 'Vier-Augen-Prinzip: Sie haben den Widerruf beantragt. Bestätigen muss eine andere Person.' : 'Four-eyes principle: you requested the revocation. Another person must confirm it.'}</strong>
        </p>
      ) : (
        <form method="post" action={`/verwaltung/praedikate/${nr}/widerrufen`} class="kern-stack form-spaced" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          {zweite && offen ? (
            <>
              <h2 class="kern-heading-medium">{de ? 'Antrag der ersten Person' : 'Request of the first person'}</h2>
              <p class="kern-body">
                {de ? 'Beantragt von' : 'Requested by'} {offen.beantragtVonLabel}, <Zeit d={offen.beantragtAm} l={l} />.
              </p>
              <p class="kern-body">
                {de ? 'Grund (für die Kommune): ' : 'Reason (for the municipality): '}
                <span lang={de ? undefined : 'de'}>{offen.grund}</span>
              </p>
              <p class="kern-body">
                {de ? 'Öffentliche Begründung: ' : 'Public reason: '}
                {offen.oeffentlicherGrund ? <span lang={de ? undefined : 'de'}>{offen.oeffentlicherGrund}</span> : de ? '„Vom Ministerium widerrufen.“ (Standardtext)' : '“Vom Ministerium widerrufen.” (standard text)'}
              </p>
              <Feld id="grund" name="grund" label={de ? 'Kommentar zur Bestätigung (freiwillig, intern)' : 'Comment on the confirmation (optional, internal)'} error={fehler(errors, 'grund')} />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{de ? 'Widerruf bestätigen' : 'Confirm the revocation'}</span>
              </button>
            </>
          ) : (
            <>
              <Feld id="grund" name="grund" label={de ? 'Grund (für die Kommune; steht in der E-Mail und in der Akte)' : 'Reason (for the municipality; in the email and the file)'} error={fehler(errors, 'grund')} rows={4} />
              <Feld
                id="oeffentlicherGrund"
                name="oeffentlicherGrund"
                label={de ? 'Öffentliche Begründung (freiwillig)' : 'Public reason (optional)'}
                hint={de ? 'Erscheint auf der Seite der Behörde und der Prüfseite. Ohne Angabe: „Vom Ministerium widerrufen.“' : 'Shown on the authority’s page and the verification page. Without it: “Vom Ministerium widerrufen.”'}
                error={fehler(errors, 'oeffentlicherGrund')}
              />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{de ? 'Widerruf beantragen' : 'Request the revocation'}</span>
              </button>
            </>
          )}
        </form>
      )}
      <p class="form-spaced">
        <a class="kern-link" href={`/verwaltung/behoerden/${ars}/akte#massnahmen-bereich`}>
          {de ? 'Abbrechen und zurück zur Akte' : 'Cancel and back to the file'}
        </a>
      </p>
    </Layout>
  );
}
