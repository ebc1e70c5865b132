/**
 * Outreach to hesitant Kommunen: the ministry selects Behörden (share of the threshold, no change
 * for N months, Regierungsbezirk), previews each personal mail (its own gap, the zentrale
 * procedures it can link today, the next Digitallotse courses and events), and sends them through
 * a queue: at most N per minute over all campaigns and instances, resumable after a crash, unsubscribing honoured, every mail
 * logged by the mailer. No Fastify, no SQL.
 */

import { istMinisterium } from '../auth/berechtigung';
import type { DigitallotseService } from '../digitallotse/digitallotse.service';
import { datumDe } from '../digitallotse/digitallotse.service';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Mailer } from '../shared/mail';
import type { VeranstaltungenService } from '../veranstaltungen/veranstaltungen.service';
import { zeitraum } from '../veranstaltungen/veranstaltungen.service';
import type { VerlinkungService } from '../verlinkung/verlinkung.service';
import type { AuswahlFilter, AuswahlTreffer, OutreachRepository } from './outreach.repository';
import { serienbriefCsv } from './outreach.serienbrief';
import { ansprache, MINDESTENS_GEZEIGT, type Umfeld } from './outreach.text';
import { abmeldeLink, pruefeAbmeldung } from './outreach.token';
import { type Handelnde } from '../shared/handelnde';

type Luecke = NonNullable<Awaited<ReturnType<VerlinkungService['lueckenVieler']>> extends Map<string, infer L> ? L : never>;

export interface OutreachSettings {
  mailsProMinute: number;
  publicBaseUrl: string;
  /** Signs unsubscribe links (SESSION_SECRET). */
  secret: string;
  /** Earlier secrets (SESSION_SECRET_VORHER): links in mails sent before a rotation keep working. */
  secretsVorher?: string[];
  schwellen: { default: number; bezirk: number };
}

/** A row `in_arbeit` this long belongs to a run that crashed: it is taken again. */
const VERWAIST_MS = 10 * 60_000;

export function createOutreachService(deps: {
  repo: OutreachRepository;
  mailer: Mailer;
  clock: Clock;
  verlinkung: Pick<VerlinkungService, 'lueckenVieler'>;
  digitallotse: Pick<DigitallotseService, 'kurse'>;
  veranstaltungen: Pick<VeranstaltungenService, 'alle'>;
  settings: OutreachSettings;
  /** Waits until the send rate allows the next mail; tests pass a fake. */
  warte?: (ms: number) => Promise<void>;
}) {
  const { repo, mailer, clock, settings } = deps;
  const warte = deps.warte ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const laufend = new Set<string>();
  /** Runs of this process still sending (for a graceful end and for tests). */
  const laeufe = new Set<Promise<void>>();
  const pruefeMinisterium = (user: Handelnde) => {
    if (!istMinisterium(user)) throw new ForbiddenError('Nur das Ministerium schreibt Kommunen an.', [], 'NUR_MINISTERIUM');
  };

  /**
   * The personal text of one Behörde, rendered once (preview and sending use the same text): a mail
   * to an address (with its unsubscribe link), or a letter when the Behörde has no account.
   */
  function textFuer(t: AuswahlTreffer, luecke: Luecke, umfeld: Umfeld, an?: string) {
    return ansprache(
      { name: t.name, anzahl: luecke.anzahl, schwelle: luecke.schwelle, fehlend: luecke.fehlend, vorschlaege: luecke.vorschlaege },
      umfeld,
      { publicBaseUrl: settings.publicBaseUrl, ars: t.ars, abmeldeLink: an ? abmeldeLink(settings.publicBaseUrl, settings.secret, an) : undefined, anrede: an ? undefined : `An ${t.name}\n\nSehr geehrte Damen und Herren,` },
    );
  }

  /**
   * Sends waiting mails of a campaign until `max` are handled, the campaign has none left (`leer`)
   * or the send rate — `mailsProMinute` for all campaigns and instances together, kept in the
   * database (repository `naechster`) — is reached (`freiIn`: milliseconds until a slot frees).
   */
  async function versende(kampagneId: string, max: number): Promise<{ n: number; leer: boolean; freiIn?: number }> {
    let n = 0;
    while (n < max) {
      const jetzt = clock.now();
      const naechster = await repo.naechster(kampagneId, { jetzt, verwaistNach: new Date(jetzt.getTime() - VERWAIST_MS), proMinute: settings.mailsProMinute });
      if ('leer' in naechster) return { n, leer: true };
      if ('freiIn' in naechster) return { n, leer: false, freiIn: naechster.freiIn };
      const r = naechster.row;
      n += 1;
      const frueher = await repo.bereitsVersendet(r.id);
      if (frueher) {
        await repo.setzeErgebnis(r.id, { status: 'versendet', mailId: frueher, versendetAm: jetzt });
        continue;
      }
      if (await repo.istAbgemeldet(r.an)) {
        await repo.setzeErgebnis(r.id, { status: 'abgemeldet' });
        continue;
      }
      const m = await mailer.send({ an: r.an, betreff: r.betreff, text: r.text, art: 'outreach', objectType: 'outreach_empfaenger', objectId: r.id });
      await repo.setzeErgebnis(r.id, m.status === 'versendet' ? { status: 'versendet', mailId: m.id, versendetAm: clock.now(), fehler: null } : { status: 'fehlgeschlagen', mailId: m.id, fehler: m.fehler ?? m.status });
    }
    return { n, leer: false };
  }

  /** Sends up to `max` waiting mails of a campaign, within the send rate; returns how many were handled. */
  async function sendeStapel(kampagneId: string, max: number) {
    return (await versende(kampagneId, max)).n;
  }

  return {
    async auswahl(user: Handelnde, f: AuswahlFilter) {
      pruefeMinisterium(user);
      return repo.auswahl(f, settings.schwellen, clock.now());
    },

    /**
     * Creates a campaign with every mail rendered and queued (status `wartend`), and a letter for
     * every selected Behörde without an account to write to: nobody is dropped silently.
     */
    async bereiteVor(user: Handelnde, titel: string, f: AuswahlFilter, requestId?: string) {
      pruefeMinisterium(user);
      const alle = await repo.auswahl(f, settings.schwellen, clock.now());
      if (alle.length === 0) throw new ValidationError('Die Auswahl enthält keine Behörde.');
      const treffer = alle.filter((t) => t.adressen.length > 0);
      const ohneKonto = alle.filter((t) => t.adressen.length === 0);
      const kurse = (await deps.digitallotse.kurse()).slice(0, 3).map((k) => `- ${datumDe(k.beginn)} bis ${datumDe(k.ende)}: ${k.titel} (${k.online ? 'online' : k.ort})`);
      const termine = (await deps.veranstaltungen.alle()).slice(0, 3).map((v) => `- ${zeitraum(v)}: ${v.titel}`);
      // Every selected Behörde's gap at once (set-based; one query per Behörde took seconds for all 1,463).
      // At least MINDESTENS_GEZEIGT suggestions each, and as many as it lacks, so the text can list
      // every link its sentence counts.
      const luecken = await deps.verlinkung.lueckenVieler(
        alle.map((t) => t.ars),
        MINDESTENS_GEZEIGT,
      );
      const zeilen: { behoerdeArs: string; an: string; status: string; betreff: string; text: string }[] = [];
      for (const t of treffer) {
        const luecke = luecken.get(t.ars);
        if (!luecke) continue; // gone since the selection
        for (const an of t.adressen) zeilen.push({ behoerdeArs: t.ars, an, status: 'wartend', ...textFuer(t, luecke, { kurse, termine }, an) });
      }
      const briefe: { behoerdeArs: string; betreff: string; text: string }[] = [];
      for (const t of ohneKonto) {
        const luecke = luecken.get(t.ars);
        if (luecke) briefe.push({ behoerdeArs: t.ars, ...textFuer(t, luecke, { kurse, termine }) });
      }
      return repo.db.transaction(async (tx) => {
        const k = await repo.legeKampagneAn(tx, { titel, filter: f, erstelltVon: user.id, erstelltAm: clock.now() });
        await repo.fuegeEmpfaengerHinzu(
          tx,
          zeilen.map((z) => ({ ...z, kampagneId: k.id })),
        );
        await repo.fuegeBriefeHinzu(
          tx,
          briefe.map((b) => ({ ...b, kampagneId: k.id })),
        );
        await recordAudit(tx, { id: user.id, label: user.email, requestId }, {
          action: 'outreach.vorbereitet',
          objectType: 'outreach_kampagne',
          objectId: k.id,
          after: { titel, filter: f, behoerden: alle.length, mails: zeilen.length, briefe: briefe.length },
        });
        return k;
      });
    },

    async regierungsbezirke(user: Handelnde) {
      pruefeMinisterium(user);
      return repo.regierungsbezirke();
    },

    async kampagnen(user: Handelnde) {
      pruefeMinisterium(user);
      return repo.kampagnen();
    },

    async kampagne(user: Handelnde, id: string, seite = 1) {
      pruefeMinisterium(user);
      const k = await repo.kampagne(id);
      if (!k) throw new NotFoundError('Diese Kampagne gibt es nicht.');
      return { ...k, stand: await repo.stand(id), mails: await repo.empfaenger(id, 50, (seite - 1) * 50), briefe: await repo.briefe(id, settings.schwellen), laeuft: laufend.has(id) };
    },

    /** The letters of a campaign (Behörden without an account) as a mail-merge file: RFC 4180 CSV. */
    async briefeCsv(user: Handelnde, id: string) {
      pruefeMinisterium(user);
      const k = await repo.kampagne(id);
      if (!k) throw new NotFoundError('Diese Kampagne gibt es nicht.');
      return { titel: k.titel, csv: serienbriefCsv(await repo.briefe(id, settings.schwellen)) };
    },

    sendeStapel,

    /**
     * Sends the whole queue at most `mailsProMinute` per minute — counted over every campaign and
     * every instance on the database. Resumable: rows keep their status, so calling it again
     * (after a crash or restart) continues where it stopped.
     */
    async sende(user: Handelnde, id: string, requestId?: string) {
      pruefeMinisterium(user);
      if (!(await repo.kampagne(id))) throw new NotFoundError('Diese Kampagne gibt es nicht.');
      if (laufend.has(id)) return { gestartet: false };
      laufend.add(id);
      await repo.setzeGestartet(id, clock.now());
      await recordAudit(repo.db, { id: user.id, label: user.email, requestId }, { action: 'outreach.versand', objectType: 'outreach_kampagne', objectId: id });
      const lauf = (async () => {
        try {
          for (;;) {
            const r = await versende(id, Number.POSITIVE_INFINITY);
            if (r.leer) break;
            await warte(r.freiIn ?? 0);
          }
        } finally {
          laufend.delete(id);
        }
      })();
      laeufe.add(lauf);
      const weg = () => laeufe.delete(lauf);
      lauf.then(weg, weg);
      return { gestartet: true, lauf };
    },

    /** Resolves when every send run this process started has ended (successfully or not). */
    async versandFertig() {
      await Promise.allSettled([...laeufe]);
    },

    /** Unsubscribes the address of a valid link; false for a forged or broken link. */
    async meldeAb(e: string, t: string) {
      const email = pruefeAbmeldung([settings.secret, ...(settings.secretsVorher ?? [])], e, t);
      if (!email) return undefined;
      await repo.meldeAb(email, clock.now());
      await recordAudit(repo.db, { label: `abmeldung:${email}` }, { action: 'outreach.abmeldung', objectType: 'email', objectId: email.toLowerCase() });
      return email;
    },

    pruefeLink: (e: string, t: string) => pruefeAbmeldung([settings.secret, ...(settings.secretsVorher ?? [])], e, t),
  };
}

export type OutreachService = ReturnType<typeof createOutreachService>;
