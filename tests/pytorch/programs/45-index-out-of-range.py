import torch

X = torch.tensor([1.0, 2.0, 3.0])
first = X[0]
last = X[-1]
missing = X[3]
