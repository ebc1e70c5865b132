/** The notice a work list shows when it left out filter values from the address (see filter.ts), and what work lists share. */
import type { ComponentChildren } from 'preact';
import { BAYERN_TYPEN, typLabel } from './behoerde-typen';
import type { IgnorierterFilter } from './filter';
import type { Locale } from './i18n';
import { SelectField, type SelectOption } from './layout';

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

/**
 * The filter form of a work list (Prädikat, Förderung): status, Regierungsbezirk, type of Behörde,
 * age, the list's own selects (`weitereAuswahl`), sort order and page size, then the list's own
 * check boxes (`children`), „Anzeigen“ and the reset link. A GET form: works without JavaScript.
 */
export function ArbeitslistenFilter(p: {
  action: string;
  locale: Locale;
  namen: Record<string, { de: string; en: string }>;
  werte: { status: string; regierungsbezirk?: string; typ?: string; mindestAlterTage?: number; sort: string; proSeite: number };
  status: SelectOption[];
  regierungsbezirke: SelectOption[];
  sortierungen: SelectOption[];
  weitereAuswahl?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const l = p.locale;
  const t = (de: string, en: string) => (l === 'de' ? de : en);
  const f = p.werte;
  return (
    <form method="get" action={p.action} class="filter-form" aria-label={t('Anträge filtern und sortieren', 'Filter and sort applications')}>
      <div class="filter-form__grid">
        <SelectField name="status" label={p.namen.status[l]} value={f.status} options={p.status} />
        <SelectField name="regierungsbezirk" label={p.namen.regierungsbezirk[l]} value={f.regierungsbezirk} leer={t('Alle', 'All')} options={p.regierungsbezirke} />
        <SelectField name="typ" label={p.namen.typ[l]} value={f.typ} leer={t('Alle', 'All')} options={BAYERN_TYPEN.map((value) => ({ value, label: typLabel(value, l) }))} />
        <SelectField
          name="mindestAlterTage"
          label={t('Eingereicht vor mindestens', 'Submitted at least')}
          value={f.mindestAlterTage === undefined ? '' : String(f.mindestAlterTage)}
          leer={t('beliebig', 'any time ago')}
          options={ALTER_STUFEN.map((d) => ({ value: String(d), label: t(`${d} Tagen`, `${d} days ago`) }))}
        />
        {p.weitereAuswahl}
        <SelectField name="sort" label={p.namen.sort[l]} value={f.sort} options={p.sortierungen} />
        <SelectField name="proSeite" label={p.namen.proSeite[l]} value={String(f.proSeite)} options={PRO_SEITE.map((n) => ({ value: String(n), label: String(n) }))} />
      </div>
      {p.children}
      <div class="filter-form__actions">
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">{t('Anzeigen', 'Show')}</span>
        </button>
        <a class="kern-link" href={p.action}>
          {t('Filter zurücksetzen', 'Reset filters')}
        </a>
      </div>
    </form>
  );
}
