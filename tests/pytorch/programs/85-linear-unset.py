import torch
model = torch.nn.Linear(2, 1)
x = torch.tensor([1.0, -3.0])
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt.zero_grad()
print(model.weight.shape)
