import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
with torch.no_grad():
    w.add_(1.0)
    w.mul_(2.0)
    w.div_(4.0)
    w.sub_(0.25)
print(w)
w.fill_(3.0)
