/** The verification page of an award: who, since when, status, how it was checked, the count, embedding. */
import { Layout, type PageContext } from '../../shared/layout';

export interface PruefenDaten {
  nr: string;
  name: string;
  ars: string;
  typ: string;
  verliehenAm: string;
  status: 'gueltig' | 'ausgesetzt' | 'widerrufen';
  karenzBis: string | null;
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
  gueltig: { titel: 'Gültig', art: 'success', text: 'Das Prädikat „Digitales Amt“ ist gültig.' },
  ausgesetzt: { titel: 'Ausgesetzt', art: 'warning', text: 'Das Prädikat ist ausgesetzt: Die Behörde hat die Schwelle nach Ablauf der Karenzzeit nicht wieder erreicht oder das Ministerium hat es ausgesetzt. Es gilt derzeit nicht.' },
  widerrufen: { titel: 'Widerrufen', art: 'danger', text: 'Das Prädikat wurde widerrufen und gilt nicht mehr.' },
} as const;

const EREIGNIS: Record<string, string> = {
  verleihung: 'Verleihung',
  unterschreitung: 'Schwelle unterschritten (Karenzzeit beginnt)',
  aussetzung: 'Aussetzung',
  wiederherstellung: 'Wiederherstellung',
  widerruf: 'Widerruf',
  erholung: 'Schwelle wieder erreicht',
};

const datum = (iso: string) => new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long', year: 'numeric' });
const zeit = (iso: string) => new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

export function embedSnippet(d: { nr: string; name: string; baseUrl: string }, breite: number) {
  const hoehe = Math.round((breite * 112) / 320);
  const alt = `Prädikat „Digitales Amt“ des Freistaats Bayern für ${d.name} – zur Prüfung des aktuellen Status`;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<a href="${d.baseUrl}/pruefen/${d.nr}"><img src="${d.baseUrl}/signet/${d.nr}.svg" width="${breite}" height="${hoehe}" alt="${esc(alt)}"></a>`;
}

export function PruefenPage({ ctx, d }: { ctx: PageContext; d: PruefenDaten }) {
  const s = STATUS_TEXT[d.status];
  const title = `Prädikat ${d.nr} prüfen`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: 'Start' }]}>
      <div class="signet-pruefen">
        <h1 class="kern-heading-x-large">Prüfung: Prädikat „Digitales Amt“ {d.nr}</h1>
        <div class={`kern-alert kern-alert--${s.art}`} role="status">
          <div class="kern-alert__header">
            <span class={`kern-icon kern-icon--${s.art}`} aria-hidden="true" />
            <p class="kern-title">
              Status: {s.titel} – {d.name}
            </p>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {s.text}
              {d.status === 'gueltig' && d.karenzBis ? ` Die Zahl der Online-Verfahren liegt derzeit unter der Schwelle; ohne Besserung wird es nach dem ${datum(d.karenzBis)} ausgesetzt.` : ''}
            </p>
          </div>
        </div>
        <p class="signet-pruefen__bild">
          <img src={`/signet/${d.nr}.svg`} width={320} height={112} alt={`Signet „Digitales Amt“ für ${d.name}, Status: ${s.titel}`} />
        </p>
        <h2 class="kern-heading-medium">Angaben</h2>
        <dl class="kern-description-list">
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Behörde</dt>
            <dd class="kern-description-list-item__value">
              <a class="kern-link" href={`/behoerden/${d.ars}`}>
                {d.name}
              </a>{' '}
              (Amtlicher Regionalschlüssel {d.ars})
            </dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Verliehen am</dt>
            <dd class="kern-description-list-item__value">{datum(d.verliehenAm)}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Zertifikat</dt>
            <dd class="kern-description-list-item__value">{d.nr}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Online-Verfahren heute</dt>
            <dd class="kern-description-list-item__value">
              {d.anzahl === null ? 'nicht verfügbar' : `${d.anzahl} zählende Online-Verfahren verlinkt${d.schwelle ? ` (Schwelle: ${d.schwelle})` : ''}`}
            </dd>
          </div>
        </dl>
        <h2 class="kern-heading-medium">Verlauf</h2>
        <ul class="kern-list">
          {d.historie.map((h) => (
            <li>
              {zeit(h.am)}: {EREIGNIS[h.ereignis] ?? h.ereignis}
              {h.grund ? ` – ${h.grund}` : ''}
            </li>
          ))}
        </ul>
        <h2 class="kern-heading-medium">So wurde geprüft</h2>
        <ul class="kern-list">
          <li>Status, Datum und Behörde stammen aus dem Register des Staatsministeriums, gelesen am {zeit(d.geprueftAm)}.</li>
          <li>
            Der digitale Nachweis (Open Badges 3.0, W3C Verifiable Credential) ist mit dem Ed25519-Schlüssel {d.kid} des Ausstellers {d.did} signiert;
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
        <p class="kern-body">
          <a class="kern-link" href={`/pruefen/${d.nr}/urkunde.pdf`}>Urkunde als PDF herunterladen</a>
        </p>
        <h2 class="kern-heading-medium" id="einbinden">Signet auf der eigenen Website einbinden</h2>
        <p class="kern-body">
          Kopieren Sie diesen HTML-Code in Ihre Website. Das Signet zeigt immer den aktuellen Status und verlinkt auf diese Prüfseite. Für Orte ohne SVG gibt es
          das Signet als PNG: <a class="kern-link" href={`/signet/${d.nr}.png?groesse=s`}>klein (160 px)</a>,{' '}
          <a class="kern-link" href={`/signet/${d.nr}.png?groesse=m`}>mittel (320 px)</a>, <a class="kern-link" href={`/signet/${d.nr}.png?groesse=l`}>groß (640 px)</a>.
        </p>
        {[160, 240, 320].map((b) => (
          <div class="kern-form-input">
            <label class="kern-label" for={`snippet-${b}`}>
              HTML-Code, Breite {b} px
            </label>
            <textarea class="kern-form-input__input signet-snippet" id={`snippet-${b}`} rows={3} readOnly>
              {embedSnippet(d, b)}
            </textarea>
          </div>
        ))}
      </div>
    </Layout>
  );
}
