/**
 * Structure check of src/ (`npx tsx scripts/struktur.ts`, run by `npm test`). Three rules:
 *
 *   sql-outside-repository  SQL only in `*.repository.ts`, table definitions (`*.tables.ts`,
 *                           `shared/schema.ts`) and `shared/db.ts`: a drizzle `sql` template, a
 *                           `.execute(…)`/`.query(…)` with SQL text, `db|tx.select/insert/update/delete(…)`
 *                           or `db|tx.query.<table>.find…(…)` anywhere else is a violation.
 *                           Test files (`*.test.ts(x)`) and test helpers (`testing/` folders) may
 *                           use SQL to set up and inspect the database.
 *   folder-cycle            no import cycle between the top-level folders of src/ (files directly
 *                           in src/ count as the folder `(root)`): every folder-to-folder import
 *                           edge that lies on a cycle is one violation, reported with the imports
 *                           (file:line) that make it and the way back. Test files are left out.
 *   file-too-long           no source file over 800 lines.
 *
 * Violations that are known and wait for the structural clean-up are listed, each with its reason,
 * in scripts/struktur.bekannt.ts. The check fails on any violation not in that list and on any
 * entry of the list that no longer occurs (so the list can only shrink). Exit code 0 or 1.
 * See docs/architecture.md („Checks“) and ADR 0029.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { BEKANNT, type Bekannt } from './struktur.bekannt';

export const MAX_LINES = 800;

export type Rule = 'sql-outside-repository' | 'folder-cycle' | 'file-too-long';

export interface Violation {
  rule: Rule;
  /** What the known list matches on: the file (sql, length) or `from -> to` (cycle). */
  key: string;
  /** For sql-outside-repository: how many places in the file. */
  count?: number;
  /** Human-readable lines, each `file:line  what`. */
  details: string[];
}

export interface Result {
  violations: Violation[];
  /** Violations not in the known list (or more places than listed). */
  neu: Violation[];
  /** Known entries that no longer occur (or occur less often than listed). */
  veraltet: { entry: Bekannt; why: string }[];
}

const SOURCE = /\.(ts|tsx)$/;
const TEST_FILE = /\.test\.tsx?$/;

/** Source files below `dir` (relative paths with `/`), sorted. */
function listSources(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

const isTestCode = (file: string) => TEST_FILE.test(file) || file.split('/').includes('testing');

/** Where SQL may be written. */
export const sqlAllowed = (file: string) =>
  /\.repository\.ts$/.test(file) || /\.tables\.ts$/.test(file) || file === 'src/shared/schema.ts' || file === 'src/shared/db.ts' || isTestCode(file);

const SQL_START =
  /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|lock|begin|commit|rollback|set|show|vacuum|analyze|copy|explain|grant|revoke|listen|notify)\b/i;
const BUILDER_METHODS = new Set(['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete']);
const DB_NAMES = /^(db|tx|trx)$/i;

/** The last name of an expression: `a.b.db` → `db`, `db` → `db`. */
function lastName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) return lastName(e.expression);
  return undefined;
}

function literalText(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text;
  return undefined;
}

/** SQL places in one file: `line  what`. */
export function findSql(sf: ts.SourceFile): { line: number; what: string }[] {
  const found: { line: number; what: string }[] = [];
  const at = (n: ts.Node, what: string) => found.push({ line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, what });
  const visit = (n: ts.Node) => {
    if (ts.isTaggedTemplateExpression(n) && lastName(n.tag) === 'sql') {
      at(n, 'drizzle sql`…` template');
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      const receiver = n.expression.expression;
      const text = literalText(n.arguments[0]);
      if ((method === 'execute' || method === 'query') && text !== undefined && SQL_START.test(text)) {
        at(n, `.${method}() with SQL text „${text.trim().split(/\s+/).slice(0, 4).join(' ')} …“`);
      } else if (BUILDER_METHODS.has(method) && DB_NAMES.test(lastName(receiver) ?? '')) {
        at(n, `query builder ${receiver.getText(sf)}.${method}()`);
      } else if (
        (method === 'findMany' || method === 'findFirst') &&
        ts.isPropertyAccessExpression(receiver) &&
        ts.isPropertyAccessExpression(receiver.expression) &&
        receiver.expression.name.text === 'query' &&
        DB_NAMES.test(lastName(receiver.expression.expression) ?? '')
      ) {
        at(n, `relational query ${n.expression.getText(sf)}()`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Relative module specifiers of a file's imports, re-exports and dynamic imports, with their line. */
export function findImports(sf: ts.SourceFile): { line: number; spec: string }[] {
  const out: { line: number; spec: string }[] = [];
  const add = (n: ts.Node, spec: ts.Expression | undefined) => {
    if (spec && ts.isStringLiteralLike(spec) && spec.text.startsWith('.')) {
      out.push({ line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, spec: spec.text });
    }
  };
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) add(n, n.moduleSpecifier);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) add(n, n.arguments[0]);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n, n.argument.literal);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The top-level folder of a file below src/ (`(root)` for files directly in src/). */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1] : '(root)';
}

interface Edge {
  from: string;
  to: string;
  imports: string[];
}

/** Strongly connected components (Tarjan) of the folder graph. */
function components(nodes: string[], next: (n: string) => string[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const comp = new Map<string, number>();
  const stack: string[] = [];
  let counter = 0;
  let compCount = 0;
  const strong = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (!comp.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      for (;;) {
        const w = stack.pop()!;
        comp.set(w, compCount);
        if (w === v) break;
      }
      compCount++;
    }
  };
  for (const n of nodes) if (!index.has(n)) strong(n);
  return comp;
}

/** A shortest folder path from `from` to `to` (breadth first). */
function shortestPath(from: string, to: string, next: (n: string) => string[]): string[] {
  const prev = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === to) break;
    for (const w of next(v)) {
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  const way = [to];
  while (way[0] !== from) way.unshift(prev.get(way[0])!);
  return way;
}

function resolveImport(root: string, file: string, spec: string, known: Set<string>): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  const stripped = base.replace(/\.(js|mjs|ts|tsx)$/, '');
  for (const candidate of [base, `${stripped}.ts`, `${stripped}.tsx`, `${stripped}/index.ts`, `${stripped}/index.tsx`]) {
    if (known.has(candidate)) return candidate;
  }
  // Not a source file of src/ (JSON, something outside): only its folder matters.
  return fs.existsSync(path.join(root, base)) ? base : undefined;
}

/** Every violation below `root`/src, without looking at the known list. */
export function collectViolations(root: string): Violation[] {
  const files = listSources(root, 'src');
  const known = new Set(files);
  const violations: Violation[] = [];
  const edges = new Map<string, Edge>();

  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) {
      violations.push({ rule: 'file-too-long', key: file, details: [`${file}:${MAX_LINES + 1}  ${lines} lines, at most ${MAX_LINES}`] });
    }
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    if (!sqlAllowed(file)) {
      const sql = findSql(sf);
      if (sql.length > 0) {
        violations.push({ rule: 'sql-outside-repository', key: file, count: sql.length, details: sql.map((s) => `${file}:${s.line}  ${s.what}`) });
      }
    }
    if (isTestCode(file)) continue;
    const from = folderOf(file);
    for (const imp of findImports(sf)) {
      const target = resolveImport(root, file, imp.spec, known);
      if (!target?.startsWith('src/')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const id = `${from} -> ${to}`;
      const edge = edges.get(id) ?? { from, to, imports: [] };
      edge.imports.push(`${file}:${imp.line}  imports ${imp.spec}`);
      edges.set(id, edge);
    }
  }

  const nodes = [...new Set([...edges.values()].flatMap((e) => [e.from, e.to]))].sort();
  const next = (n: string) =>
    [...edges.values()]
      .filter((e) => e.from === n)
      .map((e) => e.to)
      .sort();
  const comp = components(nodes, next);
  for (const [id, edge] of [...edges.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (comp.get(edge.from) !== comp.get(edge.to)) continue;
    const back = shortestPath(edge.to, edge.from, next);
    violations.push({
      rule: 'folder-cycle',
      key: id,
      details: [`cycle ${[edge.from, ...back].join(' -> ')}; this edge comes from:`, ...edge.imports.map((i) => `  ${i}`)],
    });
  }
  return violations;
}

/** Compares the violations with the known list. */
export function pruefeStruktur(root: string, bekannt: readonly Bekannt[]): Result {
  const violations = collectViolations(root);
  const neu: Violation[] = [];
  const veraltet: Result['veraltet'] = [];
  const match = (v: { rule: string; key: string }, b: Bekannt) => b.rule === v.rule && b.key === v.key;
  for (const v of violations) {
    const b = bekannt.find((e) => match(v, e));
    if (!b) neu.push(v);
    else if (v.count !== undefined && b.count !== undefined && v.count > b.count) {
      neu.push({ ...v, details: [`${v.count} places, the known list allows ${b.count}:`, ...v.details] });
    } else if (v.count !== undefined && b.count !== undefined && v.count < b.count) {
      veraltet.push({ entry: b, why: `now ${v.count} place(s), not ${b.count}: lower its count` });
    }
  }
  for (const b of bekannt) {
    if (!violations.some((v) => match(v, b))) veraltet.push({ entry: b, why: 'no longer occurs: remove the entry' });
  }
  return { violations, neu, veraltet };
}

const LIST = 'scripts/struktur.bekannt.ts';

export function report(r: Result): string[] {
  const out: string[] = [];
  for (const v of r.neu) {
    out.push(`✗ ${v.rule}: ${v.key}`);
    for (const d of v.details) out.push(`    ${d}`);
  }
  for (const s of r.veraltet) out.push(`✗ stale entry in ${LIST}: ${s.entry.rule} ${s.entry.key} ${s.why}`);
  const known = r.violations.length - r.neu.length;
  out.push(
    r.neu.length === 0 && r.veraltet.length === 0
      ? `structure: no new violation; ${known} known violation(s) listed in ${LIST}`
      : `structure: ${r.neu.length} new violation(s), ${r.veraltet.length} stale entr${r.veraltet.length === 1 ? 'y' : 'ies'} (known violations: ${LIST})`,
  );
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const all = process.argv.includes('--all');
  const r = pruefeStruktur(root, BEKANNT);
  if (all) {
    for (const v of r.violations) {
      console.log(`${v.rule}: ${v.key}${v.count ? ` (${v.count})` : ''}`);
      for (const d of v.details) console.log(`    ${d}`);
    }
  }
  for (const line of report(r)) console.log(line);
  process.exitCode = r.neu.length + r.veraltet.length > 0 ? 1 : 0;
}
