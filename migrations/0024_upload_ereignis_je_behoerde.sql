-- The links an upload adds to a Behörde are recorded as ONE event per upload and Behörde
-- (aktion 'upload', the procedures' ids in "nachher"), no longer one event per link: such an event
-- has no single procedure. Events written before stay as they are.
ALTER TABLE "verlinkung_ereignisse" ALTER COLUMN "verfahren_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "verlinkung_ereignisse" ADD CONSTRAINT "verlinkung_ereignisse_verfahren_check" CHECK ("verlinkung_ereignisse"."verfahren_id" is not null or "verlinkung_ereignisse"."aktion" = 'upload');
