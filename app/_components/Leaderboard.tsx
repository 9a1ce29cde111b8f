import type { PublicSession } from "@/server/protocol/views";

/** The class's best by accuracy (correct answers over questions revealed), nicknames only; ties share a rank. */
export function Leaderboard({ rows, large = false, you }: { rows: NonNullable<PublicSession["leaderboard"]>; large?: boolean; you?: string }) {
  if (rows.length === 0) return null;
  let rank = 0;
  let previous: string | null = null;
  return (
    <section aria-label="Leaderboard" data-testid="leaderboard" className={large ? "text-[clamp(1rem,1.2vw,1.6rem)]" : "text-sm"}>
      <h2 className="font-bold">Leaderboard · accuracy</h2>
      <ol className="mt-1">
        {rows.map((r, i) => {
          const key = `${r.correct}/${r.asked}`;
          if (key !== previous) rank = i + 1;
          previous = key;
          return (
            <li key={r.nickname} className={`flex justify-between gap-3 border-t border-slate-200 py-0.5 ${r.nickname === you ? "font-bold" : ""}`}>
              <span>
                <span className="inline-block w-8 tabular-nums">{rank}.</span>
                {r.nickname}
              </span>
              <span className="tabular-nums">
                {r.correct} of {r.asked}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
