-- Worklist rows without a payer claim number (issue #13). member_id and
-- date_of_birth are PHI: they stay in this table only.
-- CreateTable
CREATE TABLE "worklist_items" (
    "id" UUID NOT NULL,
    "portal_id" TEXT NOT NULL,
    "patient_control_number" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "date_of_birth" DATE,
    "service_date_from" DATE NOT NULL,
    "service_date_to" DATE NOT NULL,
    "billed_amount" DECIMAL(12,2),
    "payer_id" TEXT,
    "provider_npi" TEXT,
    "tin" TEXT,
    "claim_id" UUID,
    "last_checked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worklist_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "worklist_items_portal_id_patient_control_number_key" ON "worklist_items"("portal_id", "patient_control_number");

-- CreateIndex
CREATE INDEX "worklist_items_claim_id_idx" ON "worklist_items"("claim_id");

-- CreateIndex
CREATE INDEX "worklist_items_portal_id_last_checked_at_idx" ON "worklist_items"("portal_id", "last_checked_at");
