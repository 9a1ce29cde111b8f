import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
w.grad = torch.tensor([0.5, 0.5])
(w * w).sum().backward()
print(w.grad)
w.grad = None
print(w.grad)
w.grad = torch.tensor([1.0, 2.0, 3.0])
print(w.grad)
