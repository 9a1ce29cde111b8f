import torch
v = torch.tensor([1.0, 2.0, 3.0])
print(v[-3])
s = torch.tensor(5.0)
print(s[0])
