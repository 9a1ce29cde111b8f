a = 7
b = -2
print(a // b, a % b, -a // 2, -a % 3)
c = 7.5
print(c // 2, c % -2, -c // 2)
d = -4.0 % 2.0
print(d)
e = 4.0 % -2.0
print(e)
f = 1 // 0.1
print(f)
g = 1 % 0.1
print(g)
print(2 ** -2, 2 ** 10, 2.0 ** 3, (-2) ** 3)
print(-2 ** 2, 2 ** 3 ** 2)
print(10 / 5, 10 / 4, 1 / 3)
