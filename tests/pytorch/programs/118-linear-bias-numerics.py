import torch
model = torch.nn.Linear(7, 3)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.13, -0.27, 0.31, 0.47, -0.59, 0.61, 0.73], [0.83, 0.97, -1.01, 0.11, 0.19, -0.23, 0.29], [-0.37, 0.41, 0.43, -0.53, 0.67, 0.71, -0.79]]))
    model.bias.copy_(torch.tensor([0.017, -0.023, 0.029]))
X = torch.tensor([[1.1, -2.3, 0.7, 3.9, -0.4, 0.05, 2.2], [0.3, 0.9, -1.7, 0.2, 1.3, -2.9, 0.8], [2.1, 0.1, 0.2, -0.3, 0.4, 0.5, -0.6], [-1.0, 1.5, 2.5, -3.5, 0.25, 0.75, 1.25]])
Y = torch.tensor([[0.5, -0.5, 1.0], [1.0, 0.0, -1.0], [0.25, 0.5, 0.75], [-0.1, 0.2, -0.3]])
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
for epoch in range(3):
    pred = model(X)
    loss = torch.nn.MSELoss()(pred, Y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, loss.item())
x1 = model(X[0])
print(x1)
