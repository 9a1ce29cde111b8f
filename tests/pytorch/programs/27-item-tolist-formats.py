import torch

v = torch.tensor([0.123456, 12.5, -3.0])
total = v.sum().item()
values = v.tolist()
print(f"{total:.4f}|{total:.2e}|{total:>10.3f}|{total:+.1f}|{values[1]:g}")
print(f"{len(values)} values, first {values[0]}")
print(f"{v.sum():.3f}")
