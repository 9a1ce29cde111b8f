import torch

w = torch.tensor(0.4, requires_grad=True)
w.grad = torch.tensor(-40.0)
X = torch.tensor([1., 2., 3., 4., 5.])
y = X + 3.0
loss = ((w * X - y) ** 2).mean()
loss.backward()
print(w.grad)
w.grad = None
loss2 = ((w * X - y) ** 2).mean()
loss2.backward()
print(w.grad)
