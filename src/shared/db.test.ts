import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { copyBinaer } from './copy-binaer';
import { type Database, DataDirLockedError, kopiereDaten, lockDataDir, type MassenWert, massenZeilen, openDatabase } from './db';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'da-lock-'));

describe('PGlite data directory lock', () => {
  it('refuses a second opener of the same directory with a clear error', async () => {
    const dir = tmp();
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/bereits von Prozess \d+ verwendet/);
      // The first opener still works: nothing was corrupted by the refused attempt.
      expect(await first.query('select 1 as x')).toEqual([{ x: 1 }]);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir });
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a lock held by another living process', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'digitales-amt.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over the lock of a process that died (e.g. after SIGKILL)', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid as number;
    await new Promise((r) => child.on('exit', r));
    fs.writeFileSync(path.join(dir, 'digitales-amt.lock'), String(deadPid));
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'digitales-amt.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'digitales-amt.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('background work lets requests come first (nachVorrang, PGlite)', () => {
  it("lets a request that arrives while background work runs in before the background's next query", async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      const reihenfolge: string[] = [];
      // A request arrives (a timer, as a new connection's data would) just after the background starts.
      const anfrage = new Promise<void>((resolve, reject) =>
        setTimeout(() => {
          database.db
            .execute(sql`select 1`)
            .then(() => {
              reihenfolge.push('anfrage');
              resolve();
            }, reject);
        }, 0),
      );
      // Background work: twenty queries one at a time, each after `nachVorrang`.
      for (let i = 0; i < 20; i++) {
        await database.nachVorrang!(() => false);
        await database.db.execute(sql`select count(*) from generate_series(1, 2000)`);
        reihenfolge.push(`b${i}`);
      }
      await anfrage;
      expect(reihenfolge).toHaveLength(21);
      // Without the turn of the event loop before each background query the timer would only run
      // once all twenty were answered (PGlite answers within the process).
      expect(reihenfolge.indexOf('anfrage')).toBeLessThan(3);
    } finally {
      await database.close();
    }
  });

  it('holds background work back while requests in flight query, but not while they issue none', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      let fertig = false;
      // A request in flight that issues queries one after the other for a while.
      const anfrage = (async () => {
        const ende = performance.now() + 80;
        while (performance.now() < ende) await database.db.execute(sql`select 1`);
      })();
      const hintergrund = database.nachVorrang!(() => true).then(() => {
        fertig = true;
      });
      await anfrage;
      // The request was still querying: the background had to wait.
      expect(fertig).toBe(false);
      // Still "in flight" (e.g. waiting for what the background loads), but no query of its own:
      // the background goes on within a few milliseconds.
      await hintergrund;
      expect(fertig).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe('bulk rows as one parameter (massenZeilen), on the engine under test', () => {
  const spalten = [
    ['t', 'text'],
    ['u', 'uuid'],
    ['i', 'int'],
    ['b', 'bool'],
    ['z', 'timestamptz'],
  ] as const;
  const lies = async (database: Database, zeilen: MassenWert[][]) =>
    (await database.db.execute(sql`select t, u::text as u, i, b, to_char(z at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as z from ${massenZeilen(spalten, zeilen)} as x`)).rows;
  const erwartet = (zeilen: MassenWert[][]) =>
    zeilen.map(([t, u, i, b, z]) => ({ t: t ?? null, u: u ?? null, i: i ?? null, b: b ?? null, z: z ? new Date(String(z)).toISOString().replace('T', ' ').replace('Z', '') : null }));

  const NORMAL: MassenWert[][] = [
    ['Bürgerbüro – Anträge „online“', 'a0000000-0000-4000-8000-000000000001', 7, true, '2026-12-06T10:00:00.123Z'],
    ['', null, null, false, null],
    [null, 'a0000000-0000-4000-8000-000000000002', -3, null, '2026-01-01T00:00:00.000Z'],
    ['with\ttab, "quotes", {braces}, back\\slash and\nnewline', undefined, 0, true, undefined],
  ];

  it('gives back every row in order, with NULL, empty and non-ASCII values, and with separators in a value', async () => {
    const database = await openTestDatabase();
    try {
      const normal = NORMAL;
      expect(await lies(database, normal)).toEqual(erwartet(normal));
      // A value holding one of the separators: bound as arrays instead, the same table.
      const mitTrenner: MassenWert[][] = [...normal, ['a\u001fb\u001ec\u001d', null, 1, false, null]];
      expect(await lies(database, mitTrenner)).toEqual(erwartet(mitTrenner));
      // A value that is exactly the NULL mark stays that text, and one holding it among other text travels as it is.
      const nullZeichen: MassenWert[][] = [['\u001d', null, 1, true, null], ['x\u001dy', null, 2, true, null]];
      expect(await lies(database, nullZeichen)).toEqual(erwartet(nullZeichen));
      expect(await lies(database, [nullZeichen[1]])).toEqual(erwartet([nullZeichen[1]]));
      // No rows, and one row of one empty text (which as a string would read as no rows).
      expect(await lies(database, [])).toEqual([]);
      expect((await database.db.execute(sql`select t from ${massenZeilen([['t', 'text']], [['']])} as x`)).rows).toEqual([{ t: '' }]);
      expect((await database.db.execute(sql`select t from ${massenZeilen([['t', 'text']], [[null], ['']])} as x`)).rows).toEqual([{ t: null }, { t: '' }]);
    } finally {
      await database.close();
    }
  });

  it('binary COPY (embedded database): the same rows written into a table come back as they were, in a transaction', async () => {
    const database = await openTestDatabase();
    try {
      const zeilen: MassenWert[][] = [
        ...NORMAL,
        ['with\ttab, back\\slash, \\N, \\., carriage\rreturn and\nnewline; 🙂', undefined, 0, true, undefined],
        ['a\u001fb\u001ec\u001d', null, 2 ** 31 - 1, false, '1999-12-31T23:59:59.999Z'],
        ['', null, -(2 ** 31), null, '1970-01-01T00:00:00.000Z'],
      ];
      const spalten = ['t', 'u', 'i', 'b', 'z'];
      const daten = copyBinaer(['text', 'uuid', 'int', 'bool', 'timestamptz'], zeilen).daten;
      const gelesen = await database.db.transaction(async (tx) => {
        await tx.execute(sql`create temporary table kopie (n serial, t text, u uuid, i int, b bool, z timestamptz) on commit drop`);
        if (database.kind !== 'pglite') {
          // A server reads COPY from the client through its protocol, not from an in-memory file: refused before anything is sent.
          await expect(kopiereDaten(tx, 'kopie', spalten, daten)).rejects.toThrow(/PGlite/);
          return undefined;
        }
        await kopiereDaten(tx, 'kopie', spalten, daten);
        await kopiereDaten(tx, 'kopie', spalten, copyBinaer(['text', 'uuid', 'int', 'bool', 'timestamptz'], []).daten);
        return (await tx.execute(sql`select t, u::text as u, i, b, to_char(z at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as z from kopie order by n`)).rows;
      });
      if (database.kind === 'pglite') expect(gelesen).toEqual(erwartet(zeilen));
    } finally {
      await database.close();
    }
  });
});
