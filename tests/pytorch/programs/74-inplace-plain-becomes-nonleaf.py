import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
acc = torch.zeros(2)
acc += w
print(acc, acc.is_leaf, acc.requires_grad)
acc *= 3.0
print(acc)
acc.sum().backward()
print(w.grad)
