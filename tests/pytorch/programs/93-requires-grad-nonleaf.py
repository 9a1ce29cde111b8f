import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w * 2.0
y.requires_grad_()
print(y)
y.requires_grad_(False)
