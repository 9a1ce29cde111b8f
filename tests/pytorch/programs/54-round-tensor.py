import torch
x = torch.tensor(2.5)
r = round(x)
print(r)
y = torch.tensor(1.2345)
q = round(y, 2)
print(q)
