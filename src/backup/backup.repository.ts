/** The only SQL of backup and restore: what a database already holds, and every table's checksum. */
import type { Database } from '../shared/db';

/**
 * Up to `limit` objects (tables, views, sequences; schema `drizzle` of the migrations) that make a
 * PostgreSQL database "not empty" for a restore. An empty database, as `createdb` or the documented
 * in-place procedure leaves it, has none.
 */
export async function vorhandeneObjekte(database: Database, limit = 5): Promise<string[]> {
  const rows = await database.query<{ name: string }>(
    `select name from (
       select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
         and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
       union all
       select 'Schema ' || nspname from pg_namespace where nspname = 'drizzle'
     ) o order by name limit $1`,
    [limit],
  );
  return rows.map((r) => r.name);
}

/** Names of the tables of the schema `public`. */
export async function tabellen(database: Database): Promise<string[]> {
  const rows = await database.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  return rows.map((r) => r.name);
}

/** Row count and md5 over the sorted text of every row of one table. */
export async function tabellenPruefsumme(database: Database, name: string): Promise<{ zeilen: number; md5: string }> {
  const [r] = await database.query<{ n: number; md5: string | null }>(
    `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from "${name.replace(/"/g, '""')}" t`,
  );
  return { zeilen: Number(r.n), md5: r.md5 ?? '' };
}
