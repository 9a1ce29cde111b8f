import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
x = torch.tensor([3.0, 4.0])
y = w * x
x += 1.0
print(x, y)
y.sum().backward()
print(w.grad)
