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
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "behoerden" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "behoerden" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "gebiete" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "gebiete" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "leika_leistungen" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "leika_leistungen" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "online_verfahren" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "online_verfahren" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "verfahren_leistungen" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "verfahren_leistungen" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "verlinkungen" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "verlinkungen" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_behoerden" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "user_behoerden" ENABLE ALWAYS TRIGGER pruef_datenstand;--> statement-breakpoint
-- Of the accounts only what decides an uploader's rights (not a login or a changed name).
CREATE TRIGGER pruef_datenstand AFTER INSERT OR UPDATE OF "role", "active" OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION pruef_datenstand_weiter();--> statement-breakpoint
ALTER TABLE "users" ENABLE ALWAYS TRIGGER pruef_datenstand;
