/** Nicknames: offered by a generator, cleaned, length-limited and profanity-filtered. */
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { adjectives, animals, uniqueNamesGenerator } from "unique-names-generator";

export const NICKNAME_MIN = 2;
export const NICKNAME_MAX = 24;

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

export type NicknameCheck = { ok: true; nickname: string } | { ok: false; message: string };

/** Trims, folds runs of spaces, and rejects control characters, bad lengths and profanity. */
export function checkNickname(raw: string): NicknameCheck {
  const nickname = raw.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u.test(nickname)) return { ok: false, message: "Use letters, digits, spaces and punctuation only." };
  const length = [...nickname].length;
  if (length < NICKNAME_MIN || length > NICKNAME_MAX) {
    return { ok: false, message: `A nickname is ${NICKNAME_MIN} to ${NICKNAME_MAX} characters.` };
  }
  if (matcher.hasMatch(nickname)) return { ok: false, message: "Please pick another nickname." };
  return { ok: true, nickname };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A friendly random nickname such as "Curious Otter". */
export function suggestNickname(seed?: number): string {
  for (;;) {
    const name = uniqueNamesGenerator({
      dictionaries: [adjectives, animals],
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
