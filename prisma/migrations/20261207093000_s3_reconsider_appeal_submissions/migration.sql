-- Reconsiderations submitted through a portal: one per work item (and claim).
-- CreateTable
CREATE TABLE "appeal_submissions" (
    "id" UUID NOT NULL,
    "work_item_id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "argument" TEXT NOT NULL,
    "corrected_fields" JSONB NOT NULL DEFAULT '{}',
    "packet_file_name" TEXT NOT NULL,
    "packet_pdf" BYTEA NOT NULL,
    "packet_sha256" CHAR(64) NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "tracking_number" TEXT,
    "run_id" UUID,
    "job_id" TEXT,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "decision" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "appeal_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "appeal_submissions_work_item_id_key" ON "appeal_submissions"("work_item_id");

-- CreateIndex
CREATE UNIQUE INDEX "appeal_submissions_claim_id_key" ON "appeal_submissions"("claim_id");

-- CreateIndex
CREATE INDEX "appeal_submissions_status_idx" ON "appeal_submissions"("status");
