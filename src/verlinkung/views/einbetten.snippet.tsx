/**
 * The copy-paste snippet for a Kommune's own website: an `<iframe>` with the Behörde's list of
 * Online-Verfahren (`/einbetten/{ars}`, the only page any site may frame), and the JSON address
 * for a CMS that renders the list itself.
 */
import type { PageContext } from '../../shared/layout';

export function EinbettenSnippet({ ctx, ars, name }: { ctx: PageContext; ars: string; name: string }) {
  const de = ctx.locale === 'de';
  const basis = ctx.baseUrl ?? '';
  const iframe = `<iframe src="${basis}/einbetten/${ars}" title="Online-Verfahren: ${name.replace(/"/g, '&quot;')}" width="100%" height="600" loading="lazy" style="border:0"></iframe>`;
  return (
    <section aria-labelledby="einbetten" class="einbetten-snippet">
      <h2 class="kern-heading-medium" id="einbetten">
        {de ? 'Auf der eigenen Website zeigen' : 'Show on your own website'}
      </h2>
      <p class="kern-body">
        {de
          ? 'Fügen Sie diesen Code in Ihr Redaktionssystem (CMS) ein: Er zeigt Ihre Online-Verfahren nach Themen, mit dem Signet, solange das Prädikat gilt, und bleibt von selbst aktuell.'
          : 'Paste this code into your content management system (CMS): it shows your online procedures by topic, with the signet while the label is valid, and stays up to date by itself.'}{' '}
        <a class="kern-link" href={`/einbetten/${ars}`}>
          {de ? 'Vorschau' : 'Preview'}
        </a>
      </p>
      <div class="kern-form-input">
        <label class="kern-label" for="einbetten-code">
          {de ? 'Code zum Einbetten (iframe)' : 'Embed code (iframe)'}
        </label>
        <textarea class="kern-form-input__input signet-snippet" id="einbetten-code" rows={3} readOnly>
          {iframe}
        </textarea>
      </div>
      <p class="kern-body kern-body--small">
        {de ? 'Dieselben Angaben als JSON: ' : 'The same as JSON: '}
        <a class="kern-link" href={`/einbetten/${ars}.json`}>
          {`${basis}/einbetten/${ars}.json`}
        </a>
      </p>
    </section>
  );
}
