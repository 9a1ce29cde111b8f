/** A select of the teacher's classes, with "No class" first (value ""). */
export function ClassSelect({ id, classes, value, onChange }: { id: string; classes: { id: string; name: string }[]; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
      <option value="">No class</option>
      {classes.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}
