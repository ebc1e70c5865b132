import { defineConfig } from 'drizzle-kit';

/**
 * Tables live in src/shared/schema.ts (the foundation) and in each domain's `<domain>.tables.ts`.
 * Generate a migration after a schema change with `npm run db:generate -- --name <what>`; never
 * edit or delete a generated migration: a later change is a new migration.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/shared/schema.ts', './src/*/*.tables.ts'],
  out: './migrations',
});
