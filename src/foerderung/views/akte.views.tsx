/** The file (Akte) of one application with its next steps. */
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich, TextField } from '../../shared/layout';
import { euroEingabe, formatIban, KOSTENART_TEXT, type Kostenart } from '../foerderung.regeln';
import type { FoerderungService } from '../foerderung.service';
import type { Aktion } from '../foerderung.kern';
import { Auswahl, Berechnung, ERGEBNIS, fehlerVon, FoerdersatzHinweis, QUELLE, RegelVorschau, Textbereich } from './antrag.parts';
import { Angaben, Csrf, datum, euro, Hinweis, sprache, StatusBadge, statusText, Zeit } from './foerderung.parts';

type Akte = Awaited<ReturnType<FoerderungService['akte']>>;

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
