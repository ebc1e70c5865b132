import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AntragAktion,
  type AntragZustand,
  antragUebergang,
  type ManuelleAktion,
  manuellerUebergang,
  type OffeneMassnahme,
  plusMonate,
  type PraedikatZustand,
  recheck,
  type VierAugenAktion,
  vierAugenMassnahme,
} from './praedikat.zustand';

const person = fc.constantFrom('anna', 'bernd', 'clara');
const empfehlung = fc.constantFrom('verleihen', 'ablehnen', 'zurueckgeben') as fc.Arbitrary<'verleihen' | 'ablehnen' | 'zurueckgeben'>;
const aktion: fc.Arbitrary<AntragAktion> = fc.oneof(
  person.map((von) => ({ art: 'erneut_einreichen', von }) as const),
  fc.tuple(person, empfehlung).map(([von, e]) => ({ art: 'empfehlen', von, empfehlung: e }) as const),
  fc.tuple(person, empfehlung).map(([von, e]) => ({ art: 'entscheiden', von, entscheidung: e }) as const),
  person.map((von) => ({ art: 'zurueckziehen', von }) as const),
);

describe('application state machine', () => {
  it('never awards without two different reviewers', () => {
    fc.assert(
      fc.property(fc.array(aktion, { maxLength: 30 }), (aktionen) => {
        let z: AntragZustand = { status: 'eingereicht' };
        let empfohlenVon: string | undefined;
        for (const a of aktionen) {
          const r = antragUebergang(z, a);
          if (!r.ok) continue;
          if (a.art === 'empfehlen') empfohlenVon = a.von;
          if (r.zustand.status === 'verliehen') {
            expect(a.art).toBe('entscheiden');
            expect(empfohlenVon).toBeDefined();
            expect(a.von).not.toBe(empfohlenVon);
          }
          z = r.zustand;
        }
      }),
    );
  });

  it('refuses the decision by the person who recommended', () => {
    const z = antragUebergang({ status: 'eingereicht' }, { art: 'empfehlen', von: 'anna', empfehlung: 'verleihen' });
    expect(z.ok).toBe(true);
    if (!z.ok) return;
    const r = antragUebergang(z.zustand, { art: 'entscheiden', von: 'anna', entscheidung: 'verleihen' });
    expect(r).toEqual({ ok: false, grund: expect.stringContaining('Vier-Augen-Prinzip') });
  });

  it('never lets a submitter recommend or decide the application (any sequence, any person)', () => {
    fc.assert(
      fc.property(person, fc.array(aktion, { maxLength: 30 }), (einreicher, aktionen) => {
        let z: AntragZustand = { status: 'eingereicht', eingereichtVon: [einreicher] };
        const eingereicht = new Set<string>([einreicher]);
        for (const a of aktionen) {
          const r = antragUebergang(z, a);
          if (!r.ok) continue;
          if (a.art === 'empfehlen' || a.art === 'entscheiden') expect(eingereicht.has(a.von)).toBe(false);
          if (a.art === 'erneut_einreichen') eingereicht.add(a.von);
          z = r.zustand;
        }
      }),
    );
  });

  it('refuses a recommendation by the person who submitted, whatever their role', () => {
    const r = antragUebergang({ status: 'eingereicht', eingereichtVon: ['anna'] }, { art: 'empfehlen', von: 'anna', empfehlung: 'verleihen' });
    expect(r).toEqual({ ok: false, grund: expect.stringContaining('Befangenheit') });
  });

  it('ends in a final state only through a decision or a withdrawal, and nothing follows it', () => {
    fc.assert(
      fc.property(fc.array(aktion, { maxLength: 30 }), (aktionen) => {
        let z: AntragZustand = { status: 'eingereicht' };
        for (const a of aktionen) {
          const before = z.status;
          const r = antragUebergang(z, a);
          if (['verliehen', 'abgelehnt', 'zurueckgezogen'].includes(before)) expect(r.ok).toBe(false);
          if (r.ok) z = r.zustand;
        }
      }),
    );
  });
});

const DAY = 86_400_000;
const start = new Date('2026-01-01T00:00:00Z');
const plain: PraedikatZustand = { status: 'gueltig', unterSchwelleSeit: null, karenzBis: null, manuellAusgesetzt: false };

describe('award re-check', () => {
  it('notes a fall below the threshold, suspends after the grace period and reinstates when back', () => {
    const a = recheck(plain, false, start, 90);
    expect(a.ereignis).toBe('unterschreitung');
    expect(a.zustand).toMatchObject({ status: 'gueltig', karenzBis: '2026-04-01' });
    expect(recheck(a.zustand, false, new Date(start.getTime() + 90 * DAY), 90).ereignis).toBeUndefined();
    const b = recheck(a.zustand, false, new Date(start.getTime() + 91 * DAY), 90);
    expect(b).toMatchObject({ ereignis: 'aussetzung', zustand: { status: 'ausgesetzt' } });
    const c = recheck(b.zustand, true, new Date(start.getTime() + 92 * DAY), 90);
    expect(c).toEqual({ ereignis: 'wiederherstellung', zustand: plain });
  });

  it('ends the grace period when the count recovers in time', () => {
    const a = recheck(plain, false, start, 90);
    expect(recheck(a.zustand, true, new Date(start.getTime() + 10 * DAY), 90)).toEqual({ ereignis: 'erholung', zustand: plain });
  });

  it('does not reinstate an award suspended by hand', () => {
    const m = manuellerUebergang(plain, { art: 'aussetzen' });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(recheck(m.zustand, true, start, 90).zustand.status).toBe('ausgesetzt');
    expect(manuellerUebergang(m.zustand, { art: 'wiederherstellen', erreicht: false }).ok).toBe(false);
    expect(manuellerUebergang(m.zustand, { art: 'wiederherstellen', erreicht: true })).toMatchObject({ ok: true, zustand: { status: 'gueltig' } });
  });

  it('never brings back a revoked award', () => {
    const schritt = fc.oneof(
      fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })).map(([erreicht, tag]) => ({ typ: 'recheck' as const, erreicht, tag })),
      fc.constantFrom<ManuelleAktion>({ art: 'aussetzen' }, { art: 'wiederherstellen', erreicht: true }, { art: 'widerrufen' }).map((a) => ({ typ: 'manuell' as const, a })),
    );
    fc.assert(
      fc.property(fc.array(schritt, { maxLength: 40 }), fc.integer({ min: 0, max: 120 }), (schritte, karenz) => {
        let z = plain;
        let widerrufen = false;
        for (const s of schritte) {
          if (s.typ === 'recheck') z = recheck(z, s.erreicht, new Date(start.getTime() + s.tag * DAY), karenz).zustand;
          else {
            const r = manuellerUebergang(z, s.a);
            if (r.ok) z = r.zustand;
          }
          if (z.status === 'widerrufen') widerrufen = true;
          if (widerrufen) expect(z.status).toBe('widerrufen');
        }
      }),
    );
  });
});

describe('four eyes for revocation and reinstatement', () => {
  const massnahme: fc.Arbitrary<VierAugenAktion> = fc.oneof(
    person.map((von) => ({ art: 'widerrufen', von }) as const),
    fc.tuple(person, fc.boolean()).map(([von, erreicht]) => ({ art: 'wiederherstellen', von, erreicht }) as const),
    person.map((von) => ({ art: 'zuruecknehmen', von }) as const),
  );
  const schritt = fc.oneof(
    massnahme.map((a) => ({ typ: 'vier' as const, a })),
    fc.constant({ typ: 'aussetzen' as const }),
    fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })).map(([erreicht, tag]) => ({ typ: 'recheck' as const, erreicht, tag })),
  );

  it('changes the award only when a second, different person confirms; a request alone changes nothing', () => {
    fc.assert(
      fc.property(fc.array(schritt, { maxLength: 40 }), (schritte) => {
        let z = plain;
        let offen: OffeneMassnahme | null = null;
        for (const s of schritte) {
          if (s.typ === 'aussetzen') {
            const r = manuellerUebergang(z, { art: 'aussetzen' });
            if (r.ok) z = r.zustand;
            continue;
          }
          if (s.typ === 'recheck') {
            z = recheck(z, s.erreicht, new Date(start.getTime() + s.tag * DAY), 90).zustand;
            continue;
          }
          const r = vierAugenMassnahme(z, offen, s.a);
          if (!r.ok) continue;
          if (r.schritt === 'beantragt' || r.schritt === 'zurueckgenommen') expect(r.zustand).toEqual(z);
          if (r.schritt === 'bestaetigt') {
            expect(offen).not.toBeNull();
            expect(offen?.von).not.toBe(s.a.von);
            expect(offen?.art).toBe(s.a.art);
          }
          const vorher = z.status;
          z = r.zustand;
          offen = r.offen;
          if (z.status === 'widerrufen' && vorher !== 'widerrufen') expect(r.schritt).toBe('bestaetigt');
        }
      }),
    );
  });

  it('never brings back a revoked award, whatever follows', () => {
    fc.assert(
      fc.property(fc.array(schritt, { maxLength: 40 }), (schritte) => {
        let z = plain;
        let offen: OffeneMassnahme | null = null;
        let widerrufen = false;
        for (const s of schritte) {
          if (s.typ === 'aussetzen') {
            const r = manuellerUebergang(z, { art: 'aussetzen' });
            if (r.ok) z = r.zustand;
          } else if (s.typ === 'recheck') z = recheck(z, s.erreicht, new Date(start.getTime() + s.tag * DAY), 90).zustand;
          else {
            const r = vierAugenMassnahme(z, offen, s.a);
            if (r.ok) {
              z = r.zustand;
              offen = r.offen;
            }
          }
          if (z.status === 'widerrufen') widerrufen = true;
          if (widerrufen) expect(z.status).toBe('widerrufen');
        }
      }),
    );
  });

  it('refuses the confirmation by the requester and a second request of another kind', () => {
    const a = vierAugenMassnahme(plain, null, { art: 'widerrufen', von: 'anna' });
    expect(a).toMatchObject({ ok: true, schritt: 'beantragt', zustand: plain });
    if (!a.ok) return;
    expect(vierAugenMassnahme(plain, a.offen, { art: 'widerrufen', von: 'anna' })).toEqual({ ok: false, grund: expect.stringContaining('Vier-Augen-Prinzip') });
    expect(vierAugenMassnahme(plain, a.offen, { art: 'widerrufen', von: 'bernd' })).toMatchObject({ ok: true, schritt: 'bestaetigt', zustand: { status: 'widerrufen' }, ereignis: 'widerruf' });
    const ausgesetzt = { ...plain, status: 'ausgesetzt' as const, manuellAusgesetzt: true };
    expect(vierAugenMassnahme(ausgesetzt, a.offen, { art: 'wiederherstellen', von: 'bernd', erreicht: true })).toEqual({ ok: false, grund: expect.stringContaining('bereits der Widerruf beantragt') });
    expect(vierAugenMassnahme(ausgesetzt, null, { art: 'wiederherstellen', von: 'bernd', erreicht: false }).ok).toBe(false);
  });

  it('lets either person withdraw an open request and nothing else', () => {
    expect(vierAugenMassnahme(plain, null, { art: 'zuruecknehmen', von: 'anna' }).ok).toBe(false);
    expect(vierAugenMassnahme(plain, { art: 'widerrufen', von: 'anna' }, { art: 'zuruecknehmen', von: 'bernd' })).toMatchObject({ ok: true, schritt: 'zurueckgenommen', offen: null, zustand: plain });
  });
});

describe('waiting period', () => {
  it('adds months and keeps the end of the month', () => {
    expect(plusMonate('2026-03-02', 6)).toBe('2026-09-02');
    expect(plusMonate('2026-08-31', 6)).toBe('2027-02-28');
    expect(plusMonate('2027-08-31', 6)).toBe('2028-02-29');
    expect(plusMonate('2026-12-15', 0)).toBe('2026-12-15');
  });
});
