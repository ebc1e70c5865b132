/**
 * Step 5 of the demo planner: each Behörde's links. Its counting links are split between its
 * Bürgerdienste, zentrale Verfahren (by popularity) and its own kommunale Verfahren; link dates put
 * exactly `schwelle` links before its crossing day, so the count history agrees with every award.
 * Suspended awardees lose links after their award. Information pages and PDF forms are linked
 * too and never count.
 */
import { createRandom, type Random } from '../demo.random';
import { officeTime } from './kalender';
import { type PlanKontext, profilFuer, type Zustand } from './kontext';
import { eindeutig, type LeikaGruppe, planUuid, sampleGruppen, slugify, verfahrensnameFuer, waehleLeistungen } from './leika';
import type { DemoBehoerde, DemoPlan, PlannedVerfahren, PlannedVerlinkung } from './plan.types';
import type { ZentraleVerfahren } from './zentrale-verfahren';

/** What step 5 links from, shared by every Behörde. */
interface Angebot {
  gruppen: LeikaGruppe[];
  zentral: ZentraleVerfahren;
  /** Host names of the kommunale Verfahren already given (each Behörde its own). */
  hosts: Set<string>;
}

/** A counting link before it gets its day; `kommunal` when it is to a kommunale Verfahren still to be made. */
interface ZaehlenderLink {
  verfahrenId: string;
  url: string | null;
  kommunal?: LeikaGruppe;
}

/** How many links of each kind one Behörde gets. */
interface Mix {
  total: number;
  zentralAnzahl: number;
  dienstAuswahl: ZentraleVerfahren['buergerdienste'];
  kommunalAnzahl: number;
  nichtZaehlendKommunal: number;
}

/** The links of every Behörde, in ARS order (each with its own random stream). */
export function planeVerlinkungen(ctx: PlanKontext, plan: DemoPlan, zustand: Map<string, Zustand>, gruppen: LeikaGruppe[], zentral: ZentraleVerfahren): void {
  const angebot: Angebot = { gruppen, zentral, hosts: new Set<string>() };
  for (const z of [...zustand.values()].sort((a, b) => (a.b.ars < b.b.ars ? -1 : 1))) planeVerlinkungenEinerBehoerde(ctx, plan, z, angebot);
}

function planeVerlinkungenEinerBehoerde(ctx: PlanKontext, plan: DemoPlan, z: Zustand, angebot: Angebot): void {
  const b = z.b;
  const { zentral, gruppen } = angebot;
  const rnd = createRandom(ctx.seed, 'links', b.ars);
  const mix = linkMix(ctx, z, zentral, rnd);
  const zentralAuswahl = rnd.weightedSample(
    zentral.online.map((v) => v.gewicht),
    mix.zentralAnzahl - mix.dienstAuswahl.length,
  );
  let host = '';
  if (mix.kommunalAnzahl + mix.nichtZaehlendKommunal > 0) {
    const basis = `${profilFuer(b.typ).kommunalHost}${slugify(b.kurzname.replace(/^(landkreis|bezirk|vg|stadt|markt)\s+/i, ''), 40)}`;
    host = eindeutig(angebot.hosts, basis, () => `-${b.ars.slice(-6)}`);
  }
  const kommunalGruppen = sampleGruppen(zentral.kommunalPool, mix.kommunalAnzahl + mix.nichtZaehlendKommunal, rnd);
  const eigeneNamen = new Set<string>();

  // Counting links in random order; the first `schwelle` of a crossing Behörde lie before its crossing day.
  const zaehlend: ZaehlenderLink[] = [];
  for (const d of mix.dienstAuswahl) zaehlend.push({ verfahrenId: d.id, url: `${zentral.url.get(d.id)}?ars=${b.ars}` });
  for (const idx of zentralAuswahl) {
    const v = zentral.online[idx];
    zaehlend.push({ verfahrenId: v.id, url: v.jeBehoerdeUrl ? `${zentral.url.get(v.id)}?ars=${b.ars}` : null });
  }
  for (let k = 0; k < mix.kommunalAnzahl; k++) {
    zaehlend.push({ verfahrenId: planUuid(ctx.seed, `kommunal/${b.ars}/${k}`), url: null, kommunal: gruppen[kommunalGruppen[k]] });
  }
  const reihe = rnd.shuffle(zaehlend);
  const linkTage = linkTageFuer(z, reihe.length, ctx.start, ctx.letzterLinkTag, ctx.heute, rnd);
  const entferntAm = entfernteLinks(ctx, z, linkTage, rnd);

  reihe.forEach((link, i) => {
    const linkedAt = officeTime(linkTage[i], rnd);
    if (link.kommunal) {
      const verfahren = kommunalesVerfahren(b, host, link.verfahrenId, link.kommunal, 'online', linkTage[i], eigeneNamen, rnd);
      plan.verfahren.push(verfahren.verfahren);
      for (const leikaId of verfahren.leistungenIds) plan.verfahrenLeistungen.push({ verfahrenId: link.verfahrenId, leikaId });
    }
    const row: PlannedVerlinkung = { behoerdeArs: b.ars, verfahrenId: link.verfahrenId, url: link.url, linkedAt };
    if (entferntAm.has(i)) plan.entfernteVerlinkungen.push({ ...row, removedAt: officeTime(entferntAm.get(i) as number, rnd) });
    else plan.verlinkungen.push(row);
  });

  // Information pages and PDF forms: linked like anything else, never counted.
  const ersterTag = linkTage.length ? Math.min(...linkTage) : Math.min(ctx.letzterLinkTag, ctx.start + rnd.int(0, ctx.heute - ctx.start - 1));
  for (const id of zentral.andere) {
    if (!rnd.chance(mix.total >= 25 ? 0.45 : 0.2)) continue;
    plan.verlinkungen.push({ behoerdeArs: b.ars, verfahrenId: id, url: null, linkedAt: officeTime(rnd.int(ersterTag, ctx.letzterLinkTag), rnd) });
  }
  for (let k = 0; k < mix.nichtZaehlendKommunal; k++) {
    const id = planUuid(ctx.seed, `kommunal/${b.ars}/n${k}`);
    const tag = rnd.int(ersterTag, ctx.letzterLinkTag);
    const art = rnd.chance(0.5) ? 'information' : 'formular_pdf';
    const verfahren = kommunalesVerfahren(b, host, id, gruppen[kommunalGruppen[mix.kommunalAnzahl + k]], art, tag, eigeneNamen, rnd);
    plan.verfahren.push(verfahren.verfahren);
    for (const leikaId of verfahren.leistungenIds) plan.verfahrenLeistungen.push({ verfahrenId: id, leikaId });
    plan.verlinkungen.push({ behoerdeArs: b.ars, verfahrenId: id, url: null, linkedAt: officeTime(tag, rnd) });
  }
}

/** Small Behörden link almost only zentrale Verfahren; larger ones add their own. The Bürgerdienste of its level come first. */
function linkMix(ctx: PlanKontext, z: Zustand, zentral: ZentraleVerfahren, rnd: Random): Mix {
  const b = z.b;
  const total = z.spitze;
  let zentralAnzahl: number;
  if (total < 25) zentralAnzahl = rnd.chance(0.15) ? total - rnd.int(1, 2) : total;
  else zentralAnzahl = Math.round(total * Math.min(1, Math.max(0.2, profilFuer(b.typ).zentralAnteil + rnd.between(-0.08, 0.08))));
  // The Bürgerdienste of its level first: each routes to the Behörde (`?ars=`).
  const eigeneDienste = zentral.buergerdienste.filter((d) => d.typen.includes(b.typ));
  zentralAnzahl = Math.max(0, Math.min(zentralAnzahl, zentral.maximal + eigeneDienste.length, total));
  const dienstAuswahl = eigeneDienste.slice(0, zentralAnzahl);
  const kommunalAnzahl = total - zentralAnzahl;
  const anteil = ctx.kal.anteilNichtZaehlend;
  const nichtZaehlendKommunal = Math.floor((kommunalAnzahl * anteil) / (1 - anteil) + rnd.next());
  return { total, zentralAnzahl, dienstAuswahl, kommunalAnzahl, nichtZaehlendKommunal };
}

/** A suspended awardee's links removed after its award (index in its link list → removal day); empty for everyone else. */
function entfernteLinks(ctx: PlanKontext, z: Zustand, linkTage: number[], rnd: Random): Map<number, number> {
  const entferntAm = new Map<number, number>();
  if (z.klasse === 'ausgesetzt' && z.verleihung) {
    const von = Math.min(z.verleihung.tag + 60, ctx.letzterLinkTag);
    for (const i of rnd
      .shuffle(linkTage.map((_, i) => i))
      .filter((i) => linkTage[i] < von)
      .slice(0, z.spitze - z.anzahl)) {
      entferntAm.set(i, rnd.int(von, Math.max(von, ctx.letzterLinkTag - 14)));
    }
  }
  return entferntAm;
}

/** Link days for `count` counting links of one Behörde, in the order of its shuffled link list. */
function linkTageFuer(z: Zustand, count: number, start: number, letzter: number, heute: number, rnd: Random): number[] {
  const tage: number[] = [];
  if (z.ueberschritten !== undefined && count >= z.schwelle) {
    const x = Math.min(z.ueberschritten, letzter);
    const beginn = Math.max(start, x - rnd.int(150, 700));
    for (let i = 0; i < count; i++) {
      if (i === z.schwelle - 1) tage.push(x);
      else if (i < z.schwelle) tage.push(rnd.int(beginn, x));
      else tage.push(x >= letzter ? letzter : x + 1 + Math.floor((letzter - x - 1) * rnd.next() ** 1.3));
    }
    return tage;
  }
  // Never crossed: links spread from the Behörde's own start until yesterday.
  const spanne = Math.max(0, heute - 120 - start);
  const beginn = Math.min(letzter, start + Math.floor(spanne * rnd.next() ** 1.3));
  for (let i = 0; i < count; i++) tage.push(rnd.int(beginn, letzter));
  return tage;
}

/** A kommunale Verfahren of Behörde `b` for a LeiKa group: name, address on its own host, 1–2 Leistungen. */
function kommunalesVerfahren(
  b: DemoBehoerde,
  host: string,
  id: string,
  gruppe: LeikaGruppe,
  art: PlannedVerfahren['art'],
  linkTag: number,
  namen: Set<string>,
  rnd: Random,
): { verfahren: PlannedVerfahren; leistungenIds: number[] } {
  const { leistungenIds, haupt } = waehleLeistungen(gruppe, rnd);
  // A Kommune's own procedure mostly realises one Leistung, sometimes two.
  const zweite = leistungenIds.find((id) => id !== haupt.id);
  const ids = zweite !== undefined && rnd.chance(0.25) ? [haupt.id, zweite].sort((a, c) => a - c) : [haupt.id];
  let name = verfahrensnameFuer(haupt, gruppe.objekt, art);
  for (let k = 2; namen.has(name); k++) name = `${verfahrensnameFuer(haupt, gruppe.objekt, art)} (${k})`;
  namen.add(name);
  const slug = slugify(name);
  const url =
    art === 'information'
      ? `https://${host}.kommunal.bayern.example/rathaus/informationen/${slug}`
      : art === 'formular_pdf'
        ? `https://${host}.kommunal.bayern.example/formulare/${slug}.pdf`
        : `https://${host}.kommunal.bayern.example/buergerservice/${slug}`;
  return {
    verfahren: {
      id,
      name,
      beschreibung: `Demodaten: simuliertes ${art === 'online' ? 'Online-Verfahren' : art === 'information' ? 'Informationsangebot' : 'Formular zum Ausdrucken'} von ${b.kurzname} zur LeiKa-Leistung „${haupt.name}“${haupt.schluessel ? ` (${haupt.schluessel})` : ''}.`,
      bereitstellung: 'kommunal',
      art,
      anbieterArs: b.ars,
      url,
      vertrauensniveau: rnd.chance(0.25) ? 'niedrig' : rnd.chance(0.06) ? 'hoch' : 'substanziell',
      mobilOptimiert: rnd.chance(0.85),
      createdAt: officeTime(linkTag - rnd.int(0, 14), rnd),
    },
    leistungenIds: ids,
  };
}
