/**
 * The plans dry runs keep for their commits on the embedded database: in this process's memory,
 * given back once, and only to a commit that would check the same (upload.service `uebernehme`,
 * ADR 0036). A restart, another process or a plan pushed out by newer ones: the commit checks the
 * stored rows again, as it does on a PostgreSQL server.
 */
import type { Handelnde } from '../shared/handelnde';
import { bereiteKopieVor, type KopieVorbereitet } from './upload.kopie';
import type { UploadPlan, UploadStatistik } from './upload.pruefung';

interface Behalten {
  plan: UploadPlan;
  /** Its rows as the commit writes them (binary COPY), but for the commit's time and committer. */
  kopie: KopieVorbereitet;
  /** The uploader's id, roles and Behörden as the check took them. */
  uploader: string;
  /** The data stand the check was made on (`pruef_datenstand`, read before checking). */
  datenstand: number;
  /** New procedures and links: what the plan holds in memory. */
  umfang: number;
}

/**
 * At most this many new procedures and links are kept over all plans: two uploads of 100,000 new
 * procedures with their links, ≈ 220 MB of memory (docs/uploads.md); the oldest plans give way
 * first. A larger plan is not kept.
 */
export const PLAN_GRENZE = 400_000;

/** Plans by upload id, oldest first (a Map keeps the order of insertion). */
const plaene = new Map<string, Behalten>();

/** What the check takes of the uploader: its id, roles and Behörden. */
const uploaderSchluessel = (u: Handelnde) => JSON.stringify([u.id, u.role, [...(u.roles ?? [u.role])].sort(), [...u.behoerden].sort()]);

/**
 * The plan without what its prepared rows hold already — names, descriptions and addresses of the
 * new procedures, the address keys of the links — and copied through JSON: the values the check
 * took from the file are slices of larger strings of the parsed file, which would stay in memory
 * with them. A plan of 100,000 new procedures held 190 MB in memory as it was, 108 MB so (half of
 * it the prepared rows). The commit writes such a plan only with its prepared rows (the repository
 * refuses prepared rows that are not exactly the plan's).
 */
function schlank(plan: UploadPlan): UploadPlan {
  return JSON.parse(
    JSON.stringify({
      ...plan,
      neueVerfahren: plan.neueVerfahren.map((v) => ({ ...v, name: '', beschreibung: '', url: '', adresse: undefined })),
      links: plan.links.map((l) => ({ ...l, adresse: undefined })),
    }),
  ) as UploadPlan;
}

/** Keeps the plan of a dry run that found no errors, made on `datenstand` for `uploader`. */
export function behaltePlan(uploadId: string, plan: UploadPlan, uploader: Handelnde, datenstand: number): void {
  const umfang = plan.neueVerfahren.length + plan.links.length;
  plaene.delete(uploadId);
  if (umfang > PLAN_GRENZE) return;
  plaene.set(uploadId, { plan: schlank(plan), kopie: bereiteKopieVor(plan), uploader: uploaderSchluessel(uploader), datenstand, umfang });
  let summe = 0;
  for (const b of plaene.values()) summe += b.umfang;
  for (const [id, b] of plaene) {
    if (summe <= PLAN_GRENZE) break;
    plaene.delete(id);
    summe -= b.umfang;
  }
}

/** Whether a plan is kept for the upload (for diagnostics and the tests). */
export function planBehalten(uploadId: string): boolean {
  return plaene.has(uploadId);
}

/** A kept plan as the commit takes it: with the stored upload's figures and its rows prepared. */
export interface GenommenerPlan {
  plan: UploadPlan;
  kopie: KopieVorbereitet;
}

/**
 * The kept plan of the upload, when it was made on `datenstand` for `uploader` as it is now, with
 * the stored upload's `statistik`; else undefined. Either way the plan is given up: a commit takes
 * it at most once.
 */
export function nimmPlan(uploadId: string, uploader: Handelnde, datenstand: number, statistik: UploadStatistik): GenommenerPlan | undefined {
  const b = plaene.get(uploadId);
  plaene.delete(uploadId);
  if (!b || b.datenstand !== datenstand || b.uploader !== uploaderSchluessel(uploader)) return undefined;
  return { plan: { ...b.plan, statistik }, kopie: b.kopie };
}
