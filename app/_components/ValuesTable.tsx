import type { Value } from "@descent/autograd";
import { formatValue } from "@/app/_lib/format";

/** The values after the last statement that has run; `withheld` names are shown as hidden until the reveal. */
export function ValuesTable({
  values,
  withheld = [],
  large = false,
  caption = "Values so far",
}: {
  values: Record<string, Value>;
  withheld?: string[];
  large?: boolean;
  caption?: string;
}) {
  const entries = Object.entries(values);
  if (entries.length === 0 && withheld.length === 0) return null;
  return (
    // Large (the projector): at least 24 px on a 1080p screen, readable from the back row.
    <table className={`w-full ${large ? "text-[clamp(1rem,1.25vw,1.75rem)]" : "text-sm"}`} data-testid="values">
      <caption className="mb-1 text-left font-semibold text-slate-700">{caption}</caption>
      <tbody>
        {entries.map(([name, v]) => (
          <tr key={name} className="border-t border-slate-200">
            <th scope="row" className="py-1 pr-3 text-left font-mono font-medium whitespace-nowrap">
              {name}
            </th>
            <td className="py-1 font-mono break-all">{formatValue(v)}</td>
          </tr>
        ))}
        {withheld.map((name) => (
          <tr key={name} className="border-t border-slate-200" data-withheld="">
            <th scope="row" className="py-1 pr-3 text-left font-mono font-medium whitespace-nowrap">
              {name}
            </th>
            <td className="py-1 text-slate-700 italic">hidden until the reveal</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
