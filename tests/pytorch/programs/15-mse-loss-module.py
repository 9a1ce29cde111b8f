import torch
import torch.nn as nn

X = torch.tensor([1., 2., 3.])
y = torch.tensor([2., 3., 5.])
w = torch.tensor(0.5, requires_grad=True)
criterion = nn.MSELoss()
loss = criterion(w * X, y)
loss.backward()
print(loss.item(), w.grad.item())
