import type { Locale } from '../../shared/i18n';

const STATUS_LABELS: Record<string, { de: string; en: string; badge: string }> = {
  gueltig: { de: 'Digitales Amt', en: 'Digitales Amt', badge: 'success' },
  ausgesetzt: { de: 'Prädikat ausgesetzt', en: 'Label suspended', badge: 'warning' },
  widerrufen: { de: 'Prädikat widerrufen', en: 'Label revoked', badge: 'danger' },
};

export function PraedikatBadge({ status, locale }: { status: string; locale: Locale }) {
  const s = STATUS_LABELS[status] ?? { de: status, en: status, badge: 'info' };
  return (
    <span class={`kern-badge kern-badge--${s.badge}`}>
      <span class="kern-label kern-label--small">{s[locale]}</span>
    </span>
  );
}
