import torch
import torch.nn as nn
model = nn.Linear(3, 2, bias=False)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
print(model)
X = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
Y = torch.tensor([[0.5, 1.0], [0.0, -1.0]])
loss_fn = nn.MSELoss(reduction="sum")
opt = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(3):
    loss = loss_fn(model(X), Y)
    model.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, loss)
print(model.weight, model.bias)
