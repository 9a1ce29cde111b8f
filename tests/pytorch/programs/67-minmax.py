import torch
a = torch.tensor(0.5)
b = torch.tensor(2.0)
m = max(a, b)
print(m)
n = min(a, 0.1)
print(n)
print(max(1, 2.0), min(3, 3.0), max(-1, -1.5), max([4, 9, 2]))
print(abs(-3), abs(-2.5), abs(True))
