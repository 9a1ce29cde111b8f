-- AlterTable
ALTER TABLE "Session" ADD COLUMN "hostLinkHash" TEXT;

-- CreateTable
CREATE TABLE "SessionHost" (
    "sessionId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sessionId", "keyHash"),
    CONSTRAINT "SessionHost_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

