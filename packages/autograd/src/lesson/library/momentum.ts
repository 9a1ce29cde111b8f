import type { Lesson } from "../types";

/**
 * SGD with momentum 0.9 on the seed's data. The buffer remembers earlier gradients, so a step taken with a
 * zero gradient still moves the parameters; a step taken while .grad is None skips them.
 */
export const momentumLesson: Lesson = {
  id: "sgd-momentum",
  title: "Momentum: old gradients keep pushing",
  summary:
    "With momentum, optimizer.step() keeps a running buffer for each parameter, buffer = 0.9 · buffer + " +
    "gradient, and moves the parameter by lr times the buffer. We take two ordinary steps on the seed's " +
    "data, then a step after zero_grad(set_to_none=False), and finally a step after the default " +
    "zero_grad(). Predict the parameters after each step: does a step move anything when there is no new " +
    "gradient?",
  teacherNotes:
    "Same data and start as the seed (x = 1..5, y = x + 3, w = b = 0), lr 0.01, momentum 0.9. Step 1 equals " +
    "plain SGD (the buffer starts as the first gradient): w = 0.4, b = 0.12. Step 2: gradients -30.48 and -9.36, " +
    "buffers -66.48 and -20.16, so w = 1.0648 and b = 0.3216 (plain SGD would give 0.7048). Step 3 with zeroed " +
    "gradients still moves w to 1.66312 (buffer -59.832). Step 4 after the default zero_grad() leaves w at " +
    "1.66312: PyTorch's SGD skips parameters whose .grad is None. That last step separates students who " +
    "think zero_grad() writes zeros (they predict 2.201608) from those who know it writes None.",
  source: [
    /*  0 */ "import torch",
    /*  1 */ "",
    /*  2 */ "X = torch.tensor([1., 2., 3., 4., 5.])",
    /*  3 */ "y = 1.0 * X + 3.0",
    /*  4 */ "w = torch.tensor(0.0, requires_grad=True)",
    /*  5 */ "b = torch.tensor(0.0, requires_grad=True)",
    /*  6 */ "optimizer = torch.optim.SGD([w, b], lr=0.01, momentum=0.9)",
    /*  7 */ "",
    /*  8 */ "for step in range(2):",
    /*  9 */ "    optimizer.zero_grad()",
    /* 10 */ "    y_pred = w * X + b",
    /* 11 */ "    loss = ((y_pred - y) ** 2).mean()",
    /* 12 */ "    loss.backward()",
    /* 13 */ "    optimizer.step()",
    /* 14 */ "",
    /* 15 */ "# A batch is skipped (its data was bad), but the loop still steps:",
    /* 16 */ "optimizer.zero_grad(set_to_none=False)",
    /* 17 */ "optimizer.step()",
    /* 18 */ "",
    /* 19 */ "# Again, after the default zero_grad()",
    /* 20 */ "optimizer.zero_grad()",
    /* 21 */ "optimizer.step()",
  ],
  data: { X: [1, 2, 3, 4, 5], y: [4, 5, 6, 7, 8] },
  params: [
    { name: "w", value: 0, line: 4 },
    { name: "b", value: 0, line: 5 },
  ],
  loss: { kind: "mse", reduction: "mean" },
  optimizer: { kind: "sgd", lr: 0.01, momentum: 0.9, line: 6 },
  questions: [
    { checkpoint: "it1.s4", quantity: "w.grad" },
    { checkpoint: "it1.s5", quantity: "w" },
    { checkpoint: "it2.s5", quantity: "w" },
    { checkpoint: "it2.s5", quantity: "w.grad" },
    { checkpoint: "it3.s1", quantity: "w" },
    { checkpoint: "it3.s2", quantity: "w" },
    { checkpoint: "it4.s1", quantity: "w.grad" },
    { checkpoint: "it4.s2", quantity: "w" },
  ],
  iterations: [
    {
      id: "it1",
      label: "Step 1",
      statements: [
        { op: "zero_grad", line: 9 },
        { op: "forward", line: 10 },
        { op: "loss", line: 11 },
        { op: "backward", line: 12 },
        { op: "step", line: 13 },
      ],
    },
    {
      id: "it2",
      label: "Step 2",
      statements: [
        { op: "zero_grad", line: 9 },
        { op: "forward", line: 10 },
        { op: "loss", line: 11 },
        { op: "backward", line: 12 },
        { op: "step", line: 13 },
      ],
    },
    {
      id: "it3",
      label: "Step 3: zero gradients, momentum still pushes",
      statements: [
        { op: "zero_grad", line: 16, setToNone: false },
        { op: "step", line: 17 },
      ],
    },
    {
      id: "it4",
      label: "Step 4: .grad is None, the step skips the parameters",
      statements: [
        { op: "zero_grad", line: 20 },
        { op: "step", line: 21 },
      ],
    },
  ],
};
