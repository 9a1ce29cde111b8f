// Everything the engine offers: tensors with PyTorch's autograd semantics, and torch.optim's SGD and Adam.
export { type Dtype, getDefaultDtype, setDefaultDtype } from "./dtype";
export {
  type PyErrorType,
  TorchAttributeError,
  TorchError,
  TorchIndexError,
  TorchRuntimeError,
  TorchTypeError,
  TorchValueError,
} from "./errors";
export { gradAttr, gradZero_, type NestedNumbers, Tensor, tensor } from "./tensor";
export { isGradEnabled, noGrad } from "./autograd";
export { add, type BinaryOp, div, mul, type Operand, pow, sub } from "./ops/binary";
export { exp, log, neg, reciprocal, relu, sigmoid, tanh } from "./ops/unary";
export { mean, mseLoss, sum } from "./ops/reduce";
export { matmul } from "./ops/matmul";
export { clone, reshape, selectRow, sliceRows, transpose } from "./ops/shape";
export { add_, copy_, div_, fill_, mul_, sub_, zero_ } from "./ops/inplace";
export { exportGraph, type Graph, type GraphEdge, type GraphNode } from "./graph";
export * as optim from "../optim/index";
export { WorkLimitExceeded, withWorkLimit, workSpent } from "./work";
