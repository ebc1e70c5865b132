/**
 * The registry of domain error codes against the code that throws them: every code is used, every
 * ConflictError names one, every status fits its error class, and every entry is documented.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from './errors';
import { FEHLERCODE_LISTE, FEHLERCODES, istFehlercode } from './fehlercodes';

const SRC = join(import.meta.dirname, '..');

function quellen(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : quellen(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

interface Wurf {
  wo: string;
  klasse: string;
  argumente: number;
}

/** Every string literal and every `new …Error(…)` of the sources outside the registry and the tests. */
const gelesen = (() => {
  const literale = new Set<string>();
  const wuerfe: Wurf[] = [];
  for (const datei of quellen(SRC)) {
    if (datei.endsWith(join('shared', 'fehlercodes.ts'))) continue;
    const text = readFileSync(datei, 'utf8');
    const sf = ts.createSourceFile(datei, text, ts.ScriptTarget.Latest, true, datei.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const besuche = (n: ts.Node) => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literale.add(n.text);
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && /^(Conflict|Forbidden)Error$/.test(n.expression.text)) {
        const { line } = sf.getLineAndCharacterOfPosition(n.getStart());
        wuerfe.push({ wo: `${relative(SRC, datei)}:${line + 1}`, klasse: n.expression.text, argumente: n.arguments?.length ?? 0 });
      }
      ts.forEachChild(n, besuche);
    };
    besuche(sf);
  }
  return { literale, wuerfe };
})();

describe('domain error codes (shared/fehlercodes.ts)', () => {
  it('uses every code of the registry somewhere in the sources', () => {
    const unbenutzt = FEHLERCODE_LISTE.filter((c) => !gelesen.literale.has(c));
    expect(unbenutzt).toEqual([]);
  });

  it('gives every ConflictError a reason', () => {
    const konflikte = gelesen.wuerfe.filter((w) => w.klasse === 'ConflictError');
    expect(konflikte.length).toBeGreaterThan(60);
    expect(konflikte.filter((w) => w.argumente < 3).map((w) => w.wo)).toEqual([]);
  });

  it('lets a ConflictError carry a 409 code and a ForbiddenError a 403 code, and keeps the generic code', () => {
    const k = new ConflictError('Doppelt.', [], 'VERLINKUNG_DOPPELT');
    expect(k).toMatchObject({ code: 'CONFLICT', status: 409, reason: 'VERLINKUNG_DOPPELT', details: [] });
    expect(FEHLERCODES[k.reason!].status).toBe(k.status);
    const f = new ForbiddenError('Fremd.', undefined, 'BEHOERDE_NICHT_ZUGEORDNET');
    expect(f).toMatchObject({ code: 'FORBIDDEN', status: 403, reason: 'BEHOERDE_NICHT_ZUGEORDNET', details: [] });
    expect(new ConflictError('Ohne.').reason).toBeUndefined();
    // @ts-expect-error a 403 code on a ConflictError is refused by the type system
    expect(new ConflictError('x', [], 'NUR_MINISTERIUM').status).toBe(409);
  });

  it('documents every code: SCREAMING_SNAKE, a status, an English meaning, what a client can do and a German text', () => {
    for (const c of FEHLERCODE_LISTE) {
      expect(c).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
      const e = FEHLERCODES[c];
      expect([403, 409]).toContain(e.status);
      expect(e.en.length, c).toBeGreaterThan(20);
      expect(e.abhilfe.length, c).toBeGreaterThan(10);
      expect(e.de, c).toMatch(/[a-zäöüß]/);
    }
    expect(istFehlercode('PRAEDIKAT_VIER_AUGEN')).toBe(true);
    expect(istFehlercode('CONFLICT')).toBe(false);
    expect(istFehlercode('toString')).toBe(false);
  });

  it('lists every code with its status and meaning in docs/api.md', () => {
    const doku = readFileSync(join(SRC, '..', 'docs', 'api.md'), 'utf8');
    for (const c of FEHLERCODE_LISTE) expect(doku, c).toMatch(new RegExp(`\\| \`${c}\` +\\| ${FEHLERCODES[c].status} +\\|`));
  });
});
