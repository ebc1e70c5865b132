/**
 * The only place with SQL for the audit trail (`audit_log`): the lock that orders the chain, its
 * last hash, appending an entry, and reading entries back (verification, `audit zeige`). The
 * chain itself — what is hashed and how — lives in audit.ts.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from './db';

/** Lock that orders all audit writes, so the chain has exactly one successor per entry. */
const AUDIT_LOCK = 727400;

/** What the hash of an entry covers (audit.ts, `auditHash`). */
export interface ChainFields {
  at: string;
  actorId: string | null;
  actorLabel: string;
  actorRole: string | null;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** One entry to append, with its place in the chain. */
export interface NeuerAuditEintrag extends ChainFields {
  prevHash: string;
  hash: string;
}

/** An entry as stored (snake_case columns, as both engines return them). */
export interface AuditLogZeile {
  id: number | string;
  at: Date | string;
  actor_id: string | null;
  actor_label: string;
  actor_role: string | null;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** Takes the chain's lock until the end of the transaction `tx`. */
export async function sperreKette(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
}

/** The hash of the newest entry (undefined: no entry yet; null: it was written before the chain). */
export async function letzterHash(tx: Db): Promise<string | null | undefined> {
  const [last] = (await tx.execute(sql`select hash from audit_log order by id desc limit 1`)).rows as { hash: string | null }[];
  return last?.hash;
}

export async function fuegeEintragAn(tx: Db, e: NeuerAuditEintrag): Promise<void> {
  await tx.execute(sql`insert into audit_log (at, actor_id, actor_label, actor_role, action, object_type, object_id, before, after, request_id, prev_hash, hash)
    values (${e.at}::timestamptz, ${e.actorId}, ${e.actorLabel}, ${e.actorRole}, ${e.action}, ${e.objectType}, ${e.objectId},
      ${e.before === null ? null : JSON.stringify(e.before)}::jsonb, ${e.after === null ? null : JSON.stringify(e.after)}::jsonb, ${e.requestId}, ${e.prevHash}, ${e.hash})`);
}

/** Every entry in the order of the chain. */
export async function alleEintraege(db: Db): Promise<AuditLogZeile[]> {
  return (
    await db.execute(
      sql`select id, at, actor_id, actor_label, actor_role, action, object_type, object_id, before, after, request_id, prev_hash, hash from audit_log order by id`,
    )
  ).rows as AuditLogZeile[];
}

export type AuditObjektZeile = Pick<AuditLogZeile, 'actor_label' | 'action' | 'before' | 'after'> & { id: number; at: Date };

/** The entries about one object, oldest first. */
export async function eintraegeZuObjekt(database: Database, objectType: string, objectId: string): Promise<AuditObjektZeile[]> {
  return database.query<AuditObjektZeile>(
    'select id, at, actor_label, action, before, after from audit_log where object_type = $1 and object_id = $2 order by id',
    [objectType, objectId],
  );
}
