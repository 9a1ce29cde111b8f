import torch

X = torch.tensor([1., 2., 3., 4.])
y = torch.tensor([3., 5., 7., 9.])
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.Adam([w, b], lr=0.1)

for epoch in range(5):
    optimizer.zero_grad()
    loss = ((w * X + b - y) ** 2).mean()
    loss.backward()
    optimizer.step()
print(f"{w.item():.4f} {b.item():.4f}")
