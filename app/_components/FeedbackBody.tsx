import { formatAnswer, formatValue } from "@/app/_lib/format";
import type { AnswerInput } from "@/server/protocol/events";
import type { Feedback } from "@/server/protocol/views";

/** How an answer came out, shown the same way live and self-paced. */
export const outcomeStyles = {
  correct: "bg-emerald-50 text-emerald-950 ring-emerald-300",
  misconception: "bg-amber-50 text-amber-950 ring-amber-300",
  unclassified: "bg-slate-100 text-slate-900 ring-slate-300",
  unanswered: "bg-slate-100 text-slate-900 ring-slate-300",
} as const;

export function FeedbackBody({ feedback, mine }: { feedback: Feedback; mine: AnswerInput | null }) {
  const many = feedback.misconceptions.length > 1;
  return (
    <>
      <p className="mt-1">
        The value is <strong className="font-mono">{formatValue(feedback.truth)}</strong>
        {mine && (
          <>
            ; you said <strong className="font-mono">{formatAnswer(mine)}</strong>
          </>
        )}
        .
      </p>
      {many && (
        // Several misconceptions predict this same value: one sentence says so, then each is explained.
        <p className="mt-2">
          Your answer is what {feedback.misconceptions.length} different mistakes give here:{" "}
          {feedback.misconceptions.map((m) => m.title).join("; ")}. Which one was yours?
        </p>
      )}
      {feedback.misconceptions.map((m) => (
        <div key={m.id} className="mt-3">
          <p className="font-semibold">{m.title}</p>
          <p>{m.studentExplanation}</p>
        </div>
      ))}
    </>
  );
}

export function outcomeTitle(outcome: Feedback["outcome"]): string {
  switch (outcome) {
    case "correct":
      return "✓ Correct!";
    case "misconception":
      return "Not quite — a known pattern";
    case "unclassified":
      return "Not quite — not a known pattern";
    case "unanswered":
      return "You did not answer this one";
  }
}

