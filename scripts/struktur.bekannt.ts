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

export const BEKANNT: readonly Bekannt[] = [];
