import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w ** 2
y.backward(gradient=torch.tensor([1.0, 1.0, 1.0]))
