import torch
a = torch.linspace(-1.0, 1.0, 5) * 1000.0
print(a)
b = torch.tensor([1.0, -2.5, 3.25, 4.0, 5.5, -6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, -13.0, 14.0])
print(b)
c = torch.ones(20) * 3.0
print(c)
d = torch.tensor([[123.456, -0.001], [5.0, 6.0]])
print(d)
e = torch.tensor([100000000.0, 1.0])
print(e)
f = torch.tensor([99999999.0, 2.0])
print(f)
g = torch.tensor([1.0, 2.0], requires_grad=True)
print(g.tolist(), (g * 2).tolist(), torch.tensor([[1.0, 2.5]]).tolist(), g.sum().tolist())
