/**
 * Who may take an officer's step on a grant application, as one pure function: the service asks it
 * before every step (and again inside the locked transaction), the Akte asks it to say why a person
 * cannot act. Property-tested.
 *
 * - No self-decisions: whoever created or submitted the application — in any role, a role may have
 *   changed since — takes no officer step on it (check, decision, proof check, payout releases,
 *   the higher rate).
 * - Four eyes: the checking officer does not decide; the first payout release and the second come
 *   from different people; the higher rate without the official list is proposed by one officer and
 *   confirmed by another.
 */

export type OfficerSchritt = 'pruefen' | 'entscheiden' | 'nachweis_pruefen' | 'freigabe1' | 'freigabe2' | 'satz_vorschlagen' | 'satz_bestaetigen';

export interface Beteiligte {
  erstelltVon?: string | null;
  eingereichtVon?: string | null;
  geprueftVon?: string | null;
  freigabe1Von?: string | null;
  /** Who proposed the higher rate (open proposal). */
  satzVorgeschlagenVon?: string | null;
}

export const BEFANGEN =
  'Befangenheit: Sie haben diesen Antrag angelegt oder eingereicht. Prüfung, Entscheidung, Nachweisprüfung, Freigaben und der erhöhte Fördersatz liegen bei anderen Personen der Förder-Sachbearbeitung.';

/** Why `von` may not take `schritt` on the application; undefined when allowed. */
export function darfNicht(schritt: OfficerSchritt, a: Beteiligte, von: string): string | undefined {
  if (von === a.erstelltVon || von === a.eingereichtVon) return BEFANGEN;
  switch (schritt) {
    case 'entscheiden':
      if (von === a.geprueftVon) return 'Vier-Augen-Prinzip: Sie haben diesen Antrag geprüft. Über ihn entscheidet eine andere Person der Förder-Sachbearbeitung.';
      return undefined;
    case 'freigabe2':
      if (von === a.freigabe1Von) return 'Vier-Augen-Prinzip: Sie haben die Auszahlung bereits freigegeben. Die zweite Freigabe erteilt eine andere Person.';
      return undefined;
    case 'satz_bestaetigen':
      if (von === a.satzVorgeschlagenVon) return 'Vier-Augen-Prinzip: Sie haben den erhöhten Fördersatz vorgeschlagen. Bestätigen muss eine andere Person.';
      return undefined;
    default:
      return undefined;
  }
}
