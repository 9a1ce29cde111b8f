import torch
w = torch.tensor([1.0], requires_grad=True)
for epoch in range(2):
    loss = (w * 2.0).sum()
    if epoch == 1:
        print(lr)
