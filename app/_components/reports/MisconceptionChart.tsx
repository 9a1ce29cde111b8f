"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

export type MisconceptionBar = { title: string; bugs: number; slips: number };

/** Students holding each misconception as a bug and as a slip (the table beside it says the same in words). */
export function MisconceptionChart({ bars }: { bars: MisconceptionBar[] }) {
  if (bars.length === 0) return null;
  return (
    <div aria-hidden className="w-full">
      <BarChart responsive accessibilityLayer={false} data={bars} layout="vertical" margin={{ left: 24, right: 16 }} style={{ width: "100%", height: 90 + bars.length * 44 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="title" width={260} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="bugs" name="bug (2+ questions)" stackId="s" fill="#b45309" isAnimationActive={false} />
          <Bar dataKey="slips" name="slip (once)" stackId="s" fill="#d97706" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
