import torch
x = torch.tensor([1.0, 2.0])
w = torch.tensor([0.5, 0.5], requires_grad=True)
w.retain_grad()
print(w.grad)
x.retain_grad()
