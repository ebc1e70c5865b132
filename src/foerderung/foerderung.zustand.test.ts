import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Beteiligte, darfNicht, type OfficerSchritt } from './foerderung.zustand';

const person = fc.constantFrom('anna', 'bernd', 'clara', 'dora');
const schritt = fc.constantFrom<OfficerSchritt>('pruefen', 'entscheiden', 'nachweis_pruefen', 'freigabe1', 'freigabe2', 'satz_vorschlagen', 'satz_bestaetigen');

describe('who may take an officer step', () => {
  it('never lets the person who created or submitted the application take any officer step', () => {
    fc.assert(
      fc.property(person, person, schritt, person, (ersteller, einreicher, s, von) => {
        const a: Beteiligte = { erstelltVon: ersteller, eingereichtVon: einreicher };
        if (von === ersteller || von === einreicher) expect(darfNicht(s, a, von)).toContain('Befangenheit');
      }),
    );
  });

  it('keeps checker and decider, first and second release, proposer and confirmer apart', () => {
    fc.assert(
      fc.property(fc.record({ geprueftVon: person, freigabe1Von: person, satzVorgeschlagenVon: person }), person, (a, von) => {
        const b: Beteiligte = { ...a, erstelltVon: 'editor', eingereichtVon: 'editor' };
        expect(darfNicht('entscheiden', b, von) === undefined).toBe(von !== a.geprueftVon);
        expect(darfNicht('freigabe2', b, von) === undefined).toBe(von !== a.freigabe1Von);
        expect(darfNicht('satz_bestaetigen', b, von) === undefined).toBe(von !== a.satzVorgeschlagenVon);
        expect(darfNicht('pruefen', b, von)).toBeUndefined();
      }),
    );
  });
});
