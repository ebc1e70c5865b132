CREATE TABLE "foerder_antraege" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"aktenzeichen" text NOT NULL,
	"behoerde_ars" text NOT NULL,
	"status" text NOT NULL,
	"massnahme" text NOT NULL,
	"beschreibung" text DEFAULT '' NOT NULL,
	"online_dienste" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"besonderer_handlungsbedarf" boolean DEFAULT false NOT NULL,
	"kontoinhaber" text DEFAULT '' NOT NULL,
	"iban" text DEFAULT '' NOT NULL,
	"erklaerungen" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"kontakt_name" text DEFAULT '' NOT NULL,
	"kontakt_email" text DEFAULT '' NOT NULL,
	"pruefung" jsonb,
	"zuwendungsfaehig_cent" bigint,
	"foerdersatz_prozent" integer,
	"foerderbetrag_cent" bigint,
	"erstellt_von" uuid,
	"erstellt_am" timestamp with time zone NOT NULL,
	"eingereicht_von" uuid,
	"eingereicht_am" timestamp with time zone,
	"geprueft_von" uuid,
	"geprueft_von_label" text,
	"geprueft_am" timestamp with time zone,
	"empfehlung" text,
	"entschieden_von" uuid,
	"entschieden_von_label" text,
	"entschieden_am" timestamp with time zone,
	"bescheid_am" date,
	"nachweis_faellig_am" date,
	"nachweis_erinnert_am" timestamp with time zone,
	"nachweis_eingegangen_am" date,
	"nachweis_ausgaben_cent" bigint,
	"nachweis_sachbericht" text,
	"nachweis_geprueft_am" date,
	"nachweis_geprueft_von" uuid,
	"nachweis_geprueft_von_label" text,
	"auszahlung_cent" bigint,
	"freigabe1_von" uuid,
	"freigabe1_von_label" text,
	"freigabe1_am" timestamp with time zone,
	"freigabe2_von" uuid,
	"freigabe2_von_label" text,
	"freigabe2_am" timestamp with time zone,
	"ausgezahlt_am" date,
	"demo" boolean DEFAULT false NOT NULL,
	"aktualisiert_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "foerder_buchungen" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"haushalt_id" text NOT NULL,
	"antrag_id" uuid NOT NULL,
	"art" text NOT NULL,
	"betrag_cent" bigint NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "foerder_buchungen_betrag_positiv" CHECK ("foerder_buchungen"."betrag_cent" > 0),
	CONSTRAINT "foerder_buchungen_art_gueltig" CHECK ("foerder_buchungen"."art" in ('bindung', 'auszahlung', 'entbindung'))
);
--> statement-breakpoint
CREATE TABLE "foerder_haushalt" (
	"id" text PRIMARY KEY NOT NULL,
	"bezeichnung" text NOT NULL,
	"gesamt_cent" bigint NOT NULL,
	"aktualisiert_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "foerder_kosten" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"antrag_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"art" text NOT NULL,
	"bezeichnung" text NOT NULL,
	"betrag_cent" bigint NOT NULL,
	"lizenz_jahre" integer,
	"einmal_zahlung" boolean,
	CONSTRAINT "foerder_kosten_betrag_nicht_negativ" CHECK ("foerder_kosten"."betrag_cent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "foerder_schritte" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"antrag_id" uuid NOT NULL,
	"schritt" text NOT NULL,
	"von_status" text,
	"nach_status" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"kommentar" text,
	"daten" jsonb,
	"demo" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "foerder_antraege" ADD CONSTRAINT "foerder_antraege_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foerder_buchungen" ADD CONSTRAINT "foerder_buchungen_haushalt_id_foerder_haushalt_id_fk" FOREIGN KEY ("haushalt_id") REFERENCES "public"."foerder_haushalt"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foerder_buchungen" ADD CONSTRAINT "foerder_buchungen_antrag_id_foerder_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."foerder_antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foerder_kosten" ADD CONSTRAINT "foerder_kosten_antrag_id_foerder_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."foerder_antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foerder_schritte" ADD CONSTRAINT "foerder_schritte_antrag_id_foerder_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."foerder_antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "foerder_antraege_aktenzeichen_idx" ON "foerder_antraege" USING btree ("aktenzeichen");--> statement-breakpoint
CREATE INDEX "foerder_antraege_behoerde_idx" ON "foerder_antraege" USING btree ("behoerde_ars");--> statement-breakpoint
CREATE INDEX "foerder_antraege_status_idx" ON "foerder_antraege" USING btree ("status");--> statement-breakpoint
CREATE INDEX "foerder_antraege_faellig_idx" ON "foerder_antraege" USING btree ("nachweis_faellig_am");--> statement-breakpoint
CREATE UNIQUE INDEX "foerder_buchungen_einmal_idx" ON "foerder_buchungen" USING btree ("antrag_id","art");--> statement-breakpoint
CREATE INDEX "foerder_buchungen_haushalt_idx" ON "foerder_buchungen" USING btree ("haushalt_id","art");--> statement-breakpoint
CREATE INDEX "foerder_buchungen_at_idx" ON "foerder_buchungen" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "foerder_kosten_antrag_pos_idx" ON "foerder_kosten" USING btree ("antrag_id","position");--> statement-breakpoint
CREATE INDEX "foerder_schritte_antrag_idx" ON "foerder_schritte" USING btree ("antrag_id","at");