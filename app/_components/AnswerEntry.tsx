"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { formatAnswer, readNumber, toggleSign } from "@/app/_lib/format";
import { CONFIDENCE_LEVELS, type Confidence } from "@/server/protocol/constants";
import type { AnswerInput } from "@/server/protocol/events";

type Kind = AnswerInput["kind"];

/**
 * Entering a prediction, as the live view and the self-paced view take it: the kind (a number, a vector or matrix,
 * None, "raises an error"), the value (with a ± key and decimal commas), and an optional confidence. `onSubmit`
 * returns an error message to show, or null.
 */
export function AnswerEntry({
  accepts,
  shape,
  initial,
  disabled,
  submitLabel,
  onSubmit,
  children,
}: {
  accepts: readonly string[];
  /** The quantity's shape: [n] for a vector, [rows, cols] for a matrix; null for a scalar. */
  shape: readonly number[] | null;
  initial: { answer: AnswerInput; confidence: Confidence | null } | null;
  disabled: boolean;
  submitLabel: string;
  onSubmit: (answer: AnswerInput, confidence: Confidence | null) => Promise<string | null>;
  children?: ReactNode;
}) {
  const mine = initial;
  const numeric: Kind = accepts.includes("vector") ? "vector" : "number";
  const grid = shape && shape.length === 2 ? { rows: shape[0]!, cols: shape[1]! } : { rows: 1, cols: shape?.[0] ?? 1 };
  const cells = grid.rows * grid.cols;
  const [kind, setKind] = useState<Kind>(mine?.answer.kind ?? numeric);
  const [text, setText] = useState(mine?.answer.kind === "number" ? formatAnswer(mine.answer) : "");
  const [cellsText, setCellsText] = useState<string[]>(() =>
    mine?.answer.kind === "vector" ? mine.answer.value.map(String) : new Array<string>(cells).fill(""),
  );
  const [confidence, setConfidence] = useState<Confidence | null>(mine?.confidence ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const numberRef = useRef<HTMLInputElement | null>(null);
  const open = !disabled;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    let answer: AnswerInput;
    if (kind === "number") {
      const r = readNumber(text);
      if (!r.ok) return setError(r.message);
      answer = { kind, value: r.value };
    } else if (kind === "vector") {
      const values: number[] = [];
      for (let i = 0; i < cells; i++) {
        const r = readNumber(cellsText[i] ?? "");
        const where = grid.rows > 1 ? `row ${Math.floor(i / grid.cols) + 1}, column ${(i % grid.cols) + 1}` : `box ${i + 1}`;
        if (!r.ok) return setError(`${where}: ${r.message}`);
        values.push(r.value);
      }
      answer = { kind, value: values };
    } else answer = { kind };
    setBusy(true);
    setError(null);
    const problem = await onSubmit(answer, confidence);
    setBusy(false);
    setError(problem);
  }

  const kinds: { kind: Kind; label: string }[] = [
    ...(accepts.includes("number") ? [{ kind: "number" as const, label: "A number" }] : []),
    ...(accepts.includes("vector") ? [{ kind: "vector" as const, label: grid.rows > 1 ? `A ${grid.rows}×${grid.cols} matrix` : `${cells} numbers` }] : []),
    ...(accepts.includes("none") ? [{ kind: "none" as const, label: "None" }] : []),
    ...(accepts.includes("error") ? [{ kind: "error" as const, label: "Raises an error" }] : []),
  ];

  return (
      <form onSubmit={submit} className="mt-3 flex flex-col gap-3" noValidate>
        <fieldset disabled={!open || busy} className="flex min-w-0 flex-col gap-3">
          <legend className="sr-only">Your prediction</legend>
          <div role="radiogroup" aria-label="Kind of answer" className="flex flex-wrap gap-2">
            {kinds.map((k) => (
              <label
                key={k.kind}
                className={`cursor-pointer rounded-full border-2 px-3 py-1 text-sm font-semibold has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-descent-600 ${kind === k.kind ? "border-descent-700 bg-descent-50" : "border-slate-300"}`}
              >
                <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} className="sr-only" />
                {k.label}
              </label>
            ))}
          </div>
          {kind === "number" && (
            <div className="flex flex-col gap-1">
              <label htmlFor={inputId} className="text-sm font-semibold">
                Your prediction
              </label>
              <div className="flex gap-2">
                <button
                  type="button"
                  className="btn-secondary min-w-12 font-mono text-xl"
                  aria-label="Change the sign (plus or minus)"
                  onClick={() => {
                    setText((t) => toggleSign(t));
                    numberRef.current?.focus();
                  }}
                >
                  ±
                </button>
                <input
                  id={inputId}
                  ref={numberRef}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  // "decimal" opens a number pad; the ± key gives the minus sign iOS's pad lacks.
                  inputMode="decimal"
                  autoComplete="off"
                  aria-describedby={error ? errorId : undefined}
                  aria-invalid={error !== null}
                  className="min-w-0 flex-1 rounded-xl border-2 border-slate-300 px-3 py-2 font-mono text-lg focus:border-descent-600 focus:outline-none"
                />
              </div>
              <p className="text-xs text-slate-600">A decimal point or comma both work; 1.5e-3 for scientific notation.</p>
            </div>
          )}
          {kind === "vector" && (
            <TensorGrid rows={grid.rows} cols={grid.cols} values={cellsText} onChange={setCellsText} describedBy={error ? errorId : undefined} />
          )}
          <div role="radiogroup" aria-label="How sure are you? (optional)" className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">How sure?</span>
            {CONFIDENCE_LEVELS.map((c) => (
              <label
                key={c}
                className={`cursor-pointer rounded-full border-2 px-3 py-1 has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-descent-600 ${confidence === c ? "border-descent-700 bg-descent-50" : "border-slate-300"}`}
              >
                {/* Clicking the chosen level again clears it: confidence is optional. */}
                <input
                  type="radio"
                  name="confidence"
                  value={c}
                  checked={confidence === c}
                  onChange={() => setConfidence(c)}
                  onClick={() => {
                    if (confidence === c) setConfidence(null);
                  }}
                  className="sr-only"
                />
                {c}
              </label>
            ))}
          </div>
          <button type="submit" className="btn-primary py-3 text-lg">
            {submitLabel}
          </button>
        </fieldset>
        {error && (
          <p id={errorId} role="alert" className="text-red-700">
            {error}
          </p>
        )}
        {children}
      </form>
  );
}

/** One box per element, laid out as the tensor is (rows × columns), read row by row. */
export function TensorGrid({
  rows,
  cols,
  values,
  onChange,
  describedBy,
}: {
  rows: number;
  cols: number;
  values: string[];
  onChange: (v: string[]) => void;
  describedBy: string | undefined;
}) {
  const helpId = useId();
  return (
    <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby={[helpId, describedBy].filter(Boolean).join(" ")}>
      <legend className="text-sm font-semibold">
        Your prediction: {rows > 1 ? `${rows} rows × ${cols} columns` : `${cols} numbers`}
      </legend>
      <p id={helpId} className="text-xs text-slate-600">
        {rows > 1 ? "Row by row, as PyTorch prints it: the first row is the first line of boxes." : "In order, as PyTorch prints it."} Use ± to
        change a sign.
      </p>
      <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        {Array.from({ length: rows * cols }, (_, i) => {
          const label = rows > 1 ? `Row ${Math.floor(i / cols) + 1}, column ${(i % cols) + 1}` : `Number ${i + 1} of ${cols}`;
          return (
            <div key={i} className="flex min-w-0">
              <input
                aria-label={label}
                value={values[i] ?? ""}
                inputMode="decimal"
                autoComplete="off"
                onChange={(e) => {
                  const next = [...values];
                  next[i] = e.target.value;
                  onChange(next);
                }}
                className="w-full min-w-0 rounded-lg border-2 border-slate-300 px-2 py-2 text-center font-mono focus:border-descent-600 focus:outline-none"
              />
              <button
                type="button"
                aria-label={`Change the sign of ${label.toLowerCase()}`}
                className="px-1 font-mono text-slate-700"
                onClick={() => {
                  const next = [...values];
                  next[i] = toggleSign(next[i] ?? "");
                  onChange(next);
                }}
              >
                ±
              </button>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

