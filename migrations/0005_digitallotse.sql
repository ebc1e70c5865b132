CREATE TABLE "digitallotse_anmeldungen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kurs_id" uuid NOT NULL,
	"behoerde_ars" text NOT NULL,
	"teilnehmer_name" text NOT NULL,
	"teilnehmer_email" text NOT NULL,
	"status" text NOT NULL,
	"gefoerdert" boolean NOT NULL,
	"angemeldet_von" uuid NOT NULL,
	"angemeldet_am" timestamp with time zone NOT NULL,
	"storniert_am" timestamp with time zone,
	"abgeschlossen_am" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "digitallotse_anwesenheit" (
	"anmeldung_id" uuid NOT NULL,
	"modul" integer NOT NULL,
	"anwesend" boolean NOT NULL,
	"erfasst_von" uuid,
	"erfasst_am" timestamp with time zone NOT NULL,
	CONSTRAINT "digitallotse_anwesenheit_anmeldung_id_modul_pk" PRIMARY KEY("anmeldung_id","modul")
);
--> statement-breakpoint
CREATE TABLE "digitallotse_kurse" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"titel" text NOT NULL,
	"beginn" date NOT NULL,
	"ende" date NOT NULL,
	"ort" text NOT NULL,
	"online" boolean NOT NULL,
	"plaetze" integer NOT NULL,
	"gebuehr_cent" integer NOT NULL,
	"angelegt_von" uuid,
	"angelegt_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "digitallotse_anmeldungen" ADD CONSTRAINT "digitallotse_anmeldungen_kurs_id_digitallotse_kurse_id_fk" FOREIGN KEY ("kurs_id") REFERENCES "public"."digitallotse_kurse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digitallotse_anmeldungen" ADD CONSTRAINT "digitallotse_anmeldungen_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digitallotse_anwesenheit" ADD CONSTRAINT "digitallotse_anwesenheit_anmeldung_id_digitallotse_anmeldungen_id_fk" FOREIGN KEY ("anmeldung_id") REFERENCES "public"."digitallotse_anmeldungen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "digitallotse_anmeldungen_kurs_idx" ON "digitallotse_anmeldungen" USING btree ("kurs_id","angemeldet_am");--> statement-breakpoint
CREATE INDEX "digitallotse_anmeldungen_behoerde_idx" ON "digitallotse_anmeldungen" USING btree ("behoerde_ars");--> statement-breakpoint
CREATE UNIQUE INDEX "digitallotse_ein_gefoerderter_platz_idx" ON "digitallotse_anmeldungen" USING btree ("behoerde_ars") WHERE gefoerdert and status <> 'storniert';--> statement-breakpoint
CREATE UNIQUE INDEX "digitallotse_person_je_kurs_idx" ON "digitallotse_anmeldungen" USING btree ("kurs_id",lower("teilnehmer_email")) WHERE status <> 'storniert';--> statement-breakpoint
CREATE INDEX "digitallotse_kurse_beginn_idx" ON "digitallotse_kurse" USING btree ("beginn");