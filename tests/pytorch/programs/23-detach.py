import torch

w = torch.tensor(1.5, requires_grad=True)
y = w * 3.0
frozen = y.detach()
print(frozen.requires_grad, y.requires_grad)
z = frozen * w
z.backward()
print(w.grad)
