import torch
X = torch.ones(2, 3)
print(X.shape, X.size(), X.size(0), X.size(1))
print(X.size(-1), X.size(-2))
print(X.ndim, X.dim(), X.numel(), len(X))
print(X.shape[-1])
print(X.size(2))
