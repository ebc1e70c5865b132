import { describe, expect, it } from 'vitest';
import { berechnePruefsignale, type SignalLink } from './pruefsignale';
import { adresseIstDatei, namensAuffaelligkeit, pruefeVerfahrensname } from './verfahrensname';

describe('procedure names', () => {
  it('refuses names that are addresses, paths, markup or have no letters', () => {
    for (const n of ['javascript:alert(1)', 'https://example.org/antrag', 'data:text/html,x', '../../etc/passwd', '/etc/passwd', 'C:\\Formulare\\antrag.pdf', '<b>Antrag</b>', 'Antrag &amp; mehr', '12345', '---', 'Antrag%20online']) {
      expect(pruefeVerfahrensname(n), n).toBeDefined();
    }
  });

  it('accepts ordinary names, also with colon, slash between words, numbers and symbols', () => {
    for (const n of ['Hundesteuer an- und abmelden', 'Kita: Platz beantragen', 'An-/Abmeldung Gewerbe', 'Antrag 1/2024', 'Wohngeld (Mietzuschuss)', '100% online: Meldebescheinigung', 'Bewohnerparkausweis beantragen (online)', 'Ärztliches Attest – Schule']) {
      expect(pruefeVerfahrensname(n), n).toBeUndefined();
    }
  });

  it('recognises names of information pages and files, and addresses of files', () => {
    expect(namensAuffaelligkeit('Antrag Sperrmüll.pdf')).toBe('datei');
    expect(namensAuffaelligkeit('Formular zum Ausdrucken: Hundesteuer')).toBe('ausdrucken');
    expect(namensAuffaelligkeit('Merkblatt Wohngeld')).toBe('ausdrucken');
    expect(namensAuffaelligkeit('Informationen zur Hundesteuer')).toBe('information');
    expect(namensAuffaelligkeit('Hinweise zum Bauantrag')).toBe('information');
    expect(namensAuffaelligkeit('Hundesteuer anmelden')).toBeUndefined();
    expect(adresseIstDatei('https://x.example/formulare/antrag.PDF?x=1')).toBe(true);
    expect(adresseIstDatei('https://x.example/antrag')).toBe(false);
  });
});

describe('review signals', () => {
  const link = (o: Partial<SignalLink> & { verfahrenId: string }): SignalLink => ({
    name: `Verfahren ${o.verfahrenId}`,
    url: `https://x.example/${o.verfahrenId}`,
    bereitstellung: 'zentral',
    verlinktSeit: '2026-01-10T00:00:00Z',
    leika: ['99102013000000'],
    zaehlt: true,
    linkStatus: 'ok',
    gleicheAdresseAnderswo: 0,
    ...o,
  });

  it('sorts each link into its signals and says what the count would be without the counting ones', () => {
    const s = berechnePruefsignale(
      [
        link({ verfahrenId: 'a' }),
        link({ verfahrenId: 'b', bereitstellung: 'kommunal', verlinktSeit: '2026-03-01T00:00:00Z' }),
        link({ verfahrenId: 'c', bereitstellung: 'kommunal', verlinktSeit: '2025-12-01T00:00:00Z', leika: [] }),
        link({ verfahrenId: 'd', name: 'Informationen zum Wohngeld', linkStatus: null }),
        link({ verfahrenId: 'e', zaehlt: false, doppeltVon: 'Verfahren a', linkStatus: 'defekt' }),
        link({ verfahrenId: 'f', gleicheAdresseAnderswo: 2 }),
      ],
      { seit: new Date('2026-02-01T00:00:00Z'), anzahl: 5 },
    );
    const ids = (k: keyof typeof s.signale) => s.signale[k].eintraege.map((e) => e.verfahrenId);
    expect(ids('neuKommunal')).toEqual(['b']);
    expect(ids('ohneLeika')).toEqual(['c']);
    expect(ids('nameAuffaellig')).toEqual(['d']);
    expect(ids('adresseGeteilt')).toEqual(['e', 'f']);
    expect(ids('linkUngeprueft')).toEqual(['d']);
    expect(ids('linkDefekt')).toEqual(['e']);
    expect(s.signale.adresseGeteilt.eintraege[1].hinweis).toBe('gleiche Adresse wie 2 andere Einträge im Katalog');
    expect(s).toMatchObject({ seit: '2026-02-01', auffaelligZaehlend: 4, anzahlOhneAuffaellige: 1 });
    // Never reviewed: every own entry is new.
    expect(berechnePruefsignale([link({ verfahrenId: 'c', bereitstellung: 'kommunal' })], { seit: null, anzahl: 1 }).signale.neuKommunal.anzahl).toBe(1);
  });

  it('keeps the full counts when it lists only the first entries', () => {
    const viele = Array.from({ length: 30 }, (_, i) => link({ verfahrenId: String(i), leika: [] }));
    const s = berechnePruefsignale(viele, { seit: null, anzahl: 30, maxEintraege: 5 });
    expect(s.signale.ohneLeika).toMatchObject({ anzahl: 30 });
    expect(s.signale.ohneLeika.eintraege).toHaveLength(5);
  });
});
