import torch
a = torch.arange(0.0, 1001.0)
print(a)
b = torch.ones(2, 30) * 0.5
print(b)
c = torch.linspace(0.0, 1.0, 3) * 123456.0
print(c)
