CREATE TABLE "infoseiten" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"komponente" text NOT NULL,
	"angelegt_am" timestamp with time zone NOT NULL,
	CONSTRAINT "infoseiten_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "infoseiten_versionen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seite_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"titel" text NOT NULL,
	"markdown" text NOT NULL,
	"geaendert_von" uuid,
	"geaendert_am" timestamp with time zone NOT NULL,
	"veroeffentlicht_am" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "infoseiten_versionen" ADD CONSTRAINT "infoseiten_versionen_seite_id_infoseiten_id_fk" FOREIGN KEY ("seite_id") REFERENCES "public"."infoseiten"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "infoseiten_versionen_nr_idx" ON "infoseiten_versionen" USING btree ("seite_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "infoseiten_ein_entwurf_idx" ON "infoseiten_versionen" USING btree ("seite_id") WHERE status = 'entwurf';--> statement-breakpoint
CREATE INDEX "infoseiten_versionen_seite_idx" ON "infoseiten_versionen" USING btree ("seite_id","status");