import torch

X = torch.tensor([1., 2., 3., 4., 5.])
y = 1.0 * X + 3.0
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.01)

for epoch in range(5):
    optimizer.zero_grad()
    y_pred = w * X + b
    loss = ((y_pred - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch}: loss={loss.item():.3f} w={w.item():.4f} b={b.item():.4f}")
