/**
 * OZG-Checklisten: the ministry writes and versions checklists; each Behörde works through the
 * published version (erledigt / nicht relevant / offen, comment, who and when). No Fastify, no SQL.
 *
 * Versioning keeps answers that still apply: an answer is stored under the item's key with the
 * hash of the item text it answered. In a new version an answer applies when the key exists and
 * the text is unchanged; a reworded item is open again (the earlier answer is shown for reference);
 * a removed item's answer stays in the database but no longer counts. Nothing is copied or deleted.
 */

import { darfAkteSehen, istMinisterium } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { type Abschnitt, parseCheckliste, type Punkt } from './checklisten.format';
import type { AntwortRow, ChecklistenRepository, VersionRow } from './checklisten.repository';
import { type Handelnde } from '../shared/handelnde';

export const ANTWORT_STATUS = ['erledigt', 'nicht_relevant', 'offen'] as const;
export type AntwortStatus = (typeof ANTWORT_STATUS)[number];

export interface PunktMitAntwort extends Punkt {
  status: AntwortStatus;
  kommentar: string | null;
  geaendertVon?: string;
  geaendertAm?: Date;
  /** An answer to an earlier wording of this item (does not count any more). */
  frueher?: { status: string; kommentar: string | null; version: number };
}

export interface Fortschritt {
  gesamt: number;
  erledigt: number;
  nichtRelevant: number;
  offen: number;
  /** Share of items done or not relevant, 0–100 (rounded down). */
  prozent: number;
}

const actor = (u: Handelnde, requestId?: string) => ({ id: u.id, label: u.email, requestId });

/** Progress of one Behörde against a version's items, counting only answers that still apply. */
export function berechneFortschritt(abschnitte: Abschnitt[], antworten: Pick<AntwortRow, 'punkt' | 'punktHash' | 'status'>[]): Fortschritt {
  const nachPunkt = new Map(antworten.map((a) => [a.punkt, a]));
  let erledigt = 0;
  let nichtRelevant = 0;
  let gesamt = 0;
  for (const p of abschnitte.flatMap((a) => a.punkte)) {
    gesamt += 1;
    const a = nachPunkt.get(p.schluessel);
    if (!a || a.punktHash !== p.hash) continue;
    if (a.status === 'erledigt') erledigt += 1;
    else if (a.status === 'nicht_relevant') nichtRelevant += 1;
  }
  return { gesamt, erledigt, nichtRelevant, offen: gesamt - erledigt - nichtRelevant, prozent: gesamt ? Math.floor(((erledigt + nichtRelevant) * 100) / gesamt) : 0 };
}

export function createChecklistenService(repo: ChecklistenRepository, clock: Clock) {
  const pruefeMinisterium = (user: Handelnde) => {
    if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium schreibt Checklisten.', [], 'NUR_MINISTERIUM');
  };
  const pruefeBehoerde = (user: Handelnde, ars: string) => {
    if (!darfAkteSehen(user, ars)) throw new ForbiddenError(`Sie dürfen die Checklisten der Behörde ${ars} nicht bearbeiten.`, [], 'BEHOERDE_NICHT_ZUGEORDNET');
  };
  const checkliste = async (id: string) => {
    const c = await repo.checkliste(id);
    if (!c) throw new NotFoundError('Diese Checkliste gibt es nicht.');
    return c;
  };
  const veroeffentlicht = async (id: string): Promise<VersionRow & { inhalt: Abschnitt[] }> => {
    const v = await repo.veroeffentlicht(id);
    if (!v) throw new NotFoundError('Diese Checkliste ist noch nicht veröffentlicht.');
    return v as VersionRow & { inhalt: Abschnitt[] };
  };

  return {
    async alle() {
      return repo.alle();
    },

    async checkliste(id: string) {
      const c = await checkliste(id);
      const [entwurf, aktuell] = await Promise.all([repo.entwurf(id), repo.veroeffentlicht(id)]);
      return { ...c, entwurf, aktuell };
    },

    async legeAn(user: Handelnde, e: { titel: string; beschreibung: string }, requestId?: string) {
      pruefeMinisterium(user);
      if (await repo.titelVergeben(e.titel)) throw new ConflictError('Eine Checkliste mit diesem Titel gibt es schon.', [{ field: 'titel', message: 'Eine Checkliste mit diesem Titel gibt es schon.' }], 'TITEL_VERGEBEN');
      return repo.db.transaction(async (tx) => {
        const c = await repo.legeAn(tx, { ...e, angelegtVon: user.id, angelegtAm: clock.now() });
        await recordAudit(tx, actor(user, requestId), { action: 'checkliste.angelegt', objectType: 'checkliste', objectId: c.id, after: c });
        return c;
      });
    },

    /** Saves the draft (creating it as the next version number); every format error with its line. */
    async speichereEntwurf(user: Handelnde, id: string, quelltext: string, requestId?: string) {
      pruefeMinisterium(user);
      await checkliste(id);
      const { abschnitte, fehler } = parseCheckliste(quelltext);
      if (fehler.length) throw new ValidationError('Der Entwurf enthält Fehler.', fehler.map((f) => ({ field: 'quelltext', message: f.message })));
      return repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const entwurf = await repo.entwurf(id, tx);
        if (entwurf) {
          await repo.aendereVersion(tx, entwurf.id, { quelltext, inhalt: abschnitte, geaendertVon: user.id, geaendertAm: clock.now() });
        } else {
          await repo.legeVersionAn(tx, { checklisteId: id, version: (await repo.hoechsteVersion(tx, id)) + 1, status: 'entwurf', quelltext, inhalt: abschnitte, geaendertVon: user.id, geaendertAm: clock.now() });
        }
        await recordAudit(tx, actor(user, requestId), { action: 'checkliste.entwurf', objectType: 'checkliste', objectId: id, before: entwurf ? { quelltext: entwurf.quelltext } : undefined, after: { quelltext } });
      });
    },

    /** Publishes the draft as the new current version; answers that still apply are kept. */
    async veroeffentliche(user: Handelnde, id: string, requestId?: string) {
      pruefeMinisterium(user);
      return repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const entwurf = await repo.entwurf(id, tx);
        if (!entwurf) throw new ConflictError('Es gibt keinen Entwurf zum Veröffentlichen.', [], 'KEIN_ENTWURF');
        await repo.aendereVersion(tx, entwurf.id, { status: 'veroeffentlicht', veroeffentlichtVon: user.id, veroeffentlichtAm: clock.now() });
        await recordAudit(tx, actor(user, requestId), { action: 'checkliste.veroeffentlicht', objectType: 'checkliste', objectId: id, after: { version: entwurf.version } });
        return entwurf.version;
      });
    },

    /** The current version with this Behörde's answers, item by item. */
    async ansicht(user: Handelnde, ars: string, id: string) {
      pruefeBehoerde(user, ars);
      const c = await checkliste(id);
      const v = await veroeffentlicht(id);
      const antworten = new Map((await repo.antworten(id, ars)).map((a) => [a.punkt, a]));
      const abschnitte = v.inhalt.map((ab) => ({
        titel: ab.titel,
        punkte: ab.punkte.map((p): PunktMitAntwort => {
          const a = antworten.get(p.schluessel);
          if (!a) return { ...p, status: 'offen', kommentar: null };
          if (a.punktHash !== p.hash) return { ...p, status: 'offen', kommentar: null, frueher: { status: a.status, kommentar: a.kommentar, version: a.version } };
          return { ...p, status: a.status as AntwortStatus, kommentar: a.kommentar, geaendertVon: a.geaendertVonLabel, geaendertAm: a.geaendertAm };
        }),
      }));
      return { checkliste: c, version: v.version, abschnitte, fortschritt: berechneFortschritt(v.inhalt, [...antworten.values()]) };
    },

    /** Saves the answers that changed (status or comment); unknown item keys are refused. */
    async beantworte(user: Handelnde, ars: string, id: string, eingaben: { punkt: string; status: AntwortStatus; kommentar: string }[], requestId?: string) {
      pruefeBehoerde(user, ars);
      const v = await veroeffentlicht(id);
      const punkte = new Map(v.inhalt.flatMap((a) => a.punkte).map((p) => [p.schluessel, p]));
      const unbekannt = eingaben.filter((e) => !punkte.has(e.punkt));
      if (unbekannt.length) throw new ValidationError('Die Checkliste wurde inzwischen geändert. Bitte laden Sie die Seite neu.', unbekannt.map((e) => ({ field: e.punkt, message: `Unbekannter Punkt ${e.punkt}` })));
      return repo.db.transaction(async (tx) => {
        const vorher = new Map((await repo.antworten(id, ars, tx)).map((a) => [a.punkt, a]));
        let geaendert = 0;
        for (const e of eingaben) {
          const p = punkte.get(e.punkt)!;
          const alt = vorher.get(e.punkt);
          const kommentar = e.kommentar.trim() || null;
          const gilt = alt && alt.punktHash === p.hash;
          if (gilt && alt.status === e.status && (alt.kommentar ?? null) === kommentar) continue;
          if (!gilt && e.status === 'offen' && !kommentar) continue;
          await repo.speichereAntwort(tx, { behoerdeArs: ars, checklisteId: id, punkt: e.punkt, status: e.status, kommentar, punktHash: p.hash, version: v.version, geaendertVon: user.id, geaendertVonLabel: user.email, geaendertAm: clock.now() });
          await recordAudit(tx, actor(user, requestId), { action: 'checkliste.antwort', objectType: 'behoerde', objectId: ars, before: alt ? { punkt: e.punkt, status: alt.status, kommentar: alt.kommentar } : undefined, after: { checkliste: id, punkt: e.punkt, status: e.status, kommentar } });
          geaendert += 1;
        }
        return { geaendert };
      });
    },

    /** Published checklists with this Behörde's progress. */
    async fuerBehoerde(user: Handelnde, ars: string) {
      pruefeBehoerde(user, ars);
      const liste = (await repo.alle()).filter((c) => c.veroeffentlicht !== null);
      return Promise.all(
        liste.map(async (c) => {
          const v = (await repo.veroeffentlicht(c.id)) as VersionRow & { inhalt: Abschnitt[] };
          return { id: c.id, titel: c.titel, beschreibung: c.beschreibung, version: v.version, fortschritt: berechneFortschritt(v.inhalt, await repo.antworten(c.id, ars)) };
        }),
      );
    },

    /** Progress across Bavaria: every Behörde that has started, and the totals. */
    async uebersicht(user: Handelnde, id: string) {
      pruefeMinisterium(user);
      const v = await veroeffentlicht(id);
      const nachBehoerde = new Map<string, AntwortRow[]>();
      for (const a of await repo.antworten(id)) nachBehoerde.set(a.behoerdeArs, [...(nachBehoerde.get(a.behoerdeArs) ?? []), a]);
      const namen = await repo.behoerdenNamen([...nachBehoerde.keys()]);
      const behoerden = [...nachBehoerde].map(([ars, antworten]) => ({ ars, name: namen.get(ars) ?? ars, fortschritt: berechneFortschritt(v.inhalt, antworten) })).sort((a, b) => b.fortschritt.prozent - a.fortschritt.prozent || a.name.localeCompare(b.name, 'de'));
      const fertig = behoerden.filter((b) => b.fortschritt.offen === 0).length;
      const mittel = behoerden.length ? Math.floor(behoerden.reduce((s, b) => s + b.fortschritt.prozent, 0) / behoerden.length) : 0;
      return { version: v.version, begonnen: behoerden.length, fertig, mittlererFortschritt: mittel, behoerden };
    },
  };
}

export type ChecklistenService = ReturnType<typeof createChecklistenService>;
