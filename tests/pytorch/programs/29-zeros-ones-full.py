import torch

w = torch.zeros(3, requires_grad=True)
b = torch.ones(1, requires_grad=True)
c = torch.full((2, 2), 0.5)
x = torch.tensor([1.0, 2.0, 3.0])
out = (w * x).sum() + b.sum() + c.sum()
out.backward()
print(w.grad, b.grad)
