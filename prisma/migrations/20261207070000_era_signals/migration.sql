-- ERA on real remittances: what a remittance claim says beyond paid/denied
-- (silent-denial signals, reversal/correction links, recoupments) and the
-- claim it corrects (REF*F8); a payment's credit/debit flag (BPR03).
ALTER TABLE "era_remittance_claims" ADD COLUMN "signals" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "era_remittance_claims" ADD COLUMN "original_reference_number" TEXT;
ALTER TABLE "era_payments" ADD COLUMN "credit_debit" TEXT NOT NULL DEFAULT 'C';

CREATE INDEX "era_remittance_claims_original_reference_number_idx" ON "era_remittance_claims"("original_reference_number");
