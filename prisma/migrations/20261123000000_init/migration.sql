-- CreateTable
CREATE TABLE "portals" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payers" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "portal_id" TEXT NOT NULL,
    "appeal_window_days" INTEGER,

    CONSTRAINT "payers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credentials" (
    "id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "username_cipher" BYTEA NOT NULL,
    "password_cipher" BYTEA NOT NULL,
    "totp_secret_cipher" BYTEA,
    "key_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "payer_id" TEXT,
    "claim_number" TEXT NOT NULL,
    "patient_control_number" TEXT,
    "service_date" DATE,
    "billed_amount" DECIMAL(12,2),
    "status_category" TEXT,
    "last_checked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "job_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_results" (
    "id" UUID NOT NULL,
    "job_id" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "payer_id" TEXT,
    "task" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "claim_id" UUID,
    "outcome" TEXT NOT NULL,
    "error_class" TEXT,
    "error_message" TEXT,
    "data" JSONB,
    "bot_version" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "kind" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "portal_id" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "run_id" UUID,
    "task_result_id" UUID,
    "claim_id" UUID,
    "bot_version" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "captured_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "target_selection" JSONB NOT NULL DEFAULT '{}',
    "maintenance_windows" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payers_portal_id_idx" ON "payers"("portal_id");

-- CreateIndex
CREATE UNIQUE INDEX "credentials_portal_id_label_key" ON "credentials"("portal_id", "label");

-- CreateIndex
CREATE INDEX "claims_patient_control_number_idx" ON "claims"("patient_control_number");

-- CreateIndex
CREATE UNIQUE INDEX "claims_portal_id_claim_number_key" ON "claims"("portal_id", "claim_number");

-- CreateIndex
CREATE INDEX "runs_portal_id_created_at_idx" ON "runs"("portal_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "task_results_job_id_key" ON "task_results"("job_id");

-- CreateIndex
CREATE INDEX "task_results_run_id_idx" ON "task_results"("run_id");

-- CreateIndex
CREATE INDEX "task_results_claim_id_finished_at_idx" ON "task_results"("claim_id", "finished_at");

-- CreateIndex
CREATE INDEX "task_results_portal_id_task_finished_at_idx" ON "task_results"("portal_id", "task", "finished_at");

-- CreateIndex
CREATE INDEX "evidence_sha256_idx" ON "evidence"("sha256");

-- CreateIndex
CREATE INDEX "evidence_claim_id_captured_at_idx" ON "evidence"("claim_id", "captured_at");

-- CreateIndex
CREATE INDEX "evidence_job_id_idx" ON "evidence"("job_id");

-- CreateIndex
CREATE UNIQUE INDEX "schedules_portal_id_task_key" ON "schedules"("portal_id", "task");

-- AddForeignKey
ALTER TABLE "payers" ADD CONSTRAINT "payers_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_payer_id_fkey" FOREIGN KEY ("payer_id") REFERENCES "payers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_results" ADD CONSTRAINT "task_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_results" ADD CONSTRAINT "task_results_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_task_result_id_fkey" FOREIGN KEY ("task_result_id") REFERENCES "task_results"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
