import torch
w = torch.tensor(1.5, requires_grad=True)
total = 0.0
for k in range(3):
    total += w * k
    print(total)
total.backward()
print(w.grad)
n = 4
m = torch.sum(torch.tensor([1.0, 2.0, 3.0, 4.0])) / n
print(m, torch.mean(torch.tensor([[1.0, 2.0], [3.0, 5.0]])))
