"""Runs a lesson's PyTorch program in real PyTorch and reports values after given lines.

stdin: {"source": [lines], "probes": [{"line": 0-based, "pass": 0-based, "quantity": "w.grad"}]}
stdout: {"values": [{"line", "pass", "quantity", "kind": "number"|"vector"|"none"|"error"|"missing", "value"?, "error"?}]}

`pass` is which execution of the line (a loop runs its lines once per pass). What the program prints is discarded.

The program runs as written, one top-level statement at a time (as notebook cells: a statement that raises is
reported, and the next one still runs, as Descent's lessons treat a line that raises), with float64 as the default dtype (Descent's lessons compute in float64) and
PyTorch 2.x's `zero_grad(set_to_none=True)` default (Debian ships 1.13, whose default is False). A value is read
when the next line starts (or the program ends); a line that raises is reported as an error.
"""
import ast
import io
import json
import sys
import warnings

import torch

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)
_zero_grad = torch.optim.Optimizer.zero_grad
torch.optim.Optimizer.zero_grad = lambda self, set_to_none=True: _zero_grad(self, set_to_none=set_to_none)

req = json.load(sys.stdin)
source = "\n".join(req["source"]) + "\n"
probes = req["probes"]
found = {}
scope = {}


def read(quantity):
    base, _, attr = quantity.partition(".")
    if base not in scope:
        return {"kind": "missing"}
    v = scope[base]
    if attr == "grad":
        v = v.grad
    if v is None:
        return {"kind": "none"}
    if isinstance(v, torch.Tensor):
        v = v.detach()
        return {"kind": "number", "value": v.item()} if v.dim() == 0 else {"kind": "vector", "value": v.flatten().tolist()}
    return {"kind": "number", "value": float(v)}


passes = {}


def snapshot(line, n, value=None):
    for p in probes:
        if p["line"] == line and p["pass"] == n:
            found[(line, n, p["quantity"])] = value or read(p["quantity"])


last = [None]


def tracer(frame, event, arg):
    if frame.f_code.co_filename != "<lesson>":
        return tracer
    if event == "line":
        if last[0] is not None:
            snapshot(*last[0])
        line = frame.f_lineno - 1
        n = passes.get(line, 0)
        passes[line] = n + 1
        last[0] = (line, n)
    return tracer


out = sys.stdout
sys.stdout = io.StringIO()
for statement in ast.parse(source).body:
    code = compile(ast.Module(body=[statement], type_ignores=[]), "<lesson>", "exec")
    sys.settrace(tracer)
    try:
        exec(code, scope)
        error = None
    except Exception as e:  # the line that raised
        error = {"kind": "error", "error": type(e).__name__}
    finally:
        sys.settrace(None)
    if last[0] is not None:
        snapshot(*last[0], error)
        last[0] = None
sys.stdout = out
print(json.dumps({"values": [{**p, **found.get((p["line"], p["pass"], p["quantity"]), {"kind": "missing"})} for p in probes]}))
