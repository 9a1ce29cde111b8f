import type { Lesson } from "../types";

/**
 * The walkthrough every session starts from: y = w·x + b fitted to y = x + 3 with plain gradient descent.
 * Iteration 2 is shown twice from the same state after iteration 1, with zeroing (A) and without (B); the
 * lesson ends with the same first step through `torch.optim.SGD`, whose `zero_grad()` leaves `.grad` as None.
 */
export const seedLesson: Lesson = {
  id: "seed-zero-grad",
  title: "One step of gradient descent, and why we zero the gradients",
  summary:
    "We fit y = w·x + b to five points that lie on a line, starting from the parameters and the learning rate " +
    "in the code. You will predict the predictions, the mean squared error, the gradients that loss.backward() " +
    "leaves in w.grad and b.grad, and the parameters after each update. Then iteration 2 is run twice " +
    "from the same state, once after zeroing the gradients and once without: what does backward() do with " +
    "a gradient that is already there? Last, the same step is taken with torch.optim.SGD: what does its " +
    "zero_grad() leave behind?",
  teacherNotes:
    "Iteration 1 has clean numbers (loss 38, gradients -40 and -12, then w = 0.4, b = 0.12): ask for them " +
    "before any formula is written down. Iteration 2A repeats the step after w.grad.zero_(); iteration 2B " +
    "re-creates the parameters in the state after iteration 1 but keeps the old gradients, so backward() " +
    "accumulates to -70.48 and -21.36 and the step overshoots to 1.1048. The loss of iteration 2 is 22.6224 " +
    "(the written walkthrough says 24.096, which is wrong). In the torch.optim part, PyTorch 2.x's " +
    "optimizer.zero_grad() sets .grad to None (set_to_none=True), so printing w_optim.grad shows None and " +
    "w_optim.grad.item() raises AttributeError: students who answer 0.0 learned PyTorch 1.x or the " +
    "walkthrough's comment. Good discussion: why does w.grad.zero_() work in 2A but would raise right after " +
    "optimizer.zero_grad()?",
  source: [
    /*  0 */ "import torch",
    /*  1 */ "import torch.optim as optim",
    /*  2 */ "",
    /*  3 */ "X = torch.tensor([1., 2., 3., 4., 5.])",
    /*  4 */ "y = 1.0 * X + 3.0",
    /*  5 */ "w = torch.tensor(0.0, requires_grad=True)",
    /*  6 */ "b = torch.tensor(0.0, requires_grad=True)",
    /*  7 */ "lr = 0.01",
    /*  8 */ "print(w.grad)",
    /*  9 */ "",
    /* 10 */ "# --- Iteration 1 ---",
    /* 11 */ "if w.grad is not None:",
    /* 12 */ "    w.grad = None",
    /* 13 */ "if b.grad is not None:",
    /* 14 */ "    b.grad = None",
    /* 15 */ "y_pred = w * X + b",
    /* 16 */ "loss = ((y_pred - y) ** 2).mean()",
    /* 17 */ "loss.backward()",
    /* 18 */ "with torch.no_grad():",
    /* 19 */ "    w -= lr * w.grad",
    /* 20 */ "    b -= lr * b.grad",
    /* 21 */ "",
    /* 22 */ "# --- Iteration 2, scenario A: zero the gradients first ---",
    /* 23 */ "w.grad.zero_()",
    /* 24 */ "b.grad.zero_()",
    /* 25 */ "y_pred = w * X + b",
    /* 26 */ "loss = ((y_pred - y) ** 2).mean()",
    /* 27 */ "loss.backward()",
    /* 28 */ "with torch.no_grad():",
    /* 29 */ "    w -= lr * w.grad",
    /* 30 */ "    b -= lr * b.grad",
    /* 31 */ "",
    /* 32 */ "# --- Iteration 2, scenario B: the state after iteration 1, without zeroing ---",
    /* 33 */ "w_no_zero = torch.tensor(0.4, requires_grad=True)",
    /* 34 */ "b_no_zero = torch.tensor(0.12, requires_grad=True)",
    /* 35 */ "w_no_zero.grad = torch.tensor(-40.0)  # left over from iteration 1",
    /* 36 */ "b_no_zero.grad = torch.tensor(-12.0)",
    /* 37 */ "y_pred_no_zero = w_no_zero * X + b_no_zero",
    /* 38 */ "loss_no_zero = ((y_pred_no_zero - y) ** 2).mean()",
    /* 39 */ "loss_no_zero.backward()",
    /* 40 */ "with torch.no_grad():",
    /* 41 */ "    w_no_zero -= lr * w_no_zero.grad",
    /* 42 */ "    b_no_zero -= lr * b_no_zero.grad",
    /* 43 */ "",
    /* 44 */ "# --- The same first step with torch.optim.SGD ---",
    /* 45 */ "w_optim = torch.tensor(0.0, requires_grad=True)",
    /* 46 */ "b_optim = torch.tensor(0.0, requires_grad=True)",
    /* 47 */ "optimizer = optim.SGD([w_optim, b_optim], lr=lr)",
    /* 48 */ "y_pred_optim = w_optim * X + b_optim",
    /* 49 */ "loss_optim = ((y_pred_optim - y) ** 2).mean()",
    /* 50 */ "loss_optim.backward()",
    /* 51 */ "optimizer.step()",
    /* 52 */ "optimizer.zero_grad()",
    /* 53 */ "print(w_optim.grad)",
    /* 54 */ "print(w_optim.grad.item())",
  ],
  data: { X: [1, 2, 3, 4, 5], y: [4, 5, 6, 7, 8] },
  params: [
    { name: "w", value: 0, line: 5 },
    { name: "b", value: 0, line: 6 },
  ],
  loss: { kind: "mse", reduction: "mean" },
  lr: 0.01,
  optimizer: { kind: "sgd", lr: 0.01, params: ["w_optim", "b_optim"], line: 47 },
  knownMistakes: [
    {
      id: "walkthrough-loss-24096",
      checkpoint: "it2a.s4",
      quantity: "loss",
      value: 24.096,
      title: "The written walkthrough's 24.096",
      explanation:
        "The written walkthrough prints 24.096 here, and it is wrong: after iteration 1, w = 0.4 and b = 0.12, so the " +
        "predictions are 0.52, 0.92, 1.32, 1.72, 2.12 and the errors against y = 4…8 are −3.48, −4.08, −4.68, −5.28, " +
        "−5.88. Their squares sum to 113.112, and the mean is 113.112 / 5 = 22.6224 (real PyTorch prints 22.6224 too).",
    },
  ],
  questions: [
    { checkpoint: "start.s1", quantity: "w.grad" },
    { checkpoint: "it1.s4", quantity: "loss" },
    { checkpoint: "it1.s5", quantity: "w.grad" },
    { checkpoint: "it1.s5", quantity: "b.grad" },
    { checkpoint: "it1.s6", quantity: "w" },
    { checkpoint: "it2a.s1", quantity: "w" },
    { checkpoint: "it2a.s4", quantity: "loss" },
    { checkpoint: "it2a.s5", quantity: "w.grad" },
    { checkpoint: "it2b.s7", quantity: "w_no_zero.grad" },
    { checkpoint: "it2b.s8", quantity: "w_no_zero" },
    { checkpoint: "sgd.s7", quantity: "w_optim" },
    { checkpoint: "sgd.s7", quantity: "w_optim.grad" },
    { checkpoint: "sgd.s8", quantity: "w_optim.grad" },
    { checkpoint: "sgd.s10", quantity: "w_optim.grad" },
  ],
  iterations: [
    {
      id: "start",
      label: "Before training",
      statements: [{ op: "read", line: 8, quantity: "w.grad" }],
    },
    {
      id: "it1",
      label: "Iteration 1",
      statements: [
        { op: "set_grad", line: 12, param: "w", value: null },
        { op: "set_grad", line: 14, param: "b", value: null },
        { op: "forward", line: 15 },
        { op: "loss", line: 16 },
        { op: "backward", line: 17 },
        { op: "update", line: 19, param: "w", noGrad: true },
        { op: "update", line: 20, param: "b", noGrad: true },
      ],
    },
    {
      id: "it2a",
      label: "Iteration 2, scenario A: with zeroing",
      statements: [
        { op: "grad_zero", line: 23, param: "w" },
        { op: "grad_zero", line: 24, param: "b" },
        { op: "forward", line: 25 },
        { op: "loss", line: 26 },
        { op: "backward", line: 27 },
        { op: "update", line: 29, param: "w", noGrad: true },
        { op: "update", line: 30, param: "b", noGrad: true },
      ],
    },
    {
      id: "it2b",
      label: "Iteration 2, scenario B: without zeroing",
      statements: [
        { op: "param", line: 33, name: "w_no_zero", value: 0.4, from: { checkpoint: "it1.s6", quantity: "w" } },
        { op: "param", line: 34, name: "b_no_zero", value: 0.12, from: { checkpoint: "it1.s7", quantity: "b" } },
        { op: "set_grad", line: 35, param: "w_no_zero", value: -40, from: { checkpoint: "it1.s5", quantity: "w.grad" } },
        { op: "set_grad", line: 36, param: "b_no_zero", value: -12, from: { checkpoint: "it1.s5", quantity: "b.grad" } },
        { op: "forward", line: 37, weight: "w_no_zero", bias: "b_no_zero", out: "y_pred_no_zero" },
        { op: "loss", line: 38, pred: "y_pred_no_zero", out: "loss_no_zero" },
        { op: "backward", line: 39, loss: "loss_no_zero" },
        { op: "update", line: 41, param: "w_no_zero", noGrad: true },
        { op: "update", line: 42, param: "b_no_zero", noGrad: true },
      ],
    },
    {
      id: "sgd",
      label: "The same first step with torch.optim.SGD",
      statements: [
        { op: "param", line: 45, name: "w_optim", value: 0, from: { checkpoint: "start.s1", quantity: "w" } },
        { op: "param", line: 46, name: "b_optim", value: 0, from: { checkpoint: "start.s1", quantity: "b" } },
        { op: "optimizer", line: 47 },
        { op: "forward", line: 48, weight: "w_optim", bias: "b_optim", out: "y_pred_optim" },
        { op: "loss", line: 49, pred: "y_pred_optim", out: "loss_optim" },
        { op: "backward", line: 50, loss: "loss_optim" },
        { op: "step", line: 51 },
        { op: "zero_grad", line: 52 },
        { op: "read", line: 53, quantity: "w_optim.grad" },
        { op: "read", line: 54, quantity: "w_optim.grad", item: true },
      ],
    },
  ],
};
