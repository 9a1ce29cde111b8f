n = 7
half = n / 2
whole = n // 2
rest = n % 3
neg = -7 // 2
negmod = -7 % 3
power = 2 ** 10
inverse = 2 ** -1
mixed = 3 * 0.5
big = 10 ** 20
f = float(n) + 0.25
i = int(-2.7)
r = round(2.5)
r2 = round(3.14159, 2)
m = max(3, 9, 4)
a = abs(-4.5)
print(half, whole, rest, neg, negmod, power, inverse, mixed, big, f, i, r, r2, m, a)
