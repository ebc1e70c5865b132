import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruefeStruktur, report } from '../../scripts/struktur';

// Small source trees written per test: the check must fail on each kind of violation.
let root: string | undefined;
function tree(files: Record<string, string>): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'da-struktur-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
});

const sauber = {
  'src/shared/db.ts': "import { sql } from 'drizzle-orm';\nexport const ping = (db: any) => db.execute(sql`select 1`);\n",
  'src/a/a.repository.ts':
    "import { sql } from 'drizzle-orm';\nimport { ping } from '../shared/db';\nexport const r = (db: any) => db.select().from(sql`t`);\nexport { ping };\n",
  'src/a/a.service.ts': "import { r } from './a.repository';\nexport const s = (m: Map<string, number>) => { m.delete('x'); return r; };\n",
  'src/a/a.test.ts': "import { sql } from 'drizzle-orm';\nexport const t = sql`select 1`;\n",
};

describe('structure check', () => {
  it('passes a clean tree (SQL in repositories, db.ts and tests; Map.delete is no SQL)', () => {
    const r = pruefeStruktur(tree(sauber), []);
    expect(r.violations).toEqual([]);
    expect(report(r).at(-1)).toMatch(/no new violation/);
  });

  it('fails on SQL in a service, with file:line of each place', () => {
    const r = pruefeStruktur(
      tree({
        ...sauber,
        'src/a/a.service.ts': [
          "import { sql } from 'drizzle-orm';",
          'export async function s(db: any, client: any) {',
          '  await db.execute(sql`delete from t`);',
          "  await client.query('SELECT * FROM t where id = $1', [1]);",
          '  await db.insert(t).values({});',
          '  await db.query.t.findMany();',
          "  await client.query('kein sql');",
          '}',
        ].join('\n'),
      }),
      [],
    );
    expect(r.neu).toHaveLength(1);
    expect(r.neu[0]).toMatchObject({ rule: 'sql-outside-repository', key: 'src/a/a.service.ts', count: 4 });
    expect(r.neu[0].details.map((d) => d.split('  ')[0])).toEqual([
      'src/a/a.service.ts:3',
      'src/a/a.service.ts:4',
      'src/a/a.service.ts:5',
      'src/a/a.service.ts:6',
    ]);
    expect(report(r).join('\n')).toMatch(/✗ sql-outside-repository: src\/a\/a.service.ts/);
  });

  it('fails on a cycle between two folders and names the imports that make it', () => {
    const r = pruefeStruktur(
      tree({
        'src/a/eins.ts': "import { zwei } from '../b/zwei';\nexport const eins = () => zwei;\n",
        'src/b/zwei.ts': "import type { X } from '../a/typen';\nexport const zwei = 2;\nexport type Y = X;\n",
        'src/a/typen.ts': 'export type X = number;\n',
        'src/c/drei.ts': "import { eins } from '../a/eins';\nexport const drei = eins;\n",
        'src/b/b.test.ts': "import { drei } from '../c/drei';\nexport const t = drei;\n",
      }),
      [],
    );
    expect(r.neu.map((v) => `${v.rule} ${v.key}`)).toEqual(['folder-cycle a -> b', 'folder-cycle b -> a']);
    expect(r.neu[0].details).toEqual(['cycle a -> b -> a; this edge comes from:', '  src/a/eins.ts:1  imports ../b/zwei']);
    expect(r.neu[1].details[1]).toBe('  src/b/zwei.ts:1  imports ../a/typen');
  });

  it('fails on a file over 800 lines, not on one of 800', () => {
    const r = pruefeStruktur(tree({ 'src/a/lang.ts': 'export const x = 1;\n'.repeat(801), 'src/a/genau.ts': 'export const y = 1;\n'.repeat(800) }), []);
    expect(r.neu.map((v) => `${v.rule} ${v.key}`)).toEqual(['file-too-long src/a/lang.ts']);
    expect(r.neu[0].details[0]).toBe('src/a/lang.ts:801  801 lines, at most 800');
  });

  it('accepts listed violations, but fails on more places than listed and on stale entries', () => {
    const files = { ...sauber, 'src/a/a.service.ts': "import { sql } from 'drizzle-orm';\nexport const s = [sql`select 1`, sql`select 2`];\n" };
    const eintrag = { rule: 'sql-outside-repository' as const, key: 'src/a/a.service.ts', grund: 'wartet' };
    expect(pruefeStruktur(tree(files), [{ ...eintrag, count: 2 }]).neu).toEqual([]);
    expect(pruefeStruktur(root!, [{ ...eintrag, count: 2 }]).veraltet).toEqual([]);
    expect(pruefeStruktur(root!, [{ ...eintrag, count: 1 }]).neu[0].details[0]).toBe('2 places, the known list allows 1:');
    expect(pruefeStruktur(root!, [{ ...eintrag, count: 3 }]).veraltet[0].why).toMatch(/now 2 place\(s\), not 3/);
    const weg = pruefeStruktur(root!, [
      { ...eintrag, count: 2 },
      { rule: 'file-too-long', key: 'src/a/alt.ts', grund: 'längst geteilt' },
    ]);
    expect(weg.veraltet.map((v) => v.entry.key)).toEqual(['src/a/alt.ts']);
    expect(report(weg).join('\n')).toMatch(/stale entry in scripts\/struktur.bekannt.ts: file-too-long src\/a\/alt.ts no longer occurs/);
  });
});
