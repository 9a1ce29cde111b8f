"use client";

import { useActionState, useId } from "react";
import { createClass, type ActionState } from "@/server/teacher-actions";

export function NewClassForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createClass, { error: null });
  const ids = { name: useId(), identify: useId() };
  return (
    <form action={action} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="flex flex-1 flex-col gap-1">
        <label htmlFor={ids.name} className="text-sm font-semibold">
          Class name
        </label>
        <input id={ids.name} name="name" required maxLength={120} placeholder="CS 4780, Fall 2026" className="rounded-xl border-2 border-slate-300 px-3 py-2" />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.identify} className="text-sm font-semibold">
          Students join with
        </label>
        <select id={ids.identify} name="identify" className="rounded-xl border-2 border-slate-300 px-3 py-2" defaultValue="nickname">
          <option value="nickname">a nickname only (pseudonymous)</option>
          <option value="name">their name or student ID (followed across sessions)</option>
        </select>
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        Create class
      </button>
      {state.error && (
        <p role="alert" className="text-red-800">
          {state.error}
        </p>
      )}
    </form>
  );
}
