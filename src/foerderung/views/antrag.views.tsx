/** Pages of one application: the form (new and draft) and the file (Akte) with its next steps. */
import { ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich, TextField, Erfolgsmeldung } from '../../shared/layout';
import { euroEingabe, formatIban, KOSTENART_TEXT, KOSTENARTEN, type Kostenart } from '../foerderung.regeln';
import type { BehoerdeKurz } from '../foerderung.repository';
import type { FormWerte } from '../foerderung.schemas';
import type { Aktion, FoerdersatzGrundlage, FoerderungService, PruefungJson } from '../foerderung.service';
import { Angaben, Csrf, datum, euro, Hinweis, sprache, StatusBadge, statusText, Zeit } from './foerderung.parts';

type Akte = Awaited<ReturnType<FoerderungService['akte']>>;

const fehlerVon = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

function Textbereich({ name, label, value, hint, error, rows = 4 }: { name: string; label: string; value: string; hint?: string; error?: string; rows?: number }) {
  const describedBy = [hint ? `${name}-hinweis` : '', error ? `${name}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={name}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${name}-hinweis`}>
          {hint}
        </div>
      )}
      <textarea class={`kern-form-input__input foerder-textarea${error ? ' kern-form-input__input--error' : ''}`} id={name} name={name} rows={rows} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {value}
      </textarea>
      {error && (
        <p class="kern-error" id={`${name}-fehler`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span class="kern-body">{error}</span>
        </p>
      )}
    </div>
  );
}

function Ankreuzfeld({ name, label, checked, hint, error }: { name: string; label: string; checked: boolean; hint?: string; error?: string }) {
  return (
    <div class={`kern-form-check${error ? ' kern-form-check--error' : ''}`}>
      <input
        class={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
        id={name}
        name={name}
        type="checkbox"
        value="ja"
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[hint ? `${name}-hinweis` : '', error ? `${name}-fehler` : ''].filter(Boolean).join(' ') || undefined}
      />
      <label class="kern-label" for={name}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint foerder-check-hint" id={`${name}-hinweis`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="kern-error foerder-check-hint" id={`${name}-fehler`}>
          <span class="kern-body">{error}</span>
        </p>
      )}
    </div>
  );
}

function Auswahl({ name, legend, value, optionen, error }: { name: string; legend: string; value: string; optionen: [string, string][]; error?: string }) {
  return (
    <fieldset class={`kern-fieldset foerder-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={error ? `${name}-fehler` : undefined}>
      <legend class="kern-label">{legend}</legend>
      <div class="kern-fieldset__body kern-fieldset__body--horizontal">
        {optionen.map(([v, l]) => (
          <div class="kern-form-check">
            <input class="kern-form-check__radio" type="radio" id={`${name}-${v}`} name={name} value={v} checked={value === v} />
            <label class="kern-label" for={`${name}-${v}`}>
              {l}
            </label>
          </div>
        ))}
      </div>
      {error && (
        <p class="kern-error" id={`${name}-fehler`}>
          <span class="kern-body">{error}</span>
        </p>
      )}
    </fieldset>
  );
}

/** Form values of a stored draft (amounts in German notation). */
export function werteAusAntrag(a: Akte['antrag'], kosten: Akte['kosten']): FormWerte {
  const e = a.erklaerungen as Record<string, string | boolean>;
  const w: FormWerte = {
    massnahme: a.massnahme,
    beschreibung: a.beschreibung,
    onlineDienste: a.onlineDienste.join('\n'),
    kontoinhaber: a.kontoinhaber,
    iban: a.iban ? formatIban(a.iban) : '',
    kontaktName: a.kontaktName,
    kontaktEmail: a.kontaktEmail,
    'erklaerung-bayernId': e.bayernId ? 'ja' : '',
    'erklaerung-mobil': e.mobil ? 'ja' : '',
    'erklaerung-erstmalig': e.erstmalig ? 'ja' : '',
    'erklaerung-richtigkeit': e.richtigkeit ? 'ja' : '',
    postkorb: typeof e.postkorb === 'string' ? e.postkorb : '',
    ePayment: typeof e.ePayment === 'string' ? e.ePayment : '',
  };
  kosten.forEach((k, i) => {
    const n = i + 1;
    w[`kosten-${n}-art`] = k.art;
    w[`kosten-${n}-bezeichnung`] = k.bezeichnung;
    w[`kosten-${n}-betrag`] = euroEingabe(k.betragCent);
    w[`kosten-${n}-jahre`] = k.lizenzJahre ? String(k.lizenzJahre) : '';
    w[`kosten-${n}-einmal`] = k.einmalZahlung ? 'ja' : '';
  });
  return w;
}

export function AntragFormPage(props: {
  ctx: PageContext;
  behoerde: BehoerdeKurz;
  anzahlDienste: number;
  verlinkteDienste: string[];
  werte: FormWerte;
  zeilen: number;
  errors: FieldError[];
  action: string;
  aktenzeichen?: string;
  regeln: FoerderungService['settings'];
  /** Where the rate comes from (derived, never claimed). */
  satz: FoerdersatzGrundlage;
  /** The rule check as it would run on submission, from the values entered so far. */
  vorschau?: PruefungJson;
  meldung?: string;
}) {
  const { ctx, behoerde, werte, errors, zeilen, regeln } = props;
  const t = sprache(ctx);
  const v = (k: string) => werte[k] ?? '';
  const titel = props.aktenzeichen ? t(`Förderantrag ${props.aktenzeichen} bearbeiten`, `Edit grant application ${props.aktenzeichen}`) : t('Neuer Förderantrag', 'New grant application');
  const mindest = behoerde.typ === 'bezirk' ? regeln.mindestDiensteBezirk : regeln.mindestDienste;
  return (
    <Layout ctx={ctx} title={titel} crumbs={[{ href: '/foerderung', label: t('Förderprogramm', 'Funding programme') }]}>
      <h1 class="kern-heading-large">{titel}</h1>
      <p class="kern-body kern-body--large">
        {t('Antragsteller', 'Applicant')}: <strong>{behoerde.name}</strong>
      </p>
      <Erfolgsmeldung text={props.meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">
        {t(
          `Gefördert werden Kauf und Einrichtung von Software für Online-Dienste, die Sie erstmals anbieten, und Lizenzen für höchstens ${regeln.lizenzJahre} Jahre bei einmaliger Zahlung. Wartung und laufender Betrieb sind nicht förderfähig. Sie können den Antrag als Entwurf speichern und später einreichen; nach dem Einreichen ist er nicht mehr änderbar.`,
          `Eligible: buying and setting up software for online services offered for the first time, and licences for at most ${regeln.lizenzJahre} years paid once. Maintenance and running costs are not eligible. Save as a draft and submit later; a submitted application cannot be changed.`,
        )}
      </p>
      <form method="post" action={props.action} class="kern-stack foerder-form" novalidate>
        <Csrf ctx={ctx} />
        <input type="hidden" name="ars" value={behoerde.ars} />
        <input type="hidden" name="zeilen" value={String(zeilen)} />

        <h2 class="kern-heading-medium">{t('1. Maßnahme', '1. Measure')}</h2>
        <TextField name="massnahme" label={t('Maßnahme (kurz)', 'Measure (short)')} value={v('massnahme')} error={fehlerVon(errors, 'massnahme')} hint={t('Zum Beispiel: Einführung der Online-Gewerbeanmeldung', 'E.g. introducing online business registration')} />
        <Textbereich name="beschreibung" label={t('Beschreibung (optional)', 'Description (optional)')} value={v('beschreibung')} error={fehlerVon(errors, 'beschreibung')} />
        <Textbereich
          name="onlineDienste"
          label={t('Online-Dienste, die erstmals angeboten werden (einer je Zeile)', 'Online services offered for the first time (one per line)')}
          value={v('onlineDienste')}
          error={fehlerVon(errors, 'onlineDienste')}
          hint={t(
            'Schreiben Sie die Namen so, wie sie im BayernPortal verlinkt sind (oder verlinkt werden): Dann prüfen wir Verlinkung und Mobilfähigkeit anhand der Portaldaten.',
            'Write the names as linked (or to be linked) in the BayernPortal, so links and mobile readiness can be checked against the portal data.',
          )}
        />
        <details class="foerder-details">
          <summary class="kern-body">
            {t(`Ihre im BayernPortal verlinkten, zählenden Online-Dienste (${props.anzahlDienste}; nötig: ${mindest})`, `Your linked counting online services (${props.anzahlDienste}; required: ${mindest})`)}
          </summary>
          {props.verlinkteDienste.length === 0 ? (
            <p class="kern-body">{t('Noch keine.', 'None yet.')}</p>
          ) : (
            <ul class="kern-list foerder-liste">
              {props.verlinkteDienste.slice(0, 400).map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          )}
        </details>

        <h2 class="kern-heading-medium">{t('2. Kosten', '2. Costs')}</h2>
        <p class="kern-body">{t('Beträge in Euro, z. B. 12.345,67. Leere Zeilen werden ignoriert.', 'Amounts in euros, e.g. 12.345,67. Empty rows are ignored.')}</p>
        {Array.from({ length: zeilen }, (_, i) => i + 1).map((n) => {
          const art = v(`kosten-${n}-art`);
          return (
            <fieldset class="kern-fieldset foerder-fieldset foerder-kosten">
              <legend class="kern-label">{t(`Kostenposition ${n}`, `Cost item ${n}`)}</legend>
              <div class="kern-fieldset__body foerder-kosten__felder">
                <div class={`kern-form-input${fehlerVon(errors, `kosten-${n}-art`) ? ' kern-form-input--error' : ''}`}>
                  <label class="kern-label" for={`kosten-${n}-art`}>
                    {t('Art', 'Type')}
                  </label>
                  <div class="kern-form-input__select-wrapper">
                    <select class="kern-form-input__select" id={`kosten-${n}-art`} name={`kosten-${n}-art`}>
                      {KOSTENARTEN.map((k) => (
                        <option value={k} selected={art === k}>
                          {KOSTENART_TEXT[k][ctx.locale]}
                        </option>
                      ))}
                    </select>
                  </div>
                  {fehlerVon(errors, `kosten-${n}-art`) && <p class="kern-error">{fehlerVon(errors, `kosten-${n}-art`)}</p>}
                </div>
                <TextField name={`kosten-${n}-bezeichnung`} label={t('Bezeichnung', 'Description')} value={v(`kosten-${n}-bezeichnung`)} error={fehlerVon(errors, `kosten-${n}-bezeichnung`)} />
                <TextField name={`kosten-${n}-betrag`} label={t('Betrag in Euro', 'Amount in euros')} value={v(`kosten-${n}-betrag`)} error={fehlerVon(errors, `kosten-${n}-betrag`)} />
                <TextField name={`kosten-${n}-jahre`} label={t('Nur Lizenzen: Laufzeit in Jahren', 'Licences only: term in years')} value={v(`kosten-${n}-jahre`)} error={fehlerVon(errors, `kosten-${n}-jahre`)} />
                <Ankreuzfeld name={`kosten-${n}-einmal`} label={t('Nur Lizenzen: einmalig im Voraus bezahlt', 'Licences only: paid once in advance')} checked={v(`kosten-${n}-einmal`) === 'ja'} />
              </div>
            </fieldset>
          );
        })}
        <div>
          <button type="submit" name="aktion" value="zeile" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{t('Weitere Kostenposition', 'Add cost item')}</span>
          </button>
        </div>

        <h2 class="kern-heading-medium">{t('3. Fördersatz', '3. Grant rate')}</h2>
        <FoerdersatzHinweis ctx={ctx} satz={props.satz} regeln={regeln} />

        <h2 class="kern-heading-medium">{t('4. Voraussetzungen', '4. Conditions')}</h2>
        <Ankreuzfeld name="erklaerung-erstmalig" label={t('Die genannten Online-Dienste bieten wir erstmals an.', 'We offer these online services for the first time.')} checked={v('erklaerung-erstmalig') === 'ja'} />
        <Ankreuzfeld name="erklaerung-bayernId" label={t('Die Online-Dienste bieten die Anmeldung mit der BayernID.', 'The services offer login with BayernID.')} checked={v('erklaerung-bayernId') === 'ja'} />
        <Ankreuzfeld name="erklaerung-mobil" label={t('Die Online-Dienste sind für Smartphones geeignet (mobilfähig).', 'The services are mobile-ready.')} checked={v('erklaerung-mobil') === 'ja'} />
        <Auswahl
          name="postkorb"
          legend={t('Postkorb angebunden?', 'Postkorb connected?')}
          value={v('postkorb')}
          optionen={[
            ['ja', t('ja', 'yes')],
            ['nicht_erforderlich', t('nicht erforderlich', 'not needed')],
            ['nein', t('nein', 'no')],
          ]}
        />
        <Auswahl
          name="ePayment"
          legend={t('E-Payment angebunden?', 'E-Payment connected?')}
          value={v('ePayment')}
          optionen={[
            ['ja', t('ja', 'yes')],
            ['nicht_erforderlich', t('nicht erforderlich', 'not needed')],
            ['nein', t('nein', 'no')],
          ]}
        />

        <h2 class="kern-heading-medium">{t('5. Bankverbindung und Ansprechperson', '5. Bank account and contact')}</h2>
        <TextField name="kontoinhaber" label={t('Kontoinhaber', 'Account holder')} value={v('kontoinhaber')} error={fehlerVon(errors, 'kontoinhaber')} />
        <TextField name="iban" label="IBAN" value={v('iban')} error={fehlerVon(errors, 'iban')} hint={t('z. B. DE02 1203 0000 0000 2020 51', 'e.g. DE02 1203 0000 0000 2020 51')} autocomplete="off" />
        <TextField name="kontaktName" label={t('Ansprechperson', 'Contact person')} value={v('kontaktName')} error={fehlerVon(errors, 'kontaktName')} autocomplete="name" />
        <TextField name="kontaktEmail" type="email" label={t('E-Mail für Benachrichtigungen und Bescheide', 'E-mail for notifications and notices')} value={v('kontaktEmail')} error={fehlerVon(errors, 'kontaktEmail')} autocomplete="email" />

        <h2 class="kern-heading-medium">{t('6. Erklärung', '6. Declaration')}</h2>
        <Ankreuzfeld
          name="erklaerung-richtigkeit"
          label={t('Ich bestätige, dass die Angaben richtig sind und die Maßnahme nicht anderweitig gefördert wird.', 'I confirm the information is correct and the measure receives no other funding.')}
          checked={v('erklaerung-richtigkeit') === 'ja'}
          error={fehlerVon(errors, 'erklaerung-richtigkeit')}
        />

        {props.vorschau && <RegelVorschau ctx={ctx} p={props.vorschau} errors={errors} checked={v('nichtFoerderfaehigBestaetigt') === 'ja'} />}
        <div class="foerder-buttons">
          <button type="submit" name="aktion" value="speichern" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{t('Entwurf speichern', 'Save draft')}</span>
          </button>
          <button type="submit" name="aktion" value="einreichen" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t('Antrag einreichen', 'Submit application')}</span>
          </button>
        </div>
      </form>
    </Layout>
  );
}

const ERGEBNIS: Record<string, { de: string; en: string; badge: string }> = {
  erfuellt: { de: 'erfüllt', en: 'met', badge: 'success' },
  nicht_erfuellt: { de: 'nicht erfüllt', en: 'not met', badge: 'danger' },
  offen: { de: 'offen', en: 'open', badge: 'warning' },
};
const QUELLE: Record<string, { de: string; en: string }> = {
  portal: { de: 'Portaldaten', en: 'portal data' },
  erklaerung: { de: 'Erklärung', en: 'declaration' },
  berechnung: { de: 'Berechnung', en: 'calculation' },
  amtliche_liste: { de: 'Amtliche Gebietskulisse', en: 'official list' },
  bestaetigung: { de: 'Bestätigung (vier Augen)', en: 'confirmation (four eyes)' },
};

/** Where the grant rate comes from: the official list, a confirmation by two officers, or the standard rate. */
export function FoerdersatzHinweis({ ctx, satz, regeln }: { ctx: PageContext; satz: FoerdersatzGrundlage; regeln: FoerderungService['settings'] }) {
  const t = sprache(ctx);
  const prozent = satz.rmbh ? regeln.satzRmbhProzent : regeln.satzProzent;
  return (
    <div class="kern-stack">
      <p class="kern-body">
        <strong>
          {t(`Fördersatz: ${prozent} %`, `Grant rate: ${prozent} %`)}
          {satz.rmbh ? t(' (Raum mit besonderem Handlungsbedarf)', ' (area with special need for action)') : ''}
        </strong>
      </p>
      <p class="kern-body">
        <span lang={ctx.locale === 'de' ? undefined : 'de'}>{satz.text}</span>
      </p>
      <p class="kern-body kern-body--small">
        {t(
          `Den Satz von ${regeln.satzRmbhProzent} % legt die Plattform aus der amtlichen Gebietskulisse „Raum mit besonderem Handlungsbedarf“ des Landesentwicklungsprogramms fest, nicht die Antragstellerin oder der Antragsteller.`,
          `The ${regeln.satzRmbhProzent} % rate is set by the platform from the official list of areas with special need for action of the state development programme, not by the applicant.`,
        )}
      </p>
    </div>
  );
}

/** The computation of the grant: applied for, eligible, rate, rate × eligible, cap left, grant. */
function Berechnung({ ctx, p }: { ctx: PageContext; p: PruefungJson }) {
  const t = sprache(ctx);
  return (
    <Angaben
      items={[
        [t('Beantragte Ausgaben', 'Costs applied for'), euro(ctx, p.beantragtCent)],
        [t('Zuwendungsfähige Ausgaben', 'Eligible costs'), euro(ctx, p.zuwendungsfaehigCent)],
        [t('Fördersatz', 'Grant rate'), `${p.foerdersatzProzent} %`],
        [t('Rechnerische Zuwendung (abgerundet)', 'Computed grant (rounded down)'), euro(ctx, p.rechnerischCent)],
        [t('Nach Höchstbetrag noch möglich', 'Still possible under the cap'), euro(ctx, p.hoechstbetragVerfuegbarCent)],
        [t('Zuwendung', 'Grant'), <strong>{p.foerderfaehig ? euro(ctx, p.berechnetCent) : t('keine (Regel nicht erfüllt)', 'none (rule not met)')}</strong>],
      ]}
    />
  );
}

function RegelListe({ titel, regeln }: { titel: string; regeln: PruefungJson['regeln'] }) {
  if (regeln.length === 0) return null;
  return (
    <>
      <p class="kern-body">{titel}</p>
      <ul class="kern-list">
        {regeln.map((r) => (
          <li>
            <strong>{r.titel}:</strong> {r.text}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Before submission: every rule that would fail or is still open, with the computed amounts; and,
 * when the application cannot be granted as it is, the acknowledgement without which it is not submitted.
 */
export function RegelVorschau({ ctx, p, errors, checked }: { ctx: PageContext; p: PruefungJson; errors: FieldError[]; checked: boolean }) {
  const t = sprache(ctx);
  const nicht = p.regeln.filter((r) => r.ergebnis === 'nicht_erfuellt');
  const offen = p.regeln.filter((r) => r.ergebnis === 'offen');
  const fehler = fehlerVon(errors, 'nichtFoerderfaehigBestaetigt');
  return (
    <section aria-labelledby="regelvorschau" class={`kern-alert kern-alert--${nicht.length ? 'danger' : offen.length ? 'warning' : 'success'} foerder-hinweis`}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${nicht.length ? 'danger' : offen.length ? 'warning' : 'success'}`} aria-hidden="true" />
        <h2 class="kern-title" id="regelvorschau">
          {nicht.length
            ? t('So kann der Antrag nicht bewilligt werden', 'As it is, the application cannot be granted')
            : offen.length
              ? t('Bewilligungsfähig, aber noch offene Voraussetzungen', 'Grantable, but some conditions are still open')
              : t('Alle Regeln sind erfüllt', 'Every rule is met')}
        </h2>
      </div>
      <div class="kern-alert__body kern-stack">
        <RegelListe titel={t('Diese Regeln wären beim Einreichen nicht erfüllt:', 'These rules would not be met on submission:')} regeln={nicht} />
        <RegelListe titel={t('Noch offen (bis zum Verwendungsnachweis zu erfüllen):', 'Still open (to be met by the proof of use):')} regeln={offen} />
        <Berechnung ctx={ctx} p={p} />
        {nicht.length > 0 && (
          <Ankreuzfeld
            name="nichtFoerderfaehigBestaetigt"
            label={t(
              'Ich habe verstanden, dass der Antrag so nicht bewilligt werden kann, und möchte ihn trotzdem einreichen.',
              'I understand that the application cannot be granted as it is, and I want to submit it anyway.',
            )}
            checked={checked}
            error={fehler}
          />
        )}
      </div>
    </section>
  );
}
const SCHRITT: Record<string, { de: string; en: string }> = {
  entwurf_angelegt: { de: 'Entwurf angelegt', en: 'Draft created' },
  eingereicht: { de: 'Eingereicht', en: 'Submitted' },
  geprueft: { de: 'Geprüft (1. Person)', en: 'Checked (1st person)' },
  bewilligt: { de: 'Bewilligt (2. Person)', en: 'Approved (2nd person)' },
  abgelehnt: { de: 'Abgelehnt (2. Person)', en: 'Rejected (2nd person)' },
  nachweis_eingereicht: { de: 'Verwendungsnachweis eingereicht', en: 'Proof of use submitted' },
  nachweis_geprueft: { de: 'Verwendungsnachweis geprüft', en: 'Proof of use checked' },
  auszahlung_freigabe_1: { de: 'Auszahlung freigegeben (1. Freigabe)', en: 'Payout released (1st release)' },
  ausgezahlt: { de: 'Ausgezahlt (2. Freigabe)', en: 'Paid out (2nd release)' },
  foerdersatz_vorgeschlagen: { de: 'Erhöhter Fördersatz vorgeschlagen (1. Person)', en: 'Higher rate proposed (1st person)' },
  foerdersatz_bestaetigt: { de: 'Erhöhter Fördersatz bestätigt (2. Person)', en: 'Higher rate confirmed (2nd person)' },
  foerdersatz_zurueckgenommen: { de: 'Vorschlag des erhöhten Fördersatzes zurückgenommen', en: 'Proposal of the higher rate withdrawn' },
};
const BUCHUNG: Record<string, { de: string; en: string }> = {
  bindung: { de: 'Mittelbindung', en: 'Commitment' },
  auszahlung: { de: 'Auszahlung', en: 'Payout' },
  entbindung: { de: 'Freigabe nicht benötigter Mittel', en: 'Release of unused funds' },
};

function AktionsFormular({ ctx, akte, aktion, errors }: { ctx: PageContext; akte: Akte; aktion: Aktion; errors: FieldError[] }) {
  const t = sprache(ctx);
  const a = akte.antrag;
  const base = `/foerderung/antraege/${a.id}`;
  if (!aktion.erlaubt) {
    return (
      <Hinweis titel={t('Vier-Augen-Prinzip', 'Four-eyes principle')} art="warning">
        <p class="kern-body">{aktion.grund}</p>
      </Hinweis>
    );
  }
  const Kommentar = ({ hint }: { hint?: string }) => <Textbereich name="kommentar" label={t('Kommentar', 'Comment')} value="" rows={3} hint={hint} error={fehlerVon(errors, 'kommentar')} />;
  switch (aktion.id) {
    case 'bearbeiten':
      return (
        <p>
          <a class="kern-link" href={`${base}/bearbeiten`}>
            {t('Entwurf bearbeiten', 'Edit draft')}
          </a>
        </p>
      );
    case 'einreichen':
      return (
        <form method="post" action={`${base}/einreichen`} class="kern-stack" novalidate>
          <Csrf ctx={ctx} />
          {akte.pruefung && <RegelVorschau ctx={ctx} p={akte.pruefung} errors={errors} checked={false} />}
          <div>
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{t('Antrag einreichen', 'Submit application')}</span>
            </button>
          </div>
        </form>
      );
    case 'satz_vorschlagen':
      return (
        <form method="post" action={`${base}/foerdersatz/vorschlagen`} class="kern-stack" novalidate>
          <Csrf ctx={ctx} />
          <h3 class="kern-heading-small">{t('Erhöhten Fördersatz vorschlagen (erste Person)', 'Propose the higher rate (first person)')}</h3>
          <p class="kern-body">
            {t(
              'Die amtliche Gebietskulisse ist nicht hinterlegt. Liegt die Behörde in einem Raum mit besonderem Handlungsbedarf, schlagen Sie den erhöhten Satz mit Begründung und Quelle vor; eine zweite Person bestätigt ihn.',
              'The official list is not installed. If the authority lies in an area with special need for action, propose the higher rate with reason and source; a second person confirms it.',
            )}
          </p>
          <Textbereich name="begruendung" label={t('Begründung', 'Reason')} value="" rows={3} error={fehlerVon(errors, 'begruendung')} />
          <TextField name="quelle" label={t('Quelle (z. B. LEP, Anhang 2 „Strukturkarte“, mit Stand)', 'Source (e.g. LEP, Annex 2 structure map, with its date)')} value="" error={fehlerVon(errors, 'quelle')} />
          <div>
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">{t('Erhöhten Fördersatz vorschlagen', 'Propose the higher rate')}</span>
            </button>
          </div>
        </form>
      );
    case 'satz_bestaetigen': {
      const b = akte.satz.bestaetigung;
      return (
        <div class="kern-stack">
          <h3 class="kern-heading-small">{t('Erhöhten Fördersatz bestätigen (zweite Person)', 'Confirm the higher rate (second person)')}</h3>
          {b && (
            <p class="kern-body">
              {t(`Vorgeschlagen von ${b.vorgeschlagenVonLabel}: `, `Proposed by ${b.vorgeschlagenVonLabel}: `)}
              <span lang={ctx.locale === 'de' ? undefined : 'de'}>
                {b.begruendung} ({t('Quelle', 'source')}: {b.quelle})
              </span>
            </p>
          )}
          <form method="post" action={`${base}/foerdersatz/bestaetigen`} class="inline-form">
            <Csrf ctx={ctx} />
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{t('Erhöhten Fördersatz bestätigen', 'Confirm the higher rate')}</span>
            </button>
          </form>
        </div>
      );
    }
    case 'pruefen':
      return (
        <form method="post" action={`${base}/pruefen`} class="kern-stack">
          <Csrf ctx={ctx} />
          <Auswahl
            name="empfehlung"
            legend={t('Empfehlung nach Prüfung', 'Recommendation')}
            value=""
            error={fehlerVon(errors, 'empfehlung-bewilligen')}
            optionen={[
              ['bewilligen', t('bewilligen', 'approve')],
              ['ablehnen', t('ablehnen', 'reject')],
            ]}
          />
          <Kommentar />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t('Prüfung abschließen', 'Complete check')}</span>
          </button>
        </form>
      );
    case 'entscheiden':
      return (
        <form method="post" action={`${base}/entscheiden`} class="kern-stack">
          <Csrf ctx={ctx} />
          <p class="kern-body">
            {t(`Geprüft von ${a.geprueftVonLabel ?? '–'}; Empfehlung: ${a.empfehlung ?? '–'}.`, `Checked by ${a.geprueftVonLabel ?? '–'}; recommendation: ${a.empfehlung ?? '–'}.`)}
          </p>
          <Auswahl
            name="entscheidung"
            legend={t('Entscheidung (zweite Person)', 'Decision (second person)')}
            value=""
            error={fehlerVon(errors, 'entscheidung-bewilligen')}
            optionen={[
              ['bewilligen', t('bewilligen', 'approve')],
              ['ablehnen', t('ablehnen', 'reject')],
            ]}
          />
          <Kommentar hint={t('Bei einer Ablehnung Pflicht: die Begründung steht im Bescheid.', 'Required for a rejection: the reason goes into the notice.')} />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t('Entscheidung speichern', 'Save decision')}</span>
          </button>
        </form>
      );
    case 'nachweis':
      return (
        <form method="post" action={`${base}/nachweis`} class="kern-stack">
          <Csrf ctx={ctx} />
          <TextField name="ausgaben" label={t('Tatsächliche zuwendungsfähige Ausgaben in Euro', 'Actual eligible expenditure in euros')} value="" error={fehlerVon(errors, 'ausgaben')} />
          <Textbereich name="sachbericht" label={t('Sachbericht: Was wurde umgesetzt?', 'Report: what was done?')} value="" error={fehlerVon(errors, 'sachbericht')} />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t('Verwendungsnachweis einreichen', 'Submit proof of use')}</span>
          </button>
        </form>
      );
    case 'nachweis_pruefen':
      return (
        <form method="post" action={`${base}/nachweis-pruefen`} class="kern-stack">
          <Csrf ctx={ctx} />
          <TextField
            name="anerkannt"
            label={t('Anerkannte zuwendungsfähige Ausgaben in Euro', 'Accepted eligible expenditure in euros')}
            value={a.nachweisAusgabenCent !== null ? euroEingabe(a.nachweisAusgabenCent) : ''}
            error={fehlerVon(errors, 'anerkannt')}
            hint={t(`Ausgezahlt werden ${a.foerdersatzProzent ?? ''} % davon, höchstens ${euro(ctx, a.foerderbetragCent)}.`, `${a.foerdersatzProzent ?? ''} % of it is paid, at most ${euro(ctx, a.foerderbetragCent)}.`)}
          />
          <Kommentar />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t('Verwendungsnachweis als geprüft vermerken', 'Record proof of use as checked')}</span>
          </button>
        </form>
      );
    case 'freigeben':
      return (
        <form method="post" action={`${base}/freigeben`} class="kern-stack">
          <Csrf ctx={ctx} />
          <p class="kern-body">
            {a.status === 'nachweis_geprueft'
              ? t(`Auszahlungsbetrag: ${euro(ctx, a.auszahlungCent)}. Die erste Freigabe; die zweite erteilt eine andere Person.`, `Payout: ${euro(ctx, a.auszahlungCent)}. First release; a different person gives the second.`)
              : t(`Auszahlungsbetrag: ${euro(ctx, a.auszahlungCent)}. Erste Freigabe durch ${a.freigabe1VonLabel ?? '–'}.`, `Payout: ${euro(ctx, a.auszahlungCent)}. First release by ${a.freigabe1VonLabel ?? '–'}.`)}
          </p>
          <Kommentar />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{a.status === 'nachweis_geprueft' ? t('Auszahlung freigeben (1. Freigabe)', 'Release payout (1st release)') : t('Zweite Freigabe erteilen und auszahlen', 'Give second release and pay out')}</span>
          </button>
        </form>
      );
  }
}

const AKTION_TITEL: Record<Aktion['id'], { de: string; en: string }> = {
  satz_vorschlagen: { de: 'Erhöhten Fördersatz vorschlagen', en: 'Propose the higher rate' },
  satz_bestaetigen: { de: 'Erhöhten Fördersatz bestätigen', en: 'Confirm the higher rate' },
  bearbeiten: { de: 'Entwurf bearbeiten', en: 'Edit draft' },
  einreichen: { de: 'Einreichen', en: 'Submit' },
  pruefen: { de: 'Prüfung (erste Person)', en: 'Check (first person)' },
  entscheiden: { de: 'Entscheidung (zweite Person)', en: 'Decision (second person)' },
  nachweis: { de: 'Verwendungsnachweis einreichen', en: 'Submit proof of use' },
  nachweis_pruefen: { de: 'Verwendungsnachweis prüfen', en: 'Check proof of use' },
  freigeben: { de: 'Auszahlung freigeben', en: 'Release payout' },
};

export function AktePage({ ctx, akte, meldung, errors }: { ctx: PageContext; akte: Akte; meldung?: string; errors: FieldError[] }) {
  const t = sprache(ctx);
  const a = akte.antrag;
  const p = akte.pruefung;
  const e = a.erklaerungen as Record<string, string | boolean>;
  const titel = t(`Förderantrag ${a.aktenzeichen}`, `Grant application ${a.aktenzeichen}`);
  const hatBescheid = !!a.bescheidAm;
  const jaNein = (x: unknown) => (x === true || x === 'ja' ? t('ja', 'yes') : x === 'nicht_erforderlich' ? t('nicht erforderlich', 'not needed') : t('nein', 'no'));
  const person = (label: string | null, am: Date | string | null) =>
    label ? (
      <>
        {label}, <Zeit am={am} />
      </>
    ) : (
      '–'
    );
  return (
    <Layout ctx={ctx} title={titel} crumbs={[{ href: '/foerderung', label: t('Förderprogramm', 'Funding programme') }]}>
      <h1 class="kern-heading-large">{titel}</h1>
      <p class="kern-body kern-body--large">
        <strong>{akte.behoerde?.name ?? a.behoerdeArs}</strong> · {a.massnahme || t('(noch ohne Titel)', '(untitled)')} <StatusBadge ctx={ctx} status={a.status} />{' '}
        {a.demo && ctx.demo && (
          <span class="kern-badge kern-badge--info">
            <span class="kern-label kern-label--small">{t('Demodaten (simuliert)', 'Demo data (simulated)')}</span>
          </span>
        )}
      </p>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />

      {akte.aktionen.length > 0 && (
        <section aria-labelledby="naechster-schritt" class="kern-card kern-card--surface foerder-karte">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-heading-medium" id="naechster-schritt">
                {t('Nächster Schritt', 'Next step')}: {akte.aktionen.map((x) => AKTION_TITEL[x.id][ctx.locale]).join(' · ')}
              </h2>
            </div>
            <div class="kern-card__body kern-stack">
              {akte.aktionen.map((x) => (
                <AktionsFormular ctx={ctx} akte={akte} aktion={x} errors={errors} />
              ))}
            </div>
          </div>
        </section>
      )}

      <h2 class="kern-heading-medium" id="vier-augen">
        {t('Vier-Augen-Prinzip', 'Four-eyes principle')}
      </h2>
      <Angaben
        items={[
          [t('Eingereicht', 'Submitted'), a.eingereichtAm ? <Zeit am={a.eingereichtAm} /> : '–'],
          [t('Geprüft (1. Person)', 'Checked (1st person)'), person(a.geprueftVonLabel, a.geprueftAm)],
          [t('Entschieden (2. Person)', 'Decided (2nd person)'), person(a.entschiedenVonLabel, a.entschiedenAm)],
          [t('Verwendungsnachweis geprüft', 'Proof of use checked'), a.nachweisGeprueftVonLabel ? `${a.nachweisGeprueftVonLabel}, ${datum(a.nachweisGeprueftAm)}` : '–'],
          [t('1. Freigabe der Auszahlung', '1st payout release'), person(a.freigabe1VonLabel, a.freigabe1Am)],
          [t('2. Freigabe der Auszahlung', '2nd payout release'), person(a.freigabe2VonLabel, a.freigabe2Am)],
        ]}
      />

      {p && (
        <>
          <h2 class="kern-heading-medium" id="pruefung">
            {t('Regelprüfung und berechnete Zuwendung', 'Rule check and computed grant')}
          </h2>
          <TabellenBereich label={t('Regelprüfung und berechnete Zuwendung', 'Rule check and computed grant')}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title foerder-caption">
                {p.foerderfaehig ? t('Alle Regeln erfüllt oder noch offen', 'All rules met or still open') : t('Mindestens eine Regel ist nicht erfüllt', 'At least one rule is not met')}
              </caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">{t('Regel', 'Rule')}</th>
                  <th scope="col" class="kern-table__header">{t('Ergebnis', 'Result')}</th>
                  <th scope="col" class="kern-table__header">{t('Quelle', 'Source')}</th>
                  <th scope="col" class="kern-table__header">{t('Begründung', 'Reason')}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {p.regeln.map((r) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">{r.titel}</th>
                    <td class="kern-table__cell">
                      <span class={`kern-badge kern-badge--${ERGEBNIS[r.ergebnis].badge}`}>
                        <span class="kern-label kern-label--small">{ERGEBNIS[r.ergebnis][ctx.locale]}</span>
                      </span>
                    </td>
                    <td class="kern-table__cell">{QUELLE[r.quelle][ctx.locale]}</td>
                    <td class="kern-table__cell">{r.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
          <Berechnung ctx={ctx} p={p} />
        </>
      )}

      <h2 class="kern-heading-medium" id="foerdersatz">
        {t('Fördersatz', 'Grant rate')}
      </h2>
      <FoerdersatzHinweis ctx={ctx} satz={akte.satz} regeln={akte.regeln} />
      {akte.satzVerlauf.length > 0 && (
        <ul class="kern-list">
          {akte.satzVerlauf.map((b) => (
            <li>
              {t('Vorschlag von', 'Proposal by')} {b.vorgeschlagenVonLabel} (<Zeit am={b.vorgeschlagenAm} />):{' '}
              <span lang={ctx.locale === 'de' ? undefined : 'de'}>
                {b.begruendung} ({t('Quelle', 'source')}: {b.quelle})
              </span>{' '}
              – {b.status === 'offen' ? t('wartet auf Bestätigung', 'waiting for confirmation') : b.status === 'bestaetigt' ? t('bestätigt von', 'confirmed by') : t('zurückgenommen von', 'withdrawn by')} {b.erledigtVonLabel ?? ''}
            </li>
          ))}
        </ul>
      )}
      {akte.satz.bestaetigung?.status === 'offen' && akte.darfSatzZuruecknehmen && (
        <form method="post" action={`/foerderung/antraege/${a.id}/foerdersatz/zuruecknehmen`} class="inline-form">
          <Csrf ctx={ctx} />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{t('Vorschlag zurücknehmen', 'Withdraw the proposal')}</span>
          </button>
        </form>
      )}

      <h2 class="kern-heading-medium" id="kosten">
        {t('Kostenpositionen', 'Cost items')}
      </h2>
      {akte.kosten.length === 0 ? (
        <p class="kern-body">{t('Noch keine Kostenpositionen.', 'No cost items yet.')}</p>
      ) : (
        <TabellenBereich label={t('Kostenpositionen mit Förderfähigkeit', 'Cost items and eligibility')}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{t('Kostenpositionen mit Förderfähigkeit', 'Cost items and eligibility')}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{t('Position', 'Item')}</th>
                <th scope="col" class="kern-table__header">{t('Art', 'Type')}</th>
                <th scope="col" class="kern-table__header foerder-zahl">{t('Betrag', 'Amount')}</th>
                <th scope="col" class="kern-table__header foerder-zahl">{t('zuwendungsfähig', 'eligible')}</th>
                <th scope="col" class="kern-table__header">{t('Hinweis', 'Note')}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {akte.kosten.map((k, i) => {
                const bew = p?.positionen[i];
                return (
                  <tr>
                    <th scope="row" class="kern-table__cell">{k.bezeichnung}</th>
                    <td class="kern-table__cell">
                      {KOSTENART_TEXT[k.art as Kostenart]?.[ctx.locale] ?? k.art}
                      {k.lizenzJahre ? t(` · ${k.lizenzJahre} Jahre`, ` · ${k.lizenzJahre} years`) : ''}
                    </td>
                    <td class="kern-table__cell foerder-zahl">{euro(ctx, k.betragCent)}</td>
                    <td class="kern-table__cell foerder-zahl">{bew ? euro(ctx, bew.foerderfaehigCent) : '–'}</td>
                    <td class="kern-table__cell">{bew?.grund ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TabellenBereich>
      )}

      <h2 class="kern-heading-medium" id="angaben">
        {t('Angaben des Antrags', 'Application details')}
      </h2>
      <Angaben
        items={[
          [t('Antragsteller', 'Applicant'), `${akte.behoerde?.name ?? ''} (${a.behoerdeArs})${akte.behoerde?.regbez_name ? ` · ${akte.behoerde.regbez_name}` : ''}`],
          [t('Maßnahme', 'Measure'), a.massnahme || '–'],
          [t('Beschreibung', 'Description'), a.beschreibung || '–'],
          [
            t('Online-Dienste (erstmals)', 'Online services (first time)'),
            a.onlineDienste.length ? (
              <ul class="kern-list foerder-liste">
                {a.onlineDienste.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            ) : (
              '–'
            ),
          ],
          [t('Raum mit besonderem Handlungsbedarf (von der Plattform ermittelt)', 'Area with special need for action (set by the platform)'), jaNein(akte.satz.rmbh)],
          [t('Eingereicht trotz Hinweis „nicht bewilligungsfähig“', 'Submitted despite “not grantable”'), jaNein(a.nichtFoerderfaehigBestaetigt)],
          [t('BayernID / mobilfähig / erstmalig', 'BayernID / mobile / first time'), `${jaNein(e.bayernId)} / ${jaNein(e.mobil)} / ${jaNein(e.erstmalig)}`],
          [t('Postkorb / E-Payment', 'Postkorb / E-Payment'), `${jaNein(e.postkorb)} / ${jaNein(e.ePayment)}`],
          [t('Bankverbindung', 'Bank account'), a.iban ? `${a.kontoinhaber}, ${formatIban(a.iban)}` : '–'],
          [t('Ansprechperson', 'Contact'), a.kontaktName ? `${a.kontaktName} <${a.kontaktEmail}>` : '–'],
          [t('Zuwendung', 'Grant'), euro(ctx, a.foerderbetragCent)],
        ]}
      />

      {(a.nachweisFaelligAm || a.nachweisEingegangenAm) && (
        <>
          <h2 class="kern-heading-medium" id="nachweis">
            {t('Verwendungsnachweis', 'Proof of use')}
          </h2>
          <Angaben
            items={[
              [t('Fällig am', 'Due'), datum(a.nachweisFaelligAm)],
              [t('Eingegangen am', 'Received'), datum(a.nachweisEingegangenAm)],
              [t('Nachgewiesene Ausgaben', 'Expenditure proven'), euro(ctx, a.nachweisAusgabenCent)],
              [t('Sachbericht', 'Report'), a.nachweisSachbericht ?? '–'],
              [t('Geprüft am', 'Checked'), datum(a.nachweisGeprueftAm)],
              [t('Auszahlungsbetrag', 'Payout'), euro(ctx, a.auszahlungCent)],
              [t('Ausgezahlt am', 'Paid out'), datum(a.ausgezahltAm)],
            ]}
          />
        </>
      )}

      <h2 class="kern-heading-medium" id="schreiben">
        {t('Bescheide und Schreiben', 'Notices and letters')}
      </h2>
      {hatBescheid ? (
        <p class="kern-body">
          <a class="kern-link" href={`/foerderung/antraege/${a.id}/bescheid.pdf`}>
            {a.status === 'abgelehnt' ? t('Ablehnungsbescheid', 'Rejection notice') : t('Zuwendungsbescheid', 'Grant notice')} {t('vom', 'of')} {datum(a.bescheidAm)} (PDF)
          </a>
        </p>
      ) : (
        <p class="kern-body">{t('Noch kein Bescheid.', 'No notice yet.')}</p>
      )}
      {akte.mails.length > 0 && (
        <TabellenBereich label={t('Versandte Benachrichtigungen', 'Notifications sent')}>
          <table class="kern-table">
            <caption class="kern-sr-only">{t('Versandte Benachrichtigungen', 'Notifications sent')}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{t('Datum', 'Date')}</th>
                <th scope="col" class="kern-table__header">{t('Betreff', 'Subject')}</th>
                <th scope="col" class="kern-table__header">{t('An', 'To')}</th>
                <th scope="col" class="kern-table__header">{t('Versand', 'Delivery')}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {akte.mails.map((m) => (
                <tr>
                  <td class="kern-table__cell">
                    <Zeit am={m.erstellt_am} />
                  </td>
                  <td class="kern-table__cell">{m.betreff}</td>
                  <td class="kern-table__cell">{m.an}</td>
                  <td class="kern-table__cell">{m.status === 'versendet' ? t('versendet', 'sent') : m.status === 'fehlgeschlagen' ? t('fehlgeschlagen', 'failed') : t('nicht versendet', 'not sent')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}

      {akte.buchungen.length > 0 && (
        <>
          <h2 class="kern-heading-medium" id="buchungen">
            {t('Buchungen im Haushalt', 'Budget ledger entries')}
          </h2>
          <TabellenBereich label={t('Buchungen dieses Antrags', 'Ledger entries of this application')}>
            <table class="kern-table">
              <caption class="kern-sr-only">{t('Buchungen dieses Antrags', 'Ledger entries of this application')}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">{t('Zeitpunkt', 'Time')}</th>
                  <th scope="col" class="kern-table__header">{t('Art', 'Kind')}</th>
                  <th scope="col" class="kern-table__header foerder-zahl">{t('Betrag', 'Amount')}</th>
                  <th scope="col" class="kern-table__header">{t('Person', 'Person')}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {akte.buchungen.map((b) => (
                  <tr>
                    <td class="kern-table__cell">
                      <Zeit am={b.at} />
                    </td>
                    <td class="kern-table__cell">{BUCHUNG[b.art]?.[ctx.locale] ?? b.art}</td>
                    <td class="kern-table__cell foerder-zahl">{euro(ctx, b.betragCent)}</td>
                    <td class="kern-table__cell">{b.actorLabel}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
        </>
      )}

      <h2 class="kern-heading-medium" id="verlauf">
        {t('Verlauf', 'History')}
      </h2>
      <TabellenBereich label={t('Jeder Schritt mit Person, Zeitpunkt und Kommentar', 'Every step with person, time and comment')}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-sr-only">{t('Jeder Schritt mit Person, Zeitpunkt und Kommentar', 'Every step with person, time and comment')}</caption>
          <thead class="kern-table__header">
            <tr>
              <th scope="col" class="kern-table__header">{t('Zeitpunkt', 'Time')}</th>
              <th scope="col" class="kern-table__header">{t('Schritt', 'Step')}</th>
              <th scope="col" class="kern-table__header">{t('Status', 'Status')}</th>
              <th scope="col" class="kern-table__header">{t('Person', 'Person')}</th>
              <th scope="col" class="kern-table__header">{t('Kommentar', 'Comment')}</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {akte.schritte.map((s) => (
              <tr>
                <td class="kern-table__cell">
                  <Zeit am={s.at} />
                </td>
                <td class="kern-table__cell">{SCHRITT[s.schritt]?.[ctx.locale] ?? s.schritt}</td>
                <td class="kern-table__cell">{s.vonStatus ? `${statusText(ctx, s.vonStatus)} → ${statusText(ctx, s.nachStatus)}` : statusText(ctx, s.nachStatus)}</td>
                <td class="kern-table__cell">{s.actorLabel}</td>
                <td class="kern-table__cell">{s.kommentar ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>
    </Layout>
  );
}
