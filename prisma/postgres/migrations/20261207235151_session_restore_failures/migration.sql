-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "failedAt" TIMESTAMP(3),
ADD COLUMN     "failure" TEXT,
ADD COLUMN     "restoreAttempts" INTEGER NOT NULL DEFAULT 0;

