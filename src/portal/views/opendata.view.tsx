/** Open data: the index of files and the data dictionary. */
import { formatDate } from '../../shared/i18n';
import { DemoHinweis, Layout, type PageContext, TabellenBereich } from '../../shared/layout';
import { DATEIEN } from '../opendata.lexikon';
import { LIZENZ } from '../portal.kern';
import { Download } from './portal.parts';

export interface OpendataInfo {
  attributions: { text: string; href?: string }[];
  stand: Date | null;
  statistikCsv: string[];
}

function Lizenz({ ctx, info }: { ctx: PageContext; info: OpendataInfo }) {
  const de = ctx.locale === 'de';
  return (
    <>
      <h2 class="kern-heading-medium" id="lizenz">{de ? 'Lizenz und Namensnennung' : 'Licence and attribution'}</h2>
      <p class="kern-body">
        {de ? 'Alle Dateien stehen unter der ' : 'All files are published under the '}
        <a class="kern-link" href={LIZENZ.url} lang="de">
          {LIZENZ.name}
        </a>{' '}
        ({LIZENZ.id}).{' '}
        {de
          ? 'Nennen Sie bei einer Weiterverwendung die Plattform „Digitales Amt“ und die folgenden Quellen der amtlichen Daten:'
          : 'When you reuse them, name the “Digitales Amt” platform and these sources of the official data:'}
      </p>
      <ul class="kern-list">
        {info.attributions.map((a) => (
          <li lang="de">{a.href ? <a class="kern-link" href={a.href}>{a.text}</a> : a.text}</li>
        ))}
      </ul>
      <p class="kern-body">
        {de
          ? 'Die CSV-Dateien enthalten nur Daten (keine Kommentarzeile), damit jedes Programm sie lesen kann. Lizenz und Quellen stehen deshalb hier, in den Metadaten der JSON- und GeoJSON-Dateien und im HTTP-Kopf jeder Datei (Link: …; rel="license").'
          : 'The CSV files hold data only (no comment line), so every program can read them. Licence and sources are therefore given here, in the metadata of the JSON and GeoJSON files and in every file’s HTTP header (Link: …; rel="license").'}
      </p>
    </>
  );
}

/** The spreadsheet variant of a CSV file (`?format=excel`). */
function ExcelLink({ pfad, de }: { pfad: string; de: boolean }) {
  return (
    <>
      {' · '}
      <a class="kern-link" href={`${pfad}?format=excel`} download>
        {de ? 'für Excel' : 'for Excel'} <span class="kern-body kern-body--small">(CSV ;)</span>
      </a>
    </>
  );
}

/** Files with their download link (and the spreadsheet variant of a CSV) and what they hold. */
function DateiListe({ l, dateien }: { l: 'de' | 'en'; dateien: typeof DATEIEN }) {
  return (
    <ul class="kern-list opendata-liste">
      {dateien.map((d) => (
        <li>
          <Download href={d.pfad} label={d.pfad.split('/').pop() as string} format={d.format} />
          {d.format === 'CSV' && <ExcelLink pfad={d.pfad} de={l === 'de'} />}
          <span class="kern-body"> – {d[l]}</span>
        </li>
      ))}
    </ul>
  );
}

export function OpendataPage({ ctx, info }: { ctx: PageContext; info: OpendataInfo }) {
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? 'Offene Daten' : 'Open data';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Die Zahlen dieses Portals zum Herunterladen und Weiterverwenden: jede Behörde mit ihrer Zahl an Online-Verfahren und ihrem Prädikat, jede Verleihung und jede Verlinkung. Die Spaltennamen bleiben stabil; ihre Bedeutung steht im Datenlexikon.'
          : 'This portal’s numbers to download and reuse: every authority with its count and label, every award and every link. Column names stay stable; their meaning is in the data dictionary.'}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>
      {info.stand && (
        <p class="kern-body">
          {de ? 'Stand der Daten: ' : 'Data as of: '}
          <time dateTime={info.stand.toISOString()}>{formatDate(l, info.stand)}</time>
        </p>
      )}
      <h2 class="kern-heading-medium">{de ? 'Dateien' : 'Files'}</h2>
      <DateiListe l={l} dateien={DATEIEN.filter((d) => !d.pfad.startsWith('/statistik/'))} />
      <h3 class="kern-heading-small">{de ? 'Die Daten der Statistik-Seite' : 'The data of the statistics page'}</h3>
      <DateiListe l={l} dateien={DATEIEN.filter((d) => d.pfad.startsWith('/statistik/') && info.statistikCsv.includes(d.pfad.slice('/statistik/'.length, -'.csv'.length)))} />
      <p class="kern-body">
        {de
          ? 'Für Tabellenprogramme mit deutschen Einstellungen (Excel, LibreOffice) gibt es jede CSV-Datei auch mit Semikolon, Byte-Order-Mark und Dezimalkomma: Adresse mit ?format=excel, z. B. '
          : 'For spreadsheets with German settings (Excel, LibreOffice) every CSV file is also available with semicolons, a byte order mark and decimal commas: add ?format=excel, e.g. '}
        <a class="kern-link" href="/opendata/behoerden.csv?format=excel">
          /opendata/behoerden.csv?format=excel
        </a>
        .
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/opendata/datenlexikon">
          {de ? 'Datenlexikon: alle Spalten und ihre Bedeutung' : 'Data dictionary: every column and its meaning'}
        </a>
      </p>
      <h2 class="kern-heading-medium">{de ? 'Aktualität und Abruf' : 'Freshness and retrieval'}</h2>
      <p class="kern-body">
        {de
          ? 'Die Dateien entstehen bei jedem Abruf aus dem aktuellen Stand. Jede Antwort trägt ETag und Last-Modified; wer sie bei der nächsten Anfrage mitschickt (If-None-Match, If-Modified-Since), erhält „304 Not Modified“, solange sich nichts geändert hat. Die Behördenliste nimmt dieselben Filter an wie die Seite „Behörden“, zum Beispiel '
          : 'The files are built from the current data on every request. Each response has an ETag and Last-Modified; send them back (If-None-Match, If-Modified-Since) and you get “304 Not Modified” while nothing changed. The authority files accept the same filters as the “Authorities” page, for example '}
        <a class="kern-link" href="/opendata/behoerden.csv?status=digitales_amt">
          /opendata/behoerden.csv?status=digitales_amt
        </a>
        .{' '}
        {de ? 'Eine Programmierschnittstelle beschreibt ' : 'An API is described in '}
        <a class="kern-link" href="/api/openapi.json">
          /api/openapi.json
        </a>
        .
      </p>
      <Lizenz ctx={ctx} info={info} />
    </Layout>
  );
}

export function DatenlexikonPage({ ctx, info }: { ctx: PageContext; info: OpendataInfo }) {
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? 'Datenlexikon der offenen Daten' : 'Data dictionary of the open data';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/opendata/', label: de ? 'Offene Daten' : 'Open data' }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'CSV: RFC 4180, Komma als Trennzeichen, UTF-8 ohne Byte-Order-Mark, Zeilenende CRLF, eine Kopfzeile. Leere Zelle = kein Wert. Wahrheitswerte als true/false, Datum als JJJJ-MM-TT, Dezimalpunkt. Textzellen, die mit =, +, -, @, Tabulator oder Wagenrücklauf beginnen, erhalten vorne ein Apostroph, damit Tabellenprogramme sie nicht als Formel ausführen. Für Excel und LibreOffice mit deutschen Einstellungen: dieselbe Datei mit ?format=excel – Semikolon als Trennzeichen, UTF-8 mit Byte-Order-Mark, Dezimalkomma, sonst gleich (öffnet per Doppelklick richtig). Adressen in den Dateien (url, nachweis_url) sind absolut und beginnen mit der öffentlichen Adresse der Plattform.'
          : 'CSV: RFC 4180, comma-separated, UTF-8 without byte order mark, CRLF line ends, one header row. Empty cell = no value. Booleans true/false, dates YYYY-MM-DD, decimal point. Text cells starting with =, +, -, @, tab or carriage return get a leading apostrophe so spreadsheets do not run them as formulas. For spreadsheets with German settings: the same file with ?format=excel – semicolons, UTF-8 with byte order mark, decimal commas, otherwise equal. Addresses in the files (url, nachweis_url) are absolute and start with the platform’s public address.'}
      </p>
      {DATEIEN.map((d) => (
        <section aria-labelledby={`datei-${d.pfad.replace(/[^a-z]/g, '')}`}>
          <h2 class="kern-heading-medium" id={`datei-${d.pfad.replace(/[^a-z]/g, '')}`}>
            <code>{d.pfad}</code> ({d.format})
          </h2>
          <p class="kern-body">{d[l]}</p>
          {d.spalten && (
            <TabellenBereich label={de ? `Spalten von ${d.pfad}` : `Columns of ${d.pfad}`}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-sr-only">{de ? `Spalten von ${d.pfad}` : `Columns of ${d.pfad}`}</caption>
                <thead class="kern-table__header">
                  <tr>
                    <th scope="col" class="kern-table__header">{de ? 'Spalte' : 'Column'}</th>
                    <th scope="col" class="kern-table__header">{de ? 'Typ' : 'Type'}</th>
                    <th scope="col" class="kern-table__header">{de ? 'Bedeutung' : 'Meaning'}</th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {d.spalten.map((s) => (
                    <tr>
                      <th scope="row" class="kern-table__cell">
                        <code>{s.name}</code>
                      </th>
                      <td class="kern-table__cell">{s.typ}</td>
                      <td class="kern-table__cell">{s[l]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TabellenBereich>
          )}
        </section>
      ))}
      <Lizenz ctx={ctx} info={info} />
    </Layout>
  );
}
