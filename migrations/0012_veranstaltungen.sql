CREATE TABLE "veranstaltung_anmeldungen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"veranstaltung_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organisation" text,
	"angemeldet_am" timestamp with time zone NOT NULL,
	"erinnert_am" timestamp with time zone,
	"teilgenommen" boolean
);
--> statement-breakpoint
CREATE TABLE "veranstaltungen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"titel" text NOT NULL,
	"thema" text NOT NULL,
	"beschreibung" text DEFAULT '' NOT NULL,
	"beginn" timestamp with time zone NOT NULL,
	"ende" timestamp with time zone NOT NULL,
	"link" text NOT NULL,
	"kapazitaet" integer NOT NULL,
	"angelegt_von" uuid,
	"angelegt_am" timestamp with time zone NOT NULL,
	"sequenz" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "veranstaltung_anmeldungen" ADD CONSTRAINT "veranstaltung_anmeldungen_veranstaltung_id_veranstaltungen_id_fk" FOREIGN KEY ("veranstaltung_id") REFERENCES "public"."veranstaltungen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "veranstaltung_anmeldungen_person_idx" ON "veranstaltung_anmeldungen" USING btree ("veranstaltung_id",lower("email"));--> statement-breakpoint
CREATE INDEX "veranstaltungen_beginn_idx" ON "veranstaltungen" USING btree ("beginn");