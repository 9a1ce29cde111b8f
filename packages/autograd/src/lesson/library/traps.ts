import type { Lesson } from "../types";

/**
 * Lines that raise or return None where students expect a number. The trace shows the error and goes on, the
 * way a teacher runs the cell, reads the message and fixes the line.
 */
export const trapsLesson: Lesson = {
  id: "autograd-traps",
  title: "Traps: None gradients, non-leaf tensors and in-place updates",
  summary:
    "Four lines that surprise almost everyone. For each one, decide first whether it runs at all: a line can " +
    "give a number, give None, or raise an error. We use the seed's model (y = w·x + b, trained by hand with a learning rate lr) " +
    "and look at zeroing a gradient before any backward(), reading the gradient of a prediction, calling " +
    "backward() twice, and updating a parameter outside torch.no_grad().",
  teacherNotes:
    "Trap 1: before the first backward w.grad is None, so w.grad.zero_() raises AttributeError " +
    "('NoneType' object has no attribute 'zero_'); this is why training loops call optimizer.zero_grad() " +
    "instead. Trap 2: y_pred is not a leaf, so PyTorch does not keep its .grad (None, with a UserWarning) " +
    "unless y_pred.retain_grad() was called; its gradient would have been 0.4·(y_pred - y). Trap 3: backward() " +
    "frees the graph's saved tensors, so a second call raises RuntimeError; students who answer -80 expect it to " +
    "accumulate again. Trap 4: w -= lr * w.grad outside torch.no_grad() raises RuntimeError (a leaf that " +
    "requires grad used in an in-place operation); inside no_grad it gives w = 0.4, b = 0.12 as in the seed.",
  source: [
    /*  0 */ "import torch",
    /*  1 */ "",
    /*  2 */ "X = torch.tensor([1., 2., 3., 4., 5.])",
    /*  3 */ "y = 1.0 * X + 3.0",
    /*  4 */ "w = torch.tensor(0.0, requires_grad=True)",
    /*  5 */ "b = torch.tensor(0.0, requires_grad=True)",
    /*  6 */ "lr = 0.01",
    /*  7 */ "",
    /*  8 */ "# Trap 1",
    /*  9 */ "print(w.grad)",
    /* 10 */ "w.grad.zero_()",
    /* 11 */ "",
    /* 12 */ "# Trap 2",
    /* 13 */ "y_pred = w * X + b",
    /* 14 */ "loss = ((y_pred - y) ** 2).mean()",
    /* 15 */ "loss.backward()",
    /* 16 */ "print(y_pred.grad)",
    /* 17 */ "",
    /* 18 */ "# Trap 3",
    /* 19 */ "loss.backward()",
    /* 20 */ "",
    /* 21 */ "# Trap 4",
    /* 22 */ "w -= lr * w.grad",
    /* 23 */ "with torch.no_grad():",
    /* 24 */ "    w -= lr * w.grad",
    /* 25 */ "    b -= lr * b.grad",
  ],
  data: { X: [1, 2, 3, 4, 5], y: [4, 5, 6, 7, 8] },
  params: [
    { name: "w", value: 0, line: 4 },
    { name: "b", value: 0, line: 5 },
  ],
  loss: { kind: "mse", reduction: "mean" },
  lr: 0.01,
  questions: [
    { checkpoint: "trap1.s1", quantity: "w.grad" },
    { checkpoint: "trap1.s2", quantity: "w.grad" },
    { checkpoint: "trap2.s4", quantity: "y_pred.grad" },
    { checkpoint: "trap3.s1", quantity: "w.grad" },
    { checkpoint: "trap4.s1", quantity: "w" },
    { checkpoint: "trap4.s2", quantity: "w" },
    { checkpoint: "trap4.s3", quantity: "b" },
  ],
  iterations: [
    {
      id: "trap1",
      label: "Trap 1: zeroing a gradient before any backward()",
      statements: [
        { op: "read", line: 9, quantity: "w.grad" },
        { op: "grad_zero", line: 10, param: "w" },
      ],
    },
    {
      id: "trap2",
      label: "Trap 2: the gradient of a non-leaf tensor",
      statements: [
        { op: "forward", line: 13 },
        { op: "loss", line: 14 },
        { op: "backward", line: 15 },
        { op: "read", line: 16, quantity: "y_pred.grad" },
      ],
    },
    {
      id: "trap3",
      label: "Trap 3: backward() twice",
      statements: [{ op: "backward", line: 19 }],
    },
    {
      id: "trap4",
      label: "Trap 4: updating a parameter outside torch.no_grad()",
      statements: [
        { op: "update", line: 22, param: "w", noGrad: false },
        { op: "update", line: 24, param: "w", noGrad: true },
        { op: "update", line: 25, param: "b", noGrad: true },
      ],
    },
  ],
};
