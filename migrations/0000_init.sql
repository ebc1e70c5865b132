CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "behoerde_gemeinden" (
	"behoerde_ars" text NOT NULL,
	"gemeinde_ars" text NOT NULL,
	CONSTRAINT "behoerde_gemeinden_behoerde_ars_gemeinde_ars_pk" PRIMARY KEY("behoerde_ars","gemeinde_ars")
);
--> statement-breakpoint
CREATE TABLE "behoerden" (
	"ars" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kurzname" text NOT NULL,
	"typ" text NOT NULL,
	"land_key" text NOT NULL,
	"regbez_key" text NOT NULL,
	"kreis_key" text,
	"sitz" text,
	"plz" text,
	"bevoelkerung" integer DEFAULT 0 NOT NULL,
	"flaeche_ha" bigint DEFAULT 0 NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"suchname" text NOT NULL,
	"aktiv" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gebiete" (
	"ars" text PRIMARY KEY NOT NULL,
	"ags" text,
	"ebene" text NOT NULL,
	"satzart" integer NOT NULL,
	"name" text NOT NULL,
	"textkennzeichen" text,
	"typ" text,
	"verwaltungssitz" text,
	"land_key" text NOT NULL,
	"regbez_key" text,
	"kreis_key" text,
	"verband_ars" text,
	"flaeche_ha" bigint,
	"bevoelkerung" integer,
	"plz" text,
	"plz_eindeutig" boolean,
	"lat" double precision,
	"lon" double precision,
	"gebietsstand" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "geo_flaechen" (
	"ebene" text NOT NULL,
	"ars" text NOT NULL,
	"name" text NOT NULL,
	"bez" text,
	"geometry" jsonb NOT NULL,
	"stand" date NOT NULL,
	CONSTRAINT "geo_flaechen_ebene_ars_pk" PRIMARY KEY("ebene","ars")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"quelle" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"statistik" jsonb NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leika_leistungen" (
	"id" integer PRIMARY KEY NOT NULL,
	"schluessel" text,
	"name" text NOT NULL,
	"typisierung" text,
	"ozg_leistung_id" integer,
	"rechtsgrundlage" text,
	"sdg1" boolean DEFAULT false NOT NULL,
	"sdg2" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_verfahren" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"beschreibung" text DEFAULT '' NOT NULL,
	"bereitstellung" text NOT NULL,
	"art" text DEFAULT 'online' NOT NULL,
	"anbieter_ars" text,
	"url" text NOT NULL,
	"vertrauensniveau" text DEFAULT 'substanziell' NOT NULL,
	"mobil_optimiert" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ozg_lebenslagen" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"themenfeld_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ozg_leistungen" (
	"id" integer PRIMARY KEY NOT NULL,
	"ozg_id" text NOT NULL,
	"name" text NOT NULL,
	"lebenslage_id" integer,
	"themenfeld_id" integer
);
--> statement-breakpoint
CREATE TABLE "ozg_themenfelder" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "praedikate" (
	"zertifikat_nr" text PRIMARY KEY NOT NULL,
	"behoerde_ars" text NOT NULL,
	"verliehen_am" date NOT NULL,
	"status" text DEFAULT 'gueltig' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "user_behoerden" (
	"user_id" uuid NOT NULL,
	"behoerde_ars" text NOT NULL,
	CONSTRAINT "user_behoerden_user_id_behoerde_ars_pk" PRIMARY KEY("user_id","behoerde_ars")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "verfahren_leistungen" (
	"verfahren_id" uuid NOT NULL,
	"leika_id" integer NOT NULL,
	CONSTRAINT "verfahren_leistungen_verfahren_id_leika_id_pk" PRIMARY KEY("verfahren_id","leika_id")
);
--> statement-breakpoint
CREATE TABLE "verlinkung_zaehlstaende" (
	"behoerde_ars" text NOT NULL,
	"tag" date NOT NULL,
	"anzahl" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "verlinkung_zaehlstaende_behoerde_ars_tag_pk" PRIMARY KEY("behoerde_ars","tag")
);
--> statement-breakpoint
CREATE TABLE "verlinkungen" (
	"behoerde_ars" text NOT NULL,
	"verfahren_id" uuid NOT NULL,
	"url" text,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"linked_by" uuid,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "verlinkungen_behoerde_ars_verfahren_id_pk" PRIMARY KEY("behoerde_ars","verfahren_id")
);
--> statement-breakpoint
ALTER TABLE "behoerde_gemeinden" ADD CONSTRAINT "behoerde_gemeinden_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "behoerde_gemeinden" ADD CONSTRAINT "behoerde_gemeinden_gemeinde_ars_gebiete_ars_fk" FOREIGN KEY ("gemeinde_ars") REFERENCES "public"."gebiete"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leika_leistungen" ADD CONSTRAINT "leika_leistungen_ozg_leistung_id_ozg_leistungen_id_fk" FOREIGN KEY ("ozg_leistung_id") REFERENCES "public"."ozg_leistungen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD CONSTRAINT "online_verfahren_anbieter_ars_behoerden_ars_fk" FOREIGN KEY ("anbieter_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ozg_lebenslagen" ADD CONSTRAINT "ozg_lebenslagen_themenfeld_id_ozg_themenfelder_id_fk" FOREIGN KEY ("themenfeld_id") REFERENCES "public"."ozg_themenfelder"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ozg_leistungen" ADD CONSTRAINT "ozg_leistungen_lebenslage_id_ozg_lebenslagen_id_fk" FOREIGN KEY ("lebenslage_id") REFERENCES "public"."ozg_lebenslagen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ozg_leistungen" ADD CONSTRAINT "ozg_leistungen_themenfeld_id_ozg_themenfelder_id_fk" FOREIGN KEY ("themenfeld_id") REFERENCES "public"."ozg_themenfelder"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "praedikate" ADD CONSTRAINT "praedikate_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_behoerden" ADD CONSTRAINT "user_behoerden_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_behoerden" ADD CONSTRAINT "user_behoerden_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verfahren_leistungen" ADD CONSTRAINT "verfahren_leistungen_verfahren_id_online_verfahren_id_fk" FOREIGN KEY ("verfahren_id") REFERENCES "public"."online_verfahren"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verfahren_leistungen" ADD CONSTRAINT "verfahren_leistungen_leika_id_leika_leistungen_id_fk" FOREIGN KEY ("leika_id") REFERENCES "public"."leika_leistungen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verlinkung_zaehlstaende" ADD CONSTRAINT "verlinkung_zaehlstaende_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verlinkungen" ADD CONSTRAINT "verlinkungen_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verlinkungen" ADD CONSTRAINT "verlinkungen_verfahren_id_online_verfahren_id_fk" FOREIGN KEY ("verfahren_id") REFERENCES "public"."online_verfahren"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_object_idx" ON "audit_log" USING btree ("object_type","object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "behoerde_gemeinden_gemeinde_idx" ON "behoerde_gemeinden" USING btree ("gemeinde_ars");--> statement-breakpoint
CREATE INDEX "behoerden_typ_idx" ON "behoerden" USING btree ("typ");--> statement-breakpoint
CREATE INDEX "behoerden_regbez_idx" ON "behoerden" USING btree ("regbez_key");--> statement-breakpoint
CREATE INDEX "behoerden_kreis_idx" ON "behoerden" USING btree ("kreis_key");--> statement-breakpoint
CREATE INDEX "gebiete_ebene_idx" ON "gebiete" USING btree ("ebene");--> statement-breakpoint
CREATE INDEX "gebiete_verband_idx" ON "gebiete" USING btree ("verband_ars");--> statement-breakpoint
CREATE INDEX "gebiete_kreis_idx" ON "gebiete" USING btree ("kreis_key");--> statement-breakpoint
CREATE INDEX "leika_schluessel_idx" ON "leika_leistungen" USING btree ("schluessel");--> statement-breakpoint
CREATE INDEX "online_verfahren_anbieter_idx" ON "online_verfahren" USING btree ("anbieter_ars");--> statement-breakpoint
CREATE INDEX "ozg_leistungen_ozg_id_idx" ON "ozg_leistungen" USING btree ("ozg_id");--> statement-breakpoint
CREATE INDEX "praedikate_behoerde_idx" ON "praedikate" USING btree ("behoerde_ars");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "verlinkungen_verfahren_idx" ON "verlinkungen" USING btree ("verfahren_id");