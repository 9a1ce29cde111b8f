import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const prismaDir = path.resolve(import.meta.dirname, "..", "..", "prisma");

describe("migrations", () => {
  it("the committed migrations match prisma/schema.prisma (run `npm run db:migration -- <name>` after editing it)", () => {
    const schema = fs.readFileSync(path.join(prismaDir, "schema.prisma"), "utf8");
    const snapshot = fs.readFileSync(path.join(prismaDir, "migrations", "last-migrated.prisma.snapshot"), "utf8");
    expect(snapshot).toBe(schema);
  });
});
