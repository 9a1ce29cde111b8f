/**
 * A lesson is a PyTorch program, the single truth of what runs and what students read, with a little about it:
 * a title, a summary, notes for the teacher, the sections the walk through it is cut into, the questions it
 * suggests, wrong values a well-known text states, and which literals are copies of earlier values.
 *
 * Lines are counted from 1, as an editor shows the program. A built-in lesson is a `.py` file whose header
 * holds everything but the program (see `lesson/file.ts`); the zod schema in `src/schema.ts` mirrors these
 * types exactly, and a type-level test keeps them equal.
 */

import type { NestedNumbers } from "../engine/index";

/** A scalar, a vector or a matrix, as PyTorch's `torch.tensor(...)` takes it (the engine's type). */
export type { NestedNumbers };

/**
 * A quantity after a line: `{ line: 18, quantity: "w.grad" }`. A line inside a loop runs once per pass: `pass`
 * (from 1) says which, counting every time the line runs; default the first.
 */
export interface LineRef {
  line: number;
  pass?: number;
  quantity: string;
}

/**
 * A part of the walk through the program ("Iteration 2, scenario A"): it starts at the first run of `line`
 * (or its `pass`-th run) and runs to the next section. Lines that run before the first section form "setup".
 */
export interface Section {
  /** Prefix of checkpoint ids, e.g. "it2a": lower-case letters, digits and "_". */
  id: string;
  label: string;
  line: number;
  pass?: number;
}

/**
 * A literal the program writes out that is a value it had earlier: the seed's
 * `w_no_zero = torch.tensor(0.4, requires_grad=True)` is w after iteration 1. A variant of the lesson
 * recomputes it (the first number on the line).
 */
export interface Copy {
  line: number;
  from: LineRef;
}

/** A wrong value a text students read states, with why it is wrong: graded as the misconception "known:<id>". */
export interface KnownMistake extends LineRef {
  /** Lower-case letters, digits and "-". */
  id: string;
  value: number;
  title: string;
  explanation: string;
}

/** A question by checkpoint, as a running lesson names it: { "it2a.s5", "w.grad" }. */
export interface QuestionRef {
  checkpoint: string;
  quantity: string;
}

export interface Lesson {
  /** Lower-case letters, digits and "-". */
  id: string;
  title: string;
  /** One paragraph for students. */
  summary: string;
  teacherNotes: string;
  /** The PyTorch program, one string per line. */
  source: string[];
  /** Default: the whole program is one section, "main". */
  sections?: Section[];
  /** The default questions; when absent they are chosen automatically (see `suggestQuestions`). */
  questions?: LineRef[];
  knownMistakes?: KnownMistake[];
  copies?: Copy[];
  /**
   * The names whose literals a variant may change: parameters created from a number, "y" (data on a line
   * `y = a * X + c`), "lr". Default: all of them the program has; [] for none.
   */
  vary?: string[];
  /** Default "float64"; "float32" rounds like PyTorch's default dtype does. */
  dtype?: "float64" | "float32";
  /**
   * The projector's pictures. `params`: the two parameters whose path is drawn ("w", "b", or elements such as
   * "W2[0][1]"), for a model with more than two; a model with exactly two draws them by default.
   */
  picture?: { params: [string, string] };
}
