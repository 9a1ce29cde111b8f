# ---
# id: seed-zero-grad
# title: One step of gradient descent, and why we zero the gradients
# summary: >-
#   We fit y = w·x + b to five points that lie on a line, starting from the parameters and the learning rate in
#   the code. You will predict the predictions, the mean squared error, the gradients that loss.backward()
#   leaves in w.grad and b.grad, and the parameters after each update. Then iteration 2 is run twice from the
#   same state, once after zeroing the gradients and once without: what does backward() do with a gradient that
#   is already there? Last, the same step is taken with torch.optim.SGD: what does its zero_grad() leave behind?
# teacher_notes: >-
#   Iteration 1 has clean numbers (loss 38, gradients -40 and -12, then w = 0.4, b = 0.12): ask for them before
#   any formula is written down. Iteration 2A repeats the step after w.grad.zero_(); iteration 2B re-creates the
#   parameters in the state after iteration 1 but keeps the old gradients, so backward() accumulates to -70.48
#   and -21.36 and the step overshoots to 1.1048. The loss of iteration 2 is 22.6224 (the written walkthrough
#   says 24.096, which is wrong). In the torch.optim part, PyTorch 2.x's optimizer.zero_grad() sets .grad to
#   None (set_to_none=True), so printing w_optim.grad shows None and w_optim.grad.item() raises AttributeError:
#   students who answer 0.0 learned PyTorch 1.x or the walkthrough's comment. Good discussion: why does
#   w.grad.zero_() work in 2A but would raise right after optimizer.zero_grad()? The program is the written
#   walkthrough's, without the comments that state the expected values (they would give the answers away, and
#   three of them are wrong for PyTorch 2.x).
# vary: [w, b, y, lr]
# sections:
#   - { id: start, label: Before training, line: 15 }
#   - { id: it1, label: Iteration 1, line: 22 }
#   - { id: it2a, label: "Iteration 2, scenario A: with zeroing", line: 61 }
#   - { id: it2b, label: "Iteration 2, scenario B: without zeroing", line: 93 }
#   - { id: sgd, label: The same first step with torch.optim.SGD, line: 125 }
# questions:
#   - { line: 17, quantity: w.grad }
#   - { line: 42, quantity: loss }
#   - { line: 47, quantity: w.grad }
#   - { line: 47, quantity: b.grad }
#   - { line: 53, quantity: w }
#   - { line: 65, quantity: w }
#   - { line: 74, quantity: loss }
#   - { line: 78, quantity: w.grad }
#   - { line: 114, quantity: w_no_zero.grad }
#   - { line: 119, quantity: w_no_zero }
#   - { line: 140, quantity: w_optim }
#   - { line: 140, quantity: w_optim.grad }
#   - { line: 144, quantity: w_optim.grad }
#   - { line: 145, quantity: w_optim.grad }
# known_mistakes:
#   - id: walkthrough-loss-24096
#     line: 74
#     quantity: loss
#     value: 24.096
#     title: "The written walkthrough's 24.096"
#     explanation: >-
#       The written walkthrough prints 24.096 here, and it is wrong: after iteration 1, w = 0.4 and b = 0.12, so
#       the predictions are 0.52, 0.92, 1.32, 1.72, 2.12 and the errors against y = 4…8 are −3.48, −4.08, −4.68,
#       −5.28, −5.88. Their squares sum to 113.112, and the mean is 113.112 / 5 = 22.6224 (real PyTorch prints
#       22.6224 too).
# copies:
#   - { line: 93, from: { line: 53, quantity: w } }
#   - { line: 94, from: { line: 54, quantity: b } }
#   - { line: 98, from: { line: 47, quantity: w.grad } }
#   - { line: 99, from: { line: 47, quantity: b.grad } }
#   - { line: 126, from: { line: 9, quantity: w } }
#   - { line: 127, from: { line: 10, quantity: b } }
# ---
import torch
import torch.optim as optim

# --- 0. DATA AND MODEL INITIALIZATION ---
X = torch.tensor([1., 2., 3., 4., 5.])         
y = 1.0 * X + 3.0                               

# requires_grad=True to TRACK THE GRADIENTS!
w = torch.tensor(0.0, requires_grad=True)        
b = torch.tensor(0.0, requires_grad=True)        

lr = 0.01                                        # Learning rate
N = X.shape[0]                                   # Number of samples (for MSE mean)

print("--- Initial State ---")
print(f"w = {w.item():.4f}, b = {b.item():.4f}")
print(f"w.grad = {w.grad}, b.grad = {b.grad}")
print("-" * 30)

# --- ITERATION 1: Demonstrating one full step ---

print("\n=== ITERATION 1 (with zero_grad) ===")

# Manual equivalent: w.grad = 0, b.grad = 0
# At this point, w.grad and b.grad are still None
# or, if a backward pass happened, they'd have values.
# For the first pass, they don't exist yet, so zero_() would be skipped.
# We'll explicitly set them to None to simulate a clean start for demonstration clarity.
if w.grad is not None:
    w.grad = None
if b.grad is not None:
    b.grad = None
print(f"1.1 After manual 'zero_grad' (for clarity, setting to None): w.grad={w.grad}, b.grad={b.grad}")

# --- Step 1: FORWARD PASS ---
# Math: y_hat_i = w * x_i + b
y_pred = w * X + b
print(f"1.2 Forward Pass: y_pred = {y_pred.tolist()}")

# --- Step 2: COMPUTE LOSS (MSE) ---
# Math: L = (1/N) * sum_i (y_hat_i - y_i)^2
loss = ((y_pred - y) ** 2).mean()
print(f"1.3 Loss: {loss.item():.2f}")

# --- Step 3: BACKWARD PASS (Autograd computes gradients) ---
# Math: dL/dw = (2/N) * sum(error * x); dL/db = (2/N) * sum(error)
loss.backward() # This computes dL/dw and dL/db and stores them in w.grad, b.grad
print(f"1.4 After Backward Pass: w.grad = {w.grad.item():.2f}, b.grad = {b.grad.item():.2f}")

# --- Step 4: OPTIMIZER STEP (Update parameters) ---
# Math: parameter = parameter - lr * gradient
with torch.no_grad(): # Disable gradient tracking for this update operation
    w -= lr * w.grad  # Update w
    b -= lr * b.grad  # Update b
print(f"1.5 After Update: w = {w.item():.4f}, b = {b.item():.4f}")

print("-" * 30)

# --- ITERATION 2, SCENARIO A: WITH zero_grad() (Correct way) ---

print("\n=== ITERATION 2A (WITH zero_grad) ===")

# --- Step A: ZERO GRADS ---
# Manual equivalent: w.grad = 0, b.grad = 0
w.grad.zero_()
b.grad.zero_()
print(f"2A.1 After zero_grad: w.grad={w.grad.item():.2f}, b.grad={b.grad.item():.2f}")

# --- Step B: FORWARD PASS ---
y_pred = w * X + b
print(f"2A.2 Forward Pass: y_pred = {y_pred.tolist()}")

# --- Step C: COMPUTE LOSS ---
loss = ((y_pred - y) ** 2).mean()
print(f"2A.3 Loss: {loss.item():.3f}")

# --- Step D: BACKWARD PASS ---
loss.backward()
print(f"2A.4 After Backward Pass: w.grad = {w.grad.item():.2f}, b.grad = {b.grad.item():.2f}")

# --- Step E: OPTIMIZER STEP ---
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * b.grad
print(f"2A.5 After Update: w = {w.item():.4f}, b = {b.item():.4f}")

print("-" * 30)

# --- ITERATION 2, SCENARIO B: WITHOUT zero_grad() (Accumulation problem) ---

# To demonstrate, we need to reset w,b and their grads to the state
# *after* the first update, as if zero_grad() was never called for iteration 2.
w_no_zero = torch.tensor(0.4, requires_grad=True)
b_no_zero = torch.tensor(0.12, requires_grad=True)

# Manually assign the gradients that would have been left from iteration 1
# This simulates forgetting to call zero_grad() before the second backward pass
w_no_zero.grad = torch.tensor(-40.0)
b_no_zero.grad = torch.tensor(-12.0)

print("\n=== ITERATION 2B (WITHOUT zero_grad) ===")
print(f"Initial state for 2B: w = {w_no_zero.item():.4f}, b = {b_no_zero.item():.4f}")
print(f"  Existing w.grad = {w_no_zero.grad.item():.2f}, b.grad = {b_no_zero.grad.item():.2f}")

# --- Step B: FORWARD PASS (Same as 2A) ---
y_pred_no_zero = w_no_zero * X + b_no_zero
print(f"2B.1 Forward Pass: y_pred = {y_pred_no_zero.tolist()}")

# --- Step C: COMPUTE LOSS (Same as 2A) ---
loss_no_zero = ((y_pred_no_zero - y) ** 2).mean()
print(f"2B.2 Loss: {loss_no_zero.item():.3f}")

# --- Step D: BACKWARD PASS (!!! GRADIENTS ACCUMULATE !!!) ---
loss_no_zero.backward() # This will ADD new gradients to existing -40 and -12
print(f"2B.3 After Backward Pass: w.grad = {w_no_zero.grad.item():.2f}, b.grad = {b_no_zero.grad.item():.2f}")

# --- Step E: OPTIMIZER STEP ---
with torch.no_grad():
    w_no_zero -= lr * w_no_zero.grad
    b_no_zero -= lr * b_no_zero.grad
print(f"2B.4 After Update: w = {w_no_zero.item():.4f}, b = {b_no_zero.item():.4f}")
print("-" * 30)

# --- Using torch.optim.SGD for comparison (briefly) ---
print("\n=== Using torch.optim.SGD (standard practice) ===")
w_optim = torch.tensor(0.0, requires_grad=True)
b_optim = torch.tensor(0.0, requires_grad=True)
optimizer = optim.SGD([w_optim, b_optim], lr=lr)

# Simulating a training step using optimizer API
print("Simulating first optimizer step:")
y_pred_optim = w_optim * X + b_optim
loss_optim = ((y_pred_optim - y)**2).mean()

# The backward pass computes gradients
loss_optim.backward()
print(f"  w_optim.grad before optimizer.step(): {w_optim.grad.item():.2f}")

# The optimizer.step() updates the parameters (w_optim, b_optim)
optimizer.step() 
print(f"  w_optim after optimizer.step(): {w_optim.item():.4f}")

# IMPORTANT: Clear gradients for the next iteration
optimizer.zero_grad() 
print(f"  w_optim.grad after optimizer.zero_grad(): {w_optim.grad.item():.2f}")
print("-" * 30)
