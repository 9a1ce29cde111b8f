import torch

W = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
x = torch.tensor([[0.5, -0.5, 1.0]])
out = x @ W
alt = (W.T @ x.t()).sum()
total = out.sum() + alt
total.backward()
print(W.grad)
