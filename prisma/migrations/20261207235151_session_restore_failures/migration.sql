-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "hostTokenHash" TEXT NOT NULL,
    "hostLinkHash" TEXT,
    "teacherId" TEXT,
    "classId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "summary" TEXT,
    "restoreAttempts" INTEGER NOT NULL DEFAULT 0,
    "failedAt" DATETIME,
    "failure" TEXT,
    CONSTRAINT "Session_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Session_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("classId", "code", "createdAt", "endedAt", "hostLinkHash", "hostTokenHash", "id", "lessonId", "summary", "teacherId") SELECT "classId", "code", "createdAt", "endedAt", "hostLinkHash", "hostTokenHash", "id", "lessonId", "summary", "teacherId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_code_key" ON "Session"("code");
CREATE INDEX "Session_classId_idx" ON "Session"("classId");
CREATE INDEX "Session_teacherId_idx" ON "Session"("teacherId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

