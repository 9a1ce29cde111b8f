import torch

name = "epoch"
line = "-" * 10
done = False
flag = True and not done
label = name + " " + str(3)
w = torch.tensor(1.0, requires_grad=True)
is_none = w.grad is None
print(label, line, flag, is_none, "ep" in name)
