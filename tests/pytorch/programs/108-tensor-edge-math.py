import torch
w = torch.tensor([0.0, -1.0, 4.0], requires_grad=True)
a = w ** 0.5
b = torch.relu(w)
c = torch.log(w + 1.0)
d = w * True + False
e = 3 - w / 2
f = (w ** 2).sum() + b.sum() + (w.pow(3)).sum()
f.backward()
print(a, b, c, d, e, sep="\n")
print(w.grad)
g = w.detach() ** 0
print(g)
h = torch.tensor(2.0) ** torch.tensor([0.5, -1.0])
print(h)
