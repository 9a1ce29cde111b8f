import torch
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
a = X[2:1]
print(a)
print(a.shape)
b = X[5:]
print(b)
v = torch.tensor([1.0, 2.0, 3.0])
c = v[3:]
print(c)
print(c.sum(), c.mean())
e = torch.tensor([])
print(e)
