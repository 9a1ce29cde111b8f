import torch
A = torch.ones(2, 3)
v = torch.ones(2)
print(v @ A)
print(A @ v)
