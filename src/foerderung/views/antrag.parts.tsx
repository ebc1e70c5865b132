/** Parts shared by the form and the file (Akte) of one application: fields, the grant rate note and the rule preview. */
import type { FieldError, PageContext } from '../../shared/layout';
import type { FoerderungService } from '../foerderung.service';
import type { FoerdersatzGrundlage, PruefungJson } from '../foerderung.kern';
import { Angaben, euro, sprache } from './foerderung.parts';

export const fehlerVon = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export function Textbereich({ name, label, value, hint, error, rows = 4 }: { name: string; label: string; value: string; hint?: string; error?: string; rows?: number }) {
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

export function Ankreuzfeld({ name, label, checked, hint, error }: { name: string; label: string; checked: boolean; hint?: string; error?: string }) {
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

export function Auswahl({ name, legend, value, optionen, error }: { name: string; legend: string; value: string; optionen: [string, string][]; error?: string }) {
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

export const ERGEBNIS: Record<string, { de: string; en: string; badge: string }> = {
  erfuellt: { de: 'erfüllt', en: 'met', badge: 'success' },
  nicht_erfuellt: { de: 'nicht erfüllt', en: 'not met', badge: 'danger' },
  offen: { de: 'offen', en: 'open', badge: 'warning' },
};
export const QUELLE: Record<string, { de: string; en: string }> = {
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
export function Berechnung({ ctx, p }: { ctx: PageContext; p: PruefungJson }) {
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
