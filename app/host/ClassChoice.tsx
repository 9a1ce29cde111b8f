"use client";

import { useEffect, useId, useState } from "react";

const KEY = "descent:host-class";

/** Which of the teacher's classes the next session is hosted into (read by the host buttons). */
export function ClassChoice({ classes, initial }: { classes: { id: string; name: string }[]; initial: string | null }) {
  const id = useId();
  const [value, setValue] = useState(initial ?? "");
  useEffect(() => {
    sessionStorage.setItem(KEY, value);
  }, [value]);
  return (
    <div className="mt-4 flex flex-wrap items-center gap-2 rounded-xl bg-white p-3 ring-1 ring-slate-200">
      <label htmlFor={id} className="font-semibold">
        Host into class
      </label>
      <select id={id} value={value} onChange={(e) => setValue(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
        <option value="">No class</option>
        {classes.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The class chosen on this page, if any. */
export function chosenClass(): string | null {
  return typeof sessionStorage === "undefined" ? null : sessionStorage.getItem(KEY) || null;
}
