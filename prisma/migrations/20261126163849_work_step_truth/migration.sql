-- AlterTable
ALTER TABLE "WorkStep" ADD COLUMN "truth" TEXT;

