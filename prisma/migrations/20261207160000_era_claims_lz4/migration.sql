-- ERA claim rows at volume (issue #18): a claim's JSON columns (service
-- lines above all) often pass PostgreSQL's 2 kB TOAST threshold, and the
-- default pglz compression was the largest single cost on the server while a
-- remittance was copied in (about a fifth of its CPU in a profile of a
-- 73,600-claim file). LZ4 compresses several times faster for a similar size.
-- Only where the server was built with LZ4 (PostgreSQL 14+ lists it among
-- default_toast_compression's values); elsewhere the columns keep pglz.
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE "era_remittance_claims"
      ALTER COLUMN "adjustments" SET COMPRESSION lz4,
      ALTER COLUMN "service_lines" SET COMPRESSION lz4,
      ALTER COLUMN "remark_codes" SET COMPRESSION lz4,
      ALTER COLUMN "signals" SET COMPRESSION lz4;
  END IF;
END
$$;
