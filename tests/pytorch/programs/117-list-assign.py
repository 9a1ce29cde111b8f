losses = [0.0, 0.0, 0.0]
for i in range(3):
    losses[i] = i / 4
    losses[-1] += 1
print(losses)
losses[3] = 1.0
