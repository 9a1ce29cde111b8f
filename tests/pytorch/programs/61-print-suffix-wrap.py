import torch
w = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], requires_grad=True)
print(w)
y = w * 2
print(y)
z = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4], requires_grad=True)
print(z)
m = torch.tensor([[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1]], requires_grad=True)
print(m)
