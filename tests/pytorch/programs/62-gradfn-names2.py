import torch
w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
print(w.sum(), w.mean())
print(torch.sigmoid(w))
print(w.relu())
print(torch.nn.functional.mse_loss(w, torch.zeros(3)))
print(w.pow(2))
print(torch.exp(w))
print(w / 2)
print(w - 1)
print(w.tanh())
for r in torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True):
    print(r)
