import torch
x = torch.tensor([1.0, 2.0])
y = x * 3.0
x.requires_grad = True
z = x * 3.0
print(y, z)
z.sum().backward()
print(x.grad, y.requires_grad)
x.requires_grad_(False)
print(x, x.grad)
