import torch
print(torch.tensor(-0.0), torch.tensor(1e-5), torch.tensor(1234567.0), torch.tensor(0.1))
print(torch.tensor([1e-5]), torch.tensor([[-0.0001, 1e4]]))
print(torch.tensor(3.0, requires_grad=True), torch.tensor([1.0, 2.0]).shape, torch.tensor(5.0).shape)
print(torch.float32, torch.tensor(1.0).dtype)
print([torch.tensor(1.0), torch.tensor([2.0, 3.0])])
print(torch.tensor([0.1, 0.25]) * 1e-9)
print(torch.tensor([12345.678, 0.5]))
