import torch
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
b = torch.tensor([0.1, 0.2])
print(a @ b)
