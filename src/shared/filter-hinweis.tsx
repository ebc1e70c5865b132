/** The notice a work list shows when it left out filter values from the address (see filter.ts). */
import type { IgnorierterFilter } from './filter';
import type { Locale } from './i18n';

export function FilterHinweis({ ignoriert, namen, locale }: { ignoriert: IgnorierterFilter[]; namen: Record<string, { de: string; en: string }>; locale: Locale }) {
  if (ignoriert.length === 0) return null;
  const de = locale === 'de';
  return (
    <div class="kern-alert kern-alert--warning" role="status">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <p class="kern-title">{de ? 'Einige Filterangaben waren unbekannt und wurden nicht berücksichtigt' : 'Some filter values were unknown and have been left out'}</p>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {ignoriert.map((i) => (
            <li>
              {de ? `${namen[i.feld]?.de ?? i.feld}: „${i.wert}“` : `${namen[i.feld]?.en ?? i.feld}: “${i.wert}”`}
            </li>
          ))}
        </ul>
        <p class="kern-body">{de ? 'Die Liste zeigt das Ergebnis ohne diese Angaben. Wählen Sie die Filter unten neu.' : 'The list shows the result without them. Choose the filters below again.'}</p>
      </div>
    </div>
  );
}
