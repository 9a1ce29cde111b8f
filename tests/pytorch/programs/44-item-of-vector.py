import torch

v = torch.tensor([1.0, 2.0])
x = v.item()
