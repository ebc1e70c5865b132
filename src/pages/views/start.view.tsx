import { formatNumber } from '../../shared/i18n';
import { Layout, type PageContext } from '../../shared/layout';
import { typLabel } from '../../behoerden/behoerden.schemas';

export function StartPage({ ctx, counts }: { ctx: PageContext; counts: { typ: string; n: number }[] }) {
  const l = ctx.locale;
  const de = l === 'de';
  const total = counts.reduce((s, c) => s + Number(c.n), 0);
  return (
    <Layout ctx={ctx} title={de ? 'Start' : 'Home'}>
      <h1 class="kern-heading-x-large">{de ? 'Digitales Amt' : 'Digitales Amt'}</h1>
      <p class="kern-body kern-body--large">
        {de
          ? 'Mit dem Prädikat „Digitales Amt“ zeichnet der Freistaat Bayern Kommunen aus, die mindestens 50 Online-Verfahren im BayernPortal anbieten (Bezirke: 30). Hier sehen Sie, welche Behörden schon digital sind und wie viele Online-Verfahren jede anbietet.'
          : 'With the „Digitales Amt“ label the Free State of Bavaria honours municipalities that offer at least 50 online procedures in the BayernPortal (Bezirke: 30). See which authorities are digital already and how many online procedures each offers.'}
      </p>
      <h2 class="kern-heading-medium">{de ? 'Behörden auf der Plattform' : 'Authorities on the platform'}</h2>
      <ul class="kern-list">
        {counts.map((c) => (
          <li>
            {typLabel(c.typ, l)}: {formatNumber(l, Number(c.n))}
          </li>
        ))}
      </ul>
      <p class="kern-body">
        {de ? `Zusammen ${formatNumber(l, total)} Behörden.` : `${formatNumber(l, total)} authorities in total.`}{' '}
        <a class="kern-link" href="/behoerden">
          {de ? 'Alle Behörden ansehen' : 'See all authorities'}
        </a>
      </p>
    </Layout>
  );
}
