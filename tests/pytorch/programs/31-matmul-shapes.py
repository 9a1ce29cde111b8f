import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([0.5, -1.0, 2.0])
M = torch.tensor([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]], requires_grad=True)
dot = a @ b
mv = M @ a
mm = M @ torch.tensor([[1.0], [2.0], [3.0]])
total = dot + mv.sum() + mm.mean()
total.backward()
print(a.grad, M.grad)
