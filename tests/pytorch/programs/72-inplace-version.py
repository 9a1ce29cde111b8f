import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w.sigmoid()
y.mul_(2.0)
print(y)
y.sum().backward()
print(w.grad)
