import type { Lesson } from "../types";

/**
 * Accumulation on purpose: two micro-batches, each loss divided by k = 2, one step. Because backward() adds
 * into .grad, the summed gradient equals the full batch's, which the lesson computes first for comparison.
 */
export const accumulationLesson: Lesson = {
  id: "grad-accumulation",
  title: "Gradient accumulation: k micro-batches, one step",
  summary:
    "When a batch does not fit in memory, we can split it into k micro-batches, call backward() on each " +
    "and step once. We first compute the gradient of the whole batch of four points, then the same batch " +
    "as two micro-batches of two, each loss divided by k = 2. Predict .grad after each micro-batch, and " +
    "compare what the optimizer finally uses with the gradient of the whole batch.",
  teacherNotes:
    "Data x = 1..4, y = x + 3, w = b = 0, lr 0.01. Full batch: loss 31.5, gradients -30 and -11. Micro-batch 1 " +
    "(x = 1, 2) adds -7 and -4.5; micro-batch 2 (x = 3, 4) adds -23 and -6.5; the totals equal the full batch, " +
    "and the step gives w = 0.3, b = 0.11. A student who answers -23 after the second backward believes " +
    "backward() overwrites .grad. Ask why the losses are divided by k (and what happens with unequal " +
    "micro-batch sizes: the mean of means is no longer the full mean).",
  source: [
    /*  0 */ "import torch",
    /*  1 */ "",
    /*  2 */ "X = torch.tensor([1., 2., 3., 4.])",
    /*  3 */ "y = X + 3.0",
    /*  4 */ "w = torch.tensor(0.0, requires_grad=True)",
    /*  5 */ "b = torch.tensor(0.0, requires_grad=True)",
    /*  6 */ "optimizer = torch.optim.SGD([w, b], lr=0.01)",
    /*  7 */ "k = 2  # micro-batches",
    /*  8 */ "",
    /*  9 */ "# The whole batch at once, for comparison (no step)",
    /* 10 */ "optimizer.zero_grad()",
    /* 11 */ "y_pred = w * X + b",
    /* 12 */ "loss = ((y_pred - y) ** 2).mean()",
    /* 13 */ "loss.backward()",
    /* 14 */ "",
    /* 15 */ "# The same batch as k micro-batches: each loss divided by k, one step",
    /* 16 */ "optimizer.zero_grad()",
    /* 17 */ "for i in range(k):",
    /* 18 */ "    y_pred = w * X[2*i:2*i+2] + b",
    /* 19 */ "    loss = ((y_pred - y[2*i:2*i+2]) ** 2).mean() / k",
    /* 20 */ "    loss.backward()",
    /* 21 */ "optimizer.step()",
  ],
  data: { X: [1, 2, 3, 4], y: [4, 5, 6, 7] },
  params: [
    { name: "w", value: 0, line: 4 },
    { name: "b", value: 0, line: 5 },
  ],
  loss: { kind: "mse", reduction: "mean" },
  optimizer: { kind: "sgd", lr: 0.01, line: 6 },
  questions: [
    { checkpoint: "full.s3", quantity: "loss" },
    { checkpoint: "full.s4", quantity: "w.grad" },
    { checkpoint: "full.s4", quantity: "b.grad" },
    { checkpoint: "micro.s1", quantity: "w.grad" },
    { checkpoint: "micro.s4", quantity: "w.grad" },
    { checkpoint: "micro.s7", quantity: "w.grad" },
    { checkpoint: "micro.s7", quantity: "b.grad" },
    { checkpoint: "micro.s8", quantity: "w" },
    { checkpoint: "micro.s8", quantity: "w.grad" },
  ],
  iterations: [
    {
      id: "full",
      label: "The whole batch (no step)",
      statements: [
        { op: "zero_grad", line: 10 },
        { op: "forward", line: 11 },
        { op: "loss", line: 12 },
        { op: "backward", line: 13 },
      ],
    },
    {
      id: "micro",
      label: "Two micro-batches, one step",
      statements: [
        { op: "zero_grad", line: 16 },
        { op: "forward", line: 18, batch: [0, 2] },
        { op: "loss", line: 19, scale: 0.5 },
        { op: "backward", line: 20 },
        { op: "forward", line: 18, batch: [2, 4] },
        { op: "loss", line: 19, scale: 0.5 },
        { op: "backward", line: 20 },
        { op: "step", line: 21 },
      ],
    },
  ],
};
