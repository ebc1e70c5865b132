/** Pages of the bulk upload: format and form with the list of uploads, and the result of one upload. */
import { ErrorSummary, type FieldError, Layout, type PageContext, Pagination, TabellenBereich } from '../../shared/layout';
import { formatNumber, zahlMitWort } from '../../shared/i18n';
import { MAX_UPLOAD_ZEILEN } from '../csv-upload.parser';
import { BEISPIEL_KOPF, BEISPIEL_ZEILEN } from '../upload.schemas';
import type { UploadErgebnis } from '../upload.pruefung';
import { XzufiFormular } from './xzufi.views'; // XZuFi-Import (xzufi.routes.tsx)

const STATUS: Record<string, { de: string; en: string; badge: string }> = {
  geprueft: { de: 'Geprüft, bereit zur Übernahme', en: 'Checked, ready to commit', badge: 'info' },
  fehlerhaft: { de: 'Fehlerhaft', en: 'Has errors', badge: 'danger' },
  uebernommen: { de: 'Übernommen', en: 'Committed', badge: 'success' },
};

function StatusBadge({ status, de }: { status: string; de: boolean }) {
  const s = STATUS[status] ?? { de: status, en: status, badge: 'info' };
  return (
    <span class={`kern-badge kern-badge--${s.badge}`}>
      <span class="kern-label kern-label--small">{de ? s.de : s.en}</span>
    </span>
  );
}

const zeit = (iso: string, de: boolean) =>
  new Intl.DateTimeFormat(de ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));

const SPALTEN_ERKLAERUNG: { spalte: string; pflicht: boolean; de: string; en: string }[] = [
  { spalte: 'ars', pflicht: true, de: 'Schlüssel der Behörde (ARS, 12 Ziffern für eine Gemeinde, 9 für eine VG, 5 für einen Landkreis, 3 für einen Bezirk).', en: 'Key of the authority (ARS: 12, 9, 5 or 3 digits).' },
  { spalte: 'name', pflicht: true, de: 'Name des Online-Verfahrens, höchstens 300 Zeichen.', en: 'Name of the online procedure, at most 300 characters.' },
  { spalte: 'beschreibung', pflicht: true, de: 'Kurze Beschreibung, höchstens 5.000 Zeichen (die Spalte muss es geben, die Zelle darf leer sein).', en: 'Short description, at most 5,000 characters (the column is required, the cell may be empty).' },
  { spalte: 'url', pflicht: true, de: 'Adresse des Verfahrens, beginnend mit https://, höchstens 2.000 Zeichen.', en: 'Address of the procedure, starting with https://, at most 2,000 characters.' },
  { spalte: 'leika_schluessel', pflicht: true, de: 'Ein oder mehrere LeiKa-Schlüssel (14 Ziffern, beginnend mit 99), getrennt durch | oder Leerzeichen.', en: 'One or more LeiKa keys (14 digits starting with 99), separated by | or blanks.' },
  { spalte: 'externe_id', pflicht: false, de: 'Ihre eigene Kennung des Verfahrens. Zeilen mit derselben Kennung sind ein Verfahren, das für mehrere Behörden verlinkt wird.', en: 'Your own id of the procedure. Rows with the same id are one procedure linked for several authorities.' },
  { spalte: 'art', pflicht: false, de: 'online (Standard), information oder formular_pdf. Nur „online“ zählt für das Prädikat.', en: 'online (default), information or formular_pdf. Only “online” counts for the label.' },
  { spalte: 'vertrauensniveau', pflicht: false, de: 'niedrig, substanziell (Standard) oder hoch.', en: 'niedrig, substanziell (default) or hoch.' },
  { spalte: 'verfahren_id', pflicht: false, de: 'ID eines Verfahrens im Katalog (z. B. eines zentralen), das verlinkt werden soll; dann genügen ars und, wo sie abweicht, url.', en: 'Id of a catalogue procedure (e.g. a central one) to link; then ars and, where it differs, url suffice.' },
];

export function UploadsPage({ ctx, uploads, errors, ministerium }: { ctx: PageContext; uploads: UploadErgebnis[]; errors?: FieldError[]; ministerium: boolean }) {
  const de = ctx.locale === 'de';
  const title = de ? 'Online-Verfahren hochladen' : 'Upload online procedures';
  const dateiFehler = errors?.find((e) => e.field === 'datei')?.message;
  return (
    <Layout ctx={ctx} title={title}>
      <div class="kern-stack">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Hier laden IT-Dienstleister und Redaktionen viele Online-Verfahren auf einmal hoch, als CSV-Datei (UTF-8, Trennzeichen Semikolon oder Komma). Die Datei wird zuerst vollständig geprüft; jeder Fehler wird mit Zeile und Spalte gezeigt. Erst wenn sie fehlerfrei ist, können Sie sie übernehmen – dann werden alle Zeilen auf einmal gespeichert oder keine.'
          : 'IT service providers and editors upload many online procedures at once here, as a CSV file (UTF-8, semicolon or comma). The file is checked in full first; every error is shown with its line and column. Only an error-free file can be committed — then all rows are saved at once, or none.'}
      </p>

      <ErrorSummary locale={ctx.locale} errors={errors ?? []} />
      <form method="post" action="/verwaltung/uploads" enctype="multipart/form-data" novalidate class="kern-stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class={`kern-form-input${dateiFehler ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="datei">
            {de ? 'CSV-Datei' : 'CSV file'}
          </label>
          <div class="kern-hint" id="datei-hinweis">
            {de
              ? `Höchstens 50 MB und ${formatNumber(ctx.locale, MAX_UPLOAD_ZEILEN)} Zeilen. Es wird noch nichts gespeichert: Sie sehen zuerst das Prüfergebnis.`
              : `At most 50 MB and ${formatNumber(ctx.locale, MAX_UPLOAD_ZEILEN)} rows. Nothing is saved yet: you see the result of the check first.`}
          </div>
          <input
            class={`kern-form-input__input${dateiFehler ? ' kern-form-input__input--error' : ''}`}
            id="datei"
            name="datei"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={dateiFehler ? 'true' : undefined}
            aria-describedby={`datei-hinweis${dateiFehler ? ' datei-fehler' : ''}`}
          />
          {dateiFehler && (
            <p class="kern-error" id="datei-fehler">
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              <span class="kern-body">{dateiFehler}</span>
            </p>
          )}
        </div>
        <div>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Datei prüfen' : 'Check file'}</span>
          </button>
        </div>
      </form>

      <h2 class="kern-heading-medium">{de ? 'Aufbau der CSV-Datei' : 'CSV file format'}</h2>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/uploads/vorlage.csv" download="online-verfahren-vorlage.csv">
          {de ? 'Vorlage herunterladen (CSV, mit Beispielzeilen)' : 'Download the template (CSV, with example rows)'}
        </a>
      </p>
      <TabellenBereich label={de ? 'Spalten der CSV-Datei' : 'Columns of the CSV file'}>
        <table class="kern-table kern-table--striped">
          <caption class="info-caption">{de ? 'Spalten der CSV-Datei' : 'Columns of the CSV file'}</caption>
          <thead class="kern-table__header">
            <tr>
              <th scope="col" class="kern-table__header">{de ? 'Spalte' : 'Column'}</th>
              <th scope="col" class="kern-table__header">{de ? 'Pflicht' : 'Required'}</th>
              <th scope="col" class="kern-table__header">{de ? 'Inhalt' : 'Content'}</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {SPALTEN_ERKLAERUNG.map((s) => (
              <tr>
                <th scope="row" class="kern-table__cell">
                  <code>{s.spalte}</code>
                </th>
                <td class="kern-table__cell">{s.pflicht ? (de ? 'ja' : 'yes') : de ? 'nein' : 'no'}</td>
                <td class="kern-table__cell">{de ? s.de : s.en}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>
      <p class="kern-body">
        {de
          ? 'Zeilen mit derselben externen Kennung – oder ohne sie mit gleichem Namen, gleicher Adresse (ohne den Teil nach „?“) und gleichen LeiKa-Schlüsseln – sind ein Verfahren im Katalog, das für jede Behörde der Zeilen verlinkt wird. Weicht die Adresse einer Zeile ab, gilt sie nur für diese Behörde. Eine Datei zweimal hochzuladen ändert nichts.'
          : 'Rows with the same external id — or, without one, the same name, address (without the part after “?”) and LeiKa keys — are one procedure in the catalogue, linked for the authority of each row. A row whose address differs keeps it for its authority only. Uploading a file twice changes nothing.'}
      </p>
      <TabellenBereich label={de ? 'Beispiel (Trennzeichen Semikolon)' : 'Example (semicolon-separated)'}>
        <table class="kern-table">
          <caption class="info-caption">{de ? 'Beispiel (Trennzeichen Semikolon)' : 'Example (semicolon-separated)'}</caption>
          <thead class="kern-table__header">
            <tr>
              {BEISPIEL_KOPF.map((k) => (
                <th scope="col" class="kern-table__header">
                  <code>{k}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {BEISPIEL_ZEILEN.map((z) => (
              <tr>
                {z.map((v) => (
                  <td class="kern-table__cell">{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>

      {/* XZuFi-Import: zweites Formular (src/uploads/views/xzufi.views.tsx, Route in xzufi.routes.tsx) */}
      <XzufiFormular ctx={ctx} errors={errors} />

      <h2 class="kern-heading-medium">{ministerium ? (de ? 'Letzte Uploads' : 'Recent uploads') : de ? 'Ihre Uploads' : 'Your uploads'}</h2>
      {uploads.length === 0 ? (
        <p class="kern-body">{de ? 'Noch keine Uploads.' : 'No uploads yet.'}</p>
      ) : (
        <TabellenBereich label={de ? 'Uploads' : 'Uploads'}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{de ? 'Uploads' : 'Uploads'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Datei' : 'File'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Hochgeladen' : 'Uploaded'}</th>
                {ministerium && <th scope="col" class="kern-table__header">{de ? 'Von' : 'By'}</th>}
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Datensätze' : 'Records'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Fehler' : 'Errors'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Status' : 'Status'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {uploads.map((u) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <a class="kern-link" href={`/verwaltung/uploads/${u.id}`}>
                      <bdi>{u.dateiname}</bdi>
                    </a>
                  </th>
                  <td class="kern-table__cell">{zeit(u.erstelltAm, de)}</td>
                  {ministerium && <td class="kern-table__cell">{u.hochgeladenVon}</td>}
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(ctx.locale, u.statistik?.datensaetze ?? u.zeilen)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(ctx.locale, u.fehlerAnzahl)}</td>
                  <td class="kern-table__cell">
                    <StatusBadge status={u.status} de={de} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}
      </div>
    </Layout>
  );
}

export const FEHLER_PRO_SEITE = 100;

export function UploadPage({ ctx, upload: u, seite, darfUebernehmen, geradeUebernommen }: { ctx: PageContext; upload: UploadErgebnis; seite: number; darfUebernehmen: boolean; geradeUebernommen: boolean }) {
  const de = ctx.locale === 'de';
  const l = ctx.locale;
  const title = de ? `Upload „${u.dateiname}“` : `Upload “${u.dateiname}”`;
  const s = u.statistik;
  const seiten = Math.max(1, Math.ceil(u.fehlerAnzahl / FEHLER_PRO_SEITE));
  const vorschau = u.status !== 'uebernommen';
  const zahl = (n: number | undefined) => formatNumber(l, n ?? 0);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/verwaltung/uploads', label: de ? 'Uploads' : 'Uploads' }]}>
      <div class="kern-stack">
      <h1 class="kern-heading-large">
        {de ? 'Upload „' : 'Upload “'}
        <bdi>{u.dateiname}</bdi>
        {de ? '“' : '”'}
      </h1>
      {geradeUebernommen && u.status === 'uebernommen' && (
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--success" aria-hidden="true" />
            <h2 class="kern-title">{de ? 'Der Upload wurde übernommen.' : 'The upload has been committed.'}</h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {de
                ? `Gespeichert: neue Online-Verfahren ${zahl(s?.verfahrenNeu)}, neue Verlinkungen ${zahl(s?.verlinkungenNeu)}, geänderte Adressen ${zahl(s?.verlinkungenUrlGeaendert)}. Die Zählstände der betroffenen Behörden (${zahl(s?.behoerdenBetroffen)}) sind neu berechnet.`
                : `Saved: new online procedures ${zahl(s?.verfahrenNeu)}, new links ${zahl(s?.verlinkungenNeu)}, changed addresses ${zahl(s?.verlinkungenUrlGeaendert)}. The counts of the authorities affected (${zahl(s?.behoerdenBetroffen)}) are recomputed.`}
            </p>
          </div>
        </div>
      )}
      {geradeUebernommen && u.status === 'fehlerhaft' && (
        <div class="kern-alert kern-alert--danger" role="alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--danger" aria-hidden="true" />
            <h2 class="kern-title">{de ? 'Der Upload wurde nicht übernommen.' : 'The upload was not committed.'}</h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {de
                ? 'Seit der Prüfung haben sich Daten geändert; die erneute Prüfung hat die unten aufgeführten Fehler gefunden. Es wurde nichts gespeichert.'
                : 'Data changed since the check; checking again found the errors below. Nothing was saved.'}
            </p>
          </div>
        </div>
      )}
      <p>
        <StatusBadge status={u.status} de={de} />{' '}
        <span class="kern-body kern-body--small">
          {de ? `Hochgeladen am ${zeit(u.erstelltAm, de)} von ` : `Uploaded ${zeit(u.erstelltAm, de)} by `}
          <bdi>{u.hochgeladenVon}</bdi>
          {u.uebernommenAm && (de ? `, übernommen am ${zeit(u.uebernommenAm, de)}` : `, committed ${zeit(u.uebernommenAm, de)}`)}
        </span>
      </p>

      <h2 class="kern-heading-medium">{vorschau ? (de ? 'Was die Übernahme bewirken würde' : 'What committing would do') : de ? 'Ergebnis' : 'Result'}</h2>
      <dl class="kern-description-list">
        {(
          [
            u.format === 'xzufi'
              ? [de ? 'Datensätze in der Datei (onlinedienst)' : 'Records in the file (onlinedienst)', s?.datensaetze ?? u.zeilen]
              : [de ? 'Datensätze in der Datei' : 'Records in the file', s?.datensaetze ?? u.zeilen],
            ...(u.format === 'xzufi' ? [[de ? 'Zuordnungen zu Behörden (onlinedienst × Behörde)' : 'Assignments to authorities (onlinedienst × authority)', u.zeilen] as [string, number]] : []),
            [de ? 'Neue Online-Verfahren im Katalog' : 'New online procedures in the catalogue', s?.verfahrenNeu],
            [de ? 'Vorhandene Online-Verfahren' : 'Existing online procedures', s?.verfahrenVorhanden],
            [de ? 'Neue Verlinkungen' : 'New links', s?.verlinkungenNeu],
            [de ? 'Verlinkungen mit geänderter Adresse' : 'Links with a changed address', s?.verlinkungenUrlGeaendert],
            [de ? 'Verlinkungen unverändert' : 'Links unchanged', s?.verlinkungenUnveraendert],
            [de ? 'Betroffene Behörden' : 'Authorities affected', s?.behoerdenBetroffen],
            [de ? 'Derselbe Dienst doppelt (nicht übernommen)' : 'The same service twice (not taken over)', s?.doppelt ?? 0],
            [de ? 'Fehler' : 'Errors', u.fehlerAnzahl],
          ] as [string, number | undefined][]
        ).map(([k, v]) => (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{k}</dt>
            <dd class="kern-description-list-item__value">{zahl(v)}</dd>
          </div>
        ))}
      </dl>
      {u.fehlerAnzahl > 0 && vorschau && (
        <p class="kern-body kern-body--small">
          {de ? 'Die Zahlen betreffen nur die fehlerfreien Zeilen. Übernommen wird erst eine ganz fehlerfreie Datei.' : 'The figures cover the error-free rows only. Only a fully error-free file can be committed.'}
        </p>
      )}
      {s && s.hinweise.length > 0 && (
        <div class="kern-alert kern-alert--info info-alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--info" aria-hidden="true" />
            <h2 class="kern-title">{de ? 'Hinweise' : 'Notes'}</h2>
          </div>
          <div class="kern-alert__body">
            <ul class="kern-list">
              {s.hinweise.map((h) => (
                <li lang={de ? undefined : 'de'}>{h}</li>
              ))}
            </ul>
          </div>
        </div>
      )}

      {s?.doppelte && s.doppelte.length > 0 && (
        <section aria-labelledby="doppelt" class="kern-stack">
          <h2 class="kern-heading-medium" id="doppelt">
            {de
              ? `${zahlMitWort('de', s.doppelt ?? s.doppelte.length, 'Eintrag', 'Einträge')}: derselbe Dienst doppelt`
              : `${zahlMitWort('en', s.doppelt ?? s.doppelte.length, 'entry', 'entries')}: the same service twice`}
          </h2>
          <p class="kern-body">
            {de
              ? 'Diese Zeilen beschreiben einen Dienst, den ihre Behörde schon verlinkt hat oder den eine frühere Zeile der Datei schon beschreibt (gleiche Adresse, oder gleicher LeiKa-Schlüssel unter gleicher Adresse). Sie werden nicht übernommen; ein Dienst zählt je Behörde einmal.'
              : 'These rows describe a service their authority links already or that an earlier row of the file describes (same address, or same LeiKa key under the same address). They are not taken over; a service counts once per authority.'}
          </p>
          <TabellenBereich label={de ? 'Doppelte Einträge' : 'Duplicate entries'}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-sr-only">{de ? 'Doppelte Einträge' : 'Duplicate entries'}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Zeile' : 'Line'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Behörde' : 'Authority'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Name' : 'Name'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Derselbe Dienst wie' : 'Same service as'}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {s.doppelte.map((d) => (
                  <tr>
                    <td class="kern-table__cell kern-table__cell--numeric">{d.zeile}</td>
                    <td class="kern-table__cell">{d.ars}</td>
                    <td class="kern-table__cell">
                      <bdi>{d.name}</bdi>
                    </td>
                    <td class="kern-table__cell">
                      {d.wieZeile !== undefined ? (
                        de ? (
                          `Zeile ${d.wieZeile}`
                        ) : (
                          `line ${d.wieZeile}`
                        )
                      ) : (
                        <>
                          {de ? 'bereits verlinkt: ' : 'linked already: '}
                          <bdi>{d.wieVerfahren?.name}</bdi>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
        </section>
      )}

      {darfUebernehmen && (
        <form method="post" action={`/verwaltung/uploads/${u.id}/uebernehmen`} class="kern-stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <p class="kern-body">
            {de
              ? 'Die Datei ist fehlerfrei. Mit „Übernehmen“ werden alle Zeilen gespeichert; vorher wird noch einmal gegen den aktuellen Stand geprüft.'
              : 'The file has no errors. “Commit” saves all rows; they are checked once more against the current data first.'}
          </p>
          <div>
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{de ? 'Übernehmen' : 'Commit'}</span>
            </button>
          </div>
        </form>
      )}

      {u.fehlerAnzahl > 0 && (
        <>
          <h2 class="kern-heading-medium" id="fehler">
            {de ? `${zahl(u.fehlerAnzahl)} Fehler` : zahlMitWort('en', u.fehlerAnzahl, 'error', 'errors')}
          </h2>
          <p class="kern-body">
            {de ? 'Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch. ' : 'Please correct the file and upload it again. '}
            <a class="kern-link" href={`/verwaltung/uploads/${u.id}/fehler.csv`} download>
              {de ? 'Alle Fehler als CSV herunterladen' : 'Download all errors as CSV'}
            </a>
          </p>
          <TabellenBereich label={de ? `Fehler, Seite ${seite} von ${seiten}` : `Errors, page ${seite} of ${seiten}`}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-sr-only">{de ? `Fehler, Seite ${seite} von ${seiten}` : `Errors, page ${seite} of ${seiten}`}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Zeile' : 'Line'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Spalte' : 'Column'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Meldung' : 'Message'}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {u.fehler.map((f) => (
                  <tr>
                    <td class="kern-table__cell kern-table__cell--numeric">{f.zeile}</td>
                    <td class="kern-table__cell">{f.spalte ? <code>{f.spalte}</code> : '–'}</td>
                    <td class="kern-table__cell" lang="de">
                      <bdi>{f.meldung}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
          <Pagination locale={ctx.locale} page={seite} pages={seiten} href={(p) => `/verwaltung/uploads/${u.id}?seite=${p}#fehler`} label={de ? 'Seiten der Fehlerliste' : 'Pages of the error list'} />
        </>
      )}
      <p>
        <a class="kern-link" href="/verwaltung/uploads">
          {de ? 'Weitere Datei hochladen' : 'Upload another file'}
        </a>
      </p>
      </div>
    </Layout>
  );
}
