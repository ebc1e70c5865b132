ALTER TABLE "users" ADD COLUMN "fehlversuche" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "gesperrt_bis" timestamp with time zone;