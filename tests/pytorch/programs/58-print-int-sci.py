import torch
a = torch.tensor([1., 2000.])
print(a)
b = torch.tensor([3., 1e9])
print(b)
c = torch.tensor([1., 999.])
print(c)
d = torch.tensor([-1., 5000., 2.])
print(d)
