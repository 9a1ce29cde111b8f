"""Runs PyTorch programs in real PyTorch and records what Descent's interpreter records: a checkpoint after every
executed simple statement (a loop's lines once per pass), with every variable, every leaf's `.grad` (and the grad
of a tensor that retains it), what the line printed, or the error the line raised.

stdin:  {"programs": [{"source": str, "dtype": "float32" | "float64", "cells": bool}]}
stdout: {"traces": [{"checkpoints": [{"line", "quantities", "output", "error"}], "error"}]}

`dtype` is PyTorch's default dtype for the run. With `cells`, each top-level statement runs on its own, as a
notebook cell: one that raises is recorded and the next still runs (Descent's lessons show an error and go on);
without it the program stops at its first error, as `python3 program.py` does.

Debian ships PyTorch 1.13, whose `zero_grad()` defaults to `set_to_none=False`; the 2.x default (`True`) is pinned
here for the optimizers and for `nn.Module.zero_grad`.
"""
import ast
import io
import json
import math
import sys
import warnings

import torch

warnings.filterwarnings("ignore")
_opt_zero_grad = torch.optim.Optimizer.zero_grad
torch.optim.Optimizer.zero_grad = lambda self, set_to_none=True: _opt_zero_grad(self, set_to_none=set_to_none)
_mod_zero_grad = torch.nn.Module.zero_grad
torch.nn.Module.zero_grad = lambda self, set_to_none=True: _mod_zero_grad(self, set_to_none=set_to_none)

COMPOUND = (ast.If, ast.For, ast.While, ast.With)


def number(x):
    return x if math.isfinite(x) else str(x)


def grad_reads(tree):
    """Names whose .grad the program reads: a non-leaf's is then a quantity too (None, as PyTorch gives it)."""
    return {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "grad" and isinstance(n.value, ast.Name)}


def snapshot(scope, reads):
    out = {}

    def put(name, v):
        if isinstance(v, torch.nn.Linear):
            put(name + ".weight", v.weight)
            if v.bias is not None:
                put(name + ".bias", v.bias)
        elif isinstance(v, torch.Tensor):
            d = v.detach()
            out[name] = {"kind": "tensor", "shape": list(d.shape), "values": [number(float(x)) for x in d.flatten().tolist()]}
            if (v.is_leaf and v.requires_grad) or (not v.is_leaf and v.retains_grad) or name in reads:
                g = v.grad
                out[name + ".grad"] = (
                    {"kind": "none"}
                    if g is None
                    else {"kind": "tensor", "shape": list(g.shape), "values": [number(float(x)) for x in g.flatten().tolist()]}
                )
        elif isinstance(v, bool):
            out[name] = {"kind": "bool", "value": v}
        elif isinstance(v, int):
            out[name] = {"kind": "number", "value": number(float(v)), "int": True}
        elif isinstance(v, float):
            out[name] = {"kind": "number", "value": number(v), "int": False}
        elif isinstance(v, str):
            out[name] = {"kind": "str", "value": v}
        elif v is None:
            out[name] = {"kind": "none"}
        elif isinstance(v, (list, tuple)) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
            out[name] = {"kind": "list", "values": [number(float(x)) for x in v]}

    for name, v in scope.items():
        if not name.startswith("__"):
            put(name, v)
    return out


def run(program):
    torch.set_default_dtype(torch.float64 if program["dtype"] == "float64" else torch.float32)
    source = program["source"]
    tree = ast.parse(source)
    reads = grad_reads(tree)
    statement_of = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, COMPOUND):
            for line in range(node.lineno, node.end_lineno + 1):
                statement_of[line] = node.lineno
    records = []
    scope = {}
    printed = io.StringIO()
    state = {"current": None}

    def take_output():
        text = printed.getvalue()
        printed.seek(0)
        printed.truncate()
        return text

    def flush():
        if state["current"] is not None:
            records.append({"line": state["current"], "quantities": snapshot(scope, reads), "output": take_output(), "error": None})
            state["current"] = None

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != "<program>":
            return None
        if event == "line":
            line = statement_of.get(frame.f_lineno)
            if line is not None and line == state["current"]:
                return tracer
            flush()
            state["current"] = line
        elif event == "exception":
            error = arg[1]
            line = statement_of.get(frame.f_lineno, frame.f_lineno)
            records.append({"line": line, "quantities": snapshot(scope, reads), "output": take_output(), "error": {"type": type(error).__name__, "message": str(error)}})
            state["current"] = None
        elif event == "return":
            flush()
        return tracer

    cells = [ast.Module(body=[s], type_ignores=[]) for s in tree.body] if program.get("cells") else [tree]
    stdout = sys.stdout
    sys.stdout = printed
    error = None
    try:
        for cell in cells:
            code = compile(cell, "<program>", "exec")
            sys.settrace(tracer)
            try:
                exec(code, scope)
            except Exception as e:
                error = {"type": type(e).__name__, "message": str(e)}
                if not program.get("cells"):
                    break
            finally:
                sys.settrace(None)
    finally:
        sys.stdout = stdout
    return {"checkpoints": records, "error": error}


request = json.load(sys.stdin)
print(json.dumps({"traces": [run(p) for p in request["programs"]]}))
