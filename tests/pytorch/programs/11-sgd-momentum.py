import torch

X = torch.tensor([0.5, 1.5, 2.5])
y = torch.tensor([1.0, 2.0, 4.0])
w = torch.tensor(0.2, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.05, momentum=0.9)

for i in range(4):
    optimizer.zero_grad()
    loss = ((w * X - y) ** 2).mean()
    loss.backward()
    optimizer.step()
