/**
 * Peer instruction's measure: where the students who voted twice went, from each answer of their first vote (pure;
 * the live reveal and the teacher's reports both use it).
 */
import type { Grade } from "@descent/autograd";
import type { HistogramBar, Shift } from "../protocol/views.ts";

export type Bar = Pick<HistogramBar, "key" | "label" | "outcome">;

/** The histogram's group of a grade: "correct", "unclassified", or the misconception ids joined with "+". */
export function groupKey(g: Grade): string {
  return g.outcome === "misconception" ? [...g.ids].sort().join("+") : g.outcome;
}

/**
 * `pairs`: each student's first and second grade (students who answered once are not counted). Rows follow the
 * first vote's groups, the correct first, then the largest.
 */
export function voteShift(pairs: Iterable<{ first: Grade; second: Grade }>, barOf: (g: Grade) => Bar): Shift {
  const rows = new Map<string, Shift["rows"][number]>();
  let n = 0;
  let firstCorrect = 0;
  let secondCorrect = 0;
  for (const { first, second } of pairs) {
    n++;
    if (first.outcome === "correct") firstCorrect++;
    if (second.outcome === "correct") secondCorrect++;
    const key = groupKey(first);
    let row = rows.get(key);
    if (!row) {
      const bar = barOf(first);
      rows.set(key, (row = { key, label: bar.label, outcome: bar.outcome, before: 0, toTruth: 0, stayed: 0 }));
    }
    row.before++;
    if (first.outcome !== "correct" && second.outcome === "correct") row.toTruth++;
    if (groupKey(second) === key) row.stayed++;
  }
  const order = { correct: 0, misconception: 1, unclassified: 2 } as const;
  return {
    pairs: n,
    firstCorrect,
    secondCorrect,
    rows: [...rows.values()].sort((a, b) => order[a.outcome] - order[b.outcome] || b.before - a.before || a.key.localeCompare(b.key)),
  };
}
