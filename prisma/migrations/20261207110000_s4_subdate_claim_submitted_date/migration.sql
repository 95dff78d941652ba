-- The date a claim was submitted to the payer (issue #15, intake): from the
-- worklist's submission_date (the practice-management system's own date), or,
-- when the PM system gave none, from an 835's claim received date (DTM*050).
-- Timely filing and the no-response alert count from it when it is known.
-- A worklist row without a claim number keeps its date until a lookup finds
-- the payer's claim.
-- AlterTable
ALTER TABLE "claims" ADD COLUMN "submitted_date" DATE;

-- AlterTable
ALTER TABLE "worklist_items" ADD COLUMN "submitted_date" DATE;
