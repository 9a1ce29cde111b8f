import torch

w = torch.tensor(0.4, requires_grad=True)
X = torch.tensor([1., 2., 3., 4., 5.])
y_pred = w * X
loss = ((y_pred - 2.0) ** 2).mean()
print(w)
print(X)
print(y_pred)
print(loss)
print(X.shape, X.shape[0], len(X))
print(torch.tensor([[1.0, 2.5], [3.0, 4.0]]))
print(torch.tensor([0.00001, 1.0]))
print(torch.tensor([-40.0]))
