import type { Hooks } from "./hooks";

export type MisconceptionFamily = "zero_grad" | "update" | "calculus" | "autograd";

export interface Misconception {
  /** Stable, kebab-case; stored with every graded answer. */
  id: string;
  title: string;
  family: MisconceptionFamily;
  /** Shown to a student whose answer matched it: what they did, and what PyTorch does. */
  studentExplanation: string;
  /** For the dashboard: where it comes from and how to address it. */
  teacherNote: string;
}

/**
 * A misconception together with what it changes in how a program runs: its hooks (`hooks.ts`). Running a
 * lesson's program with them gives the values a student holding the misconception predicts (`src/trace/trace.ts`).
 */
export interface MisconceptionDef extends Misconception {
  hooks: Hooks;
}

const zeros = (xs: readonly number[]) => xs.map(() => 0);

export const misconceptionDefs: MisconceptionDef[] = [
  // --- zero_grad family ----------------------------------------------------------------------------------
  {
    id: "backward-overwrites",
    title: "backward() replaces .grad",
    family: "zero_grad",
    studentExplanation:
      "You put this backward's gradient into .grad as if it were empty. PyTorch adds it to what was already " +
      "in .grad: that is why training loops zero the gradients first, and why accumulating over micro-batches works.",
    teacherNote:
      "The root of 'forgot zero_grad' bugs. Shows up where .grad was not cleared before backward() (seed 2B, " +
      "the second micro-batch). Ask what the accumulation lesson would compute if backward() overwrote.",
    hooks: { accumulate: (_before, added) => [...added] },
  },
  {
    id: "zero-grad-writes-zeros",
    title: "zero_grad() leaves zeros, not None",
    family: "zero_grad",
    studentExplanation:
      "You expected zeros after optimizer.zero_grad(). Since PyTorch 2.0 it sets .grad to None " +
      "(set_to_none=True); only zero_grad(set_to_none=False) and w.grad.zero_() write zeros.",
    teacherNote:
      "PyTorch 1.x behaviour, and what many tutorials (and the seed walkthrough's comment) still say. It matters: " +
      "w.grad.item() then raises, and an optimizer skips parameters whose .grad is None, momentum included.",
    hooks: { setToNone: () => false },
  },
  {
    id: "zeroing-resets-params",
    title: "Zeroing the gradients also zeroes the parameters",
    family: "zero_grad",
    studentExplanation:
      "You set the parameter itself to 0. zero_grad() and .grad.zero_() clear only the gradients; the " +
      "parameters keep their values.",
    teacherNote:
      "Confuses the tensor with its gradient. Ask for a parameter's value right after a zeroing line.",
    hooks: { afterZeroing: zeros },
  },
  {
    id: "zeroing-undoes-step",
    title: "Zeroing the gradients undoes the step",
    family: "zero_grad",
    studentExplanation:
      "You gave the parameter its value from before the last step. The step has already changed the parameter; " +
      "clearing .grad afterwards does not bring the old value back.",
    teacherNote:
      "Thinks of the gradient as a pending change that zeroing cancels. Ask for a parameter right after a " +
      "zero_grad() that follows a step.",
    hooks: { afterZeroing: (values, beforeStep) => beforeStep ?? values },
  },
  {
    id: "zero-none-grad-works",
    title: "w.grad.zero_() works before any backward()",
    family: "zero_grad",
    studentExplanation:
      "You zeroed a gradient that does not exist yet. Until the first backward() (or after zero_grad()), w.grad " +
      "is None, and None has no zero_() method: the line raises AttributeError.",
    teacherNote: "Why loops call optimizer.zero_grad() rather than w.grad.zero_(): it also handles None.",
    hooks: { zeroesNone: true },
  },
  {
    id: "grad-zero-keeps-grad",
    title: "w.grad.zero_() leaves the gradient as it was",
    family: "zero_grad",
    studentExplanation:
      "You kept the old gradient after w.grad.zero_(), so the next backward() added to it. zero_() (with the " +
      "trailing underscore) changes w.grad in place: it is all zeros afterwards, and backward() starts from 0.",
    teacherNote:
      "Reads zero_() as returning zeros without changing w.grad, or does not believe a line without '=' changes " +
      "anything. Shows twice: w.grad right after zero_() (the old value), and after the next backward() (old + new).",
    hooks: { gradZero: (grad) => [...grad] },
  },
  {
    id: "no-grad-stops-update",
    title: "torch.no_grad() stops the update",
    family: "zero_grad",
    studentExplanation:
      "You read torch.no_grad() as 'do not update'. It only stops autograd from recording what happens inside " +
      "it: the update does happen, and it must be inside no_grad, because changing a parameter in place outside " +
      "it raises an error.",
    teacherNote:
      "The name suggests 'no gradient step'. Ask for w right after an update inside no_grad, and for the same " +
      "update outside it.",
    // Inside no_grad nothing changes; outside it, the update happens (and does not raise).
    hooks: { updatesUnderNoGrad: false, updatesOutsideNoGrad: true },
  },
  // --- update family -------------------------------------------------------------------------------------
  {
    id: "update-sign-flipped",
    title: "The update adds the gradient",
    family: "update",
    studentExplanation:
      "You added lr·grad. Gradient descent subtracts it: w − lr·grad moves against the slope, downhill.",
    teacherNote: "Check with the seed: the gradient of w is negative, so w must grow.",
    hooks: { change: (delta) => delta.map((d) => -d) },
  },
  {
    id: "update-forgets-lr",
    title: "The update forgets the learning rate",
    family: "update",
    studentExplanation:
      "You moved by the whole gradient. The step is the learning rate times the gradient: w − lr·grad.",
    teacherNote: "Gives huge jumps (w = 40 in the seed); ask what a learning rate is for.",
    // `w -= lr * w.grad` read as `w -= w.grad`; a step by the whole gradient.
    hooks: { dropsLearningRate: true, change: (delta, lr) => (lr === null || lr <= 0 ? [...delta] : delta.map((d) => d / lr)) },
  },
  {
    id: "reports-before-step",
    title: "Reports the value before the step",
    family: "update",
    studentExplanation:
      "You gave the value from before this line. The question asks for the value right after the line has run.",
    teacherNote:
      "Often a reading slip rather than a belief; if it repeats, the student may think the update is deferred.",
    hooks: { showsValueBefore: true },
  },
  {
    id: "momentum-ignored",
    title: "Momentum is ignored",
    family: "update",
    studentExplanation:
      "You moved by lr·grad as plain SGD does. With momentum, step() moves by lr·buffer, where " +
      "buffer = momentum·buffer + grad, so earlier gradients keep pushing.",
    teacherNote: "Only on lessons with SGD momentum. Ask for the buffer first, then the parameter.",
    hooks: { ignoresMomentum: true },
  },
  {
    id: "step-clears-grad",
    title: "step() clears .grad",
    family: "update",
    studentExplanation:
      "You expected optimizer.step() to use up the gradient. step() only reads .grad; it stays until " +
      "zero_grad() clears it.",
    teacherNote: "Behind loops that never call zero_grad(). Ask for w.grad right after step().",
    hooks: { gradAfterStep: zeros },
  },
  // --- calculus family -----------------------------------------------------------------------------------
  {
    id: "square-factor-forgotten",
    title: "Forgot the 2 of the square",
    family: "calculus",
    studentExplanation:
      "You dropped the 2 from the derivative of the square: d(e²)/de = 2e, so your gradient is half the true one.",
    teacherNote: "With a ½·MSE loss the ½ cancels the 2, and the same slip halves the gradient again.",
    // d(e²)/de = e: every gradient is half the truth.
    hooks: { gradientFactor: () => 0.5 },
  },
  {
    id: "gradient-sign-flipped",
    title: "The gradient with its sign flipped",
    family: "calculus",
    studentExplanation:
      "Your gradient has the right size but the wrong sign: the error was taken as y − ŷ. The loss is " +
      "mean((ŷ − y)²), and its derivative is 2·(ŷ − y)·∂ŷ: where the predictions are too small, the gradient of w " +
      "is negative.",
    teacherNote: "Gives +40 for −40 in the seed's first backward(). Then the update would move w the wrong way: ask what the sign says.",
    hooks: { gradientFactor: () => -1 },
  },
  {
    id: "sum-instead-of-mean",
    title: "Sum instead of mean",
    family: "calculus",
    studentExplanation:
      "You summed over the examples. .mean() divides by their number n, so the loss and its gradients are n " +
      "times smaller than with a sum.",
    teacherNote: "Gives 190 instead of 38 in the seed. Only on mean-reduced losses.",
    // The loss summed, so it and its gradients are n times the truth (n values averaged).
    hooks: { mean: "sum", gradientFactor: (n) => n },
  },
  {
    id: "bias-grad-times-x",
    title: "Bias gradient multiplied by x",
    family: "calculus",
    studentExplanation:
      "You multiplied the bias gradient by x. In y = w·x + b the derivative of y with respect to b is 1, so " +
      "b.grad sums the per-example gradients without x; only w.grad has the x.",
    teacherNote: "Copies the weight's formula to the bias: b.grad comes out equal to w.grad.",
    // The bias of `w * X + b` gets the weight's gradient, Σ g·x instead of Σ g.
    hooks: { biasGradient: (weightAdded) => [...weightAdded] },
  },
  // --- autograd family -----------------------------------------------------------------------------------
  {
    id: "leaf-update-allowed",
    title: "A parameter can be updated in place anywhere",
    family: "autograd",
    studentExplanation:
      "You expected w -= lr * w.grad to just work. w is a leaf that requires grad; changing it in place while " +
      "autograd is recording raises RuntimeError. That is why updates go inside torch.no_grad().",
    teacherNote: "Ask students to explain what autograd would have to record if the update were allowed.",
    hooks: { updatesOutsideNoGrad: true },
  },
  {
    id: "non-leaf-grad-kept",
    title: "Every tensor keeps its .grad",
    family: "autograd",
    studentExplanation:
      "You expected y_pred to keep its gradient. Only leaf tensors (created by you with requires_grad=True) " +
      "keep .grad; an intermediate result's .grad is None unless you call retain_grad() on it first.",
    teacherNote: "PyTorch also warns when .grad of a non-leaf is read. Good moment to draw the graph.",
    hooks: { keepsNonLeafGrad: true },
  },
  {
    id: "grad-starts-at-zero",
    title: "A new parameter's .grad is 0",
    family: "autograd",
    studentExplanation:
      "You expected a new parameter's gradient to be 0. Until the first backward(), .grad is None: no gradient " +
      "has been computed yet.",
    teacherNote: "Related to zero-grad-writes-zeros; ask for w.grad before the first backward().",
    hooks: { newGrad: zeros },
  },
  {
    id: "graph-reusable",
    title: "backward() can run twice on the same graph",
    family: "autograd",
    studentExplanation:
      "You expected a second backward() to add the gradient again. The first backward() frees the values the " +
      "graph saved, so a second one raises RuntimeError unless the first was called with retain_graph=True.",
    teacherNote: "Students who know about accumulation predict the doubled gradient here.",
    // The second backward() goes through, and accumulates again.
    hooks: { reusesGraph: true },
  },
];

export const misconceptions: Misconception[] = misconceptionDefs.map(
  ({ id, title, family, studentExplanation, teacherNote }) => ({ id, title, family, studentExplanation, teacherNote }),
);

export function getMisconception(id: string): MisconceptionDef | undefined {
  return misconceptionDefs.find((m) => m.id === id);
}
