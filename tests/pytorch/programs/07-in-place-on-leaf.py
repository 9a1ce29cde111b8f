import torch

w = torch.tensor(0.0, requires_grad=True)
X = torch.tensor([1., 2.])
loss = ((w * X - 3.0) ** 2).mean()
loss.backward()
lr = 0.1
# Outside torch.no_grad(): PyTorch refuses to change a leaf that requires grad in place.
w -= lr * w.grad
