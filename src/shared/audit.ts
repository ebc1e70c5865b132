/**
 * Append-only audit trail: who did what, when (UTC), to which object, before and after.
 * Every state-changing service writes through `recordAudit`, inside its own transaction.
 */
import { auditLog } from './schema';
import type { Db } from './db';

export interface Actor {
  id?: string;
  /** Readable label: e-mail of a user, `system`, `cli:<user>`. */
  label: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { label: 'system' };

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor.id ?? null,
    actorLabel: actor.label,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: actor.requestId ?? null,
  });
}
