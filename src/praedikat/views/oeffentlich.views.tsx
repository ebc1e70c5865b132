/** The page of a revoked award's file that is gone (sign print file, certificate). Public reasons only. */
import { formatDate } from '../../shared/i18n';
import { Layout, type PageContext } from '../../shared/layout';

/** 410 Gone: the file of a revoked award (sign print file, certificate), with why and since when. */
export function WiderrufenGonePage({ ctx, nr, name, was, widerrufenAm, grund, ars }: { ctx: PageContext; nr: string; name: string; was: 'schild' | 'urkunde'; widerrufenAm: string | null; grund: string | null; ars: string }) {
  const l = ctx.locale;
  const de = l === 'de';
  const datei = was === 'schild' ? (de ? 'Die Druckdatei des Schildes' : 'The print file of the sign') : de ? 'Die Urkunde' : 'The certificate';
  const title = de ? `${datei} ist nicht mehr verfügbar` : `${datei} is no longer available`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <div class="kern-alert kern-alert--danger" role="status">
        <div class="kern-alert__header">
          <span class="kern-icon kern-icon--danger" aria-hidden="true" />
          <p class="kern-title">
            {de
              ? `Das Prädikat „Digitales Amt“ ${nr} für ${name} wurde${widerrufenAm ? ` am ${formatDate(l, widerrufenAm)}` : ''} widerrufen.`
              : `The „Digitales Amt“ label ${nr} for ${name} was revoked${widerrufenAm ? ` on ${formatDate(l, widerrufenAm)}` : ''}.`}
          </p>
        </div>
        <div class="kern-alert__body">
          {grund && (
            <p class="kern-body">
              {de ? 'Grund: ' : 'Reason: '}
              <span lang="de">{grund}</span>
            </p>
          )}
          <p class="kern-body">
            {de
              ? `${datei} wird deshalb nicht mehr ausgegeben. Eine bereits gedruckte Fassung belegt das Prädikat nicht mehr.`
              : `${datei} is therefore no longer issued. A copy printed earlier no longer proves the label.`}
          </p>
        </div>
      </div>
      <p class="kern-body">
        <a class="kern-link" href={`/pruefen/${nr}`}>
          {de ? 'Aktuellen Status prüfen' : 'Check the current status'}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`/behoerden/${ars}`}>
          {de ? `Seite von ${name}` : `Page of ${name}`}
        </a>
      </p>
    </Layout>
  );
}
