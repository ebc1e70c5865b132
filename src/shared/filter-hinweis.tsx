/** The notice a work list shows when it left out filter values from the address (see filter.ts), and what work lists share. */
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

/** Age steps (days since submission) and page sizes the work lists offer; pages never hold more than 100. */
export const ALTER_STUFEN = [7, 14, 30, 60, 90] as const;
export const PRO_SEITE = [25, 50, 100] as const;

/** Names of the filters every work list has, for the notice. */
export const GEMEINSAME_FILTER_NAMEN: Record<string, { de: string; en: string }> = {
  regierungsbezirk: { de: 'Regierungsbezirk', en: 'Administrative region' },
  typ: { de: 'Art der Behörde', en: 'Type of authority' },
  mindestAlterTage: { de: 'Alter', en: 'Age' },
  sort: { de: 'Sortierung', en: 'Sort order' },
  seite: { de: 'Seite', en: 'Page' },
  proSeite: { de: 'Einträge je Seite', en: 'Entries per page' },
};
