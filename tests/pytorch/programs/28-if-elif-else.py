import torch

w = torch.tensor(0.0, requires_grad=True)
X = torch.tensor([1., 2., 3.])
y = torch.tensor([1., 2., 3.])
lr = 0.1
for step in range(6):
    loss = ((w * X - y) ** 2).mean()
    if loss.item() > 1.0:
        status = "high"
    elif loss.item() > 0.01 and not step == 0:
        status = "medium"
    else:
        status = "low"
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad = None
    print(step, status)
