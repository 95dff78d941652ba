-- CreateTable
CREATE TABLE "credential_health" (
    "portal_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "reason" TEXT,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "evidence_id" TEXT,
    "warning" TEXT,
    "warning_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "credential_health_pkey" PRIMARY KEY ("portal_id","account_id")
);

-- CreateIndex
CREATE INDEX "credential_health_status_idx" ON "credential_health"("status");

-- AlterTable: password rotation stages the new password here before the portal sees it
ALTER TABLE "credentials" ADD COLUMN "pending_password_cipher" BYTEA;
