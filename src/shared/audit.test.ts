import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { canonicalJson, recordAudit, verifyAuditChain } from './audit';
import type { Database } from './db';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  for (let i = 0; i < 5; i++) {
    await recordAudit(database.db, { id: '00000000-0000-0000-0000-00000000000' + i, label: `user${i}@example.org`, role: 'ministry_admin', requestId: `req-${i}` }, {
      action: 'test.change',
      objectType: 'behoerde',
      objectId: `0956400000${i}0`,
      before: { anzahl: i, name: 'Nürnberg „alt“', liste: [1, 2.5, 'x'] },
      after: { anzahl: i + 1, seit: new Date('2026-11-26T10:00:00Z') },
    });
  }
});
afterAll(async () => {
  await database.close();
});

describe('audit trail', () => {
  it('chains every entry and verifies intact', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ entries: 5, problems: [], vorKette: 0 });
  });

  it('keeps the chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => recordAudit(database.db, { label: 'parallel' }, { action: 'p', objectType: 't', objectId: String(i) })));
    expect((await verifyAuditChain(database.db)).problems).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(database.query(`update audit_log set action = 'x' where id = 1`)).rejects.toThrow(/unveränderlich/);
    await expect(database.query('delete from audit_log where id = 1')).rejects.toThrow(/unveränderlich/);
    await expect(database.query('truncate audit_log')).rejects.toThrow(/unveränderlich/);
  });

  it('names the entry that someone changed behind the trigger’s back, and a removed one', async () => {
    await database.query('alter table audit_log disable trigger audit_log_append_only');
    await database.query(`update audit_log set after = '{"anzahl": 999}'::jsonb where id = 3`);
    await database.query('delete from audit_log where id = 4');
    await database.query('alter table audit_log enable trigger audit_log_append_only');
    const { problems } = await verifyAuditChain(database.db);
    expect(problems).toContainEqual({ id: 3, reason: expect.stringContaining('Inhalt verändert') });
    expect(problems).toContainEqual({ id: 5, reason: expect.stringContaining('Verkettung unterbrochen') });
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'ä' }] })).toBe(canonicalJson({ a: [{ c: 'ä', d: 2 }], b: 1 }));
  });
});
