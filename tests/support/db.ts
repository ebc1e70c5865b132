/**
 * Databases for tests. Without TEST_DATABASE_URL each call opens a fresh in-memory PGlite;
 * with it (the PostgreSQL run) each call creates a new database on that server.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/shared/db';

export const testEngine = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');

/** Creates an empty PostgreSQL database on the test server (optionally from a template) and returns its URL. */
export async function createPostgresDatabase(template?: string): Promise<string> {
  const base = new URL(process.env.TEST_DATABASE_URL as string);
  const name = `da_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  base.pathname = `/${name}`;
  return base.toString();
}

/** A fresh, migrated, empty database on the engine of this run. */
export async function openTestDatabase(): Promise<Database> {
  if (testEngine() === 'postgres') {
    return openDatabase({ databaseUrl: await createPostgresDatabase(), poolSize: 4 });
  }
  return openDatabase({ dataDir: 'memory://' });
}
