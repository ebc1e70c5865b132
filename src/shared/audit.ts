/**
 * Append-only, hash-chained audit trail: who did what, when (UTC), in which role, to which object,
 * before and after, with the request id. Every state-changing service writes through `recordAudit`
 * inside its own transaction. The table refuses UPDATE, DELETE and TRUNCATE (trigger); each entry
 * carries SHA-256(previous hash + its own content), so `verifyAuditChain` finds any change made
 * by someone who bypasses the trigger.
 */
import crypto from 'node:crypto';
import { alleEintraege, type ChainFields, fuegeEintragAn, letzterHash, sperreKette } from './audit.repository';
import type { Db } from './db';

export interface Actor {
  id?: string;
  /** Readable label: e-mail of a user, `system`, `cli:<user>`. */
  label: string;
  role?: string;
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

/** JSON with sorted keys: the same content always hashes the same, on both database engines. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const auditHash = (prevHash: string, f: ChainFields) =>
  crypto.createHash('sha256').update(prevHash).update('\n').update(canonicalJson(f)).digest('hex');

export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  // Its own (sub)transaction: the lock then holds until the caller's transaction commits, also
  // when a caller is not in one.
  await db.transaction((tx) => appendEntry(tx, actor, entry));
}

async function appendEntry(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await sperreKette(db);
  const prevHash = (await letzterHash(db)) ?? '';
  // Milliseconds only: both engines store microseconds, JavaScript dates carry milliseconds.
  const at = new Date();
  // Round-trip through JSON so what is hashed equals what jsonb returns when verifying.
  const before = entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before));
  const after = entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after));
  const fields: ChainFields = {
    at: at.toISOString(),
    actorId: actor.id ?? null,
    actorLabel: actor.label,
    actorRole: actor.role ?? null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    before,
    after,
    requestId: actor.requestId ?? null,
  };
  const hash = auditHash(prevHash, fields);
  await fuegeEintragAn(db, { ...fields, prevHash, hash });
}

export interface ChainProblem {
  id: number;
  reason: string;
}

/** Recomputes the whole chain; returns the entries that do not match (none: intact). */
export async function verifyAuditChain(db: Db): Promise<{ entries: number; problems: ChainProblem[]; vorKette: number }> {
  const rows = await alleEintraege(db);
  const problems: ChainProblem[] = [];
  let prev = '';
  let vorKette = 0;
  let ketteBegonnen = false;
  for (const r of rows) {
    const id = Number(r.id);
    if (r.hash === null) {
      // Entries written before the chain was introduced may precede it; none may follow it.
      if (!ketteBegonnen) vorKette++;
      else problems.push({ id, reason: 'Eintrag ohne Prüfsumme innerhalb der Prüfkette' });
      continue;
    }
    ketteBegonnen = true;
    if ((r.prev_hash ?? '') !== prev) problems.push({ id, reason: 'Verkettung unterbrochen: vorherige Prüfsumme stimmt nicht (Eintrag entfernt oder eingefügt?)' });
    const expected = auditHash(r.prev_hash ?? '', {
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      actorRole: r.actor_role,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      before: typeof r.before === 'string' ? JSON.parse(r.before) : r.before,
      after: typeof r.after === 'string' ? JSON.parse(r.after) : r.after,
      requestId: r.request_id,
    });
    if (expected !== r.hash) problems.push({ id, reason: 'Inhalt verändert: Prüfsumme passt nicht zum Eintrag' });
    prev = r.hash;
  }
  return { entries: rows.length, problems, vorKette };
}
