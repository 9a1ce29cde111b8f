-- AlterTable
ALTER TABLE "Session" ADD COLUMN "summary" TEXT;

