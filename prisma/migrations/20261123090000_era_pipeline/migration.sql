-- CreateTable
CREATE TABLE "era_files" (
    "id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "evidence_id" UUID,
    "storage_key" TEXT,
    "portal_id" TEXT NOT NULL,
    "run_id" TEXT,
    "byte_size" INTEGER NOT NULL,
    "transaction_count" INTEGER NOT NULL,
    "claim_count" INTEGER NOT NULL,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "era_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "era_payments" (
    "id" UUID NOT NULL,
    "file_id" UUID NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "control_number" TEXT NOT NULL,
    "payer_name" TEXT,
    "payer_identifier" TEXT,
    "payee_name" TEXT,
    "payee_npi" TEXT,
    "payee_tax_id" TEXT,
    "method" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "payment_date" DATE,
    "trace_number" TEXT,
    "balance_ok" BOOLEAN NOT NULL,

    CONSTRAINT "era_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "era_remittance_claims" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "claim_index" INTEGER NOT NULL,
    "patient_control_number" TEXT NOT NULL,
    "payer_claim_number" TEXT,
    "status_code" TEXT NOT NULL,
    "charge_amount" DECIMAL(12,2) NOT NULL,
    "paid_amount" DECIMAL(12,2) NOT NULL,
    "patient_responsibility" DECIMAL(12,2) NOT NULL,
    "allowed_amount" DECIMAL(12,2),
    "claim_filing_indicator" TEXT,
    "adjustments" JSONB NOT NULL,
    "service_lines" JSONB NOT NULL,
    "remark_codes" JSONB NOT NULL,
    "denial_kind" TEXT,
    "matched_claim_id" UUID,
    "match_method" TEXT NOT NULL,
    "unmatched_reason" TEXT,
    "workqueue_action" TEXT,
    "work_item_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "era_remittance_claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "era_provider_adjustments" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "reference" TEXT,
    "amount" DECIMAL(12,2) NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "era_provider_adjustments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "era_balance_problems" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "patient_control_number" TEXT,
    "claim_index" INTEGER,
    "expected" DECIMAL(12,2) NOT NULL,
    "actual" DECIMAL(12,2) NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "era_balance_problems_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "era_files_sha256_key" ON "era_files"("sha256");

-- CreateIndex
CREATE INDEX "era_files_portal_id_processed_at_idx" ON "era_files"("portal_id", "processed_at");

-- CreateIndex
CREATE INDEX "era_payments_trace_number_idx" ON "era_payments"("trace_number");

-- CreateIndex
CREATE UNIQUE INDEX "era_payments_file_id_transaction_index_key" ON "era_payments"("file_id", "transaction_index");

-- CreateIndex
CREATE INDEX "era_remittance_claims_matched_claim_id_idx" ON "era_remittance_claims"("matched_claim_id");

-- CreateIndex
CREATE INDEX "era_remittance_claims_patient_control_number_idx" ON "era_remittance_claims"("patient_control_number");

-- CreateIndex
CREATE INDEX "era_remittance_claims_payer_claim_number_idx" ON "era_remittance_claims"("payer_claim_number");

-- CreateIndex
CREATE INDEX "era_remittance_claims_match_method_idx" ON "era_remittance_claims"("match_method");

-- CreateIndex
CREATE UNIQUE INDEX "era_remittance_claims_payment_id_claim_index_key" ON "era_remittance_claims"("payment_id", "claim_index");

-- CreateIndex
CREATE UNIQUE INDEX "era_provider_adjustments_payment_id_position_key" ON "era_provider_adjustments"("payment_id", "position");

-- CreateIndex
CREATE INDEX "era_balance_problems_payment_id_idx" ON "era_balance_problems"("payment_id");

-- AddForeignKey
ALTER TABLE "era_payments" ADD CONSTRAINT "era_payments_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "era_files"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "era_remittance_claims" ADD CONSTRAINT "era_remittance_claims_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "era_payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "era_provider_adjustments" ADD CONSTRAINT "era_provider_adjustments_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "era_payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "era_balance_problems" ADD CONSTRAINT "era_balance_problems_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "era_payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
