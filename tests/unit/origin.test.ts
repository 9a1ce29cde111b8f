import { describe, expect, it } from "vitest";
import { originAllowed } from "../../server/origin.ts";

describe("socket handshake origin", () => {
  it("lets the app's own pages and non-browser clients connect, and no other site", () => {
    expect(originAllowed(undefined, "descent.school:3000", undefined)).toBe(true);
    expect(originAllowed("http://descent.school:3000", "descent.school:3000", undefined)).toBe(true);
    expect(originAllowed("https://evil.example", "descent.school:3000", undefined)).toBe(false);
    expect(originAllowed("not a url", "descent.school:3000", undefined)).toBe(false);
    // Behind a proxy the Host header may differ: PUBLIC_URL names the origin students use.
    expect(originAllowed("https://descent.example.edu", "127.0.0.1:3000", "https://descent.example.edu")).toBe(true);
  });
});
