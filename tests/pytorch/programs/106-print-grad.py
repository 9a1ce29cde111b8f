import torch
w = torch.tensor([[0.5, -0.25], [1.0, 2.0]], requires_grad=True)
x = torch.tensor([1.0, 3.0])
y = (w @ x).sum()
y.backward()
print(w.grad)
print(y, y.item(), y.tolist())
with torch.no_grad():
    z = w * 2
    print(z, z.requires_grad, torch.is_grad_enabled())
    w -= 0.1 * w.grad
print(w, torch.is_grad_enabled())
