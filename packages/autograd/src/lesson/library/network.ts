import type { Lesson } from "../types";

/**
 * A 2-2-2 network with sigmoid units, the numbers of the classic "backpropagation step by step" worked example
 * (inputs 0.05, 0.10; targets 0.01, 0.99; loss ½·Σ(y_pred - y)²; lr 0.5), written as PyTorch.
 */
export const networkLesson: Lesson = {
  id: "two-layer-sigmoid",
  title: "A two-layer sigmoid network: one full step",
  summary:
    "A network with 2 inputs, 2 hidden sigmoid units and 2 sigmoid outputs, on one example. Predict the hidden " +
    "activations h, the outputs, the loss ½·Σ(y_pred − y)², the gradients that backward() leaves in W2, b2 " +
    "and W1, and the weights after one step of SGD with learning rate 0.5. Then the loop runs again: does " +
    "zero_grad() touch the weights, and did the loss go down?",
  teacherNotes:
    "Same numbers as the well-known step-by-step backpropagation example (W1 = [[.15, .25], [.20, .30]], " +
    "b1 = .35, W2 = [[.40, .50], [.45, .55]], b2 = .60), except that here the biases are updated too. Weights " +
    "are stored as (inputs × outputs), so h = sigmoid(X @ W1 + b1). Loss 0.298371109; W2.grad[0][0] = " +
    "0.082167041 and W2[0][0] becomes 0.35891648. The first layer learns slowly here: W1's gradients are " +
    "below 0.001 and W1 changes only in the fourth digit (0.15 → 0.14978), so questions on W1 cannot tell " +
    "a right answer from a wrong one at classroom precision; the default questions stay on h, y_pred, the " +
    "loss and the second layer. The ½ in the loss cancels the 2 of the square: a good moment to ask what " +
    "the gradients would be without it.",
  source: [
    /*  0 */ "import torch",
    /*  1 */ "",
    /*  2 */ "X = torch.tensor([[0.05, 0.10]])",
    /*  3 */ "y = torch.tensor([[0.01, 0.99]])",
    /*  4 */ "W1 = torch.tensor([[0.15, 0.25], [0.20, 0.30]], requires_grad=True)",
    /*  5 */ "b1 = torch.tensor([0.35, 0.35], requires_grad=True)",
    /*  6 */ "W2 = torch.tensor([[0.40, 0.50], [0.45, 0.55]], requires_grad=True)",
    /*  7 */ "b2 = torch.tensor([0.60, 0.60], requires_grad=True)",
    /*  8 */ "optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=0.5)",
    /*  9 */ "",
    /* 10 */ "for step in range(2):",
    /* 11 */ "    optimizer.zero_grad()",
    /* 12 */ "    h = torch.sigmoid(X @ W1 + b1)",
    /* 13 */ "    y_pred = torch.sigmoid(h @ W2 + b2)",
    /* 14 */ "    loss = 0.5 * ((y_pred - y) ** 2).sum()",
    /* 15 */ "    loss.backward()",
    /* 16 */ "    optimizer.step()",
  ],
  data: { X: [[0.05, 0.1]], y: [[0.01, 0.99]] },
  params: [
    { name: "W1", value: [[0.15, 0.25], [0.2, 0.3]], line: 4 },
    { name: "b1", value: [0.35, 0.35], line: 5 },
    { name: "W2", value: [[0.4, 0.5], [0.45, 0.55]], line: 6 },
    { name: "b2", value: [0.6, 0.6], line: 7 },
  ],
  loss: { kind: "mse", reduction: "sum", scale: 0.5 },
  optimizer: { kind: "sgd", lr: 0.5, line: 8 },
  questions: [
    { checkpoint: "it1.s2", quantity: "h" },
    { checkpoint: "it1.s3", quantity: "y_pred" },
    { checkpoint: "it1.s4", quantity: "loss" },
    { checkpoint: "it1.s5", quantity: "W2.grad" },
    { checkpoint: "it1.s5", quantity: "b2.grad" },
    { checkpoint: "it1.s6", quantity: "W2" },
    { checkpoint: "it1.s6", quantity: "b2.grad" },
    { checkpoint: "it2.s1", quantity: "W2" },
    { checkpoint: "it2.s1", quantity: "W2.grad" },
    { checkpoint: "it2.s4", quantity: "loss" },
  ],
  iterations: [1, 2].map((n) => ({
    id: `it${n}`,
    label: `Step ${n}`,
    statements: [
      { op: "zero_grad" as const, line: 11 },
      { op: "forward" as const, line: 12, kind: "dense" as const, weight: "W1", bias: "b1", out: "h", activation: "sigmoid" as const },
      {
        op: "forward" as const,
        line: 13,
        kind: "dense" as const,
        weight: "W2",
        bias: "b2",
        input: "h",
        activation: "sigmoid" as const,
      },
      { op: "loss" as const, line: 14 },
      { op: "backward" as const, line: 15 },
      { op: "step" as const, line: 16 },
    ],
  })),
};
