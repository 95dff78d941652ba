-- CreateTable: one row per portal, so the low-accounts alert fires once per transition fleet-wide
CREATE TABLE "account_alerts" (
    "portal_id" TEXT NOT NULL,
    "short" BOOLEAN NOT NULL DEFAULT false,
    "healthy" INTEGER NOT NULL DEFAULT 0,
    "needed" INTEGER NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_alerts_pkey" PRIMARY KEY ("portal_id")
);

-- CreateTable: operational events waiting for (or sent as) webhooks
CREATE TABLE "ops_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "portal_id" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedup_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "ops_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ops_events_dedup_key_key" ON "ops_events"("dedup_key");

-- CreateIndex
CREATE INDEX "ops_events_dispatched_at_idx" ON "ops_events"("dispatched_at");
