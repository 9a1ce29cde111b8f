/**
 * The concepts a student masters, and which misconceptions belong to each: one table, so that a question's
 * concepts follow from what can go wrong on it. A self-paced student masters a concept by answering its
 * questions correctly several times in a row on fresh numbers.
 */
import type { Lesson } from "../lesson/types";
import type { LineKind } from "../misconceptions/hooks";
import { traceLesson } from "../trace/trace";
import type { AnswerKey } from "./grade";

export type ConceptId = "loss" | "mse-gradient" | "accumulation" | "zeroing" | "update" | "no-grad" | "graph";

export interface Concept {
  id: ConceptId;
  title: string;
  /** One sentence a student reads beside their progress. */
  blurb: string;
  misconceptions: string[];
}

export const concepts: readonly Concept[] = [
  {
    id: "loss",
    title: "The forward pass and the loss",
    blurb: "Predictions w·x + b, and the mean of the squared errors.",
    misconceptions: [],
  },
  {
    id: "mse-gradient",
    title: "The gradient of the MSE",
    blurb: "What backward() computes: 2/n·Σ(error·x) for w, 2/n·Σ error for b.",
    misconceptions: ["square-factor-forgotten", "gradient-sign-flipped", "sum-instead-of-mean", "bias-grad-times-x"],
  },
  {
    id: "accumulation",
    title: "backward() accumulates into .grad",
    blurb: "A second backward() adds to the gradient already there.",
    misconceptions: ["backward-overwrites"],
  },
  {
    id: "zeroing",
    title: "Zeroing, and None",
    blurb: "zero_() writes zeros; zero_grad() leaves None; a fresh leaf's .grad is None.",
    misconceptions: ["zero-grad-writes-zeros", "grad-zero-keeps-grad", "zeroing-resets-params", "zeroing-undoes-step", "zero-none-grad-works", "grad-starts-at-zero", "step-clears-grad"],
  },
  {
    id: "update",
    title: "The update rule",
    blurb: "p ← p − lr·p.grad (and what momentum adds).",
    misconceptions: ["update-sign-flipped", "update-forgets-lr", "reports-before-step", "momentum-ignored"],
  },
  {
    id: "no-grad",
    title: "torch.no_grad()",
    blurb: "It stops graph recording, not the update; a leaf can only be changed in place inside it.",
    misconceptions: ["no-grad-stops-update", "leaf-update-allowed"],
  },
  {
    id: "graph",
    title: "The computation graph",
    blurb: "Only leaves keep .grad; a graph is freed after backward().",
    misconceptions: ["non-leaf-grad-kept", "graph-reusable"],
  },
];

const byMisconception = new Map(concepts.flatMap((c) => c.misconceptions.map((m) => [m, c.id] as const)));

export function getConcept(id: string): Concept | undefined {
  return concepts.find((c) => c.id === id);
}

/** What a line does, when nothing can go wrong on it but the arithmetic. */
function conceptOfKind(kind: LineKind | undefined): ConceptId {
  switch (kind) {
    case "backward":
      return "mse-gradient";
    case "update":
    case "step":
      return "update";
    case "zero_grad":
    case "grad_zero":
    case "set_grad":
    case "read":
      return "zeroing";
    default:
      return "loss";
  }
}

/**
 * The concepts a question tests: the forward pass and the loss on their lines; elsewhere those of the
 * misconceptions that give a wrong value on this line alone ("local"), else the concept of what the line does.
 * In the order of `concepts`.
 */
export function conceptsOf(lesson: Lesson, checkpointId: string, key: AnswerKey): ConceptId[] {
  const kinds = traceLesson(lesson).checkpoints.find((c) => c.id === checkpointId)?.kinds ?? [];
  const main = kinds.find((k) => k !== "forward" && k !== "loss" && k !== "optimizer" && k !== "momentum");
  // A forward or loss line is about the forward pass, whatever else a wrong value there may come from.
  if (!main && (kinds.includes("forward") || kinds.includes("loss"))) return ["loss"];
  const found = new Set<ConceptId>();
  for (const m of key.mutants) {
    const c = m.mode === "local" ? byMisconception.get(m.misconceptionId) : undefined;
    if (c) found.add(c);
  }
  if (found.size === 0) found.add(conceptOfKind(main));
  return concepts.filter((c) => found.has(c.id)).map((c) => c.id);
}
