/** What a student may type for a number, on any phone keyboard, and what each bad entry is told. */
import { describe, expect, it } from "vitest";
import { readNumber, toggleSign } from "../../app/_lib/format.ts";

describe("reading a typed number", () => {
  it.each([
    ["-30.48", -30.48],
    ["−30.48", -30.48], // a typographic minus
    ["22,6", 22.6], // a decimal comma
    ["-0,5", -0.5],
    [" 1 000 ", 1000],
    ["1e-3", 0.001],
    ["1.5E+2", 150],
    [".25", 0.25],
    ["+4", 4],
    ["1e99", 1e99], // absurd, but a number: accepted as exactly that
  ])("%j is %d", (text, value) => {
    expect(readNumber(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "Type a number"],
    ["-", "digits after the sign"],
    ["1,000.5", "a point or a comma"],
    ["1,2,3", "at most one decimal comma"],
    ["1e", "scientific notation"],
    ["abc", "That is not a number"],
    ["1e999", "too large"],
  ])("%j is refused: %s", (text, message) => {
    const r = readNumber(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it("the ± key flips the sign of whatever is typed", () => {
    expect(toggleSign("40")).toBe("-40");
    expect(toggleSign("-40")).toBe("40");
    expect(toggleSign("+2,5")).toBe("-2,5");
    expect(toggleSign("")).toBe("-");
  });
});
