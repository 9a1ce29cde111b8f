/**
 * Nicknames: offered by a generator, cleaned, length-limited, refused when they are blank-looking, stacked with
 * accent marks or obscene, and keyed so that two names a reader could confuse count as the same name.
 *
 * Pure JavaScript with no Node imports, so that the browser can run it too (the join page's suggestions).
 *
 * Obscenity is matched on whole words, not on substrings, so real names that merely contain a rude word
 * ("Dikshit", "Cockburn", "Wankhede", "Assunta") pass. Each word is folded first (case, Unicode look-alikes,
 * accents) and the blocklist's letters also accept leet digits and symbols ("sh1t", "a55hole", "c*nt"), repeats
 * ("fuuuck") and a few sound-alikes ("phuck", "fvck"). Words made of digits alone are never read as leet, so
 * "Student 455" stays a number. Letters typed apart ("f u c k", "f.u.c.k") are joined before matching. Words
 * that are also common names (Dick, Fanny, Willy, Semen, Titus, Butt...) are deliberately not on the list.
 */
import { confusables } from "unicode-confusables";
import { adjectives, animals, uniqueNamesGenerator } from "unique-names-generator";

import { NICKNAME_MAX, NICKNAME_MIN } from "./constants.ts";

export { NICKNAME_MAX, NICKNAME_MIN };

/** More stacked accent marks than this on one letter is "Zalgo" text. Real scripts need at most 2. */
const MAX_MARKS_PER_LETTER = 2;

const MESSAGE_LENGTH = `A nickname is ${NICKNAME_MIN} to ${NICKNAME_MAX} characters.`;
const MESSAGE_INVISIBLE = "Use letters and digits that show on screen.";
const MESSAGE_MARKS = "Too many accent marks on one letter.";
const MESSAGE_PROFANITY = "Please pick another nickname.";

export type NicknameCheck = { ok: true; nickname: string } | { ok: false; message: string };

/**
 * Characters that render blank or not at all, or that reorder or hide text: format and control characters,
 * private-use and unassigned code points, line/paragraph separators, every default-ignorable code point
 * (zero-width spaces and joiners, soft hyphen, variation selectors, Hangul fillers U+115F, U+1160, U+3164,
 * U+FFA0), the blank Braille pattern U+2800, and any space other than U+0020 that NFKC has not turned into one.
 */
const INVISIBLE =
  /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800\uFFFC]|(?! )\p{Zs}/u;

/** Three or more non-spacing marks on one base (spacing marks such as Devanagari vowel signs do not stack). */
const MARK_STACK = new RegExp(`(?:[\\p{Mn}\\p{Me}]\\p{Mc}*){${MAX_MARKS_PER_LETTER + 1}}`, "u");

/** Trims, folds runs of spaces, and refuses invisible characters, mark stacks, bad lengths and profanity. */
export function checkNickname(raw: string): NicknameCheck {
  // NFKC turns full-width letters and exotic spaces (no-break, ideographic...) into ordinary ones.
  const nickname = raw.normalize("NFKC").replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "").replace(/ {2,}/g, " ");
  if (INVISIBLE.test(nickname)) return { ok: false, message: MESSAGE_INVISIBLE };
  if (MARK_STACK.test(nickname)) return { ok: false, message: MESSAGE_MARKS };
  // Accent marks do not count as characters: "Nguyễn" is 6 whether typed composed or not.
  const length = [...nickname.replace(/\p{M}/gu, "")].length;
  if (length < NICKNAME_MIN || length > NICKNAME_MAX) return { ok: false, message: MESSAGE_LENGTH };
  if (isObscene(nickname)) return { ok: false, message: MESSAGE_PROFANITY };
  return { ok: true, nickname };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Uniqueness                                                                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

/** Digits that look like letters, folded in keys only (0 and 1 are already folded by TR39). Kept one-to-one. */
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = { "2": "z", "5": "s", "8": "b", "9": "g" };
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/**
 * The key under which a nickname must be unique in a session: a Unicode TR39 confusables skeleton that also
 * ignores case and the amount of spacing. "Ada Lovelace", "ada  lovelace", "Аda Lovelace" (Cyrillic А) and
 * "Ada L0velace" all have the same key; "Ana" and "Anna" do not. For comparison only: never shown.
 */
export function nicknameKey(nickname: string): string {
  const text = nickname
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(IGNORABLE, "")
    .replace(/\s+/g, " ")
    .trim();
  let skeleton = "";
  for (const { point, similarTo } of confusables(text)) skeleton += similarTo ?? point;
  return skeleton
    .normalize("NFD")
    .toLowerCase()
    .replace(/[2589]/g, (d) => DIGIT_LOOKALIKES[d] ?? d);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Obscenity                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

/**
 * Whole words refused (also with a plural "s"/"es"). Written plainly: look-alike spellings come from the
 * matcher. Not listed on purpose, because they are also names or parts of names: dick, willy, fanny, semen,
 * titus, butt(s), cum(mings), gay, dong, wang, hooker, kike (Spanish for Enrique), randi, lund, lauda, dyke,
 * coon, negro, anal (an Indian given name), nig (Ni G.), suka, cock (De Cock), kunt (Turkish), horny (Slovak
 * Horný), anus (Anuš).
 */
const BLOCKED_WORDS: readonly string[] = [
  // English: sex and the body
  "fuck", "fucker", "fucking", "fuckin", "fucked", "fuckoff", "fuckyou", "fuk", "fuker", "fuking", "fukker",
  "fukyou", "fck", "fcking", "fcuk", "fuq", "motherfuker", "mofo", "stfu", "gtfo", "wtf",
  "shit", "shite", "shitty", "shithead", "shitface", "shitbag", "shitter", "bullshit", "horseshit", "dipshit",
  "bitch", "bitchy", "bitchass", "biatch", "bytch", "sonofabitch",
  "cunt", "cunty", "cuntface", "twat", "prick", "wank", "wanker", "wanking",
  "ass", "arse", "asshole", "arsehole", "ashole", "asshat", "asswipe", "assface", "jackass", "dumbass", "fatass",
  "smartass", "butthole", "buttplug",
  "dickhead", "dickface", "dickwad", "dickhole", "bigdick", "cocksucker", "cocksucking",
  "penis", "vagina", "pussy", "pussies", "dildo", "jizz", "cum", "cumshot", "cumslut", "sperm",
  "tits", "titty", "titties", "boob", "boobs", "boobies", "clit", "clitoris", "scrotum", "testicles", "bollocks",
  "porn", "porno", "pornhub", "whore", "slut", "skank", "milf", "sex", "sexy", "nudes", "orgy", "orgasm",
  "blowjob", "handjob", "deepthroat", "fap", "rape", "rapist", "incest", "pedo", "pedophile", "paedo",
  "paedophile", "bastard", "piss", "douche", "douchebag", "cuck",
  // Slurs and hate
  "nigger", "nigga", "faggot", "fag", "retard", "retarded", "tranny", "trannie", "spic", "chink", "gook",
  "wetback", "raghead", "towelhead", "beaner", "hitler", "heilhitler", "siegheil",
  // Self-harm
  "kys", "killyourself", "killurself",
  // A few of the commonest in other languages
  "puta", "puto", "pendejo", "mierda", "cabron", "gilipollas", "merde", "putain", "salope", "connard", "encule",
  "scheisse", "scheiße", "arschloch", "fotze", "wichser", "hurensohn", "cazzo", "stronzo", "vaffanculo",
  "kurwa", "pizda", "jebac", "cyka", "blyat", "хуй", "пизда", "блядь", "бля", "сука", "chutiya", "madarchod",
  "behenchod", "bhenchod", "bhosdike", "gandu",
];

/** Real names that a blocked word's stretched spelling would otherwise catch ("Fagg" as "faaag"). */
const ALLOWED_WORDS: ReadonlySet<string> = new Set(["fagg"]);

/** Roots refused anywhere inside a word ("motherfucker", "fuckface"): no real name contains them. */
const BLOCKED_ROOTS: readonly string[] = ["fuck", "nigger", "nigga", "faggot", "cocksuck"];

/** What each blocklist letter also matches: leet digits and symbols, and (phonetic only) sound-alikes. */
const LEET: Readonly<Record<string, string>> = {
  a: "a4@", b: "b8", e: "e3", g: "g9", i: "i1!|", l: "l1|", o: "o0", s: "s5$", t: "t7+",
};

function escapeForClass(chars: string): string {
  return chars.replace(/[\\\]\[^-]/g, "\\$&");
}

/**
 * A word as a regular expression: each letter also matches its leet forms (and "*" after the first letter),
 * a run of n equal letters matches n or more. `phonetic` adds "ph" for "f" and "v" for "u".
 */
function wordPattern(word: string, phonetic: boolean): string {
  const chars = [...word];
  let out = "";
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i] ?? "";
    let n = 1;
    while (chars[i + n] === ch) n++;
    const alternatives = (LEET[ch] ?? ch) + (phonetic && ch === "u" ? "v" : "") + (i === 0 ? "" : "*");
    const unit = `[${escapeForClass(alternatives)}]`;
    out += (phonetic && ch === "f" ? `(?:${unit}|ph)` : unit) + (n === 1 ? "+" : `{${n},}`);
    i += n;
  }
  return out;
}

/** Letters that TR39 leaves as small capitals and the like, and the euro sign, read as plain letters. */
const EXTRA_FOLDS: Readonly<Record<string, string>> = {
  "€": "e", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j",
  "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v",
  "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
};
const EXTRA_FOLD_CHARS = new RegExp(`[${escapeForClass(Object.keys(EXTRA_FOLDS).join(""))}]`, "gu");

/** Lower case, non-ASCII look-alikes folded to their TR39 prototypes, accents removed: for matching only. */
function foldForMatching(text: string): string {
  let folded = "";
  for (const { point, similarTo } of confusables(text.toLowerCase().normalize("NFD"))) {
    // ASCII stays itself: TR39 would read "1" as "l" and "0" as "O", which leet handles with more care.
    folded += point.charCodeAt(0) < 0x80 ? point : (EXTRA_FOLDS[point] ?? similarTo ?? point);
  }
  return folded
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(EXTRA_FOLD_CHARS, (c) => EXTRA_FOLDS[c] ?? c);
}

function buildWholeWord(phonetic: boolean, minLength: number): RegExp {
  const words = BLOCKED_WORDS.map(foldForMatching)
    .filter((w) => [...w].length >= minLength)
    .map((w) => wordPattern(w, phonetic));
  return new RegExp(`^(?:${words.join("|")})(?:[e3]?[s5$])?$`, "u");
}

/** Whole words, with sound-alikes: for single words and letters typed apart. */
const WHOLE_WORD = buildWholeWord(true, 1);
/**
 * For the whole name run together: no sound-alikes, and only words of 4 letters or more, so that a name and
 * an initial do not read as a short rude word ("Phúc K" is not "phuck", "Cù M" is not "cum", "Ni G", "Ky S").
 */
const WHOLE_WORD_STRICT = buildWholeWord(false, 4);
const ROOT = new RegExp(BLOCKED_ROOTS.map((r) => wordPattern(r, true)).join("|"), "u");

/** Word characters: letters, digits, and the symbols that stand for letters. Anything else separates words. */
const SEPARATORS = /[^\p{L}\p{N}@$!*+|]+/u;
const LETTER = /\p{L}/u;

function isObscene(nickname: string): boolean {
  const forms = [nickname];
  // "BigDick", "ShitFace": also read camel-case words apart.
  if (/\p{Ll}\p{Lu}/u.test(nickname)) forms.push(nickname.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"));
  for (const form of forms) {
    const words = foldForMatching(form).split(SEPARATORS).filter((w) => w !== "");
    let run = "";
    for (const word of [...words, ""]) {
      if ([...word].length === 1) {
        run += word;
        continue;
      }
      // Letters typed apart: "f u c k", "f.u.c.k", "s h 1 t".
      if ([...run].length > 1 && LETTER.test(run) && (WHOLE_WORD.test(run) || ROOT.test(run))) return true;
      run = "";
      // Leet applies only to words with a letter in them: "455" alone is a number, not "ass".
      if (!LETTER.test(word) || ALLOWED_WORDS.has(word)) continue;
      if (WHOLE_WORD.test(word) || ROOT.test(word)) return true;
      // "shit!", "ass2": also without symbols and digits at either end.
      const trimmed = word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      if (trimmed !== word && WHOLE_WORD.test(trimmed)) return true;
    }
    // The whole name run together ("fu ck", "Cock Sucker"), leaving out numbers of two or more digits.
    const joined = words.filter((w) => LETTER.test(w) || [...w].length === 1).join("");
    if (LETTER.test(joined) && WHOLE_WORD_STRICT.test(joined)) return true;
  }
  return false;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Suggestions                                                                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

/** Adjectives of the generator's list that are not friendly or neutral about a classmate. */
const UNSUITABLE_ADJECTIVES = new Set([
  "accused", "bloody", "capitalist", "christian", "communist", "condemned", "conservative", "criminal", "dead",
  "depressed", "dirty", "disabled", "drunk", "dying", "ethnic", "evil", "fat", "female", "filthy", "foolish",
  "gay", "grieving", "guilty", "handicapped", "homeless", "hon", "hurt", "ill", "illegal", "inc", "injured",
  "liberal", "ltd", "male", "married", "marxist", "mental", "naked", "obnoxious", "orthodox", "poor", "pregnant",
  "protestant", "psychiatric", "racial", "religious", "repulsive", "retired", "scrawny", "sexual", "sick",
  "skinny", "socialist", "soviet", "stupid", "tory", "toxic", "ugliest", "ugly", "unemployed", "unsightly",
  "useless", "violent", "xenophobic",
]);
const FRIENDLY_ADJECTIVES = adjectives.filter((a) => !UNSUITABLE_ADJECTIVES.has(a));

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A friendly random nickname such as "Curious Otter"; always one that checkNickname accepts. */
export function suggestNickname(seed?: number): string {
  for (;;) {
    const name = uniqueNamesGenerator({
      dictionaries: [FRIENDLY_ADJECTIVES, animals],
      separator: " ",
      length: 2,
      style: "capital",
      ...(seed === undefined ? {} : { seed: seed++ }),
    })
      .split(" ")
      .map(capitalize)
      .join(" ");
    if (checkNickname(name).ok) return name;
  }
}
