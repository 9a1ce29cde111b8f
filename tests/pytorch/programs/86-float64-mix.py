import torch
a = torch.tensor([1.0, 2.0], dtype=torch.float64)
b = torch.tensor([0.1, 0.2])
c = a + b
print(c, c.dtype)
s = torch.tensor(0.1, dtype=torch.float64)
d = b * s
print(d, d.dtype)
e = torch.tensor(0.1) * a
print(e, e.dtype)
f = b + 0.1
print(f.dtype, f)
