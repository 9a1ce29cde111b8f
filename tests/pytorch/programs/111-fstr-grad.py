import torch
w = torch.tensor(2.0, requires_grad=True)
loss = (w * 3.0 - 1.0) ** 2
loss.backward()
print(f"loss={loss} grad={w.grad} w={w}")
print("loss", loss, "grad", w.grad)
print(f"{w.grad.item():.3f} {loss.item()!r} {str(loss)}")
