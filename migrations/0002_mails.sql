CREATE TABLE "mails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"an" text NOT NULL,
	"betreff" text NOT NULL,
	"text" text NOT NULL,
	"art" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"status" text NOT NULL,
	"fehler" text,
	"message_id" text,
	"erstellt_am" timestamp with time zone DEFAULT now() NOT NULL,
	"versendet_am" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "mails_object_idx" ON "mails" USING btree ("object_type","object_id");--> statement-breakpoint
CREATE INDEX "mails_erstellt_idx" ON "mails" USING btree ("erstellt_am");