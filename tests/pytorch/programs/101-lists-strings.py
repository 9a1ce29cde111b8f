hist = []
for e in range(3):
    hist.append(e * 0.1)
print(hist, len(hist), hist[-1])
a = [1, 2] + [3.0]
b = [0] * 3
c = "ab" * 2 + "c"
print(a, b, c, str(a), str(1.0), str(10 ** 20), str(True))
s = "it's"
print([s, "q\"x", "tab\there"])
print(f"{s!r} {hist!r}")
print("a", "b", sep="-", end="!\n")
print(3 in a, 5 not in a, "b" in c)
