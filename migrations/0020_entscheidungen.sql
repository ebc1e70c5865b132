CREATE TABLE "foerder_satz_bestaetigungen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"antrag_id" uuid NOT NULL,
	"status" text NOT NULL,
	"begruendung" text NOT NULL,
	"quelle" text NOT NULL,
	"vorgeschlagen_von" uuid NOT NULL,
	"vorgeschlagen_von_label" text NOT NULL,
	"vorgeschlagen_am" timestamp with time zone NOT NULL,
	"erledigt_von" uuid,
	"erledigt_von_label" text,
	"erledigt_am" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outreach_briefe" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kampagne_id" uuid NOT NULL,
	"behoerde_ars" text NOT NULL,
	"betreff" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "praedikat_massnahmen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zertifikat_nr" text NOT NULL,
	"art" text NOT NULL,
	"status" text NOT NULL,
	"grund" text NOT NULL,
	"oeffentlicher_grund" text,
	"beantragt_von" uuid NOT NULL,
	"beantragt_von_label" text NOT NULL,
	"beantragt_am" timestamp with time zone NOT NULL,
	"erledigt_von" uuid,
	"erledigt_von_label" text,
	"erledigt_am" timestamp with time zone,
	"erledigt_kommentar" text
);
--> statement-breakpoint
CREATE TABLE "praedikat_vorpruefungen" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"antrag_id" uuid NOT NULL,
	"anlass" text NOT NULL,
	"ergebnis" jsonb NOT NULL,
	"am" timestamp with time zone NOT NULL,
	"actor_label" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "foerder_antraege" ADD COLUMN "nicht_foerderfaehig_bestaetigt" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "praedikat_ereignisse" ADD COLUMN "oeffentlicher_grund" text;--> statement-breakpoint
ALTER TABLE "foerder_satz_bestaetigungen" ADD CONSTRAINT "foerder_satz_bestaetigungen_antrag_id_foerder_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."foerder_antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_briefe" ADD CONSTRAINT "outreach_briefe_kampagne_id_outreach_kampagnen_id_fk" FOREIGN KEY ("kampagne_id") REFERENCES "public"."outreach_kampagnen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_briefe" ADD CONSTRAINT "outreach_briefe_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "praedikat_massnahmen" ADD CONSTRAINT "praedikat_massnahmen_zertifikat_nr_praedikate_zertifikat_nr_fk" FOREIGN KEY ("zertifikat_nr") REFERENCES "public"."praedikate"("zertifikat_nr") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "praedikat_vorpruefungen" ADD CONSTRAINT "praedikat_vorpruefungen_antrag_id_praedikat_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."praedikat_antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "foerder_satz_bestaetigungen_eine_idx" ON "foerder_satz_bestaetigungen" USING btree ("antrag_id") WHERE status in ('offen', 'bestaetigt');--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_briefe_eindeutig_idx" ON "outreach_briefe" USING btree ("kampagne_id","behoerde_ars");--> statement-breakpoint
CREATE INDEX "praedikat_massnahmen_nr_idx" ON "praedikat_massnahmen" USING btree ("zertifikat_nr");--> statement-breakpoint
CREATE UNIQUE INDEX "praedikat_massnahmen_eine_offene_idx" ON "praedikat_massnahmen" USING btree ("zertifikat_nr") WHERE status = 'offen';--> statement-breakpoint
CREATE INDEX "praedikat_vorpruefungen_antrag_idx" ON "praedikat_vorpruefungen" USING btree ("antrag_id","id");