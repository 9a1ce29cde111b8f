import torch

a = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
e = torch.exp(a)
l = a.log()
s = (e + l).sum()
s.backward()
m = a.exp().mean()
print(f"{s.item():.5f} {m.item():.5f}")
