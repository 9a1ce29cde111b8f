import torch
w = torch.tensor([0.7, -1.3, 2.1], requires_grad=True)
x = torch.tensor([0.3, 1.7, -0.9])
opt = torch.optim.Adam([w], lr=0.1, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05, amsgrad=True)
for step in range(6):
    opt.zero_grad()
    loss = ((w * x).sum() - 0.37) ** 2 + (w ** 2).mean()
    loss.backward()
    opt.step()
    print(step, loss.item(), w.tolist())
