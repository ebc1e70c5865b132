/** Runs a command in the repository to its end, as an operator would type it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Ergebnis {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Exit code, standard output and error output of `cmd args` started in the repository. */
export function ausfuehren(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ergebnis> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
