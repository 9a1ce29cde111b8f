import torch
import torch.nn.functional as F

X = torch.tensor([1., 2., 3.])
y = torch.tensor([2., 3., 5.])
w = torch.tensor(0.5, requires_grad=True)
loss_mean = F.mse_loss(w * X, y)
loss_sum = F.mse_loss(w * X, y, reduction="sum")
loss_sum.backward()
print(f"{loss_mean.item():.4f} {loss_sum.item():.4f} {w.grad.item():.4f}")
