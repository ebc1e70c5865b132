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
  { rule: 'file-too-long', key: 'src/demo/demo.generator.ts', grund: 'the demo planner is one long function; to be split into steps' },
  { rule: 'file-too-long', key: 'src/foerderung/foerderung.service.ts', grund: 'grew with the Gebietskulisse and work list; the decisions split from the applications' },
  { rule: 'file-too-long', key: 'src/foerderung/views/antrag.views.tsx', grund: 'grew with the rules before submission; form and case file split' },
  { rule: 'file-too-long', key: 'src/behoerden/views/behoerden.views.tsx', grund: 'grew with the member-Gemeinde page and the embed snippet; list and detail split' },
  { rule: 'file-too-long', key: 'src/portal/portal.service.ts', grund: 'grew with seat coordinates and statistics files; map and statistics split' },
  { rule: 'file-too-long', key: 'src/uploads/upload.service.ts', grund: 'grew with the duplicate report; dry run and commit split' },
  { rule: 'file-too-long', key: 'src/uploads/xzufi.parser.ts', grund: 'grew with the Zuständigkeiten in Organisationseinheiten; reading and mapping split' },
  { rule: 'sql-outside-repository', key: 'src/demo/demo.service.ts', count: 1, grund: 'demo data is written directly; moves into demo.repository.ts' },
  {
    rule: 'sql-outside-repository',
    key: 'src/demo/foerderung.demo.ts',
    count: 14,
    grund: 'demo Förderung data is written directly; moves into demo.repository.ts',
  },
  {
    rule: 'sql-outside-repository',
    key: 'src/demo/umfeld.demo.ts',
    count: 10,
    grund: 'demo data of the other domains is written directly; moves into demo.repository.ts',
  },
  {
    rule: 'sql-outside-repository',
    key: 'src/gebiete/gebiete.import.ts',
    count: 11,
    grund: 'the import writes its tables inline; moves into gebiete-import.repository.ts',
  },
];
