import torch

w = torch.tensor([0.5, -0.5], requires_grad=True)
x = torch.tensor([1.0, 2.0])
target = 1.5
optimizer = torch.optim.SGD([w], lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.01)

for i in range(3):
    optimizer.zero_grad()
    pred = (w * x).sum()
    loss = (pred - target) ** 2
    loss.backward()
    optimizer.step()
print(w.tolist())
