import torch

w = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
optimizer.step()
print(w.item(), w.grad)
loss = (w - 3.0) ** 2
loss.backward()
optimizer.step()
optimizer.step()
print(w.item())
