import torch
w = torch.tensor([0.7, -1.3, 2.1], requires_grad=True)
x = torch.tensor([0.3, 1.7, -0.9])
opt = torch.optim.SGD([w], lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01, maximize=True)
for step in range(4):
    opt.zero_grad()
    loss = ((w * x).sum() - 0.37) ** 2
    loss.backward()
    opt.step()
    print(f"{step}: {loss.item():.6f} {w.tolist()}")
