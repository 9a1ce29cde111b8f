import torch

w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)
X = torch.tensor([1., 2., 3.])
y = torch.tensor([2., 4., 6.])
optimizer = torch.optim.SGD([w, b], lr=0.01)
loss = ((w * X + b - y) ** 2).mean()
loss.backward()
optimizer.step()
optimizer.zero_grad(set_to_none=False)
print(w.grad, b.grad)
