import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
w.grad.zero_()
loss = (w * w).sum()
loss.backward()
loss.backward()
print(w.grad)
w -= 0.1 * w.grad
y = torch.ones(3) @ torch.ones(4)
print(missing)
print("end", w)
