/** The form of one application (new and draft). */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TextField } from '../../shared/layout';
import { euroEingabe, formatIban, KOSTENART_TEXT, KOSTENARTEN } from '../foerderung.regeln';
import type { BehoerdeKurz } from '../foerderung.repository';
import type { FormWerte } from '../foerderung.schemas';
import type { FoerderungService } from '../foerderung.service';
import type { FoerdersatzGrundlage, PruefungJson } from '../foerderung.kern';
import { Ankreuzfeld, Auswahl, fehlerVon, FoerdersatzHinweis, RegelVorschau, Textbereich } from './antrag.parts';
import { Csrf, sprache } from './foerderung.parts';

type Akte = Awaited<ReturnType<FoerderungService['akte']>>;

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
