import torch

X = torch.arange(1.0, 6.0)
Y = torch.linspace(0, 1, steps=5)
Z = torch.arange(0, 4, dtype=torch.float32)
w = torch.tensor(0.5, requires_grad=True)
loss = ((w * X - Y) ** 2).mean() + (Z * w).sum()
loss.backward()
print(X.tolist(), Y.tolist())
