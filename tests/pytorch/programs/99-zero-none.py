import torch
w = torch.tensor([1.0], requires_grad=True)
for i in range(3):
    if i > 0:
        w.grad.zero_()
    (w * 2.0).sum().backward()
    print(i, w.grad)
opt = torch.optim.SGD([w], lr=0.1)
opt.zero_grad()
w.grad.zero_()
