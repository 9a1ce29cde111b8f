import torch

x = torch.tensor([1.0, 2.0])
print(x.requires_grad)
x.requires_grad_()
y = (x * x).sum()
y.backward()
print(x.grad)
c = torch.tensor(3.0)
c.requires_grad = True
d = c * 2.0
d.backward()
