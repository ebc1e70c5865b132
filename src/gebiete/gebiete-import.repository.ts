/**
 * SQL of the official-data import. Every table is written with one set-based statement: the rows
 * travel as a single JSON parameter and are unpacked with `jsonb_to_recordset` (works the same on
 * PGlite and PostgreSQL 15, no driver-specific array binding), then upserted by their official key.
 * `on conflict … do update … where (…) is distinct from (…)` touches only rows whose values changed,
 * which is what makes a second import report "0 geändert" and keeps `updated_at` meaningful.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { importRuns } from '../shared/schema';

/** A drizzle transaction on either driver. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface ImportZaehlung {
  neu: number;
  geaendert: number;
  entfallen: number;
  unveraendert: number;
}

interface Column {
  name: string;
  type: 'text' | 'int' | 'bigint' | 'float8' | 'boolean' | 'date' | 'jsonb';
}

export interface TableSpec {
  table: string;
  key: string[];
  columns: Column[];
  /** Column set to now() when a row is inserted or changed. */
  touch?: string;
}

const col = (name: string, type: Column['type']): Column => ({ name, type });

export const GEBIETE: TableSpec = {
  table: 'gebiete',
  key: ['ars'],
  touch: 'updated_at',
  columns: [
    col('ars', 'text'),
    col('ags', 'text'),
    col('ebene', 'text'),
    col('satzart', 'int'),
    col('name', 'text'),
    col('textkennzeichen', 'text'),
    col('typ', 'text'),
    col('verwaltungssitz', 'text'),
    col('land_key', 'text'),
    col('regbez_key', 'text'),
    col('kreis_key', 'text'),
    col('verband_ars', 'text'),
    col('flaeche_ha', 'bigint'),
    col('bevoelkerung', 'int'),
    col('plz', 'text'),
    col('plz_eindeutig', 'boolean'),
    col('lat', 'float8'),
    col('lon', 'float8'),
    col('gebietsstand', 'date'),
  ],
};

export const BEHOERDEN: TableSpec = {
  table: 'behoerden',
  key: ['ars'],
  touch: 'updated_at',
  columns: [
    col('ars', 'text'),
    col('name', 'text'),
    col('kurzname', 'text'),
    col('typ', 'text'),
    col('land_key', 'text'),
    col('regbez_key', 'text'),
    col('kreis_key', 'text'),
    col('sitz', 'text'),
    col('plz', 'text'),
    col('bevoelkerung', 'int'),
    col('flaeche_ha', 'bigint'),
    col('lat', 'float8'),
    col('lon', 'float8'),
    col('schwerpunkt_lat', 'float8'),
    col('schwerpunkt_lon', 'float8'),
    col('suchname', 'text'),
    col('aktiv', 'boolean'),
  ],
};

export const THEMENFELDER: TableSpec = { table: 'ozg_themenfelder', key: ['id'], columns: [col('id', 'int'), col('name', 'text')] };

export const LEBENSLAGEN: TableSpec = {
  table: 'ozg_lebenslagen',
  key: ['id'],
  columns: [col('id', 'int'), col('name', 'text'), col('themenfeld_id', 'int')],
};

export const OZG_LEISTUNGEN: TableSpec = {
  table: 'ozg_leistungen',
  key: ['id'],
  columns: [col('id', 'int'), col('ozg_id', 'text'), col('name', 'text'), col('lebenslage_id', 'int'), col('themenfeld_id', 'int')],
};

export const LEIKA_LEISTUNGEN: TableSpec = {
  table: 'leika_leistungen',
  key: ['id'],
  columns: [
    col('id', 'int'),
    col('schluessel', 'text'),
    col('name', 'text'),
    col('typisierung', 'text'),
    col('ozg_leistung_id', 'int'),
    col('rechtsgrundlage', 'text'),
    col('sdg1', 'boolean'),
    col('sdg2', 'boolean'),
  ],
};

export const GEO_FLAECHEN: TableSpec = {
  table: 'geo_flaechen',
  key: ['ebene', 'ars'],
  columns: [col('ebene', 'text'), col('ars', 'text'), col('name', 'text'), col('bez', 'text'), col('geometry', 'jsonb'), col('stand', 'date')],
};

type Row = Record<string, unknown>;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** `jsonb_to_recordset($1) as src(col type, …)`: the rows as a relation. */
function source(spec: Pick<TableSpec, 'columns'>, rows: Row[]): SQL {
  const definition = spec.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  return sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as src(${sql.raw(definition)})`;
}

const keyMatch = (key: string[], left: string, right: string) => sql.raw(key.map((k) => `${left}.${k} = ${right}.${k}`).join(' and '));

/**
 * Inserts new rows and updates changed ones; returns how many were new, changed and unchanged.
 * "Existing before" is counted in the same statement: all parts of a statement see the snapshot
 * taken before it, so the count is not disturbed by the insert.
 */
export async function upsertRows(tx: Tx, spec: TableSpec, rows: Row[]): Promise<Omit<ImportZaehlung, 'entfallen'>> {
  if (rows.length === 0) return { neu: 0, geaendert: 0, unveraendert: 0 };
  const names = spec.columns.map((c) => c.name);
  const valueColumns = names.filter((n) => !spec.key.includes(n));
  const insertColumns = spec.touch ? [...names, spec.touch] : names;
  const selectColumns = spec.touch ? [...names, 'now()'] : names;
  const assignments = [...valueColumns.map((n) => `${n} = excluded.${n}`), ...(spec.touch ? [`${spec.touch} = now()`] : [])];
  const changed = `(${valueColumns.map((n) => `d.${n}`).join(', ')}) is distinct from (${valueColumns.map((n) => `excluded.${n}`).join(', ')})`;
  const result = await tx.execute(sql`
    with src as (${source(spec, rows)}),
    bestand as (select count(*)::int as n from src join ${sql.raw(spec.table)} d on ${keyMatch(spec.key, 'd', 'src')}),
    geschrieben as (
      insert into ${sql.raw(spec.table)} as d (${sql.raw(insertColumns.join(', '))})
      select ${sql.raw(selectColumns.join(', '))} from src
      on conflict (${sql.raw(spec.key.join(', '))}) do update set ${sql.raw(assignments.join(', '))}
      where ${sql.raw(changed)}
      returning 1
    )
    select (select count(*)::int from src) as gesamt,
           (select n from bestand) as bestand,
           (select count(*)::int from geschrieben) as geschrieben`);
  const [r] = rowsOf<{ gesamt: number; bestand: number; geschrieben: number }>(result);
  const neu = r.gesamt - r.bestand;
  const geaendert = r.geschrieben - neu;
  return { neu, geaendert, unveraendert: r.bestand - geaendert };
}

/** Single-column foreign keys pointing at a table: `{ table, column }` of the referencing side. */
async function referencingColumns(tx: Tx, table: string, keyColumn: string): Promise<{ table: string; column: string }[]> {
  const result = await tx.execute(sql`
    select c.conrelid::regclass::text as "table", a.attname as "column"
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
    where c.contype = 'f' and c.confrelid = ${table}::regclass and array_length(c.conkey, 1) = 1 and af.attname = ${keyColumn}
    order by 1, 2`);
  return rowsOf<{ table: string; column: string }>(result);
}

/**
 * Deletes the rows within `scope` that are no longer in the source, except those another table
 * still references (a Leistung an Online-Verfahren points to stays; deleting it would break the
 * reference or fail the whole import). Returns how many disappeared and how many were kept.
 */
export async function deleteMissingRows(tx: Tx, spec: TableSpec, keys: Row[], scope: SQL): Promise<{ entfallen: number; behalten: number }> {
  const keySpec = { columns: spec.columns.filter((c) => spec.key.includes(c.name)) };
  const missing = sql`${scope} and not exists (select 1 from src where ${keyMatch(spec.key, 'src', 'd')})`;
  const counted = await tx.execute(sql`
    with src as (${source(keySpec, keys)})
    select count(*)::int as n from ${sql.raw(spec.table)} d where ${missing}`);
  const entfallen = rowsOf<{ n: number }>(counted)[0].n;
  if (entfallen === 0) return { entfallen: 0, behalten: 0 };

  // Only single-column keys can be referenced by our schema's foreign keys.
  const references = spec.key.length === 1 ? await referencingColumns(tx, spec.table, spec.key[0]) : [];
  const unreferenced = references.map(
    (r) => sql` and not exists (select 1 from ${sql.raw(r.table)} ref where ref.${sql.raw(r.column)} = d.${sql.raw(spec.key[0])})`,
  );
  const deleted = await tx.execute(sql`
    with src as (${source(keySpec, keys)}),
    geloescht as (delete from ${sql.raw(spec.table)} d where ${missing}${sql.join(unreferenced)} returning 1)
    select count(*)::int as n from geloescht`);
  return { entfallen, behalten: entfallen - rowsOf<{ n: number }>(deleted)[0].n };
}

/** Behörden are never deleted (links, awards and accounts refer to them): they become inactive. */
export async function deactivateMissingBehoerden(tx: Tx, arsList: string[], scope: SQL): Promise<number> {
  const result = await tx.execute(sql`
    with src as (${source(
      { columns: [col('ars', 'text')] },
      arsList.map((ars) => ({ ars })),
    )}),
    deaktiviert as (
      update behoerden d set aktiv = false, updated_at = now()
      where d.aktiv and ${scope} and not exists (select 1 from src where src.ars = d.ars)
      returning 1
    )
    select count(*)::int as n from deaktiviert`);
  return rowsOf<{ n: number }>(result)[0].n;
}

/**
 * Makes `behoerde_gemeinden` match the derived assignments for the Gemeinden in scope. Stale rows go
 * first: a Gemeinde leaving a VG would otherwise collide with its new row on the unique index.
 */
export async function syncBehoerdeGemeinden(tx: Tx, pairs: { behoerde_ars: string; gemeinde_ars: string }[], scope: SQL): Promise<ImportZaehlung> {
  const spec = { columns: [col('behoerde_ars', 'text'), col('gemeinde_ars', 'text')] };
  const deleted = await tx.execute(sql`
    with src as (${source(spec, pairs)}),
    geloescht as (
      delete from behoerde_gemeinden d
      where ${scope} and not exists (select 1 from src where src.behoerde_ars = d.behoerde_ars and src.gemeinde_ars = d.gemeinde_ars)
      returning 1
    )
    select count(*)::int as n from geloescht`);
  const inserted = await tx.execute(sql`
    with src as (${source(spec, pairs)}),
    neu as (
      insert into behoerde_gemeinden (behoerde_ars, gemeinde_ars) select behoerde_ars, gemeinde_ars from src
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from neu`);
  const entfallen = rowsOf<{ n: number }>(deleted)[0].n;
  const neu = rowsOf<{ n: number }>(inserted)[0].n;
  return { neu, geaendert: 0, entfallen, unveraendert: pairs.length - neu };
}

/**
 * Which stored rows an import of `land` (a two-digit key or `all`) may declare „entfallen“: importing
 * one Land must not remove the others. Conditions on the stored row `d`, for `deleteMissingRows`,
 * `deactivateMissingBehoerden` and `syncBehoerdeGemeinden`.
 */
export interface ImportScope {
  /** Every row (the nationwide OZG/LeiKa catalogue). */
  alles: SQL;
  /** Rows with a `land_key` of the Land (Gebiete, Behörden). */
  land: SQL;
  /** Rows whose `ars` lies in the Land (geometries). */
  ars: SQL;
  /** Behörde–Gemeinde assignments of the Land's Gemeinden. */
  zuordnung: SQL;
}

export function importScope(land: string): ImportScope {
  const all = land === 'all';
  return {
    alles: sql`true`,
    land: all ? sql`true` : sql`d.land_key = ${land}`,
    ars: all ? sql`true` : sql`left(d.ars, 2) = ${land}`,
    zuordnung: all ? sql`true` : sql`left(d.gemeinde_ars, 2) = ${land}`,
  };
}

/**
 * Fresh planner statistics after an import: without them a join over the new rows (the map's
 * boundaries to their Gemeinden, 2,230 × 10,953 with all of Germany) runs as a nested loop and takes seconds.
 */
export async function analyzeImported(db: Db): Promise<void> {
  await db.execute(sql`analyze gebiete, behoerden, behoerde_gemeinden, geo_flaechen`);
}

/** Serialises concurrent imports (two admins, or CLI and web at once). */
export async function lockImport(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(727010)`);
}

export async function insertImportRun(tx: Tx, run: { quelle: string; startedAt: Date; finishedAt: Date; statistik: unknown; actor: string }): Promise<number> {
  const [row] = await tx.insert(importRuns).values(run).returning({ id: importRuns.id });
  return row.id;
}
