/**
 * Known violations of the structure check (scripts/struktur.ts), each with the reason it is still
 * there. They wait for the structural clean-up (SQL only in repositories, no folder cycles, one
 * composition root, the demo planner in steps). The list can only shrink: the check fails on a
 * violation that is not listed, on more SQL places in a file than `count`, and on an entry that no
 * longer occurs or occurs less often (then remove it or lower its count). Never add an entry for
 * new code: put SQL into a repository, move the shared piece instead of importing across.
 */
export interface Bekannt {
  rule: 'sql-outside-repository' | 'folder-cycle' | 'file-too-long';
  /** The file (SQL, length) or the folder edge `from -> to` (cycle) as the check prints it. */
  key: string;
  /** SQL places in the file (sql-outside-repository only). */
  count?: number;
  grund: string;
}

export const BEKANNT: readonly Bekannt[] = [
  {
    rule: 'folder-cycle',
    key: '(root) -> cli',
    grund: 'cli and setup import the composition root (src/app.ts) that also starts them; waits for one composition root',
  },
  {
    rule: 'folder-cycle',
    key: '(root) -> setup',
    grund: 'cli and setup import the composition root (src/app.ts) that also starts them; waits for one composition root',
  },
  {
    rule: 'folder-cycle',
    key: 'auth -> behoerden',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'auth -> shared',
    grund: 'shared imports SessionUser and roles from auth (shared/config.ts, shared/web.tsx); waits for the shared types to move',
  },
  {
    rule: 'folder-cycle',
    key: 'behoerden -> auth',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'behoerden -> portal',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'behoerden -> shared',
    grund: 'shared imports SessionUser and roles from auth (shared/config.ts, shared/web.tsx); waits for the shared types to move',
  },
  {
    rule: 'folder-cycle',
    key: 'behoerden -> verlinkung',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'cli -> (root)',
    grund: 'cli and setup import the composition root (src/app.ts) that also starts them; waits for one composition root',
  },
  {
    rule: 'folder-cycle',
    key: 'cli -> setup',
    grund: 'cli and setup import the composition root (src/app.ts) that also starts them; waits for one composition root',
  },
  {
    rule: 'folder-cycle',
    key: 'portal -> behoerden',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'portal -> shared',
    grund: 'shared imports SessionUser and roles from auth (shared/config.ts, shared/web.tsx); waits for the shared types to move',
  },
  {
    rule: 'folder-cycle',
    key: 'portal -> verlinkung',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'setup -> (root)',
    grund: 'cli and setup import the composition root (src/app.ts) that also starts them; waits for one composition root',
  },
  {
    rule: 'folder-cycle',
    key: 'shared -> auth',
    grund: 'shared imports SessionUser and roles from auth (shared/config.ts, shared/web.tsx); waits for the shared types to move',
  },
  {
    rule: 'folder-cycle',
    key: 'verlinkung -> auth',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'verlinkung -> behoerden',
    grund:
      'behoerden, portal, verlinkung and auth import each other (errorResponse, portal.stand, helpers of portal.routes); waits for the shared pieces to move',
  },
  {
    rule: 'folder-cycle',
    key: 'verlinkung -> shared',
    grund: 'shared imports SessionUser and roles from auth (shared/config.ts, shared/web.tsx); waits for the shared types to move',
  },
];
