import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3
z = y * 2.0
z.backward()
print(x.grad)
# The graph's saved values were freed by the first backward.
z.backward()
