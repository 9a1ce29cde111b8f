import { describe, expect, it } from "vitest";
import { neutralise } from "../../server/reports/csv.ts";
import { newId } from "../../server/session/service.ts";

describe("ids", () => {
  it("are 16 URL-safe characters and never start with - or _, so a CSV export keeps them as they are", () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
      expect(neutralise(id)).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
