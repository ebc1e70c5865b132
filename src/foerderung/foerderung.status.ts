/** The statuses of a Förderantrag and the calendar day in Bavaria (shared by service, CSV and views). */
export const STATUS = [
  'entwurf',
  'eingereicht',
  'geprueft',
  'bewilligt',
  'abgelehnt',
  'nachweis_eingegangen',
  'nachweis_geprueft',
  'auszahlung_freigegeben',
  'ausgezahlt',
] as const;
export type Status = (typeof STATUS)[number];

export const STATUS_TEXT: Record<Status, { de: string; en: string }> = {
  entwurf: { de: 'Entwurf', en: 'Draft' },
  eingereicht: { de: 'Eingereicht', en: 'Submitted' },
  geprueft: { de: 'Geprüft, Entscheidung offen', en: 'Checked, awaiting decision' },
  bewilligt: { de: 'Bewilligt', en: 'Approved' },
  abgelehnt: { de: 'Abgelehnt', en: 'Rejected' },
  nachweis_eingegangen: { de: 'Verwendungsnachweis eingegangen', en: 'Proof of use received' },
  nachweis_geprueft: { de: 'Verwendungsnachweis geprüft', en: 'Proof of use checked' },
  auszahlung_freigegeben: { de: 'Auszahlung erstmals freigegeben', en: 'Payout released once' },
  ausgezahlt: { de: 'Ausgezahlt', en: 'Paid out' },
};

/** The calendar day in Bavaria (YYYY-MM-DD) of an instant. */
export { tagInBayern } from '../shared/i18n';

