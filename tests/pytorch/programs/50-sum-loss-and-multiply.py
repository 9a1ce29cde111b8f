import torch

X = torch.tensor([1., 2., 3.])
y = torch.tensor([1., 1., 1.])
w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
loss = ((w * X + b - y) ** 2).sum()
loss.backward()
with torch.no_grad():
    w *= 0.9
    b /= 2.0
    w.sub_(0.01 * w.grad)
    b.add_(b.grad, )
print(w.item(), b.item())
