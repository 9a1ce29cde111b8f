import type { QuestionResult } from "@/server/protocol/views";
import { Histogram } from "./Histogram";

/**
 * A peer instruction round revealed: the first vote's histogram beside the revote's, and where the students who
 * voted twice went (how many moved from each wrong answer to the truth).
 */
export function PeerResult({ result, large = false }: { result: QuestionResult; large?: boolean }) {
  const { first, shift } = result;
  if (!first || !shift) return null;
  return (
    <div className="flex flex-col gap-3" data-testid="peer-result">
      <div className="grid grid-cols-2 gap-4">
        <section aria-label="First vote" data-testid="first-vote">
          <h3 className="font-semibold">First vote</h3>
          <Histogram bars={first.histogram} total={first.answered} large={large} />
        </section>
        <section aria-label="After discussion" data-testid="second-vote">
          <h3 className="font-semibold">After discussion</h3>
          <Histogram bars={result.histogram} total={result.answered} large={large} />
        </section>
      </div>
      <div data-testid="shift">
        <p className="font-semibold">
          Correct: {shift.firstCorrect} → {shift.secondCorrect} of the {shift.pairs} who voted twice
        </p>
        <table className="mt-1 w-full text-left tabular-nums">
          <caption className="sr-only">Where each first answer went</caption>
          <thead>
            <tr>
              <th scope="col">First answer</th>
              <th scope="col" className="text-right">
                Gave it
              </th>
              <th scope="col" className="text-right">
                Moved to the truth
              </th>
              <th scope="col" className="text-right">
                Kept it
              </th>
            </tr>
          </thead>
          <tbody>
            {shift.rows.map((r) => (
              <tr key={r.key} data-shift={r.key} className="border-t border-slate-200">
                <th scope="row" className="py-0.5 pr-2 font-medium">
                  {r.label}
                </th>
                <td className="text-right">{r.before}</td>
                <td className="text-right" data-moved>
                  {r.outcome === "correct" ? "—" : r.toTruth}
                </td>
                <td className="text-right">{r.stayed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
