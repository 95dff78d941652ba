-- AlterTable
ALTER TABLE "task_results" ADD COLUMN "processed_at" TIMESTAMPTZ(3);

-- Results recorded before this column existed were processed by the worker
-- that recorded them, as far as anything can tell now.
UPDATE "task_results" SET "processed_at" = "created_at";
