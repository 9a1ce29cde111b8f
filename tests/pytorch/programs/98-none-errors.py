import torch
w = torch.tensor([1.0], requires_grad=True)
g = w.grad
x = None
print(x is None, g is None, w.grad is None)
y = x * 2
