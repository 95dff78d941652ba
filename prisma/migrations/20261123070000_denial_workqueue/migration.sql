-- CreateTable
CREATE TABLE "denial_work_items" (
    "id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL DEFAULT 'default',
    "payer_id" TEXT,
    "provider_npi" TEXT,
    "state" TEXT NOT NULL DEFAULT 'new',
    "kind" TEXT NOT NULL,
    "root_cause" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "denial_type" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "primary_carc" TEXT,
    "adjustments" JSONB NOT NULL DEFAULT '[]',
    "remark_codes" JSONB NOT NULL DEFAULT '[]',
    "status_category" TEXT,
    "era_status_code" TEXT,
    "billed_amount" DECIMAL(12,2),
    "allowed_amount" DECIMAL(12,2),
    "paid_amount" DECIMAL(12,2),
    "expected_amount" DECIMAL(12,2),
    "dollars_at_risk" DECIMAL(12,2) NOT NULL,
    "recoverability" DOUBLE PRECISION NOT NULL,
    "urgency" DOUBLE PRECISION NOT NULL,
    "priority_score" DECIMAL(14,2) NOT NULL,
    "silent" BOOLEAN NOT NULL DEFAULT false,
    "rationale" TEXT,
    "first_denied_at" TIMESTAMPTZ(3) NOT NULL,
    "eob_date" TIMESTAMPTZ(3),
    "determination_date" TIMESTAMPTZ(3),
    "portal_appeal_deadline" TIMESTAMPTZ(3),
    "appeal_deadline" TIMESTAMPTZ(3),
    "deadline_source" TEXT NOT NULL,
    "sla_due_at" TIMESTAMPTZ(3) NOT NULL,
    "follow_up_at" TIMESTAMPTZ(3),
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "escalated_at" TIMESTAMPTZ(3),
    "escalated_for_due_at" TIMESTAMPTZ(3),
    "assignee" TEXT,
    "submitted_at" TIMESTAMPTZ(3),
    "submission_channel" TEXT,
    "confirmation_number" TEXT,
    "outcome" TEXT,
    "recovered_amount" DECIMAL(12,2),
    "resolved_at" TIMESTAMPTZ(3),
    "sources" JSONB NOT NULL DEFAULT '[]',
    "last_observed_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "denial_work_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "denial_work_events" (
    "id" BIGSERIAL NOT NULL,
    "work_item_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT,
    "note" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "denial_work_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "denial_policies" (
    "organization_id" TEXT NOT NULL,
    "write_off_threshold" DECIMAL(12,2) NOT NULL,
    "appeal_windows" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "denial_policies_pkey" PRIMARY KEY ("organization_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "denial_work_items_claim_id_key" ON "denial_work_items"("claim_id");

-- CreateIndex
CREATE INDEX "denial_work_items_team_state_idx" ON "denial_work_items"("team", "state");

-- CreateIndex
CREATE INDEX "denial_work_items_state_sla_due_at_idx" ON "denial_work_items"("state", "sla_due_at");

-- CreateIndex
CREATE INDEX "denial_work_items_payer_id_first_denied_at_idx" ON "denial_work_items"("payer_id", "first_denied_at");

-- CreateIndex
CREATE INDEX "denial_work_items_priority_score_idx" ON "denial_work_items"("priority_score");

-- CreateIndex
CREATE INDEX "denial_work_events_work_item_id_at_idx" ON "denial_work_events"("work_item_id", "at");

-- AddForeignKey
ALTER TABLE "denial_work_events" ADD CONSTRAINT "denial_work_events_work_item_id_fkey" FOREIGN KEY ("work_item_id") REFERENCES "denial_work_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
