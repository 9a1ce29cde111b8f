import torch
w = torch.tensor([0.5], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, nesterov=True)
