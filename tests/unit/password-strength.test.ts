import { describe, expect, it } from "vitest";
import { passwordProblem } from "../../server/password-strength.ts";

const ADA = ["ada.lovelace@school.edu", "Ada Lovelace"];

describe("passwordProblem", () => {
  it("refuses a heavily used password, saying why and what to do", () => {
    const problem = passwordProblem("password", []);
    expect(problem).toMatch(/^This password is too easy to guess\./);
    expect(problem).toContain("This is a heavily used password.");
    expect(problem).toContain("Add more words that are less common.");
  });

  it("refuses two common words run together, with a suggestion", () => {
    const problem = passwordProblem("correcthorse", []);
    expect(problem).toMatch(/^This password is too easy to guess\. \S/);
    expect(problem).toContain("Add more words that are less common.");
  });

  it("refuses common passwords dressed up with capitals, digits and symbols", () => {
    for (const password of ["Password123!", "p@ssw0rd2024", "qwertyuiop", "iloveyou12345"]) {
      expect(passwordProblem(password, []), password).toMatch(/too easy to guess/);
    }
  });

  it("accepts a long passphrase of unrelated words, and a long random string", () => {
    expect(passwordProblem("violet cactus umpire gravel lantern", ADA)).toBeNull();
    expect(passwordProblem("Tq7#vR2!mK9@xW4zL", ADA)).toBeNull();
  });

  it("refuses the user's own email address as the password, or a password made around it or the name", () => {
    const ownData = /must not contain your email address or name/;
    expect(passwordProblem("ada.lovelace@school.edu", ADA)).toMatch(ownData);
    expect(passwordProblem("ADA.LOVELACE@SCHOOL.EDU", ADA)).toMatch(ownData);
    expect(passwordProblem("lovelace violet cactus umpire", ADA)).toMatch(ownData);
    expect(passwordProblem("violet adalovelace cactus", ADA)).toMatch(ownData);
    // The same password is fine for someone else.
    expect(passwordProblem("lovelace violet cactus umpire", ["bo@school.edu", "Bo"])).toBeNull();
  });

  it("does not refuse a word that only contains a short name", () => {
    // "ada" is in "canada", but a three-letter name is not refused as a substring.
    expect(passwordProblem("canada geese fly south slowly", ["ada@school.edu", "Ada"])).toBeNull();
  });

  it("refuses the longest password allowed that is a common one in l33t, repeated", () => {
    expect(passwordProblem("p@$$w0rd".repeat(25), ADA)).toMatch(/too easy to guess/);
  });
});
