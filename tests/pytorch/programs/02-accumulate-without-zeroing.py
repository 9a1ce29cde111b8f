import torch

# Two backward passes with no zeroing between them: .grad adds up.
X = torch.tensor([1., 2., 3.])
y = torch.tensor([2., 4., 6.])
w = torch.tensor(0.5, requires_grad=True)
lr = 0.1

for step in range(3):
    loss = ((w * X - y) ** 2).mean()
    loss.backward()
    print(f"step {step}: loss {loss.item():.4f}, w.grad {w.grad.item():.4f}")
    with torch.no_grad():
        w -= lr * w.grad
