/** The hand-written iCalendar output, parsed back by an independent library (ical.js). */
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, icsKalender } from './veranstaltungen.ics';

const event = {
  id: '3f1c2b9a-0000-4000-8000-000000000001',
  titel: 'BayernID, Postkorb; E-Payment: was Kommunen wissen müssen',
  beschreibung: 'Zeile eins\nZeile zwei mit Komma, Semikolon; und Backslash \\ – Umlaute äöüß und ein sehr langer Satz, der über 75 Oktette hinausgeht, damit gefaltet wird.',
  beginn: new Date('2026-04-15T08:00:00Z'),
  ende: new Date('2026-04-15T09:30:00Z'),
  url: 'https://digitales-amt.bayern.example/veranstaltungen/3f1c2b9a-0000-4000-8000-000000000001',
};

describe('iCalendar output', () => {
  const ics = icsKalender([event, { ...event, id: '3f1c2b9a-0000-4000-8000-000000000002', titel: 'Zweite' }], { name: 'Digitales Amt: Veranstaltungen', host: 'digitales-amt.bayern.example', jetzt: new Date('2026-03-01T10:00:00Z') });

  it('uses CRLF everywhere and no line longer than 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('is parsed back by ical.js with the same values', () => {
    const comp = new ICAL.Component(ICAL.parse(ics));
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    const [e] = events;
    expect(e.uid).toBe(`${event.id}@digitales-amt.bayern.example`);
    expect(e.summary).toBe(event.titel);
    expect(e.description).toBe(event.beschreibung);
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-04-15T08:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-04-15T09:30:00.000Z');
    expect(e.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-03-01T10:00:00Z');
    expect(comp.getFirstPropertyValue('version')).toBe('2.0');
  });

  it('folds any text so that unfolding gives it back, without splitting characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }).map((x) => x.replace(/[\r\n]/g, '')), (s) => {
        const folded = foldLine(`DESCRIPTION:${s}`);
        for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${s}`);
      }),
    );
  });
});
