CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"praefix" text NOT NULL,
	"umfang" text NOT NULL,
	"erstellt_am" timestamp with time zone NOT NULL,
	"laeuft_ab_am" timestamp with time zone NOT NULL,
	"zuletzt_genutzt_am" timestamp with time zone,
	"widerrufen_am" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "oidc_anmeldungen" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"zurueck" text,
	"erstellt_am" timestamp with time zone NOT NULL,
	"laeuft_ab_am" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oidc_identitaeten" (
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"erstellt_am" timestamp with time zone NOT NULL,
	"letzte_anmeldung_am" timestamp with time zone,
	CONSTRAINT "oidc_identitaeten_issuer_subject_pk" PRIMARY KEY("issuer","subject")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "oidc_id_token" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oidc_identitaeten" ADD CONSTRAINT "oidc_identitaeten_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "oidc_identitaeten_user_idx" ON "oidc_identitaeten" USING btree ("user_id");