-- Webhook signing secrets are sealed with the vault keys (like credentials).
-- Rows added before keep their plaintext secret until re-added.
ALTER TABLE "webhook_endpoints" ALTER COLUMN "secret" DROP NOT NULL;
ALTER TABLE "webhook_endpoints" ADD COLUMN "secret_key_id" TEXT;
ALTER TABLE "webhook_endpoints" ADD COLUMN "secret_blob" BYTEA;
