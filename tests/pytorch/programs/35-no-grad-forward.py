import torch

w = torch.tensor(1.0, requires_grad=True)
with torch.no_grad():
    y = w * 2.0
print(y.requires_grad, y.grad_fn is None)
y.backward()
