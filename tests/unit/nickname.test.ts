import { names as generatorFirstNames } from "unique-names-generator";
import { describe, expect, it } from "vitest";
import { checkNickname, NICKNAME_MAX, NICKNAME_MIN, nicknameKey, suggestNickname } from "../../server/protocol/nickname.ts";
import { REAL_NAMES } from "./fixtures/real-names.ts";

const PROFANITY = "Please pick another nickname.";
const INVISIBLE = "Use letters and digits that show on screen.";
const MARKS = "Too many accent marks on one letter.";
const LENGTH = `A nickname is ${NICKNAME_MIN} to ${NICKNAME_MAX} characters.`;

/** The message a name is refused with, or "accepted". */
function verdict(name: string): string {
  const result = checkNickname(name);
  return result.ok ? "accepted" : result.message;
}

/** The names (with what happened to them) whose verdict is not `expected`: all at once, not just the first. */
function notGiven(names: readonly string[], expected: string): string[] {
  return names.filter((n) => verdict(n) !== expected).map((n) => `${JSON.stringify(n)}: ${verdict(n)}`);
}

describe("checkNickname: real names", () => {
  it("has a fixture of at least 220 names, including those the previous filter refused", () => {
    expect(REAL_NAMES.length).toBeGreaterThanOrEqual(220);
    expect(new Set(REAL_NAMES).size).toBe(REAL_NAMES.length);
    const mustInclude = [
      "Analía", "Dick Smith", "Cummings", "Cummins", "Dikshit", "Shitanshu", "Semen", "Wankhede", "Hardick",
      "Bích Ngọc", "Student 455", "Student 717", "Assunta", "Cockburn", "Hitchcock", "Dickens", "Butts", "Fanny",
      "Titus", "Kuntz", "Fuchs", "Sexton", "Bassam", "Anastasia", "Cassandra", "Essex", "Lipshitz", "Weiner",
      "Wang", "Phuc", "Phuoc", "Dong", "Gaylord", "Cumberbatch", "Hoare", "Kock",
    ];
    expect(mustInclude.filter((n) => !REAL_NAMES.includes(n))).toEqual([]);
  });

  it("accepts every real name of the fixture", () => {
    expect(notGiven(REAL_NAMES, "accepted")).toEqual([]);
  });

  it("accepts the 4,940 first names of unique-names-generator's list", () => {
    expect(generatorFirstNames.length).toBeGreaterThan(4000);
    expect(notGiven(generatorFirstNames, "accepted")).toEqual([]);
  });

  it("accepts accented and combining-mark scripts, composed or not", () => {
    const names = [
      "Nguyễn Thị Ngọc Ánh",
      "Nguye\u0302\u0303n Thi\u0323 Ngo\u0323c A\u0301nh", // the same typed decomposed
      "श्रीनिवास",
      "مُحَمَّد",
      "a\u0301\u0302bc", // two marks on one letter is the most real scripts need
    ];
    expect(notGiven(names, "accepted")).toEqual([]);
  });

  it("returns the name trimmed with runs of spaces folded, keeping the letters the user typed", () => {
    expect(checkNickname("  Ada    Lovelace  ")).toEqual({ ok: true, nickname: "Ada Lovelace" });
    expect(checkNickname("\u0410da Lovelace")).toEqual({ ok: true, nickname: "\u0410da Lovelace" });
    expect(checkNickname("Ada L0velace")).toEqual({ ok: true, nickname: "Ada L0velace" });
    expect(checkNickname("山田\u3000太郎")).toEqual({ ok: true, nickname: "山田 太郎" });
    expect(checkNickname("Ada\u00A0Lovelace")).toEqual({ ok: true, nickname: "Ada Lovelace" });
    expect(checkNickname("Nguye\u0302\u0303n")).toEqual({ ok: true, nickname: "Nguyễn" });
  });
});

describe("checkNickname: obscenity", () => {
  const obscene = [
    "fuck", "f u c k", "f.u.c.k", "f-u-c-k", "f_u_c_k", "fuk", "phuck", "fvck", "fuuuuck", "FUCK", "Fück", "f***",
    "fu ck", "fuck you", "Fuck123", "motherfucker", "Mother Fucker", "MotherFucker",
    "sh1t", "shit", "sh!t", "$hit", "shit!", "s h 1 t", "ShitFace", "bullshit",
    "b1tch", "bitch", "b!tch", "cunt", "c*nt", "asshole", "a55hole", "a**hole", "ass", "dickhead", "Dick Head",
    "BigDick", "nigger", "n1gger", "nigga", "faggot", "retard", "chink", "kys", "KYS", "Kill Yourself", "porn",
    "whore", "slut", "cock sucker", "cocksucker", "penis", "vagina", "pussy", "wanker", "twat",
    // look-alike letters from other scripts: Cyrillic ѕ, һ, і, т
    "\u0455\u04BB\u0456\u0442",
  ];

  it("refuses common obscene words, spaced out, in leet and with sound-alike spellings", () => {
    expect(notGiven(obscene, PROFANITY)).toEqual([]);
  });

  it("does not say which word matched", () => {
    for (const name of obscene) {
      const result = checkNickname(name);
      expect(result.ok ? "" : result.message).toBe(PROFANITY);
    }
  });

  it("does not read a name and an initial run together as a rude word", () => {
    expect(notGiven(["Phúc K", "Phuc K.", "Ni G", "Ana L", "Cù M", "Ky S", "Fa G", "Se X"], "accepted")).toEqual([]);
  });

  it("reads a number as a number, not as leet", () => {
    expect(notGiven(["Student 455", "Student 717", "Team 5318008", "80085 Fan"], "accepted")).toEqual([]);
  });
});

describe("checkNickname: blank-looking and abusive Unicode", () => {
  it("refuses names with characters that show nothing", () => {
    const names = [
      "\u3164\u3164", // HANGUL FILLER
      "\u115F\u115Fab",
      "\u1160ab",
      "\uFFA0ab",
      "\u2800\u2800", // BRAILLE PATTERN BLANK
      "a\u200Bb", // ZERO WIDTH SPACE
      "a\u200Cb",
      "a\u200Db",
      "a\u2060b", // WORD JOINER
      "ab\uFEFF",
      "Ana\u00ADBel", // SOFT HYPHEN
      "\u202Eevil", // RIGHT-TO-LEFT OVERRIDE
      "ab\u0007",
      "a\tb",
      "ab\u2028cd",
      "\uE000ab", // private use
      "ab\u0378", // unassigned
      "ab\u{E0041}", // TAG LATIN CAPITAL LETTER A
      "ab\u034F", // COMBINING GRAPHEME JOINER
      "ab\u1680cd", // OGHAM SPACE MARK
    ];
    expect(notGiven(names, INVISIBLE)).toEqual([]);
  });

  it("refuses names with too few or too many characters", () => {
    const names = ["", " ", "a", " a ", "\u3000\u3000", "\u2003b\u2003", "é", "x".repeat(NICKNAME_MAX + 1)];
    expect(notGiven(names, LENGTH)).toEqual([]);
    expect(verdict("x".repeat(NICKNAME_MAX))).toBe("accepted");
    expect(verdict("ab")).toBe("accepted");
  });

  it("refuses Zalgo text: more than two marks stacked on one letter", () => {
    const zalgo = String.fromCodePoint(
      0x5a, 0x337, 0x322, 0x31b, // Z with 3 marks
      0x61, 0x336, 0x349, 0x35d,
      0x6c, 0x334,
      0x67, 0x335,
      0x6f, 0x338,
    );
    expect(verdict(zalgo)).toBe(MARKS);
    // Judged after NFC: "a" + U+0301 composes to "á", so only what is left over stacks.
    expect(verdict("Ana\u0335\u0336\u0337")).toBe(MARKS);
    expect(verdict("Ana\u0301\u0335\u0336\u0337")).toBe(MARKS);
    expect(verdict("Ana\u0301\u0335\u0336")).toBe("accepted");
    expect(verdict("Ana\u0335\u0336")).toBe("accepted");
  });
});

describe("nicknameKey", () => {
  it("gives names a reader could confuse the same key", () => {
    const groups = [
      ["Ada Lovelace", "\u0410da Lovelace", "Ada L0velace", "ada  lovelace", " ADA LOVELACE ", "Ada\u00A0Lovelace", "Ａｄａ Lovelace"],
      ["Sam 5", "Sam S", "sam s"],
      ["Kim", "Kirn"],
      ["Paul", "Pau1", "Paul\u200B"],
      ["Ορφέας", "ορφέας"],
    ];
    for (const group of groups) {
      const keys = group.map(nicknameKey);
      expect(new Set(keys).size, `${group.join(" / ")} -> ${keys.join(" / ")}`).toBe(1);
    }
  });

  it("keeps distinct names distinct", () => {
    const pairs: [string, string][] = [
      ["Ana", "Anna"], ["Li", "Lu"], ["Kim", "Kin"], ["Ada Lovelace", "AdaLovelace"], ["Student 455", "Student 717"],
      ["Team 68", "Team 86"], ["Jan", "Jon"], ["Lea", "Leo"], ["Wang Wei", "Wang Wen"],
    ];
    const same = pairs.filter(([a, b]) => nicknameKey(a) === nicknameKey(b));
    expect(same).toEqual([]);
  });

  it("gives every real name of the fixture its own key", () => {
    const byKey = new Map<string, string>();
    const clashes: string[] = [];
    for (const name of REAL_NAMES) {
      const other = byKey.get(nicknameKey(name));
      if (other !== undefined) clashes.push(`${name} / ${other}`);
      byKey.set(nicknameKey(name), name);
    }
    expect(clashes).toEqual([]);
  });
});

describe("suggestNickname", () => {
  it("suggests names that checkNickname accepts, for 2,000 seeds", () => {
    const refused: string[] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const name = suggestNickname(seed);
      const result = checkNickname(name);
      if (!result.ok || result.nickname !== name) refused.push(`${seed}: ${name}`);
    }
    expect(refused).toEqual([]);
  });

  it("is deterministic for a seed", () => {
    expect(suggestNickname(42)).toBe(suggestNickname(42));
    expect(suggestNickname(42)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });
});
