CREATE TABLE "zaehlt_nicht_vermerke" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"behoerde_ars" text NOT NULL,
	"verfahren_id" uuid NOT NULL,
	"status" text NOT NULL,
	"grund" text NOT NULL,
	"gesetzt_von" uuid,
	"gesetzt_von_label" text NOT NULL,
	"gesetzt_am" timestamp with time zone NOT NULL,
	"einspruch" text,
	"einspruch_von_label" text,
	"einspruch_am" timestamp with time zone,
	"entscheidung" text,
	"entscheidung_grund" text,
	"entschieden_von_label" text,
	"entschieden_am" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD COLUMN "url_schluessel" text;--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD COLUMN "url_hostpfad" text;--> statement-breakpoint
ALTER TABLE "verlinkungen" ADD COLUMN "url_schluessel" text;--> statement-breakpoint
ALTER TABLE "verlinkungen" ADD COLUMN "url_hostpfad" text;--> statement-breakpoint
ALTER TABLE "verlinkungen" ADD COLUMN "doppelt_von" uuid;--> statement-breakpoint
ALTER TABLE "zaehlt_nicht_vermerke" ADD CONSTRAINT "zaehlt_nicht_vermerke_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaehlt_nicht_vermerke" ADD CONSTRAINT "zaehlt_nicht_vermerke_verfahren_id_online_verfahren_id_fk" FOREIGN KEY ("verfahren_id") REFERENCES "public"."online_verfahren"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "zaehlt_nicht_vermerke_offen_idx" ON "zaehlt_nicht_vermerke" USING btree ("behoerde_ars","verfahren_id") WHERE status <> 'aufgehoben';--> statement-breakpoint
CREATE INDEX "zaehlt_nicht_vermerke_behoerde_idx" ON "zaehlt_nicht_vermerke" USING btree ("behoerde_ars");--> statement-breakpoint
CREATE INDEX "online_verfahren_url_schluessel_idx" ON "online_verfahren" USING btree ("url_schluessel");