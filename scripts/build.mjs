/**
 * Compiles the TypeScript sources into `dist/` with esbuild, so that production runs plain
 * `node dist/server.js` (no transpiling at run time; docs/adr/0015-compiled-start-and-probes.md).
 *
 *   node scripts/build.mjs              build (npm run build; also `prepare`, so `npm install`/`npm ci` build)
 *   node scripts/build.mjs --if-stale   build only when a source is newer than the last build
 *                                       (`prestart`/`precli`: an edited checkout is rebuilt on start)
 *
 * Output: dist/server.js (the server), dist/cli.js (the admin CLI), dist/setup-worker.js (the
 * start-up preparation that server.js runs in a worker thread), dist/start-helper.js (the process
 * that answers the probes beside it during the start), each with a source map. The npm
 * packages stay outside the bundles (`node_modules` is needed at run time, as before).
 *
 * Paths: the sources find files relative to themselves (`import.meta.url`: migrations/, public/,
 * fonts in node_modules). In a bundle every module would share the bundle's URL, so each
 * `import.meta.url` is replaced by the URL its source file had — computed relative to the bundle,
 * so the built tree can be moved as a whole (e.g. into a container image without src/).
 *
 * Several builds at once (parallel test processes) are safe: every file is written to a temporary
 * name and renamed into place, and all builds of the same sources write the same bytes.
 * Messages go to stderr: stdout of `npm start` carries only the server's JSON log lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const stampFile = path.join(outdir, '.build-stamp');

export const ENTRIES = {
  server: 'src/server.ts',
  cli: 'src/cli/main.ts',
  'setup-worker': 'src/setup/setup.worker.ts',
  'start-helper': 'src/health/start-helper.ts',
};

/** Every file whose change makes a new build necessary. */
function inputs() {
  const files = [path.join(root, 'package.json'), path.join(root, 'package-lock.json'), fileURLToPath(import.meta.url), path.join(root, 'tsconfig.json')];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|json|mjs|js)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(p);
    }
  };
  walk(path.join(root, 'src'));
  return files.filter((f) => fs.existsSync(f));
}

/** Whether dist/ is missing an entry or older than a source. */
export function isStale() {
  let built;
  try {
    built = fs.statSync(stampFile).mtimeMs;
  } catch {
    return true;
  }
  for (const name of Object.keys(ENTRIES)) if (!fs.existsSync(path.join(outdir, `${name}.js`))) return true;
  return inputs().some((f) => fs.statSync(f).mtimeMs > built);
}

/** esbuild plugin: each source keeps its own `import.meta.url` (see the top of this file). */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url') || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

export async function build() {
  const esbuild = await import('esbuild');
  const t0 = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    // Lets the code tell the bundle from the TypeScript sources (src/shared/runtime.ts).
    define: { __DA_BUNDLED__: 'true' },
    plugins: [ownImportMetaUrl],
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
  }
  const tmpStamp = `${stampFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmpStamp, `${new Date().toISOString()}\n`);
  fs.renameSync(tmpStamp, stampFile);
  return { ms: Date.now() - t0, files: result.outputFiles.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  build().then(
    ({ ms }) => {
      process.stderr.write(`dist/ gebaut in ${ms} ms (${Object.values(ENTRIES).join(', ')})\n`);
    },
    (e) => {
      process.stderr.write(`Build fehlgeschlagen: ${e instanceof Error ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
