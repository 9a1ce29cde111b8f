a = 3
a /= 3
print(a)
b = 2
b *= 1.5
print(b)
c = 10
c -= 15
print(c, -c, +c, abs(c))
d = int(-2.7)
e = float(7)
f = int("12")
g = float("1e-3")
print(d, e, f, g, int(True), float(False))
h = 0.1 + 0.2
print(h, h == 0.3, 1e16 + 1, 2 ** 63, 2.0 ** 63, 1 / 3 * 3)
print(123456789.123456789, 1e-7, 0.1 ** 5, 5e-324, 1.7976931348623157e308 * 10)
