-- CreateTable: questions a bot asks a person (codes sent by SMS or e-mail, CAPTCHAs)
CREATE TABLE "challenges" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "portal_id" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "screenshot" BYTEA,
    "evidence_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "answer" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "challenges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "challenges_status_created_at_idx" ON "challenges"("status", "created_at");

-- AlterTable: when a portal said an account's password expires
ALTER TABLE "credential_health" ADD COLUMN "password_expires_at" TIMESTAMPTZ(3);

-- AlterTable: answers to a portal's security questions, encrypted field by field like the other secrets
ALTER TABLE "credentials" ADD COLUMN "security_answers_cipher" BYTEA;
