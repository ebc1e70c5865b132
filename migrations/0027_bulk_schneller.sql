-- Faster bulk uploads on the embedded database (ADR 0037).
-- The procedures' secondary indexes cost most of a 100,000-row insert: partial where many rows have
-- no value (provider Behörde, external id) or where only a few rows are looked up (the zentrale
-- procedures), a hash index for the address key that is only compared for equality, and a partial
-- index for the rows whose keys are still to be filled in before a count.
-- The plan a dry run keeps for its commit lives in the server's memory now (upload.plan.ts), no
-- longer in uploads.plan: reading 25 MB of JSON back cost the commit more than half a second.
DROP INDEX "online_verfahren_bereitstellung_idx";--> statement-breakpoint
DROP INDEX "online_verfahren_anbieter_idx";--> statement-breakpoint
DROP INDEX "online_verfahren_externe_id_idx";--> statement-breakpoint
DROP INDEX "online_verfahren_url_schluessel_idx";--> statement-breakpoint
CREATE INDEX "online_verfahren_zentral_idx" ON "online_verfahren" USING btree ("id") WHERE "online_verfahren"."bereitstellung" = 'zentral';--> statement-breakpoint
CREATE INDEX "online_verfahren_ohne_url_schluessel_idx" ON "online_verfahren" USING btree ("id") WHERE "online_verfahren"."url_schluessel" is null;--> statement-breakpoint
CREATE INDEX "online_verfahren_anbieter_idx" ON "online_verfahren" USING btree ("anbieter_ars") WHERE "online_verfahren"."anbieter_ars" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "online_verfahren_externe_id_idx" ON "online_verfahren" USING btree ("externe_id") WHERE "online_verfahren"."externe_id" is not null;--> statement-breakpoint
CREATE INDEX "online_verfahren_url_schluessel_idx" ON "online_verfahren" USING hash ("url_schluessel");--> statement-breakpoint
ALTER TABLE "uploads" DROP COLUMN "plan";--> statement-breakpoint
ALTER TABLE "uploads" DROP COLUMN "plan_datenstand";