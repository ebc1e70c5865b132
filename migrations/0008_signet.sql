CREATE TABLE "signet_schluessel" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_enc" text NOT NULL,
	"aktiv" boolean NOT NULL,
	"erstellt_am" timestamp with time zone NOT NULL,
	"abgeloest_am" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signet_status_index" (
	"zertifikat_nr" text PRIMARY KEY NOT NULL,
	"listen_index" serial NOT NULL,
	"liste" integer DEFAULT 1 NOT NULL,
	"vergeben_am" timestamp with time zone DEFAULT now() NOT NULL,
	"meta" jsonb
);
--> statement-breakpoint
ALTER TABLE "signet_status_index" ADD CONSTRAINT "signet_status_index_zertifikat_nr_praedikate_zertifikat_nr_fk" FOREIGN KEY ("zertifikat_nr") REFERENCES "public"."praedikate"("zertifikat_nr") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signet_schluessel_ein_aktiver_idx" ON "signet_schluessel" USING btree ("aktiv") WHERE aktiv;--> statement-breakpoint
CREATE UNIQUE INDEX "signet_status_index_idx" ON "signet_status_index" USING btree ("liste","listen_index");--> statement-breakpoint
CREATE INDEX "signet_status_index_nr_idx" ON "signet_status_index" USING btree ("zertifikat_nr");