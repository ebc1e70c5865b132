-- The rows an upload keeps between dry run and commit are written once and read once whole:
-- json keeps the text as written (no conversion to jsonb and back).
ALTER TABLE "uploads" ALTER COLUMN "daten" SET DATA TYPE json;
