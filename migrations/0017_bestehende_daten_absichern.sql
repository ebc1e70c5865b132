-- Registrations made before the double opt-in got the join link by mail at once: they count as
-- confirmed at the time they were made.
UPDATE "veranstaltung_anmeldungen" SET "bestaetigt_am" = "angemeldet_am" WHERE "bestaetigt_am" IS NULL;
--> statement-breakpoint
-- Link check results stored before error texts were limited to known codes may quote a raw socket
-- message (addresses and ports of an internal network): keep only "Netzwerkfehler" for those.
UPDATE "link_pruefungen" SET "fehler" = 'Netzwerkfehler'
WHERE "fehler" LIKE 'Netzwerkfehler (%' AND "fehler" !~ '^Netzwerkfehler \([A-Z][A-Z0-9_]{1,40}\)$';
