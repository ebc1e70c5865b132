import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, nachrangig, openDatabase } from './db';

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

describe('background queries come after requests (nachrangig, PGlite)', () => {
  it("answers a request's query after at most one queued background query, and background work still finishes", async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      const reihenfolge: string[] = [];
      // Background work that queues ten queries at once (as a page loader's Promise.all does).
      const hintergrund = nachrangig(() =>
        Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            database.db.execute(sql`select count(*) from generate_series(1, 20000)`).then(() => {
              reihenfolge.push(`b${i}`);
            }),
          ),
        ),
      );
      // A request's query issued right after: without the order it would be answered eleventh.
      await new Promise<void>((r) => setImmediate(r));
      await database.db.execute(sql`select 1`);
      reihenfolge.push('anfrage');
      await hintergrund;
      expect(reihenfolge).toHaveLength(11);
      expect(reihenfolge.indexOf('anfrage')).toBeLessThanOrEqual(1);
      expect(reihenfolge.filter((x) => x !== 'anfrage')).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    } finally {
      await database.close();
    }
  });

  it('holds background queries back while requests are in flight, but never waits for them forever', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      let fertig = false;
      // A request in flight that issues queries one after the other for a while.
      const anfrage = (async () => {
        const ende = performance.now() + 80;
        while (performance.now() < ende) await database.db.execute(sql`select 1`);
      })();
      const hintergrund = nachrangig(
        async () => {
          await database.db.execute(sql`select 2`);
          fertig = true;
        },
        { beschaeftigt: () => true },
      );
      await anfrage;
      // The request was still in flight and querying: the background query had to wait.
      expect(fertig).toBe(false);
      // Still "in flight" (e.g. waiting for data the background loads), but no query of its own:
      // the background goes on within a few milliseconds.
      await hintergrund;
      expect(fertig).toBe(true);
    } finally {
      await database.close();
    }
  });
});
