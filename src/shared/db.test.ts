import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
