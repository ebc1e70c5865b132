-- The data stand of the upload check. A dry run on the embedded database keeps what its check
-- planned (uploads.plan) and the stand it read before checking (uploads.plan_datenstand); the
-- commit takes that plan instead of checking again when the stand is still the same. Every
-- statement that writes a table the check reads advances the stand (a sequence: not rolled back,
-- no row lock, so a rolled-back write only costs a second check). ENABLE ALWAYS: the triggers also
-- fire while a commit has the row triggers off (session_replication_role = replica).
ALTER TABLE "uploads" ADD COLUMN "plan" json;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "plan_datenstand" bigint;--> statement-breakpoint
CREATE SEQUENCE "pruef_datenstand";--> statement-breakpoint
CREATE OR REPLACE FUNCTION pruef_datenstand_weiter() RETURNS trigger AS $$
BEGIN
  PERFORM nextval('pruef_datenstand');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['behoerden', 'gebiete', 'leika_leistungen', 'online_verfahren', 'verfahren_leistungen', 'verlinkungen', 'user_behoerden'] LOOP
    EXECUTE format('CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter()', t);
    EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER pruef_datenstand', t);
  END LOOP;
END $$;--> statement-breakpoint
-- Of the accounts only what decides an uploader's rights (not a login or a changed name).
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OF "role", "zusatzrollen", "active" OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "users" ENABLE ALWAYS TRIGGER pruef_datenstand;
