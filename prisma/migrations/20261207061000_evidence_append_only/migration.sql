-- Evidence is append-only at the database too: the ledger, the access log and the signed
-- checkpoints reject UPDATE, DELETE and TRUNCATE from any role that is not their owner
-- bypassing the trigger (ALTER TABLE ... DISABLE TRIGGER needs ownership). Retention and
-- legal holds never touch these rows: they append 'delete' / 'hold' / 'release' entries and
-- update evidence_objects / evidence_legal_holds, which stay writable.
-- Running the application under a role that does not own these tables (docs/OPERATIONS.md,
-- "Append-only evidence tables") also keeps the owner's ALTER/DROP out of its reach.
CREATE OR REPLACE FUNCTION evidence_reject_rewrite() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'evidence tables are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER evidence_ledger_append_only BEFORE UPDATE OR DELETE ON "evidence_ledger"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_rewrite();
CREATE TRIGGER evidence_ledger_no_truncate BEFORE TRUNCATE ON "evidence_ledger"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_rewrite();
CREATE TRIGGER evidence_access_log_append_only BEFORE UPDATE OR DELETE ON "evidence_access_log"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_rewrite();
CREATE TRIGGER evidence_access_log_no_truncate BEFORE TRUNCATE ON "evidence_access_log"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_rewrite();
CREATE TRIGGER evidence_checkpoints_append_only BEFORE UPDATE OR DELETE ON "evidence_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_rewrite();
CREATE TRIGGER evidence_checkpoints_no_truncate BEFORE TRUNCATE ON "evidence_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_rewrite();

REVOKE UPDATE, DELETE, TRUNCATE ON "evidence_ledger", "evidence_access_log", "evidence_checkpoints" FROM PUBLIC;
