import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, openDatabase } from './db';

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
