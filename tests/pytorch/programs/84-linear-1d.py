import torch
model = torch.nn.Linear(2, 1)
with torch.no_grad():
    model.weight.fill_(0.5)
    model.bias.zero_()
x = torch.tensor([1.0, -3.0])
y = model(x)
print(y)
print(model.in_features, model.out_features)
loss = (y - 2.0) ** 2
loss.backward()
print(model.weight.grad, model.bias.grad)
model.zero_grad()
print(model.weight.grad)
