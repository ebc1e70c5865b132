/**
 * The personal text of an outreach mail or letter, as one pure function. It tells the truth about
 * the list it shows: when the zentrale procedures the Behörde can link today reach the threshold,
 * the list holds every one of them that is needed and the sentence names exactly that many; when
 * they do not, it says so and how many of its own it still needs. Property-tested.
 */
import { zahlMitWort } from '../shared/i18n';

export interface Luecke {
  name: string;
  anzahl: number;
  schwelle: number;
  fehlend: number;
  /** The zentrale procedures it can link, most linked by its peers first (as many as `chancen` gives). */
  vorschlaege: { name: string; anteilVergleichsgruppe: number }[];
}

export interface Umfeld {
  kurse: string[];
  termine: string[];
}

/** At least this many procedures are listed (fewer when fewer are available). */
export const MINDESTENS_GEZEIGT = 10;

/** Which procedures the text lists and what it says about them. */
export function vorschlagsListe(l: Luecke): { gezeigt: Luecke['vorschlaege']; reicht: boolean; satz: string } {
  const reicht = l.fehlend > 0 && l.vorschlaege.length >= l.fehlend;
  const gezeigt = l.vorschlaege.slice(0, reicht ? Math.max(MINDESTENS_GEZEIGT, l.fehlend) : MINDESTENS_GEZEIGT);
  if (l.fehlend === 0) return { gezeigt, reicht: false, satz: 'Die Schwelle für das Prädikat ist erreicht: Sie können den Antrag stellen.' };
  if (gezeigt.length === 0) return { gezeigt, reicht: false, satz: `Alle zentralen Online-Verfahren sind bereits verlinkt; es fehlen noch ${l.fehlend} eigene Online-Verfahren.` };
  if (reicht) {
    return {
      gezeigt,
      reicht,
      satz:
        gezeigt.length === l.fehlend
          ? `Mit diesen ${l.fehlend} Verlinkungen erreichen Sie das Prädikat.`
          : `Mit den ersten ${l.fehlend} dieser ${gezeigt.length} Verlinkungen erreichen Sie das Prädikat.`,
    };
  }
  const alle = l.vorschlaege.length;
  return {
    gezeigt,
    reicht,
    satz:
      `Die zentralen Online-Verfahren allein reichen noch nicht: Mit allen ${alle}, die Sie heute verlinken können${gezeigt.length < alle ? ` (oben die ersten ${gezeigt.length})` : ''}, ` +
      `fehlen noch ${l.fehlend - alle} eigene Online-Verfahren.`,
  };
}

/** The text of the mail (with the unsubscribe link) or of the letter (without it). */
export function ansprache(l: Luecke, u: Umfeld, o: { publicBaseUrl: string; ars: string; abmeldeLink?: string; anrede?: string }) {
  const { gezeigt, satz } = vorschlagsListe(l);
  const zeilen = gezeigt.map((v) => `- ${v.name}${v.anteilVergleichsgruppe ? ` (verlinken ${String(v.anteilVergleichsgruppe).replace('.', ',')} % vergleichbarer Behörden)` : ''}`);
  const text = [
    o.anrede ?? 'Sehr geehrte Damen und Herren,',
    '',
    `${l.name} hat heute ${zahlMitWort('de', l.anzahl, 'zählendes Online-Verfahren', 'zählende Online-Verfahren')} verlinkt; für das Prädikat „Digitales Amt“ sind ${l.schwelle} nötig. ${l.fehlend === 1 ? 'Es fehlt noch 1' : `Es fehlen noch ${l.fehlend}`}.`,
    '',
    ...(zeilen.length ? ['Diese zentralen Online-Verfahren des Freistaats können Sie heute ohne Aufwand verlinken:', ...zeilen, ''] : []),
    satz,
    `Verlinken: ${o.publicBaseUrl}/verwaltung/behoerden/${o.ars}/verlinkungen`,
    '',
    'Nächste Termine Grundkurs Digitallotse (80 % der Gebühr übernimmt der Freistaat für eine Person je Behörde):',
    ...(u.kurse.length ? u.kurse : ['- zurzeit keine']),
    `Anmeldung: ${o.publicBaseUrl}/digitallotse`,
    '',
    'Virtuelle Informationsveranstaltungen:',
    ...(u.termine.length ? u.termine : ['- zurzeit keine']),
    `Anmeldung: ${o.publicBaseUrl}/veranstaltungen`,
    '',
    'Mit freundlichen Grüßen',
    'Bayerisches Staatsministerium für Digitales',
    ...(o.abmeldeLink ? ['', `Sie möchten solche Hinweise nicht mehr erhalten? Abmelden: ${o.abmeldeLink}`] : []),
  ].join('\n');
  return { betreff: `${l.name}: noch ${l.fehlend} Online-Verfahren bis zum Prädikat „Digitales Amt“`, text };
}
