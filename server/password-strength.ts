/**
 * Whether a new teacher's password is too easy to guess: zxcvbn (@zxcvbn-ts, with its common-password list and
 * English words, names and surnames) must rate it 3 of 4 or better, and it must not contain the teacher's email
 * address or name. No Node APIs: the sign-up form imports this module lazily and shows the same verdict, with the
 * same words, before the server gives it.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";

/** zxcvbn's score (0–4) a password needs: 3 is "safely unguessable", about 10^8 guesses or more. */
export const MIN_SCORE = 3;

/**
 * zxcvbn rates at most this many leading characters. Its cost grows with the length (a 200-character run of l33t
 * look-alikes takes a second) and it runs on the event loop that serves the classes; a password whose first 64
 * characters are strong is strong, so only a very long password that is weak throughout its start is refused for it.
 */
const RATED_LENGTH = 64;
/** How many l33t substitutions (`@` for `a`, `0` for `o`) zxcvbn tries at most: the other half of its cost. */
const L33T_SUBSTITUTIONS = 10;
/** A part of the email or name this long or longer must not appear in the password (shorter ones only count against it). */
const OWN_PART_MIN = 4;

const OWN_DATA = "Your password must not contain your email address or name.";
const MORE_WORDS = "Add another word or two that are less common.";

let factory: ZxcvbnFactory | null = null;

/** The dictionaries are ranked once, on first use, and kept. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    maxLength: RATED_LENGTH,
    l33tMaxSubstitutions: L33T_SUBSTITUTIONS,
  });
  return factory;
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase().trim();

/**
 * The parts of the user's inputs a password should not be made of: each whole input, an email's part before the @
 * and its pieces (`ada.lovelace` → `ada`, `lovelace`), a name's words and the name without its spaces. `refused`
 * are those that must not appear in the password at all; `all` also has the shorter parts and the email's domain,
 * which zxcvbn counts as guessable.
 */
function ownParts(userInputs: readonly string[]): { refused: string[]; all: string[] } {
  const refused = new Set<string>();
  const all = new Set<string>();
  for (const input of userInputs.map(fold).filter(Boolean)) {
    const at = input.lastIndexOf("@");
    const personal = at > 0 ? input.slice(0, at) : input;
    const mine = [input, personal, personal.replace(/[\s._+-]+/g, ""), ...personal.split(/[\s._+-]+/)];
    for (const part of mine) if (part) (part.length >= OWN_PART_MIN ? refused : all).add(part);
    if (at > 0) for (const part of input.slice(at + 1).split(".")) if (part) all.add(part);
  }
  for (const part of refused) all.add(part);
  return { refused: [...refused], all: [...all] };
}

/**
 * Why `password` is too easy to guess, said for the person choosing it (zxcvbn's warning and suggestions), or null
 * when it is strong enough. `userInputs` are what the account says about its owner: the email address and the name.
 */
export function passwordProblem(password: string, userInputs: string[]): string | null {
  const own = ownParts(userInputs);
  const folded = fold(password);
  if (own.refused.some((part) => folded.includes(part))) return `${OWN_DATA} ${MORE_WORDS}`;
  const { score, feedback } = zxcvbn().check(password, own.all);
  if (score >= MIN_SCORE) return null;
  const reasons = [feedback.warning, ...feedback.suggestions].filter((s): s is string => !!s);
  return ["This password is too easy to guess.", ...(reasons.length ? reasons : [MORE_WORDS])].join(" ");
}
