import torch

xs = [1.0, 2.0, 3.0]
ys = [2.0, 4.1, 5.9]
X = torch.tensor(xs)
y = torch.tensor(ys)
w = torch.tensor(1.0, requires_grad=True)
losses = []
for lr in [0.1, 0.05]:
    loss = ((w * X - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    losses.append(loss.item())
print(len(losses), losses[-1], xs[0:2], xs[1])
