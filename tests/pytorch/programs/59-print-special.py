import torch
a = torch.tensor([0., -0.])
print(a)
b = torch.tensor([-1., 0., 1.]) / 0
print(b)
c = torch.log(torch.tensor([1., -1.]))
print(c)
d = torch.tensor([0.5, float("inf")])
print(d)
e = -torch.zeros(3)
print(e)
f = torch.tensor([-0.0, 0.25])
print(f)
