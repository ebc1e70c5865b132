import { describe, expect, it } from 'vitest';
import { konfliktText, ordneRollen, rollenKonflikte, rollenVon, UNVEREINBARE_ROLLEN } from './roles';
import { ROLES, type Role } from '../shared/handelnde';

describe('roles that exclude each other (four eyes)', () => {
  it('refuses each pair that would let one person act on both sides', () => {
    const paare: [Role, Role][] = [
      ['ministry_reviewer', 'kommune_editor'],
      ['ministry_admin', 'kommune_editor'],
      ['grant_officer', 'kommune_editor'],
      ['ministry_reviewer', 'it_dienstleister'],
      ['ministry_admin', 'it_dienstleister'],
      ['grant_officer', 'it_dienstleister'],
      ['ministry_admin', 'ministry_reviewer'],
      ['kommune_editor', 'it_dienstleister'],
    ];
    for (const [a, b] of paare) {
      expect(rollenKonflikte([a, b]), `${a} + ${b}`).toHaveLength(1);
      expect(rollenKonflikte([b, a]), `${b} + ${a}`).toHaveLength(1);
    }
    expect(UNVEREINBARE_ROLLEN).toHaveLength(paare.length);
  });

  it('allows the ministry roles that do not meet in one decision', () => {
    expect(rollenKonflikte(['ministry_reviewer', 'grant_officer'])).toEqual([]);
    expect(rollenKonflikte(['ministry_admin', 'grant_officer'])).toEqual([]);
    for (const r of ROLES) expect(rollenKonflikte([r])).toEqual([]);
  });

  it('names both roles and the reason in German', () => {
    const [k] = rollenKonflikte(['grant_officer', 'kommune_editor']);
    expect(konfliktText(k)).toBe(
      'Die Rollen „Förder-Sachbearbeitung“ und „Redaktion einer Kommune“ schließen sich aus (Vier-Augen-Prinzip): Wer für eine Kommune Fördermittel beantragt, darf sie nicht bewilligen oder auszahlen.',
    );
  });

  it('orders roles so the main role comes first and reads additional roles', () => {
    expect(ordneRollen(['grant_officer', 'ministry_reviewer', 'grant_officer'])).toEqual(['ministry_reviewer', 'grant_officer']);
    expect(rollenVon({ role: 'ministry_reviewer', zusatzrollen: ['grant_officer', 'unbekannt'] })).toEqual(['ministry_reviewer', 'grant_officer']);
  });
});
