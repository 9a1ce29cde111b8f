count = 0
total = 3.0
mean = total / count
