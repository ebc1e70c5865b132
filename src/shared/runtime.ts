/**
 * Where the running code comes from: the compiled bundle (`dist/`, scripts/build.mjs) or the
 * TypeScript sources (tsx, vitest). Entry points of further threads or processes differ by that.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Defined as `true` by scripts/build.mjs in the bundle; an undeclared name in the sources.
declare const __DA_BUNDLED__: boolean | undefined;

/** Whether this code runs from the compiled bundle. */
export const bundled = typeof __DA_BUNDLED__ !== 'undefined';

/** The project root (package.json, dist/, migrations/, public/); the build keeps each source's own URL. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A further entry point: `dist/<name>.js` in the bundle, else the TypeScript source (relative to
 * the project root), which then needs tsx's loader (`needsTsx`).
 */
export function entryPoint(name: string, source: string): { file: string; needsTsx: boolean } {
  return bundled ? { file: path.join(projectRoot, 'dist', `${name}.js`), needsTsx: false } : { file: path.join(projectRoot, source), needsTsx: true };
}
