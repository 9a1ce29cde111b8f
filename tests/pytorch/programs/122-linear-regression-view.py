import torch
import torch.nn as nn

# A linear regression as tutorials write it: the inputs as a column with view(-1, 1), nn.Linear(1, 1).
torch.manual_seed(0)
x = torch.tensor([1., 2., 3., 4., 5.])
X = x.view(-1, 1)
y = (2.0 * x + 1.0).unsqueeze(1)
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.5)
    model.bias.zero_()
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
model.train()
for epoch in range(3):
    optimizer.zero_grad()
    pred = model(X)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch}: loss {loss.item():.4f}, w {model.weight.item():.4f}, b {model.bias.item():.4f}")
model.eval()
with torch.no_grad():
    guess = model(torch.tensor([[6.0]])).squeeze()
print(guess, guess.shape)
