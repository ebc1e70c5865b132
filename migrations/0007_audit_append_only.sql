-- The audit trail is append-only: no UPDATE or DELETE, whoever asks (the hash chain detects
-- changes made by someone who disables the trigger).
CREATE OR REPLACE FUNCTION audit_log_unveraenderlich() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log ist unveränderlich: % ist nicht erlaubt', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_unveraenderlich();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_unveraenderlich();
