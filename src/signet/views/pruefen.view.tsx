/** The verification page of an award: who, since when, status, how it was checked, the count, embedding. */
import { t, type Locale } from '../../shared/i18n';
import { Layout, type PageContext } from '../../shared/layout';

export interface PruefenDaten {
  nr: string;
  name: string;
  ars: string;
  typ: string;
  verliehenAm: string;
  status: 'gueltig' | 'ausgesetzt' | 'widerrufen';
  karenzBis: string | null;
  /** Suspended by the ministry rather than by the re-check. */
  manuellAusgesetzt: boolean;
  /** Since when, and the public reason of, the current status. */
  statusSeit: string | null;
  statusGrund: string | null;
  historie: { ereignis: string; nachStatus: string; grund: string | null; am: string }[];
  anzahl: number | null;
  schwelle: number | null;
  statusIndex: number;
  kid: string;
  signaturOk: boolean;
  did: string;
  geprueftAm: string;
  baseUrl: string;
}

const STATUS_TEXT = {
  gueltig: {
    titel: { de: 'Gültig', en: 'Valid' },
    art: 'success',
    text: { de: 'Das Prädikat „Digitales Amt“ ist gültig.', en: 'The “Digitales Amt” label is valid.' },
  },
  ausgesetzt: {
    titel: { de: 'Ausgesetzt', en: 'Suspended' },
    art: 'warning',
    text: {
      de: 'Das Prädikat ist ausgesetzt: Die Behörde hat die Schwelle nach Ablauf der Karenzzeit nicht wieder erreicht. Es gilt derzeit nicht.',
      en: 'The label is suspended: the authority did not reach the threshold again after the grace period. It is not valid at present.',
    },
  },
  widerrufen: {
    titel: { de: 'Widerrufen', en: 'Revoked' },
    art: 'danger',
    text: { de: 'Das Prädikat wurde widerrufen und gilt nicht mehr.', en: 'The label has been revoked and is no longer valid.' },
  },
} as const;

const EREIGNIS: Record<string, Record<Locale, string>> = {
  verleihung: { de: 'Verleihung', en: 'Awarded' },
  unterschreitung: { de: 'Schwelle unterschritten (Karenzzeit beginnt)', en: 'Below the threshold (grace period begins)' },
  aussetzung: { de: 'Aussetzung', en: 'Suspended' },
  wiederherstellung: { de: 'Wiederherstellung', en: 'Reinstated' },
  widerruf: { de: 'Widerruf', en: 'Revoked' },
  erholung: { de: 'Schwelle wieder erreicht', en: 'Threshold reached again' },
};

const sprache = (l: Locale) => (l === 'de' ? 'de-DE' : 'en-GB');
const datum = (iso: string, l: Locale) =>
  new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString(sprache(l), { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long', year: 'numeric' });
const zeit = (iso: string, l: Locale) => new Date(iso).toLocaleString(sprache(l), { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

export function embedSnippet(d: { nr: string; name: string; baseUrl: string }, breite: number) {
  const hoehe = Math.round((breite * 112) / 320);
  const alt = `Prädikat „Digitales Amt“ des Freistaats Bayern für ${d.name} – zur Prüfung des aktuellen Status`;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<a href="${d.baseUrl}/pruefen/${d.nr}"><img src="${d.baseUrl}/signet/${d.nr}.svg" width="${breite}" height="${hoehe}" alt="${esc(alt)}"></a>`;
}

export function PruefenPage({ ctx, d }: { ctx: PageContext; d: PruefenDaten }) {
  const l = ctx.locale;
  const de = l === 'de';
  const s = STATUS_TEXT[d.status];
  const titel = s.titel[l];
  const title = de ? `Prädikat ${d.nr} prüfen` : `Verify label ${d.nr}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: t(l, 'nav.home') }]}>
      <div class="signet-pruefen">
        <h1 class="kern-heading-x-large">
          {de ? 'Prüfung: Prädikat „Digitales Amt“' : 'Verification: “Digitales Amt” label'} {d.nr}
        </h1>
        <div class={`kern-alert kern-alert--${s.art}`} role="status">
          <div class="kern-alert__header">
            <span class={`kern-icon kern-icon--${s.art}`} aria-hidden="true" />
            <p class="kern-title">
              Status: {titel} – {d.name}
            </p>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {d.status === 'ausgesetzt' && d.manuellAusgesetzt
                ? de
                  ? `Das Prädikat ist vom Ministerium ausgesetzt${d.statusSeit ? ` (seit ${datum(d.statusSeit, l)})` : ''}. Es gilt derzeit nicht.`
                  : `The label is suspended by the ministry${d.statusSeit ? ` (since ${datum(d.statusSeit, l)})` : ''}. It is not valid at present.`
                : d.status === 'widerrufen' && d.statusSeit
                  ? de
                    ? `Das Prädikat wurde am ${datum(d.statusSeit, l)} widerrufen und gilt nicht mehr.`
                    : `The label was revoked on ${datum(d.statusSeit, l)} and is no longer valid.`
                  : s.text[l]}
              {d.status !== 'gueltig' && d.statusGrund && (
                <>
                  {de ? ' Grund: ' : ' Reason: '}
                  <span lang="de">{d.statusGrund}</span>
                </>
              )}
              {d.status === 'gueltig' && d.karenzBis
                ? de
                  ? ` Die Zahl der Online-Verfahren liegt derzeit unter der Schwelle; ohne Besserung wird es nach dem ${datum(d.karenzBis, l)} ausgesetzt.`
                  : ` The number of online procedures is currently below the threshold; unless it improves, the label will be suspended after ${datum(d.karenzBis, l)}.`
                : ''}
            </p>
          </div>
        </div>
        <p class="signet-pruefen__bild">
          <img
            src={`/signet/${d.nr}.svg`}
            width={320}
            height={112}
            alt={de ? `Signet „Digitales Amt“ für ${d.name}, Status: ${titel}` : `“Digitales Amt” signet for ${d.name}, status: ${titel}`}
          />
        </p>
        <h2 class="kern-heading-medium">{de ? 'Angaben' : 'Details'}</h2>
        <dl class="kern-description-list">
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Behörde' : 'Authority'}</dt>
            <dd class="kern-description-list-item__value">
              <a class="kern-link" href={`/behoerden/${d.ars}`}>
                {d.name}
              </a>{' '}
              ({de ? 'Amtlicher Regionalschlüssel' : 'official regional key'} {d.ars})
            </dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Verliehen am' : 'Awarded on'}</dt>
            <dd class="kern-description-list-item__value">{datum(d.verliehenAm, l)}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Zertifikat' : 'Certificate'}</dt>
            <dd class="kern-description-list-item__value">{d.nr}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Online-Verfahren heute' : 'Online procedures today'}</dt>
            <dd class="kern-description-list-item__value">
              {d.anzahl === null
                ? de
                  ? 'nicht verfügbar'
                  : 'not available'
                : de
                  ? `${d.anzahl} zählende Online-Verfahren verlinkt${d.schwelle ? ` (Schwelle: ${d.schwelle})` : ''}`
                  : `${d.anzahl} counting online procedures linked${d.schwelle ? ` (threshold: ${d.schwelle})` : ''}`}
            </dd>
          </div>
        </dl>
        <h2 class="kern-heading-medium">{de ? 'Verlauf' : 'History'}</h2>
        <ul class="kern-list">
          {d.historie.map((h) => (
            <li>
              {zeit(h.am, l)}: {EREIGNIS[h.ereignis]?.[l] ?? h.ereignis}
              {h.grund ? (
                <>
                  {' – '}
                  <span lang="de">{h.grund}</span>
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
        <h2 class="kern-heading-medium">{de ? 'So wurde geprüft' : 'How this was verified'}</h2>
        {de ? (
          <ul class="kern-list">
            <li>Status, Datum und Behörde stammen aus dem Register des Staatsministeriums, gelesen am {zeit(d.geprueftAm, l)}.</li>
            <li>
              Der digitale Nachweis (Open Badges 3.0, W3C Verifiable Credential) ist mit dem Ed25519-Schlüssel <span class="break-all">{d.kid}</span> des Ausstellers <span class="break-all">{d.did}</span> signiert;
              die Signatur wurde soeben {d.signaturOk ? 'erfolgreich geprüft' : 'geprüft und war ungültig'}.
            </li>
            <li>
              Widerruf und Aussetzung stehen in den öffentlichen Statuslisten (W3C Bitstring Status List) an Position {d.statusIndex}:{' '}
              <a class="kern-link" href="/credentials/status/revocation">Widerruf</a>, <a class="kern-link" href="/credentials/status/suspension">Aussetzung</a>.
            </li>
            <li>
              Selbst prüfen: <a class="kern-link" href={`/credentials/${d.nr}`}>Nachweis herunterladen (VC-JWT)</a>, öffentliche Schlüssel unter{' '}
              <a class="kern-link" href="/.well-known/jwks.json">/.well-known/jwks.json</a> und <a class="kern-link" href="/.well-known/did.json">/.well-known/did.json</a>.
            </li>
          </ul>
        ) : (
          <ul class="kern-list">
            <li>Status, date and authority come from the register of the State Ministry, read on {zeit(d.geprueftAm, l)}.</li>
            <li>
              The digital credential (Open Badges 3.0, W3C Verifiable Credential) is signed with the Ed25519 key <span class="break-all">{d.kid}</span> of the issuer <span class="break-all">{d.did}</span>; the signature was{' '}
              {d.signaturOk ? 'verified successfully just now' : 'checked just now and was invalid'}.
            </li>
            <li>
              Revocation and suspension are published in the public status lists (W3C Bitstring Status List) at position {d.statusIndex}:{' '}
              <a class="kern-link" href="/credentials/status/revocation">revocation</a>, <a class="kern-link" href="/credentials/status/suspension">suspension</a>.
            </li>
            <li>
              Verify it yourself: <a class="kern-link" href={`/credentials/${d.nr}`}>download the credential (VC-JWT)</a>, public keys at{' '}
              <a class="kern-link" href="/.well-known/jwks.json">/.well-known/jwks.json</a> and <a class="kern-link" href="/.well-known/did.json">/.well-known/did.json</a>.
            </li>
          </ul>
        )}
        {d.status === 'widerrufen' ? (
          <p class="kern-body">
            {de
              ? 'Urkunde und Signet-Code werden für ein widerrufenes Prädikat nicht mehr ausgegeben. Bitte entfernen Sie ein eingebundenes Signet von Ihrer Website.'
              : 'The certificate and the signet code are no longer issued for a revoked label. Please remove an embedded signet from your website.'}
          </p>
        ) : (
          <EinbindenUndUrkunde d={d} de={de} />
        )}
      </div>
    </Layout>
  );
}

/** Certificate download and the embed code: only for an award that is not revoked. */
function EinbindenUndUrkunde({ d, de }: { d: PruefenDaten; de: boolean }) {
  return (
    <>
        <p class="kern-body">
          <a class="kern-link" href={`/pruefen/${d.nr}/urkunde.pdf`}>
            {de ? 'Urkunde als PDF herunterladen' : 'Download the certificate as PDF (German)'}
          </a>
        </p>
        <h2 class="kern-heading-medium" id="einbinden">
          {de ? 'Signet auf der eigenen Website einbinden' : 'Embed the signet on your own website'}
        </h2>
        {de ? (
          <p class="kern-body">
            Kopieren Sie diesen HTML-Code in Ihre Website. Das Signet zeigt immer den aktuellen Status und verlinkt auf diese Prüfseite. Für Orte ohne SVG gibt es
            das Signet als PNG: <a class="kern-link" href={`/signet/${d.nr}.png?groesse=s`}>klein (160 px)</a>,{' '}
            <a class="kern-link" href={`/signet/${d.nr}.png?groesse=m`}>mittel (320 px)</a>, <a class="kern-link" href={`/signet/${d.nr}.png?groesse=l`}>groß (640 px)</a>.
          </p>
        ) : (
          <p class="kern-body">
            Copy this HTML code into your website. The signet always shows the current status and links to this verification page; its text is German. Where SVG
            cannot be used, the signet is available as PNG: <a class="kern-link" href={`/signet/${d.nr}.png?groesse=s`}>small (160 px)</a>,{' '}
            <a class="kern-link" href={`/signet/${d.nr}.png?groesse=m`}>medium (320 px)</a>, <a class="kern-link" href={`/signet/${d.nr}.png?groesse=l`}>large (640 px)</a>.
          </p>
        )}
        {[160, 240, 320].map((b) => (
          <div class="kern-form-input">
            <label class="kern-label" for={`snippet-${b}`}>
              {de ? `HTML-Code, Breite ${b} px` : `HTML code, width ${b} px`}
            </label>
            <textarea class="kern-form-input__input signet-snippet" id={`snippet-${b}`} rows={3} readOnly>
              {embedSnippet(d, b)}
            </textarea>
          </div>
        ))}
    </>
  );
}
