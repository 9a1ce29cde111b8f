"use client";

import { useEffect, useId, useState } from "react";
import { ClassSelect } from "@/app/_components/ClassSelect";

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
      <ClassSelect id={id} classes={classes} value={value} onChange={setValue} />
    </div>
  );
}

/** The class chosen on this page, if any. */
export function chosenClass(): string | null {
  return typeof sessionStorage === "undefined" ? null : sessionStorage.getItem(KEY) || null;
}
