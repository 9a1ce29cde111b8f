import torch
a = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
b = torch.tensor([0.5, -0.5], requires_grad=True)
c = a * b + a - b
print(c)
c.sum().backward()
print(a.grad, b.grad)
d = torch.ones(2, 3) + torch.tensor([1.0, 2.0])
