import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w * 2.0
y.backward(torch.tensor([1.0, 0.5]))
print(w.grad)
x = torch.tensor([1.0, 2.0])
l = (x * 2.0).sum()
l.backward()
