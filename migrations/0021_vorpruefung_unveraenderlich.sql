-- The record of every pre-check of a Prädikat application is append-only: no UPDATE, DELETE or
-- TRUNCATE, whoever asks (as for the audit log).
CREATE OR REPLACE FUNCTION praedikat_vorpruefung_unveraenderlich() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'praedikat_vorpruefungen ist unveränderlich: % ist nicht erlaubt', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER praedikat_vorpruefungen_append_only BEFORE UPDATE OR DELETE ON praedikat_vorpruefungen
  FOR EACH ROW EXECUTE FUNCTION praedikat_vorpruefung_unveraenderlich();
--> statement-breakpoint
CREATE TRIGGER praedikat_vorpruefungen_no_truncate BEFORE TRUNCATE ON praedikat_vorpruefungen
  FOR EACH STATEMENT EXECUTE FUNCTION praedikat_vorpruefung_unveraenderlich();
--> statement-breakpoint
-- Carry over the pre-checks recorded so far: each submission's (kept in the step's data) and each
-- decision's; for an open application resubmitted after a return, the one in the application row.
-- Applications taken over from the stock before the workflow have none.
INSERT INTO praedikat_vorpruefungen (antrag_id, anlass, ergebnis, am, actor_label)
SELECT antrag_id, anlass, ergebnis, am, actor_label FROM (
  SELECT s.antrag_id,
         CASE WHEN s.schritt = 'eingereicht' THEN 'einreichung' ELSE 'entscheidung' END AS anlass,
         s.daten -> 'vorpruefung' AS ergebnis,
         coalesce((s.daten -> 'vorpruefung' ->> 'am')::timestamptz, s.at) AS am,
         s.actor_label,
         s.id AS ordnung
  FROM praedikat_antrag_schritte s
  WHERE (s.schritt = 'eingereicht' OR s.schritt LIKE 'entscheidung_%')
    AND jsonb_typeof(s.daten -> 'vorpruefung') = 'object'
  UNION ALL
  SELECT a.id, 'erneute_einreichung', a.vorpruefung, coalesce((a.vorpruefung ->> 'am')::timestamptz, a.eingereicht_am), 'Übernahme bei der Umstellung', 0
  FROM praedikat_antraege a
  WHERE a.status IN ('eingereicht', 'empfohlen')
    AND jsonb_typeof(a.vorpruefung) = 'object'
    AND EXISTS (SELECT 1 FROM praedikat_antrag_schritte s WHERE s.antrag_id = a.id AND s.schritt = 'erneut_einreichen')
) x
ORDER BY am, ordnung;
