import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
d = (w * 2.0).detach()
print(d, d.requires_grad, d.is_leaf, d.grad_fn)
d.requires_grad_()
e = (d * w).sum()
e.backward()
print(d.grad, w.grad)
w.requires_grad = False
print(w)
f = torch.tensor(3.0)
f.requires_grad = True
print(f)
