# ---
# id: autograd-traps
# title: "Traps: None gradients, non-leaf tensors and in-place updates"
# summary: >-
#   Four lines that surprise almost everyone. For each one, decide first whether it runs at all: a line can give
#   a number, give None, or raise an error. We use the seed's model (y = w·x + b, trained by hand with a
#   learning rate lr) and look at zeroing a gradient before any backward(), reading the gradient of a
#   prediction, calling backward() twice, and updating a parameter outside torch.no_grad().
# teacher_notes: >-
#   Trap 1: before the first backward w.grad is None, so w.grad.zero_() raises AttributeError ('NoneType' object
#   has no attribute 'zero_'); this is why training loops call optimizer.zero_grad() instead. Trap 2: y_pred is
#   not a leaf, so PyTorch does not keep its .grad (None, with a UserWarning) unless y_pred.retain_grad() was
#   called; its gradient would have been 0.4·(y_pred - y). Trap 3: backward() frees the graph's saved tensors,
#   so a second call raises RuntimeError; students who answer -80 expect it to accumulate again. Trap 4: w -= lr
#   * w.grad outside torch.no_grad() raises RuntimeError (a leaf that requires grad used in an in-place
#   operation); inside no_grad it gives w = 0.4, b = 0.12 as in the seed.
# vary: [w, b, y, lr]
# sections:
#   - { id: trap1, label: "Trap 1: zeroing a gradient before any backward()", line: 10 }
#   - { id: trap2, label: "Trap 2: the gradient of a non-leaf tensor", line: 14 }
#   - { id: trap3, label: "Trap 3: backward() twice", line: 20 }
#   - { id: trap4, label: "Trap 4: updating a parameter outside torch.no_grad()", line: 23 }
# questions:
#   - { line: 10, quantity: w.grad }
#   - { line: 11, quantity: w.grad }
#   - { line: 16, quantity: w.grad }
#   - { line: 17, quantity: y_pred.grad }
#   - { line: 20, quantity: w.grad }
#   - { line: 23, quantity: w }
#   - { line: 25, quantity: w }
#   - { line: 26, quantity: b }
# ---
import torch

X = torch.tensor([1., 2., 3., 4., 5.])
y = 1.0 * X + 3.0
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.01

# Trap 1
print(w.grad)
w.grad.zero_()

# Trap 2
y_pred = w * X + b
loss = ((y_pred - y) ** 2).mean()
loss.backward()
print(y_pred.grad)

# Trap 3
loss.backward()

# Trap 4
w -= lr * w.grad
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * b.grad
