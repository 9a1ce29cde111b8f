import torch

w = torch.tensor(2.0, requires_grad=True)
y_pred = w * 4.0
loss = (y_pred - 1.0) ** 2
loss.backward()
print(y_pred.is_leaf, w.is_leaf)
print(y_pred.grad)
