import torch
w = torch.tensor(0.123456, requires_grad=True)
loss = (w * 3.0) ** 2
print(f"{loss:.4f} {w:e} {loss:>12.3g} {w}")
print(f"{loss.item():.10f}")
v = torch.tensor([1.5])
print(f"{v}")
print(f"{v:.2f}")
