import torch

# Gradient accumulation: two micro-batches of two, one step.
X = torch.tensor([1., 2., 3., 4.])
y = torch.tensor([2., 4., 6., 8.])
w = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.01)
k = 2

optimizer.zero_grad()
for i in range(k):
    xb = X[i * 2:(i + 1) * 2]
    yb = y[i * 2:(i + 1) * 2]
    loss = ((w * xb - yb) ** 2).mean() / k
    loss.backward()
optimizer.step()
print(w.item())
