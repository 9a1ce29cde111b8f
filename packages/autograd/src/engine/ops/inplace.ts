// In-place ops: add_, sub_, mul_, zero_. They overwrite the tensor's memory and bump its version counter.
// With grad mode on, a tensor that requires grad gets a new grad_fn whose edge leads to its old one
// (PyTorch "rebases" its history); a leaf that requires grad refuses, because its old value is the
// parameter autograd must differentiate with respect to.

import { type BackwardFn, isGradEnabled, needsGrad, record } from "../autograd";
import { type Round, rounder } from "../dtype";
import { formatSizes, TorchRuntimeError } from "../errors";
import { fromData, type Tensor } from "../tensor";
import { binaryDtype, broadcastShapes, gradFor, type Operand, type Reader, reader } from "./binary";

function checkInplace(self: Tensor): void {
  if (isGradEnabled() && self.isLeaf && self.requiresGrad) {
    throw new TorchRuntimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

/** Keeps the value the old grad_fn produced, so the drawn graph still shows it. */
function snapshotHistory(self: Tensor): void {
  const old = self._gradFn;
  if (old && old.output === self) {
    const copy = fromData(self._data.slice(), self.shape, self.dtype);
    copy.name = self.name;
    copy._gradFn = old;
    old.output = copy;
  }
}

function inplace(
  self: Tensor,
  other: Operand,
  name: string,
  f: (x: number, y: number) => number,
  backward: (x: Reader, y: Reader, r: Round) => BackwardFn,
  saves: (original: Tensor) => Operand[],
): Tensor {
  checkInplace(self);
  const shape = broadcastShapes(self.shape, typeof other === "number" ? [] : other.shape);
  if (formatSizes(shape) !== formatSizes(self.shape)) {
    throw new TorchRuntimeError(
      `output with shape ${formatSizes(self.shape)} doesn't match the broadcast shape ${formatSizes(shape)}`,
    );
  }
  // Computed in the promoted dtype, stored in self's dtype.
  const r = rounder(binaryDtype(self, other));
  const store = rounder(self.dtype);
  const original = fromData(self._data.map(r), self.shape, self.dtype);
  const x = reader(original, shape, r);
  const y = reader(other, shape, r);
  const values = new Float64Array(self.numel());
  for (let i = 0; i < values.length; i++) values[i] = store(r(f(x(i), y(i))));

  if (isGradEnabled() && (self.requiresGrad || needsGrad(other))) {
    snapshotHistory(self);
    // Saved tensors are recorded before the write, so `x.mul_(x)` fails at backward as it does in PyTorch.
    record(self, name, [self, other], backward(x, y, r), saves(original));
  }
  self._write(values);
  return self;
}

export function add_(self: Tensor, other: Operand): Tensor {
  return inplace(
    self,
    other,
    "AddBackward0",
    (x, y) => x + y,
    () => (g, [ds, dother]) => [ds ? g : null, dother ? gradFor(other, self, (i) => g[i]!) : null],
    () => [],
  );
}

export function sub_(self: Tensor, other: Operand): Tensor {
  return inplace(
    self,
    other,
    "SubBackward0",
    (x, y) => x - y,
    () => (g, [ds, dother]) => [ds ? g : null, dother ? gradFor(other, self, (i) => -g[i]!) : null],
    () => [],
  );
}

export function mul_(self: Tensor, other: Operand): Tensor {
  return inplace(
    self,
    other,
    "MulBackward0",
    (x, y) => x * y,
    // `x` reads the value self had before the op (PyTorch saves a copy of it).
    (x, y, r) => (g, [ds, dother]) => [
      ds ? g.map((v, i) => r(v * y(i))) : null,
      dother ? gradFor(other, self, (i) => r(g[i]! * x(i))) : null,
    ],
    (original) => [...(self.requiresGrad ? [other] : []), ...(needsGrad(other) ? [original] : [])],
  );
}

export function zero_(self: Tensor): Tensor {
  checkInplace(self);
  if (isGradEnabled() && self.requiresGrad) {
    snapshotHistory(self);
    record(self, "ZeroBackward0", [self], (g) => [new Float64Array(g.length)]);
  }
  self._write(new Float64Array(self.numel()));
  return self;
}

export function div_(self: Tensor, other: Operand): Tensor {
  return inplace(
    self,
    other,
    "DivBackward0",
    (x, y) => x / y,
    // d(x/y)/dx = 1/y; d(x/y)/dy = -x/y², as PyTorch evaluates it: -g * x / (y * y)
    (x, y, r) => (g, [ds, dother]) => [
      ds ? g.map((v, i) => r(v / y(i))) : null,
      dother ? gradFor(other, self, (i) => r(r(-g[i]! * x(i)) / r(y(i) * y(i)))) : null,
    ],
    (original) => [...(self.requiresGrad || needsGrad(other) ? [other] : []), ...(needsGrad(other) ? [original] : [])],
  );
}

/** `t.fill_(v)`: every element set to the number v. */
export function fill_(self: Tensor, value: number): Tensor {
  checkInplace(self);
  if (isGradEnabled() && self.requiresGrad) {
    snapshotHistory(self);
    record(self, "FillBackward0", [self], (g) => [new Float64Array(g.length)]);
  }
  self._write(new Float64Array(self.numel()).fill(rounder(self.dtype)(value)));
  return self;
}

/** `t.copy_(src)`: src's values (broadcast to t's shape) written into t. */
export function copy_(self: Tensor, src: Tensor): Tensor {
  checkInplace(self);
  const shape = broadcastShapes(self.shape, src.shape);
  if (formatSizes(shape) !== formatSizes(self.shape)) {
    throw new TorchRuntimeError(`output with shape ${formatSizes(self.shape)} doesn't match the broadcast shape ${formatSizes(shape)}`);
  }
  const store = rounder(self.dtype);
  const y = reader(src, shape, (v) => v);
  const values = new Float64Array(self.numel());
  for (let i = 0; i < values.length; i++) values[i] = store(y(i));
  if (isGradEnabled() && (self.requiresGrad || needsGrad(src))) {
    snapshotHistory(self);
    record(self, "CopyBackwards", [self, src], (g, [ds, dsrc]) => [ds ? new Float64Array(g.length) : null, dsrc ? gradFor(src, self, (i) => g[i]!) : null]);
  }
  self._write(values);
  return self;
}
