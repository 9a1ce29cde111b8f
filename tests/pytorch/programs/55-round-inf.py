x = float("inf")
print(x)
y = round(x)
print(y)
