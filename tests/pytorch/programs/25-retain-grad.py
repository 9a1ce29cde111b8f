import torch

w = torch.tensor(2.0, requires_grad=True)
h = w * 3.0
h.retain_grad()
out = h ** 2
out.backward()
print(h.grad, w.grad)
