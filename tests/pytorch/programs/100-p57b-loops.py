total = 0
for i in range(10, 0, -3):
    for j in range(i, i + 2):
        total += j
    print(i, total)
for k in range(0):
    print("never")
for x in [1.5, -2, True, "a", 0.0, None]:
    if x == 1 or x == "a":
        print("one-or-a", x)
    elif not x:
        print("falsy", x)
    else:
        print("other", x)
print(range(3), range(1, 10, 2), range(5, -1, -1))
r = 0 or 2.5
q = 3 and 0
print(r, q, None or "d", 1 and "y")
