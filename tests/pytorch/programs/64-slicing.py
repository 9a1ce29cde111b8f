import torch
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
print(X[-1])
print(X[-3:-1])
print(X[1:100])
print(X[-100:2])
print(X[:-2])
L = [10, 20, 30, 40]
print(L[-1], L[1:], L[:-1], L[-10:10], L[3:1])
print(X[4])
