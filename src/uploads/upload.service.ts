/**
 * Bulk upload of Online-Verfahren: the service — the dry run (upload.pruefung.ts), reading uploads
 * and their errors, and the commit that takes a checked upload over all-or-nothing. No Fastify, no
 * SQL (upload.repository.ts); catalogue semantics in upload.pruefung.ts and docs/uploads.md.
 */
import type { Handelnde } from '../shared/handelnde';
import { recordAudit } from '../shared/audit';
import { type Clock, systemClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { ConflictError, NotFoundError } from '../shared/errors';
import { createVerlinkungRepository } from '../verlinkung/verlinkung.repository';
import type { Zaehlregel } from '../verlinkung/zaehlung';
import {
  type AufrufOptionen,
  entpackeZeilen,
  istMinisterium,
  pruefeUndSpeichere,
  pruefeZeilen,
  type UploadEingabe,
  type UploadErgebnis,
  type UploadStatistik,
  type UploadStatus,
  UUID_MUSTER,
  zweisprachig,
} from './upload.pruefung';
import { leistungenVon } from './upload.kopie';
import { nimmPlan } from './upload.plan';
import { createUploadRepository, istEindeutigkeitsVerletzung } from './upload.repository';
import type { UploadFehler } from './upload.types';

export interface UploadDeps {
  database: Database;
  clock?: Clock;
  regel: Zaehlregel;
}

/** Rows from which a commit counts as large (`nachGrossemCommit`): a tenth of a 100,000-row upload. */
const GROSSER_COMMIT = 10_000;

export const createUploadService = (deps: UploadDeps) => {
  const clock = deps.clock ?? systemClock;
  const { db } = deps.database;
  const repo = createUploadRepository(db);

  const nichtGefunden = () => zweisprachig(new NotFoundError('Diesen Upload gibt es nicht.'), 'Upload not found.');

  /** Uploads are visible to the uploader and to ministry staff; to everyone else they do not exist. */
  const sichtbar = async (id: string, user: Handelnde) => {
    if (!UUID_MUSTER.test(id)) throw nichtGefunden();
    const u = await repo.findUpload(id);
    if (!u || (u.user_id !== user.id && !istMinisterium(user))) throw nichtGefunden();
    return u;
  };

  const alsErgebnis = (u: NonNullable<Awaited<ReturnType<typeof repo.findUpload>>>, fehler: UploadFehler[]): UploadErgebnis => ({
    id: u.id,
    format: u.format,
    dateiname: u.dateiname,
    status: u.status as UploadStatus,
    zeilen: u.zeilen,
    fehlerAnzahl: u.fehler_anzahl,
    fehler,
    statistik: (typeof u.statistik === 'string' ? JSON.parse(u.statistik) : u.statistik) as UploadStatistik | null,
    hochgeladenVon: u.user_email,
    userId: u.user_id,
    erstelltAm: new Date(u.created_at).toISOString(),
    uebernommenAm: u.committed_at ? new Date(u.committed_at).toISOString() : null,
  });

  /** An upload with one page of its errors (`fehlerOffset`, `fehlerLimit`). */
  const upload = async (id: string, user: Handelnde, seite: { fehlerOffset?: number; fehlerLimit?: number } = {}): Promise<UploadErgebnis> => {
    const u = await sichtbar(id, user);
    const fehler = u.fehler_anzahl > 0 ? await repo.fehlerSeite(id, seite.fehlerOffset ?? 0, seite.fehlerLimit ?? 100) : [];
    return alsErgebnis(u, fehler);
  };

  return {
    pruefeUndSpeichere: (user: Handelnde, eingabe: UploadEingabe, opts: AufrufOptionen = {}) =>
      pruefeUndSpeichere(deps.database, user, eingabe, { clock, ...opts }),

    upload,

    /** Every error of an upload (for the CSV download). */
    async alleFehler(id: string, user: Handelnde): Promise<{ upload: UploadErgebnis; fehler: UploadFehler[] }> {
      const u = await sichtbar(id, user);
      const fehler = u.fehler_anzahl > 0 ? await repo.fehlerSeite(id, 0, u.fehler_anzahl) : [];
      return { upload: alsErgebnis(u, []), fehler };
    },

    /** The user's uploads, newest first; ministry staff see everyone's. */
    async liste(user: Handelnde, limit = 50): Promise<UploadErgebnis[]> {
      const rows = await repo.listUploads(istMinisterium(user) ? {} : { userId: user.id }, limit);
      return rows.map((u) => alsErgebnis(u, []));
    },

    /**
     * Takes a checked upload over, all or nothing, in ONE transaction: the upload row is locked
     * (`for update`, so a second commit of the same upload waits and then finds it taken over), the
     * rows are checked again against the current data (links or Behörden may have changed since the
     * dry run; on the embedded database the dry run's plan is taken instead when nothing the check
     * reads has changed — ADR 0036), then procedures, their LeiKa links, the links, their events (one per changed
     * address, one per Behörde for the new links), one audit entry and the recount of the affected
     * Behörden are written set-based.
     *
     * When the new check finds errors nothing is written but the upload becomes `fehlerhaft` with
     * those errors; the result says so.
     */
    async uebernehme(uploadId: string, user: Handelnde, opts: { requestId?: string } = {}): Promise<UploadErgebnis> {
      if (!UUID_MUSTER.test(uploadId)) throw nichtGefunden();
      const at = clock.now();
      try {
        await db.transaction(async (tx) => {
          const satzweise = deps.database.kind === 'pglite';
          // Embedded database: the bulk rows are written with COPY (see the repository).
          const txRepo = createUploadRepository(tx, { kopieren: satzweise });
          const u = await txRepo.lockUpload(uploadId);
          // Embedded database: the data stand before this commit writes anything (its own writes advance it).
          const datenstand = satzweise ? await txRepo.datenstand() : undefined;
          if (!u || (u.user_id !== user.id && !istMinisterium(user))) throw nichtGefunden();
          if (u.status === 'uebernommen') {
            throw zweisprachig(new ConflictError('Dieser Upload wurde bereits übernommen.', [], 'UPLOAD_BEREITS_UEBERNOMMEN'), 'This upload has already been committed.');
          }
          if (u.status !== 'geprueft') {
            throw zweisprachig(
              new ConflictError('Dieser Upload hat Fehler und kann nicht übernommen werden. Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch.', [], 'UPLOAD_FEHLERHAFT'),
              'This upload has errors and cannot be committed. Correct the file and upload it again.',
            );
          }
          // The uploader's rights as they are now (the committer may be ministry staff).
          const uploader = await txRepo.handelnde(u.user_id);
          if (!uploader) {
            throw zweisprachig(new ConflictError('Das Konto, das diesen Upload hochgeladen hat, ist nicht mehr aktiv.', [], 'UPLOAD_KONTO_INAKTIV'), 'The account that uploaded this file is no longer active.');
          }
          const gespeichert = await txRepo.findUpload(uploadId);
          const roh = gespeichert?.statistik as UploadStatistik | string | null | undefined;
          const vorher = typeof roh === 'string' ? (JSON.parse(roh) as UploadStatistik) : roh;
          // The dry run's plan when nothing the check reads has changed since it checked (same data
          // stand, same process, same rights of the uploader): checking again would find the same.
          // Otherwise the rows are checked again against the data as it is now.
          const behaltenerPlan = datenstand !== undefined && vorher ? nimmPlan(uploadId, uploader, datenstand, vorher) : undefined;
          const { fehler, plan } = behaltenerPlan
            ? { fehler: [], plan: behaltenerPlan.plan }
            : await pruefeZeilen(entpackeZeilen(await txRepo.daten(uploadId)), uploader, tx, { formatGeprueft: true });
          const statistik: UploadStatistik = { ...plan.statistik, hinweise: vorher?.hinweise ?? [], datensaetze: vorher?.datensaetze ?? gespeichert?.zeilen ?? 0 };
          if (fehler.length > 0) {
            await txRepo.setStatus(uploadId, { status: 'fehlerhaft', fehler, statistik });
            await recordAudit(tx, { id: user.id, label: user.email, requestId: opts.requestId }, {
              action: 'upload.uebernehmen.abgelehnt',
              objectType: 'upload',
              objectId: uploadId,
              after: { fehler: fehler.length },
            });
            return;
          }
          // The Behörden whose links change, locked like a single link change locks one (sorted
          // lock keys, no deadlock): a concurrent change of one of them waits for this commit or
          // was committed before, so the recount below sees it and theirs sees ours.
          const verlinkungTx = createVerlinkungRepository(tx);
          await verlinkungTx.sperreBehoerden(tx, statistik.behoerden);
          // Embedded database: the foreign keys of the bulk rows are checked by the statements
          // that write them, for the whole set, instead of by one trigger per row and key (see
          // the repository).
          if (satzweise) await txRepo.fremdschluesselJeZeile(false);
          // With the kept plan on the embedded database, its rows come prepared as the writes take them.
          const kopie = behaltenerPlan?.kopie;
          await txRepo.insertVerfahren(plan.neueVerfahren, at, kopie?.verfahren);
          await txRepo.insertVerfahrenLeistungen(leistungenVon(plan.neueVerfahren), kopie?.leistungen);
          const schreiben = { at, actorId: user.id, actorLabel: user.email, quelle: u.format === 'xzufi' ? 'xzufi' : 'csv', uploadId, dateiname: u.dateiname };
          // New links by a plain insert, changed URLs with the link read before (see the repository).
          await txRepo.schreibeNeueLinks(
            plan.links.filter((l) => l.status === 'neu'),
            schreiben,
            kopie?.neueLinks,
          );
          await txRepo.schreibeLinks(
            plan.links.filter((l) => l.status === 'url_geaendert'),
            schreiben,
          );
          if (satzweise) await txRepo.fremdschluesselJeZeile(true);
          const quelle = u.format === 'xzufi' ? 'xzufi' : 'csv';
          // After a large commit, fresh planner statistics before the recount: the embedded database
          // has no autovacuum, and a server's comes later — the recount below, the next upload's
          // check and every later page would plan with the tables as they were before (on a server
          // the recount of a 20,000-row commit took 27 s so). More working memory keeps the
          // recount's interim rows off disk.
          if (plan.links.length + plan.neueVerfahren.length >= GROSSER_COMMIT) await txRepo.nachGrossemCommit();
          if (statistik.behoerden.length > 0) await verlinkungTx.recompute(tx, deps.regel, at, statistik.behoerden, { actorId: user.id, actorLabel: user.email, quelle, uploadId });
          await recordAudit(tx, { id: user.id, label: user.email, requestId: opts.requestId }, {
            action: 'upload.uebernehmen',
            objectType: 'upload',
            objectId: uploadId,
            // erneutGeprueft: false when the dry run's plan was written (nothing checked had changed).
            after: { format: u.format, dateiname: u.dateiname, ...statistik, erneutGeprueft: !behaltenerPlan },
          });
          await txRepo.setStatus(uploadId, { status: 'uebernommen', statistik, committedAt: at, fehler: [] });
        });
      } catch (e) {
        if (istEindeutigkeitsVerletzung(e)) {
          throw zweisprachig(
            new ConflictError('Ein anderer Upload hat gleichzeitig dieselben Verfahren angelegt. Bitte laden Sie die Datei erneut hoch, damit sie neu geprüft wird.', [], 'UPLOAD_GLEICHZEITIG_GEAENDERT'),
            'Another upload created the same procedures at the same time. Upload the file again to check it anew.',
          );
        }
        throw e;
      }
      return upload(uploadId, user, { fehlerLimit: 1000 });
    },
  };
};

export type UploadService = ReturnType<typeof createUploadService>;
