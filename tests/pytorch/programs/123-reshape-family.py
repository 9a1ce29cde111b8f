import torch

a = torch.tensor([1., -2., 3., 0.5, 4., -1.], requires_grad=True)
m = a.reshape(2, 3)
col = a.view(6, 1)
row = a.unsqueeze(0)
back = col.squeeze(1)
flat = m.flatten()
s = (m * m).sum() + (col * 2.0).sum() + row.mean() + back[2] + flat[5]
s.backward()
print(m.shape, col.shape, row.shape, back.shape, flat.shape, a.grad)
print(torch.tensor(3.0).unsqueeze(0).shape, torch.tensor([[5.0]]).squeeze().shape, col.size(-2))
