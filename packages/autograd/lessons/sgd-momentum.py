# ---
# id: sgd-momentum
# title: "Momentum: old gradients keep pushing"
# summary: >-
#   With momentum, optimizer.step() keeps a running buffer for each parameter, buffer = 0.9 · buffer + gradient,
#   and moves the parameter by lr times the buffer. We take two ordinary steps on the seed's data, then a step
#   after zero_grad(set_to_none=False), and finally a step after the default zero_grad(). Predict the parameters
#   after each step: does a step move anything when there is no new gradient?
# teacher_notes: >-
#   Same data and start as the seed (x = 1..5, y = x + 3, w = b = 0), lr 0.01, momentum 0.9. Step 1 equals plain
#   SGD (the buffer starts as the first gradient): w = 0.4, b = 0.12. Step 2: gradients -30.48 and -9.36,
#   buffers -66.48 and -20.16, so w = 1.0648 and b = 0.3216 (plain SGD would give 0.7048). Step 3 with zeroed
#   gradients still moves w to 1.66312 (buffer -59.832). Step 4 after the default zero_grad() leaves w at
#   1.66312: PyTorch's SGD skips parameters whose .grad is None. That last step separates students who think
#   zero_grad() writes zeros (they predict 2.201608) from those who know it writes None.
# vary: [w, b, y, lr]
# sections:
#   - { id: it1, label: Step 1, line: 10 }
#   - { id: it2, label: Step 2, line: 10, pass: 2 }
#   - { id: it3, label: "Step 3: zero gradients, momentum still pushes", line: 17 }
#   - { id: it4, label: "Step 4: .grad is None, the step skips the parameters", line: 21 }
# questions:
#   - { line: 5, quantity: w.grad }
#   - { line: 13, quantity: w.grad }
#   - { line: 14, quantity: w }
#   - { line: 14, pass: 2, quantity: w }
#   - { line: 14, pass: 2, quantity: w.grad }
#   - { line: 17, quantity: w }
#   - { line: 18, quantity: w }
#   - { line: 21, quantity: w.grad }
#   - { line: 22, quantity: w }
# ---
import torch

X = torch.tensor([1., 2., 3., 4., 5.])
y = 1.0 * X + 3.0
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.01, momentum=0.9)

for step in range(2):
    optimizer.zero_grad()
    y_pred = w * X + b
    loss = ((y_pred - y) ** 2).mean()
    loss.backward()
    optimizer.step()

# A batch is skipped (its data was bad), but the loop still steps:
optimizer.zero_grad(set_to_none=False)
optimizer.step()

# Again, after the default zero_grad()
optimizer.zero_grad()
optimizer.step()
