/**
 * The compiled build that `npm start` runs (`dist/`, scripts/build.mjs). Tests that start the
 * real server as a process use it, so they exercise what ships; `ensureBuilt()` rebuilds it first
 * when a source is newer (a checkout edited since `npm install`). Safe in parallel test processes.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The server entry, relative to the repository root: start it with `node dist/server.js`. */
export const SERVER_ENTRY = 'dist/server.js';
export const CLI_ENTRY = 'dist/cli.js';

let built = false;

export function ensureBuilt(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build.mjs failed (${r.status}):\n${r.stderr}${r.stdout}`);
  built = true;
}
