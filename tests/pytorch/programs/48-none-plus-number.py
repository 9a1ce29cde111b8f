import torch

w = torch.tensor(1.0, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
(w * 2.0).backward()
opt.zero_grad()
# set_to_none: the gradient is None, not 0.
doubled = w.grad * 2
