/**
 * iCalendar (RFC 5545) output written by hand, so nothing hides what goes out:
 * - lines end in CRLF (§3.1) and are folded at 75 octets, never inside a UTF-8 character, by
 *   CRLF + one space (§3.1);
 * - TEXT values escape backslash, semicolon, comma and newlines (§3.3.11);
 * - every VEVENT has UID (§3.8.4.7, stable: the event id at our host), DTSTAMP (§3.8.7.2),
 *   DTSTART/DTEND in UTC (form #2, §3.3.5), SEQUENCE for changes (§3.8.7.4).
 * UTC avoids shipping a VTIMEZONE; calendars show the local time (Europe/Berlin) anyway.
 */

export interface IcsEvent {
  id: string;
  titel: string;
  beschreibung: string;
  beginn: Date;
  ende: Date;
  url: string;
  ort?: string;
  sequenz?: number;
}

/** TEXT escaping (RFC 5545 §3.3.11). */
export const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** DATE-TIME in UTC: 20260415T090000Z. */
export const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Folds one content line at 75 octets without splitting a UTF-8 sequence (§3.1). */
export function foldLine(line: string): string {
  const teile: string[] = [];
  let aktuell = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    // The first line holds 75 octets; continuation lines 74 plus the leading space.
    if (octets + n > (teile.length === 0 ? 75 : 74)) {
      teile.push(aktuell);
      aktuell = '';
      octets = 0;
    }
    aktuell += ch;
    octets += n;
  }
  teile.push(aktuell);
  return teile.join('\r\n ');
}

/** A VCALENDAR with the given events; `host` makes the UIDs globally unique. */
export function icsKalender(events: IcsEvent[], opts: { name: string; host: string; jetzt: Date }): string {
  const zeilen = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Freistaat Bayern//Digitales Amt Veranstaltungen//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    'X-WR-TIMEZONE:Europe/Berlin',
  ];
  for (const e of events) {
    zeilen.push(
      'BEGIN:VEVENT',
      `UID:${e.id}@${opts.host}`,
      `DTSTAMP:${utc(opts.jetzt)}`,
      `DTSTART:${utc(e.beginn)}`,
      `DTEND:${utc(e.ende)}`,
      `SEQUENCE:${e.sequenz ?? 0}`,
      `SUMMARY:${escapeText(e.titel)}`,
      `DESCRIPTION:${escapeText(e.beschreibung)}`,
      `LOCATION:${escapeText(e.ort ?? 'Online')}`,
      `URL:${e.url}`,
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  zeilen.push('END:VCALENDAR');
  return `${zeilen.map(foldLine).join('\r\n')}\r\n`;
}
