/** The review signals on the reviewer's application page: counts, and the way to the entries. */
import type { Locale } from '../../shared/i18n';
import type { Pruefsignale } from '../../verlinkung/pruefsignale';
import { SignalTabelle } from '../../verlinkung/views/pruefung.views';

export function SignalAbschnitt({ signale, ars, l }: { signale?: Pruefsignale; ars: string; l: Locale }) {
  const de = l === 'de';
  if (!signale) return null;
  return (
    <section aria-labelledby="pruefsignale" class="form-spaced kern-stack">
      <h2 class="kern-heading-medium" id="pruefsignale">
        {de ? 'Prüfsignale: worauf die Prüfung achten sollte' : 'Review signals: what the review should look at'}
      </h2>
      <SignalTabelle signale={signale} en={!de} />
      <p class="kern-body">
        <a class="kern-link" href={`/verwaltung/behoerden/${ars}/pruefung`}>
          {de ? 'Einträge ansehen und als „zählt nicht“ markieren' : 'See the entries and mark them “does not count”'}
        </a>
      </p>
    </section>
  );
}
