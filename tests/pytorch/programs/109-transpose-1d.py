import torch
v = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = v.T
b = v.t()
print(a, b)
s = torch.tensor(2.0)
print(s.T, s.t())
M = torch.tensor([[1.0, 2.0, 3.0]])
print(M.T.shape, M.t().T.shape)
