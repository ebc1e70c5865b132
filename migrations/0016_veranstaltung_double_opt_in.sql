ALTER TABLE "veranstaltung_anmeldungen" ADD COLUMN "bestaetigt_am" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "veranstaltung_anmeldungen" ADD COLUMN "bestaetigung_hash" text;--> statement-breakpoint
ALTER TABLE "veranstaltung_anmeldungen" ADD COLUMN "bestaetigung_bis" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "veranstaltung_anmeldungen_bestaetigung_idx" ON "veranstaltung_anmeldungen" USING btree ("bestaetigung_hash");