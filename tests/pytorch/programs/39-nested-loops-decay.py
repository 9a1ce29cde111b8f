import torch

X = torch.tensor([1., 2., 3., 4.])
y = torch.tensor([1.5, 3.5, 5.5, 7.5])
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.05
for epoch in range(2):
    for start in range(0, 4, 2):
        xb = X[start:start + 2]
        yb = y[start:start + 2]
        loss = ((w * xb + b - yb) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad = None
        b.grad = None
    lr = lr * 0.5
