import torch
w = torch.tensor([[0.11, -0.23], [0.37, 0.41]], requires_grad=True)
b = torch.tensor([0.05, -0.07], requires_grad=True)
X = torch.tensor([[1.0, 2.0], [0.5, -1.5], [3.0, 0.25]])
Y = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
opt = torch.optim.SGD([w, b], lr=0.03, momentum=0.8, nesterov=True, weight_decay=0.1)
for epoch in range(5):
    pred = X @ w.T + b
    loss = ((pred - Y) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(w, b, loss)
