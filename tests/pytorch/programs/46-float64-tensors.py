import torch

a = torch.tensor([0.1, 0.2], dtype=torch.float64, requires_grad=True)
s = (a * a).sum()
s.backward()
print(a.grad, s)
