import torch

w = torch.tensor(0.4, requires_grad=True)
print(w.grad)
# No backward yet: .grad is None, and None has no zero_().
w.grad.zero_()
print("never printed")
