-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_access_log" (
    "id" UUID NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "evidence_id" UUID,
    "claim_id" UUID,
    "status_code" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "api_access_log_evidence_id_idx" ON "api_access_log"("evidence_id");

-- CreateIndex
CREATE INDEX "api_access_log_claim_id_created_at_idx" ON "api_access_log"("claim_id", "created_at");

-- CreateIndex
CREATE INDEX "api_access_log_api_key_id_created_at_idx" ON "api_access_log"("api_key_id", "created_at");
