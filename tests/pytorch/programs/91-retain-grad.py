import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
h = w * 3.0
h.retain_grad()
z = h.sigmoid()
out = z.sum()
print(z.grad)
out.backward()
print(h.grad, z.grad, w.grad)
print(h.is_leaf, z.is_leaf, w.is_leaf, out.requires_grad)
