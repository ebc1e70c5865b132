CREATE TABLE "outreach_abmeldungen" (
	"email" text PRIMARY KEY NOT NULL,
	"abgemeldet_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_empfaenger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kampagne_id" uuid NOT NULL,
	"behoerde_ars" text NOT NULL,
	"an" text NOT NULL,
	"betreff" text NOT NULL,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"versucht_am" timestamp with time zone,
	"versendet_am" timestamp with time zone,
	"mail_id" uuid,
	"fehler" text
);
--> statement-breakpoint
CREATE TABLE "outreach_kampagnen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"titel" text NOT NULL,
	"filter" jsonb NOT NULL,
	"erstellt_von" uuid NOT NULL,
	"erstellt_am" timestamp with time zone NOT NULL,
	"versand_gestartet_am" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "outreach_empfaenger" ADD CONSTRAINT "outreach_empfaenger_kampagne_id_outreach_kampagnen_id_fk" FOREIGN KEY ("kampagne_id") REFERENCES "public"."outreach_kampagnen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_empfaenger" ADD CONSTRAINT "outreach_empfaenger_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_empfaenger_eindeutig_idx" ON "outreach_empfaenger" USING btree ("kampagne_id","behoerde_ars",lower("an"));--> statement-breakpoint
CREATE INDEX "outreach_empfaenger_status_idx" ON "outreach_empfaenger" USING btree ("kampagne_id","status");