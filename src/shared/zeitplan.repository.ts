/**
 * The only place with SQL for the daily-job claims (zeitplan.ts): the advisory lock per job and
 * the claim entries `job.lauf` in the audit trail.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db';

/** Lock class of the daily claims (`pg_advisory_xact_lock(727400, hashtext(job))`). */
const JOB_LOCK = 727400;

/** Takes the lock of `job` until the end of the transaction `tx`. */
export async function sperreJob(tx: Db, job: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${JOB_LOCK}, hashtext(${job}))`);
}

/** Whether a run of a job was already claimed (`objectId`: `job:YYYY-MM-DD`). */
export async function istBeansprucht(tx: Db, objectId: string): Promise<boolean> {
  const schon = (await tx.execute(sql`select 1 from audit_log where action = 'job.lauf' and object_type = 'job' and object_id = ${objectId} limit 1`)).rows;
  return schon.length > 0;
}
