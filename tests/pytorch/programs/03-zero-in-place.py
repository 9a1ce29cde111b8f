import torch

X = torch.tensor([1., 2., 3.])
y = torch.tensor([3., 5., 7.])
w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.05

for epoch in range(4):
    y_pred = w * X + b
    loss = ((y_pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    print(epoch, round(loss.item(), 4))
