CREATE TABLE "link_pruefungen" (
	"url" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"fehler" text,
	"geprueft_am" timestamp with time zone NOT NULL,
	"defekt_seit" timestamp with time zone,
	"antwort_ms" integer,
	"ziel_url" text
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"format" text NOT NULL,
	"dateiname" text NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"zeilen" integer NOT NULL,
	"fehler" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"daten" jsonb,
	"statistik" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "verlinkung_ereignisse" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"behoerde_ars" text NOT NULL,
	"verfahren_id" uuid NOT NULL,
	"aktion" text NOT NULL,
	"vorher" jsonb,
	"nachher" jsonb,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"quelle" text NOT NULL,
	"upload_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zaehlstaende" (
	"behoerde_ars" text PRIMARY KEY NOT NULL,
	"anzahl" integer NOT NULL,
	"berechnet_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD COLUMN "externe_id" text;--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD COLUMN "aktiv" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD COLUMN "anbieter_user_id" uuid;--> statement-breakpoint
ALTER TABLE "online_verfahren" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verlinkung_ereignisse" ADD CONSTRAINT "verlinkung_ereignisse_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verlinkung_ereignisse" ADD CONSTRAINT "verlinkung_ereignisse_verfahren_id_online_verfahren_id_fk" FOREIGN KEY ("verfahren_id") REFERENCES "public"."online_verfahren"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaehlstaende" ADD CONSTRAINT "zaehlstaende_behoerde_ars_behoerden_ars_fk" FOREIGN KEY ("behoerde_ars") REFERENCES "public"."behoerden"("ars") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "verlinkung_ereignisse_behoerde_idx" ON "verlinkung_ereignisse" USING btree ("behoerde_ars","at");--> statement-breakpoint
CREATE UNIQUE INDEX "online_verfahren_externe_id_idx" ON "online_verfahren" USING btree ("externe_id");--> statement-breakpoint
CREATE INDEX "online_verfahren_bereitstellung_idx" ON "online_verfahren" USING btree ("bereitstellung");