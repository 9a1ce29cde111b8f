import torch
from torch import optim

w = torch.tensor([1.0, -1.0, 0.5], requires_grad=True)
x = torch.tensor([0.3, 0.6, 0.9])
optimizer = optim.Adam([w], lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)

for i in range(3):
    optimizer.zero_grad()
    loss = ((w * x).sum() - 2.0) ** 2
    loss.backward()
    optimizer.step()
