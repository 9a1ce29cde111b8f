import torch
v = torch.tensor([0.5, 1.5, -2.0])
total = 0.0
for x in v:
    total = total + x
    print(x, total)
print(total.item(), len(v))
for row in torch.tensor([[1.0, 2.0], [3.0, 4.0]]):
    print(row.sum(), row.shape)
for ch in "ab":
    print(ch)
