import torch

x = torch.tensor([0.5, -1.0, 2.0])
t = torch.tensor([1.0, 0.0, 1.0])
w = torch.tensor(0.3, requires_grad=True)
b = torch.tensor(-0.1, requires_grad=True)
lr = 0.5

for i in range(3):
    p = torch.sigmoid(w * x + b)
    loss = ((p - t) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
