import torch

x = torch.tensor([1.0, -2.0])
W1 = torch.tensor([[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1]], requires_grad=True)
b1 = torch.tensor([0.0, 0.1, -0.1], requires_grad=True)
W2 = torch.tensor([0.7, -0.4, 0.2], requires_grad=True)
h = torch.relu(W1 @ x + b1)
out = torch.tanh(W2 @ h)
loss = (out - 0.5) ** 2
loss.backward()
print(W1.grad)
print(b1.grad)
