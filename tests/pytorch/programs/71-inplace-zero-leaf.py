import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w * 2
y.add_(1.0)
print(y)
y.zero_()
print(y, y.grad_fn is None)
w.zero_()
