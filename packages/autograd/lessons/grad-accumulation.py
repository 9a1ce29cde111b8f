# ---
# id: grad-accumulation
# title: "Gradient accumulation: k micro-batches, one step"
# summary: >-
#   When a batch does not fit in memory, we can split it into k micro-batches, call backward() on each and step
#   once. We first compute the gradient of the whole batch of four points, then the same batch as two
#   micro-batches of two, each loss divided by k = 2. Predict .grad after each micro-batch, and compare what the
#   optimizer finally uses with the gradient of the whole batch.
# teacher_notes: >-
#   Data x = 1..4, y = x + 3, w = b = 0, lr 0.01. Full batch: loss 31.5, gradients -30 and -11. Micro-batch 1 (x
#   = 1, 2) adds -7 and -4.5; micro-batch 2 (x = 3, 4) adds -23 and -6.5; the totals equal the full batch, and
#   the step gives w = 0.3, b = 0.11. A student who answers -23 after the second backward believes backward()
#   overwrites .grad. Ask why the losses are divided by k (and what happens with unequal micro-batch sizes: the
#   mean of means is no longer the full mean).
# vary: [w, b, y, lr]
# sections:
#   - { id: full, label: The whole batch (no step), line: 11 }
#   - { id: micro, label: "Two micro-batches, one step", line: 17 }
# questions:
#   - { line: 5, quantity: w.grad }
#   - { line: 13, quantity: loss }
#   - { line: 14, quantity: w.grad }
#   - { line: 14, quantity: b.grad }
#   - { line: 17, quantity: w.grad }
#   - { line: 21, quantity: w.grad }
#   - { line: 21, pass: 2, quantity: w.grad }
#   - { line: 21, pass: 2, quantity: b.grad }
#   - { line: 22, quantity: w }
#   - { line: 22, quantity: w.grad }
# ---
import torch

X = torch.tensor([1., 2., 3., 4.])
y = X + 3.0
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.01)
k = 2  # micro-batches

# The whole batch at once, for comparison (no step)
optimizer.zero_grad()
y_pred = w * X + b
loss = ((y_pred - y) ** 2).mean()
loss.backward()

# The same batch as k micro-batches: each loss divided by k, one step
optimizer.zero_grad()
for i in range(k):
    y_pred = w * X[2*i:2*i+2] + b
    loss = ((y_pred - y[2*i:2*i+2]) ** 2).mean() / k
    loss.backward()
optimizer.step()
