-- Registrations made before the double opt-in got the join link by mail at once: they count as
-- confirmed at the time they were made.
UPDATE "veranstaltung_anmeldungen" SET "bestaetigt_am" = "angemeldet_am" WHERE "bestaetigt_am" IS NULL;
