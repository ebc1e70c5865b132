CREATE TABLE "checklisten" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"titel" text NOT NULL,
	"beschreibung" text DEFAULT '' NOT NULL,
	"angelegt_von" uuid,
	"angelegt_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklisten_antworten" (
	"behoerde_ars" text NOT NULL,
	"checkliste_id" uuid NOT NULL,
	"punkt" text NOT NULL,
	"status" text NOT NULL,
	"kommentar" text,
	"punkt_hash" text NOT NULL,
	"version" integer NOT NULL,
	"geaendert_von" uuid NOT NULL,
	"geaendert_von_label" text NOT NULL,
	"geaendert_am" timestamp with time zone NOT NULL,
	CONSTRAINT "checklisten_antworten_behoerde_ars_checkliste_id_punkt_pk" PRIMARY KEY("behoerde_ars","checkliste_id","punkt")
);
--> statement-breakpoint
CREATE TABLE "checklisten_versionen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"checkliste_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"quelltext" text NOT NULL,
	"inhalt" jsonb NOT NULL,
	"geaendert_von" uuid,
	"geaendert_am" timestamp with time zone NOT NULL,
	"veroeffentlicht_von" uuid,
	"veroeffentlicht_am" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "checklisten_antworten" ADD CONSTRAINT "checklisten_antworten_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklisten_antworten" ADD CONSTRAINT "checklisten_antworten_checkliste_id_checklisten_id_fk" FOREIGN KEY ("checkliste_id") REFERENCES "public"."checklisten"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklisten_versionen" ADD CONSTRAINT "checklisten_versionen_checkliste_id_checklisten_id_fk" FOREIGN KEY ("checkliste_id") REFERENCES "public"."checklisten"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checklisten_titel_idx" ON "checklisten" USING btree (lower("titel"));--> statement-breakpoint
CREATE INDEX "checklisten_antworten_liste_idx" ON "checklisten_antworten" USING btree ("checkliste_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklisten_versionen_nr_idx" ON "checklisten_versionen" USING btree ("checkliste_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "checklisten_ein_entwurf_idx" ON "checklisten_versionen" USING btree ("checkliste_id") WHERE status = 'entwurf';