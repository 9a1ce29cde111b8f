x = 5
y = "3"
print(x * 2.5, x / 2)
z = x + y
