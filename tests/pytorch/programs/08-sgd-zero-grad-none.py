import torch
import torch.optim as optim

w = torch.tensor(0.0, requires_grad=True)
X = torch.tensor([1., 2., 3.])
y = torch.tensor([2., 4., 6.])
optimizer = optim.SGD([w], lr=0.01)
loss = ((w * X - y) ** 2).mean()
loss.backward()
optimizer.step()
optimizer.zero_grad()
print(f"w.grad after zero_grad(): {w.grad}")
