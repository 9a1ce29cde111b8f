import torch

w = torch.tensor(0.0, requires_grad=True)
X = torch.tensor([1., 2., 3.])
y = torch.tensor([2., 4., 6.])
lr = 0.01
for i in range(3):
    loss = ((w * X - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w += lr * w.grad
    w.grad.zero_()
