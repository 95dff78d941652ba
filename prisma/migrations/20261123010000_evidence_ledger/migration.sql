-- CreateTable
CREATE TABLE "evidence_ledger" (
    "seq" BIGINT NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "body_hash" CHAR(64) NOT NULL,
    "entry_hash" CHAR(64) NOT NULL,
    "kind" TEXT NOT NULL,
    "sha256" CHAR(64),
    "storage_key" TEXT,
    "files" JSONB NOT NULL DEFAULT '[]',
    "claim_ref" TEXT,
    "run_id" TEXT,
    "job_id" TEXT,
    "organization_id" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_ledger_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "evidence_access_log" (
    "seq" BIGINT NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "body_hash" CHAR(64) NOT NULL,
    "entry_hash" CHAR(64) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "storage_key" TEXT,
    "sha256" CHAR(64),
    "claim_ref" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_access_log_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "evidence_chain_heads" (
    "chain" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "head_hash" CHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_chain_heads_pkey" PRIMARY KEY ("chain")
);

-- CreateTable
CREATE TABLE "evidence_checkpoints" (
    "chain" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "head_hash" CHAR(64) NOT NULL,
    "signature" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_checkpoints_pkey" PRIMARY KEY ("chain","size")
);

-- CreateTable
CREATE TABLE "evidence_objects" (
    "storage_key" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "variant" TEXT,
    "derived_from" CHAR(64),
    "organization_id" TEXT NOT NULL,
    "retain_until" TIMESTAMPTZ(3) NOT NULL,
    "last_verified_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_objects_pkey" PRIMARY KEY ("storage_key")
);

-- CreateTable
CREATE TABLE "evidence_retention_policies" (
    "organization_id" TEXT NOT NULL,
    "retention_months" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_retention_policies_pkey" PRIMARY KEY ("organization_id")
);

-- CreateTable
CREATE TABLE "evidence_legal_holds" (
    "id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "claim_ref" TEXT,
    "storage_key" TEXT,
    "reason" TEXT NOT NULL,
    "placed_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "evidence_legal_holds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "evidence_ledger_entry_hash_key" ON "evidence_ledger"("entry_hash");

-- CreateIndex
CREATE INDEX "evidence_ledger_claim_ref_idx" ON "evidence_ledger"("claim_ref");

-- CreateIndex
CREATE INDEX "evidence_ledger_storage_key_idx" ON "evidence_ledger"("storage_key");

-- CreateIndex
CREATE INDEX "evidence_ledger_sha256_idx" ON "evidence_ledger"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_access_log_entry_hash_key" ON "evidence_access_log"("entry_hash");

-- CreateIndex
CREATE INDEX "evidence_access_log_claim_ref_idx" ON "evidence_access_log"("claim_ref");

-- CreateIndex
CREATE INDEX "evidence_access_log_storage_key_idx" ON "evidence_access_log"("storage_key");

-- CreateIndex
CREATE INDEX "evidence_objects_sha256_idx" ON "evidence_objects"("sha256");

-- CreateIndex
CREATE INDEX "evidence_objects_derived_from_idx" ON "evidence_objects"("derived_from");

-- CreateIndex
CREATE INDEX "evidence_objects_retain_until_idx" ON "evidence_objects"("retain_until");

-- CreateIndex
CREATE INDEX "evidence_legal_holds_claim_ref_idx" ON "evidence_legal_holds"("claim_ref");

-- CreateIndex
CREATE INDEX "evidence_legal_holds_storage_key_idx" ON "evidence_legal_holds"("storage_key");
