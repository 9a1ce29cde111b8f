import torch
w = torch.tensor([0.5], requires_grad=True)
opt = torch.optim.Adam([w], lr=-0.1)
