import torch
w = torch.tensor([0.5, 0.25], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.01, maximize=True)
for i in range(3):
    opt.zero_grad(set_to_none=False)
    r = -(w - 1.0).pow(2).sum()
    r.backward()
    opt.step()
    print(w)
