import torch

x = torch.tensor([1.0, -2.0], requires_grad=True)
y = (x ** 2).sum()
y.backward(retain_graph=True)
first = x.grad.tolist()
y.backward()
second = x.grad.tolist()
print(first, second)
