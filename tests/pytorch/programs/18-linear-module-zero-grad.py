import torch
import torch.nn as nn

layer = nn.Linear(3, 2)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[0.1, 0.2, 0.3], [-0.1, 0.0, 0.1]]))
    layer.bias.zero_()
x = torch.tensor([1.0, 2.0, 3.0])
out = layer(x).sum()
out.backward()
g = layer.weight.grad.tolist()
layer.zero_grad()
print(layer.weight.grad, g)
