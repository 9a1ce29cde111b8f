import torch

X = torch.tensor([1., 2., 3., 4., 5.])
y = 2.0 * X + 1.0
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.01

y_pred = w * X + b
loss = ((y_pred - y) ** 2).mean()
loss.backward()
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * b.grad
print(f"w = {w.item():.4f}, b = {b.item():.4f}")
