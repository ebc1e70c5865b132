/** The second form of the upload page: an XZuFi 2.2 file instead of a CSV (xzufi.routes.tsx). */
import type { FieldError, PageContext } from '../../shared/layout';
import { XZUFI_GRENZEN } from '../xzufi.parser';

/** Field name and id of the file input; errors for it carry this `field`. */
export const XZUFI_FELD = 'xzufi-datei';

export function XzufiFormular({ ctx, errors }: { ctx: PageContext; errors?: FieldError[] }) {
  const de = ctx.locale === 'de';
  const fehler = errors?.find((e) => e.field === XZUFI_FELD)?.message;
  const mb = Math.round(XZUFI_GRENZEN.maxBytes / (1024 * 1024));
  return (
    <section aria-labelledby="xzufi-titel" class="kern-stack">
      <h2 class="kern-heading-medium" id="xzufi-titel">
        {de ? 'XZuFi-2.2-Datei hochladen' : 'Upload an XZuFi 2.2 file'}
      </h2>
      <p class="kern-body">
        {de
          ? 'Exporte aus Redaktionssystemen und dem Portalverbund (PVOG) im Standard XZuFi 2.2: Jeder onlinedienst wird für jede gebietID seiner Zuständigkeiten verlinkt. Die Datei wird wie eine CSV-Datei zuerst geprüft.'
          : 'Exports of editorial systems and the portal network (PVOG) in the XZuFi 2.2 standard: each onlinedienst is linked for every gebietID of its responsibilities. The file is checked first, like a CSV file.'}
      </p>
      <form method="post" action="/verwaltung/uploads/xzufi" enctype="multipart/form-data" novalidate class="kern-stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class={`kern-form-input${fehler ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for={XZUFI_FELD}>
            {de ? 'XZuFi-Datei (XML)' : 'XZuFi file (XML)'}
          </label>
          <div class="kern-hint" id={`${XZUFI_FELD}-hinweis`}>
            {de
              ? `UTF-8, höchstens ${mb} MB. Dateien mit DOCTYPE- oder Entitätsdeklarationen werden aus Sicherheitsgründen abgewiesen.`
              : `UTF-8, at most ${mb} MB. Files with DOCTYPE or entity declarations are refused for security reasons.`}
          </div>
          <input
            class={`kern-form-input__input${fehler ? ' kern-form-input__input--error' : ''}`}
            id={XZUFI_FELD}
            name="datei"
            type="file"
            accept=".xml,application/xml,text/xml"
            required
            aria-invalid={fehler ? 'true' : undefined}
            aria-describedby={`${XZUFI_FELD}-hinweis${fehler ? ` ${XZUFI_FELD}-fehler` : ''}`}
          />
          {fehler && (
            <p class="kern-error" id={`${XZUFI_FELD}-fehler`}>
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              <span class="kern-body">{fehler}</span>
            </p>
          )}
        </div>
        <div>
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? 'XZuFi-Datei prüfen' : 'Check XZuFi file'}</span>
          </button>
        </div>
      </form>
    </section>
  );
}
