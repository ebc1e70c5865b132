/** Small pieces shared by the Förderprogramm's pages: labels, amounts, dates, badges, SVG charts. */
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../shared/layout';
import { type Cent, formatEuro } from '../foerderung.regeln';
import { STATUS_TEXT, type Status } from '../foerderung.status';

/** German or English label, as the page's locale says. */
export const sprache = (ctx: PageContext) => (de: string, en: string) => (ctx.locale === 'de' ? de : en);

export const euro = (ctx: PageContext, cent: Cent | string | null | undefined) => (cent === null || cent === undefined ? '–' : formatEuro(typeof cent === 'string' ? BigInt(cent) : cent, ctx.locale));

/** „31.12.2021“ from an ISO date (YYYY-MM-DD…) or a Date (Bavarian calendar day). */
export function datum(v: string | Date | null | undefined): string {
  if (!v) return '–';
  const iso = typeof v === 'string' ? v.slice(0, 10) : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(v);
  return iso.split('-').reverse().join('.');
}

const zeitFormat = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** A point in time: shown in Bavarian time, the UTC instant in `datetime` and the tooltip. */
export function Zeit({ am }: { am: Date | string | null | undefined }) {
  if (!am) return <>–</>;
  const d = typeof am === 'string' ? new Date(am) : am;
  return (
    <time dateTime={d.toISOString()} title={`${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`}>
      {zeitFormat.format(d)}
    </time>
  );
}

export const statusText = (ctx: PageContext, s: string) => STATUS_TEXT[s as Status]?.[ctx.locale] ?? s;

const STATUS_BADGE: Record<string, string> = {
  entwurf: 'info',
  eingereicht: 'info',
  geprueft: 'warning',
  bewilligt: 'success',
  abgelehnt: 'danger',
  nachweis_eingegangen: 'warning',
  nachweis_geprueft: 'warning',
  auszahlung_freigegeben: 'warning',
  ausgezahlt: 'success',
};

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: string }) {
  return (
    <span class={`kern-badge kern-badge--${STATUS_BADGE[status] ?? 'info'}`}>
      <span class="kern-label kern-label--small">{statusText(ctx, status)}</span>
    </span>
  );
}

export function Hinweis({ titel, children, art = 'info' }: { titel: string; children?: ComponentChildren; art?: 'info' | 'warning' | 'danger' }) {
  return (
    <div class={`kern-alert kern-alert--${art} foerder-hinweis`}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${art}`} aria-hidden="true" />
        <p class="kern-title">{titel}</p>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}

export function Csrf({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

/** Description list in KERN style. */
export function Angaben({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="kern-description-list">
      {items.map(([k, v]) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{k}</dt>
          <dd class="kern-description-list-item__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface Balken {
  label: string;
  wert: bigint;
  /** Text shown at the end of the bar (e.g. the formatted amount). */
  anzeige: string;
}

/**
 * A horizontal bar chart as server-rendered SVG: `role="img"` with title and description, labels
 * in the picture, and always a data table beside it (rendered by the caller) for screen readers.
 */
export function BalkenDiagramm({ id, titel, beschreibung, balken, farbe = '#0a5a8f' }: { id: string; titel: string; beschreibung: string; balken: Balken[]; farbe?: string }) {
  const max = balken.reduce((m, b) => (b.wert > m ? b.wert : m), 0n);
  const zeile = 30;
  const labelBreite = 270;
  const balkenBreite = 330;
  const hoehe = balken.length * zeile + 10;
  return (
    <svg class="foerder-chart" role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`} viewBox={`0 0 ${labelBreite + balkenBreite + 150} ${hoehe}`} width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-titel`}>{titel}</title>
      <desc id={`${id}-beschreibung`}>{beschreibung}</desc>
      {balken.map((b, i) => {
        // Geometry only: the ratio of two exact amounts, in thousandths.
        const w = max > 0n ? (Number((b.wert * 1000n) / max) / 1000) * balkenBreite : 0;
        const y = i * zeile + 5;
        return (
          <g>
            <text x={labelBreite - 8} y={y + 17} text-anchor="end" font-size="13" fill="#1d2034">
              {b.label.length > 36 ? `${b.label.slice(0, 35)}…` : b.label}
            </text>
            <rect x={labelBreite} y={y + 3} width={Math.max(w, b.wert > 0n ? 1 : 0)} height={zeile - 10} fill={farbe} />
            <text x={labelBreite + w + 6} y={y + 17} font-size="13" fill="#1d2034">
              {b.anzeige}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Segment {
  label: string;
  wert: bigint;
  farbe: string;
  anzeige: string;
}

/** One stacked bar (e.g. the budget: paid, committed, free) with a legend, as SVG. */
export function StapelDiagramm({ id, titel, beschreibung, segmente }: { id: string; titel: string; beschreibung: string; segmente: Segment[] }) {
  const summe = segmente.reduce((s, x) => s + (x.wert > 0n ? x.wert : 0n), 0n);
  const breite = 640;
  let x = 0;
  return (
    <svg class="foerder-chart" role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`} viewBox={`0 0 ${breite} ${60 + segmente.length * 22}`} width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-titel`}>{titel}</title>
      <desc id={`${id}-beschreibung`}>{beschreibung}</desc>
      {segmente.map((s) => {
        const w = summe > 0n && s.wert > 0n ? (Number((s.wert * 100000n) / summe) / 100000) * breite : 0;
        const r = <rect x={x} y={4} width={w} height={36} fill={s.farbe} stroke="#fff" stroke-width="1" />;
        x += w;
        return r;
      })}
      {segmente.map((s, i) => (
        <g>
          <rect x={0} y={52 + i * 22} width={14} height={14} fill={s.farbe} />
          <text x={22} y={64 + i * 22} font-size="13" fill="#1d2034">
            {`${s.label}: ${s.anzeige}`}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Page links for a list (works without JavaScript). */
export function Seiten({ ctx, total, seite, proSeite, href }: { ctx: PageContext; total: number; seite: number; proSeite: number; href: (seite: number) => string }) {
  const t = sprache(ctx);
  const seiten = Math.max(1, Math.ceil(total / proSeite));
  if (seiten <= 1) return null;
  return (
    <nav aria-label={t('Seiten', 'Pages')} class="foerder-seiten">
      <ul class="foerder-seiten__liste">
        {seite > 1 && (
          <li>
            <a class="kern-link" href={href(seite - 1)}>
              {t('Vorherige Seite', 'Previous page')}
            </a>
          </li>
        )}
        <li>
          <span class="kern-body">{t(`Seite ${seite} von ${seiten}`, `Page ${seite} of ${seiten}`)}</span>
        </li>
        {seite < seiten && (
          <li>
            <a class="kern-link" href={href(seite + 1)}>
              {t('Nächste Seite', 'Next page')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
