/**
 * Each asking of a question has its own id: the question's id for the first round, "<id>#<round>" for revotes.
 * Shared with the browser, which counts a misconception once per question however many rounds showed it.
 */
export function askIdOf(questionId: string, round: number): string {
  return round === 1 ? questionId : `${questionId}#${round}`;
}

/** The question an asking is of (its id without the round). */
export function questionIdOf(askId: string): string {
  return askId.replace(/#\d+$/, "");
}
