import torch

M = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
ok = M.T.reshape(-1)
print(ok)
# A transposed matrix is not contiguous: view() refuses it where reshape() copies.
bad = M.T.view(-1)
