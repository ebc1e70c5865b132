/**
 * The plan a dry run keeps for its commit on the embedded database (`uploads.plan`): packed compact
 * and given back only to a commit that would check the same (upload.service `uebernehme`).
 */
import crypto from 'node:crypto';
import type { Handelnde } from '../shared/handelnde';
import type { PlanLink, UploadPlan, UploadStatistik } from './upload.pruefung';

/**
 * What a dry run keeps of its check for the commit (`uploads.plan`): the new procedures and the
 * links to write, compact (one array per row). Taken only by a commit in the same process (same
 * code and rules: `prozess`), for the same uploader's rights as checked (`uploader`), on the same
 * data stand (upload.service `uebernehme`); anything else checks again.
 */
interface GespeicherterPlan {
  version: 1;
  prozess: string;
  uploader: string;
  /** id, name, beschreibung, url, art, vertrauensniveau, externeId, anbieterArs, anbieterUserId, leikaIds, zeile */
  neue: (string | number | number[] | null)[][];
  /** zeile, ars, verfahrenId, url, status — only links that change. */
  links: (string | number | null)[][];
}

/** Changes with every start of the process. */
const PROZESS = crypto.randomUUID();
/** What the check takes of the uploader: its id, roles and Behörden. */
const uploaderSchluessel = (u: Handelnde) => JSON.stringify([u.id, u.role, [...(u.roles ?? [u.role])].sort(), [...u.behoerden].sort()]);

export function packePlan(plan: UploadPlan, uploader: Handelnde): GespeicherterPlan {
  return {
    version: 1,
    prozess: PROZESS,
    uploader: uploaderSchluessel(uploader),
    neue: plan.neueVerfahren.map((v) => [
      v.id,
      v.name,
      v.beschreibung,
      v.url,
      v.art,
      v.vertrauensniveau,
      v.externeId,
      v.anbieterArs,
      v.anbieterUserId,
      v.leikaIds,
      v.zeile,
    ]),
    links: plan.links
      .filter((l) => l.status !== 'unveraendert')
      .map((l) => [l.zeile, l.ars, l.verfahrenId, l.url, l.status]),
  };
}

/** The kept plan, when it was made in this process for `uploader` as it is now; else undefined. */
export function entpackePlan(gespeichert: unknown, uploader: Handelnde, statistik: UploadStatistik): UploadPlan | undefined {
  const g = gespeichert as GespeicherterPlan | null;
  if (!g || g.version !== 1 || g.prozess !== PROZESS || g.uploader !== uploaderSchluessel(uploader)) return undefined;
  return {
    neueVerfahren: g.neue.map(
      ([id, name, beschreibung, url, art, vertrauensniveau, externeId, anbieterArs, anbieterUserId, leikaIds, zeile]) => ({
        id: id as string,
        name: name as string,
        beschreibung: beschreibung as string,
        url: url as string,
        art: art as string,
        vertrauensniveau: vertrauensniveau as string,
        externeId: externeId as string | null,
        anbieterArs: anbieterArs as string | null,
        anbieterUserId: anbieterUserId as string | null,
        leikaIds: leikaIds as number[],
        zeile: zeile as number,
      }),
    ),
    links: g.links.map(([zeile, ars, verfahrenId, url, status]) => ({
      zeile: zeile as number,
      ars: ars as string,
      verfahrenId: verfahrenId as string,
      url: url as string | null,
      status: status as PlanLink['status'],
    })),
    statistik,
  };
}
