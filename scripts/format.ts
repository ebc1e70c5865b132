/**
 * Prettier on the files you changed (`npm run format`, `npm run format:check`). See docs/testing.md
 * („Formatting“): until the whole code base is formatted once, only changed and new files are.
 *
 *   npm run format                  formats the files changed against HEAD, staged or not, and new files
 *   npm run format -- FILE…         formats these files or folders
 *   npm run format -- --all         formats the whole code base (the one-off reformatting)
 *   npm run format:check [-- …]     the same selection, checked only (exit 1 when a file differs)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const all = args.includes('--all');
const paths = args.filter((a) => !a.startsWith('--'));
const FORMATTED = /\.(ts|tsx|js|mjs|json)$/;

function changedFiles(): string[] {
  const out = execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
  const entries = out.split('\0').filter(Boolean);
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const status = entries[i].slice(0, 2);
    const file = entries[i].slice(3);
    if (status.startsWith('R')) i++; // a rename is followed by its old name
    if (!status.includes('D') && FORMATTED.test(file)) files.push(file);
  }
  return files;
}

const targets = all ? ['.'] : paths.length > 0 ? paths : changedFiles();
if (targets.length === 0) {
  console.log('format: no changed file');
  process.exit(0);
}
const prettier = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
const r = spawnSync(process.execPath, [prettier, check ? '--check' : '--write', '--ignore-unknown', ...targets], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
