CREATE TABLE "einladungen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"erstellt_von" uuid,
	"erstellt_am" timestamp with time zone NOT NULL,
	"laeuft_ab_am" timestamp with time zone NOT NULL,
	"angenommen_am" timestamp with time zone,
	"widerrufen_am" timestamp with time zone,
	CONSTRAINT "einladungen_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "zusatzrollen" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "einladungen" ADD CONSTRAINT "einladungen_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "einladungen" ADD CONSTRAINT "einladungen_erstellt_von_users_id_fk" FOREIGN KEY ("erstellt_von") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "einladungen_user_idx" ON "einladungen" USING btree ("user_id");