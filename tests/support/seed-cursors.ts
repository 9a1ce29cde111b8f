/**
 * Where the seed lesson's lines are in its walk (the cursor the host moves): tests name lines by checkpoint id,
 * not by counting, so that a lesson's prints and comments can change without rewriting them.
 */
import { seedLesson, traceLesson } from "@descent/autograd";

export function seedCursor(checkpointId: string): number {
  const i = traceLesson(seedLesson).checkpoints.findIndex((c) => c.id === checkpointId);
  if (i < 0) throw new Error(`the seed has no checkpoint ${checkpointId}`);
  return i;
}

/** `print(f"w.grad = {w.grad}, b.grad = {b.grad}")` before training: the first line where w.grad exists (None). */
export const START_PRINT = seedCursor("start.s3");
/** `y_pred = w * X + b` of iteration 1. */
export const IT1_FORWARD = seedCursor("it1.s3");
/** `loss = ((y_pred - y) ** 2).mean()` of iteration 1. */
export const IT1_LOSS = seedCursor("it1.s5");
/** `loss.backward()` of iteration 1. */
export const IT1_BACKWARD = seedCursor("it1.s7");
/** `w -= lr * w.grad` of iteration 1. */
export const IT1_UPDATE_W = seedCursor("it1.s9");
/** `loss.backward()` of iteration 2, scenario A. */
export const IT2A_BACKWARD = seedCursor("it2a.s9");
/** `loss_no_zero.backward()` of iteration 2, scenario B. */
export const IT2B_BACKWARD = seedCursor("it2b.s12");
