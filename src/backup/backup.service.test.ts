import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde, aVerfahren } from '../../tests/support/builders';
import { createPostgresDatabase, openTestDatabase, testEngine } from '../../tests/support/db';
import { recordAudit, verifyAuditChain } from '../shared/audit';
import { type Database, openDatabase } from '../shared/db';
import { ConflictError } from '../shared/errors';
import { pruefsummen, sicherungEinspielen, sicherungErstellen } from './backup.service';

let database: Database;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'da-backup-'));

beforeAll(async () => {
  database = await openTestDatabase();
  const b = await aBehoerde(database, { name: 'Sicherungsdorf, M', typ: 'markt' });
  await aUser(database, 'kommune_editor', [b.ars]);
  for (let i = 0; i < 5; i++) await aVerfahren(database, { name: `Verfahren „${i}“ mit Ümlaut` });
  await recordAudit(database.db, { label: 'test' }, { action: 'backup.test', objectType: 'behoerde', objectId: b.ars, after: { x: 1 } });
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`backup and restore (${testEngine()})`, () => {
  it('round-trips every table: same row counts, same content checksums, intact audit chain', async () => {
    const datei = path.join(tmp, testEngine() === 'pglite' ? 'sicherung.tar.gz' : 'sicherung.dump');
    const { bytes } = await sicherungErstellen(database, { datei });
    expect(bytes).toBeGreaterThan(1000);
    const vorher = await pruefsummen(database);
    expect(vorher.behoerden.zeilen).toBe(1);
    expect(vorher.online_verfahren.zeilen).toBe(5);

    let restored: Database;
    if (testEngine() === 'pglite') {
      const dir = path.join(tmp, 'ziel');
      await sicherungEinspielen({ datei, dataDir: dir });
      await expect(sicherungEinspielen({ datei, dataDir: dir })).rejects.toBeInstanceOf(ConflictError);
      restored = await openDatabase({ dataDir: dir, migrate: false });
    } else {
      const url = await createPostgresDatabase();
      await sicherungEinspielen({ datei, databaseUrl: url });
      restored = await openDatabase({ databaseUrl: url, migrate: false });
    }
    try {
      expect(await pruefsummen(restored)).toEqual(vorher);
      expect((await verifyAuditChain(restored.db)).problems).toEqual([]);
    } finally {
      await restored.close();
    }
  });
});
