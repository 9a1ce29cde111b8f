# ---
# id: two-layer-sigmoid
# title: "A two-layer sigmoid network: one full step"
# summary: >-
#   A network with 2 inputs, 2 hidden sigmoid units and 2 sigmoid outputs, on one example. Predict the hidden
#   activations h, the outputs, the loss ½·Σ(y_pred − y)², the gradients that backward() leaves in W2, b2 and
#   W1, and the weights after one step of SGD with learning rate 0.5. Then the loop runs again: does zero_grad()
#   touch the weights, and did the loss go down?
# teacher_notes: >-
#   Same numbers as the well-known step-by-step backpropagation example (W1 = [[.15, .25], [.20, .30]], b1 =
#   .35, W2 = [[.40, .50], [.45, .55]], b2 = .60), except that here the biases are updated too. Weights are
#   stored as (inputs × outputs), so h = sigmoid(X @ W1 + b1). Loss 0.298371109; W2.grad[0][0] = 0.082167041 and
#   W2[0][0] becomes 0.35891648. The first layer learns slowly here: W1's gradients are below 0.001 and W1
#   changes only in the fourth digit (0.15 → 0.14978), so questions on W1 cannot tell a right answer from a
#   wrong one at classroom precision; the default questions stay on h, y_pred, the loss and the second layer.
#   The ½ in the loss cancels the 2 of the square: a good moment to ask what the gradients would be without it.
# vary: []  # the published worked example keeps its numbers
# picture: { params: ["W2[0][0]", "W2[1][0]"] }
# sections:
#   - { id: it1, label: Step 1, line: 12 }
#   - { id: it2, label: Step 2, line: 12, pass: 2 }
# questions:
#   - { line: 5, quantity: W1.grad }
#   - { line: 13, quantity: h }
#   - { line: 14, quantity: y_pred }
#   - { line: 15, quantity: loss }
#   - { line: 16, quantity: W2.grad }
#   - { line: 16, quantity: b2.grad }
#   - { line: 17, quantity: W2 }
#   - { line: 17, quantity: b2.grad }
#   - { line: 12, pass: 2, quantity: W2 }
#   - { line: 12, pass: 2, quantity: W2.grad }
#   - { line: 15, pass: 2, quantity: loss }
# ---
import torch

X = torch.tensor([[0.05, 0.10]])
y = torch.tensor([[0.01, 0.99]])
W1 = torch.tensor([[0.15, 0.25], [0.20, 0.30]], requires_grad=True)
b1 = torch.tensor([0.35, 0.35], requires_grad=True)
W2 = torch.tensor([[0.40, 0.50], [0.45, 0.55]], requires_grad=True)
b2 = torch.tensor([0.60, 0.60], requires_grad=True)
optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=0.5)

for step in range(2):
    optimizer.zero_grad()
    h = torch.sigmoid(X @ W1 + b1)
    y_pred = torch.sigmoid(h @ W2 + b2)
    loss = 0.5 * ((y_pred - y) ** 2).sum()
    loss.backward()
    optimizer.step()
