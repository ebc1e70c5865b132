CREATE TABLE "praedikat_antraege" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"behoerde_ars" text NOT NULL,
	"status" text NOT NULL,
	"kontakt_name" text NOT NULL,
	"kontakt_email" text NOT NULL,
	"kontakt_telefon" text,
	"website_url" text NOT NULL,
	"schild_gewuenscht" boolean NOT NULL,
	"schild_format" text,
	"lieferadresse" text,
	"vorpruefung" jsonb NOT NULL,
	"eingereicht_von" uuid NOT NULL,
	"eingereicht_am" timestamp with time zone NOT NULL,
	"empfehlung" text,
	"empfohlen_von" uuid,
	"empfohlen_am" timestamp with time zone,
	"entschieden_von" uuid,
	"entschieden_am" timestamp with time zone,
	"zertifikat_nr" text,
	"aktualisiert_am" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "praedikat_antrag_schritte" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"antrag_id" uuid NOT NULL,
	"schritt" text NOT NULL,
	"von_status" text,
	"nach_status" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"kommentar" text,
	"daten" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "praedikat_ereignisse" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"zertifikat_nr" text NOT NULL,
	"von_status" text,
	"nach_status" text NOT NULL,
	"ereignis" text NOT NULL,
	"grund" text,
	"automatisch" boolean NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"anzahl" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "praedikat_status" (
	"zertifikat_nr" text PRIMARY KEY NOT NULL,
	"unter_schwelle_seit" timestamp with time zone,
	"karenz_bis" date,
	"manuell_ausgesetzt" boolean DEFAULT false NOT NULL,
	"status_seit" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schild_bestellungen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zertifikat_nr" text NOT NULL,
	"format" text NOT NULL,
	"lieferadresse" text NOT NULL,
	"status" text NOT NULL,
	"verlauf" jsonb NOT NULL,
	"bestellt_am" timestamp with time zone NOT NULL,
	"aktualisiert_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "praedikat_antraege" ADD CONSTRAINT "praedikat_antraege_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "praedikat_antrag_schritte" ADD CONSTRAINT "praedikat_antrag_schritte_antrag_id_praedikat_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."praedikat_antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "praedikat_ereignisse" ADD CONSTRAINT "praedikat_ereignisse_zertifikat_nr_praedikate_zertifikat_nr_fk" FOREIGN KEY ("zertifikat_nr") REFERENCES "public"."praedikate"("zertifikat_nr") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "praedikat_status" ADD CONSTRAINT "praedikat_status_zertifikat_nr_praedikate_zertifikat_nr_fk" FOREIGN KEY ("zertifikat_nr") REFERENCES "public"."praedikate"("zertifikat_nr") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schild_bestellungen" ADD CONSTRAINT "schild_bestellungen_zertifikat_nr_praedikate_zertifikat_nr_fk" FOREIGN KEY ("zertifikat_nr") REFERENCES "public"."praedikate"("zertifikat_nr") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "praedikat_antraege_behoerde_idx" ON "praedikat_antraege" USING btree ("behoerde_ars");--> statement-breakpoint
CREATE INDEX "praedikat_antraege_status_idx" ON "praedikat_antraege" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "praedikat_antraege_ein_offener_idx" ON "praedikat_antraege" USING btree ("behoerde_ars") WHERE status in ('eingereicht', 'empfohlen', 'zurueckgegeben');--> statement-breakpoint
CREATE INDEX "praedikat_antrag_schritte_antrag_idx" ON "praedikat_antrag_schritte" USING btree ("antrag_id");--> statement-breakpoint
CREATE INDEX "praedikat_ereignisse_nr_idx" ON "praedikat_ereignisse" USING btree ("zertifikat_nr","at");--> statement-breakpoint
CREATE INDEX "schild_bestellungen_nr_idx" ON "schild_bestellungen" USING btree ("zertifikat_nr");