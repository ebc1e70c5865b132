import { describe, expect, it } from 'vitest';
import { uuid7 } from '../shared/uuid7';
import { bereiteKopieVor, leistungenKopie, leistungenVon, linksKopie, mitCommit, nachId, nachVerfahrenUndArs, verfahrenKopie } from './upload.kopie';

const verfahren = (name: string, leikaIds: number[]) => ({
  id: uuid7(),
  name,
  beschreibung: 'Antrag mit\tTab, Zeilenumbruch\nund \\ Backslash',
  url: `https://formulare.example.org/${encodeURIComponent(name)}?gemeinde=091620000000`,
  art: 'online',
  vertrauensniveau: 'substanziell',
  externeId: name === 'b' ? null : `RZ-${name}`,
  anbieterArs: null,
  anbieterUserId: '00000000-0000-4000-8000-000000000001',
  leikaIds,
  zeile: 2,
});

describe('COPY rows prepared by the dry run', () => {
  it('become, with the commit’s time and committer put in, exactly the rows the commit would build', () => {
    const neue = [verfahren('c', [3, 1, 3]), verfahren('a', []), verfahren('b', [2])].reverse();
    const links = [
      ...neue.map((v) => ({ zeile: 2, ars: '091620000000', verfahrenId: v.id, url: null, status: 'neu' as const })),
      { zeile: 3, ars: '091610000000', verfahrenId: neue[0].id, url: 'https://eigene.example.org/a', status: 'neu' as const },
      { zeile: 4, ars: '091610000000', verfahrenId: neue[1].id, url: null, status: 'unveraendert' as const },
    ];
    const k = bereiteKopieVor({ neueVerfahren: neue, links });
    const at = new Date('2026-12-06T23:59:58.123Z');
    const wer = '00000000-0000-4000-8000-0000000000aa';
    expect(mitCommit(k.verfahren, at, wer).daten.equals(verfahrenKopie([...neue].sort(nachId), at).daten)).toBe(true);
    expect(k.leistungen.daten.equals(leistungenKopie(leistungenVon(neue)).daten)).toBe(true);
    const neueLinks = links.filter((l) => l.status === 'neu').sort(nachVerfahrenUndArs);
    expect(mitCommit(k.neueLinks, at, wer).daten.equals(linksKopie(neueLinks, at, wer).daten)).toBe(true);
    expect([k.verfahren.zeilen, k.leistungen.zeilen, k.neueLinks.zeilen]).toEqual([3, 3, 4]);
    // Each LeiKa pair once, in key order.
    expect(leistungenVon(neue).filter((p) => p.verfahrenId === neue[2].id)).toEqual([1, 3].map((leikaId) => ({ verfahrenId: neue[2].id, leikaId })));
  });
});
